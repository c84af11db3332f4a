/**
 * What a failed Telegram call means for the message (alertmanager's telegram notifier does the same sorting):
 * flood control (429) waits as long as Telegram asks; a refused message (400, 403: chat not found, bot blocked)
 * fails for good and the next digest lists it; a refused token (401, 404) stops the channel until the settings are
 * fixed, its messages kept; anything else (5xx, no answer, a page that is not the Bot API's) is retried.
 */
import { Duration } from 'luxon';
import type { Verdict } from '../types';
import { TelegramError } from './bot-api';

/** A `retry_after` beyond a day is not believed: the message is tried again after a day. */
const LONGEST_WAIT_S = 86_400;

const verdict = (kind: 'retry' | 'permanent' | 'config', reason: string, retryAfter?: Duration): Verdict => ({
  retry: kind === 'retry',
  permanent: kind === 'permanent',
  config: kind === 'config',
  reason,
  ...(retryAfter ? { retryAfter } : {}),
});

export function classifyTelegramError(err: unknown): Verdict {
  if (!(err instanceof TelegramError)) return verdict('retry', `неочікувана помилка («${err instanceof Error ? err.message : String(err)}»)`);
  if (err.kind === 'network' || err.status === null) return verdict('retry', err.message);
  const { status, description } = err;
  if (status === 429) {
    const seconds = Math.min(Math.max(Math.ceil(err.retryAfter ?? 60), 1), LONGEST_WAIT_S);
    return verdict('retry', `Telegram просить зачекати ${seconds} с (обмеження частоти повідомлень): «${description}»`, Duration.fromObject({ seconds }));
  }
  if (status === 401 || status === 404) {
    return verdict('config', `Telegram не прийняв токен бота (${status}, «${description}»); перевірте telegram.botToken / ODMON_TELEGRAM_BOT_TOKEN`);
  }
  if (status === 400) return verdict('permanent', `Telegram відхилив повідомлення (400, «${description}»); якщо чат не знайдено, перевірте telegram.chatId`);
  if (status === 403) {
    return verdict('permanent', `Telegram відхилив повідомлення (403, «${description}»): бот не може писати в цей чат (його заблоковано або він не учасник чату)`);
  }
  if (status >= 400 && status < 500) return verdict('permanent', `Telegram відхилив повідомлення (${status}, «${description}»)`);
  return verdict('retry', `збій Telegram Bot API (${status}, «${description}»)`);
}
