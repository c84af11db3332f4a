/** The Telegram channel's settings: the `telegram` section of the config file. Both the token and the chat turn it on. */
import { identifier, milliseconds, requiredHttpUrl, secretText } from '../../../setting-kinds';
import { section, setting, type ValuesOf } from '../../../setting';

export const TELEGRAM_SETTINGS = section('TELEGRAM_', {
  botToken: setting(secretText(/^\d+:[A-Za-z0-9_-]{20,}$/, 'токен бота на зразок "123456789:AAE…" (такий, як видає @BotFather)'), {
    default: null,
    defaultText: 'none',
    requires: ['telegram.chatId'],
    doc: "the bot's token from @BotFather; with `telegram.chatId`, the IT head gets short alerts and the digest's summary on Telegram",
  }),
  chatId: setting(identifier(
    /^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,})$/,
    'a chat id such as 123456789 or -1001234567890, or a channel such as @opendata_alerts',
    'не ідентифікатор чату (наприклад, 123456789 чи -1001234567890) і не назва каналу (наприклад, @opendata_alerts)',
  ), {
    default: null,
    defaultText: 'none',
    requires: ['telegram.botToken'],
    doc: "the IT head's chat (or a group or channel) the bot writes to",
  }),
  apiUrl: setting(requiredHttpUrl(), {
    default: 'https://api.telegram.org',
    doc: 'the Bot API server (a local Bot API server, or a test server)',
  }),
  timeoutMs: setting(milliseconds(1), { default: 10_000, doc: 'time allowed for one request to the Bot API, answer included' }),
});

export type TelegramSettings = ValuesOf<typeof TELEGRAM_SETTINGS>;
