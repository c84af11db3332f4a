/**
 * The Telegram channel: short messages to the IT head's chat through the Bot API — an alert when a daemon job
 * fails or the sanity guard holds the notices back, and the weekly digest's summary. On only when both
 * `telegram.botToken` and `telegram.chatId` are set.
 */
import type { Clock } from '../../../clock';
import type { Channel, Sender } from '../types';
import { BotApiSender } from './bot-api';
import { renderBrief } from './briefs';
import { classifyTelegramError } from './classify';
import { TelegramPreview } from './preview';
import { TELEGRAM_SETTINGS, type TelegramSettings } from './settings';

export const telegramChannel = {
  section: 'telegram',
  settings: TELEGRAM_SETTINGS,
  open: (t: TelegramSettings): Sender | null =>
    t.botToken === null || t.chatId === null ? null : new BotApiSender({ botToken: t.botToken, chatId: t.chatId, apiUrl: t.apiUrl, timeoutMs: t.timeoutMs }),
  preview: (folder: string, clock: Clock): Sender => new TelegramPreview(folder, clock),
  classify: classifyTelegramError,
  briefs: {
    recipient: (t: TelegramSettings) => (t.botToken === null ? null : t.chatId),
    render: renderBrief,
  },
} as const satisfies Channel<TelegramSettings>;
