import { BotApiSender, MAX_TEXT, TelegramError } from '../../../../src/notify/channels/telegram/bot-api';
import { classifyTelegramError } from '../../../../src/notify/channels/telegram/classify';
import type { OutgoingMessage } from '../../../../src/notify/channels/types';
import { badGateway, BOT_TOKEN, CHAT_ID, forbidden, hang, TestBotApi, tooManyRequests } from '../../../helpers/telegram';

let api: TestBotApi;
beforeEach(async () => {
  api = await TestBotApi.start();
});
afterEach(() => api.stop());

const sender = (over: Partial<{ botToken: string; chatId: string; apiUrl: string; timeoutMs: number }> = {}): BotApiSender =>
  new BotApiSender({ botToken: BOT_TOKEN, chatId: CHAT_ID, timeoutMs: 5000, ...over, apiUrl: over.apiUrl ?? api.url });

const message = (text: string, to: string = CHAT_ID): OutgoingMessage => ({
  messageId: '<odmon.alert=3Anotify>',
  key: 'alert:notify:2019-07-01T06:00:00.000Z:telegram',
  from: '',
  to: [to],
  cc: [],
  subject: 'odmon: не виконано завдання',
  text,
  html: null,
});

/** The error a send ends with, or a failure of the test when it succeeds. */
async function failure(p: Promise<void>): Promise<TelegramError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TelegramError);
    return e as TelegramError;
  }
  throw new Error('the send was expected to fail');
}

describe('BotApiSender', () => {
  it('posts the text as JSON to /bot<token>/sendMessage for the chat, plain text without link previews', async () => {
    await sender().send(message('odmon: щотижневий огляд\nВчасно оприлюднено 50,0 %'));
    expect(api.requests).toEqual([
      {
        method: 'sendMessage',
        token: BOT_TOKEN,
        body: { chat_id: CHAT_ID, text: 'odmon: щотижневий огляд\nВчасно оприлюднено 50,0 %', link_preview_options: { is_disabled: true } },
      },
    ]);
    expect(api.delivered).toEqual([{ chatId: CHAT_ID, text: 'odmon: щотижневий огляд\nВчасно оприлюднено 50,0 %' }]);
  });

  it(`cuts a text longer than Telegram takes (${MAX_TEXT} characters), ending it with …`, async () => {
    await sender().send(message('ї'.repeat(MAX_TEXT + 10)));
    expect([...api.delivered[0].text]).toHaveLength(MAX_TEXT);
    expect(api.delivered[0].text.endsWith('ї…')).toBe(true);
  });

  it('names the chat and the server as its target, never the token', () => {
    expect(sender().target).toBe(`Telegram, чат ${CHAT_ID}, через ${api.url}`);
  });

  it.each([
    ['flood control (429) waits as long as Telegram asks', tooManyRequests(7), 429, { retry: true, permanent: false, config: false, reason: 'Telegram просить зачекати 7 с (обмеження частоти повідомлень): «Too Many Requests: retry after 7»' }, 7],
    ['a blocked bot (403) fails for good', forbidden, 403, { retry: false, permanent: true, config: false, reason: 'Telegram відхилив повідомлення (403, «Forbidden: bot was blocked by the user»): бот не може писати в цей чат (його заблоковано або він не учасник чату)' }, undefined],
    ['a proxy\'s HTML page (502) is retried', badGateway, 502, { retry: true, permanent: false, config: false, reason: 'збій Telegram Bot API (502, «HTTP 502, це не відповідь Bot API»)' }, undefined],
  ] as const)('%s', async (_what, reply, status, verdict, seconds) => {
    api.next(reply);
    const e = await failure(sender().send(message('текст')));
    expect([e.kind, e.status]).toEqual(['reply', status]);
    const v = classifyTelegramError(e);
    expect({ ...v, retryAfter: undefined }).toEqual({ ...verdict, retryAfter: undefined });
    expect(v.retryAfter?.as('seconds')).toBe(seconds);
  });

  it('fails for good on a chat Telegram does not know (400), pointing at telegram.chatId', async () => {
    const e = await failure(sender().send(message('текст', '-100999')));
    expect(classifyTelegramError(e)).toEqual({
      retry: false,
      permanent: true,
      config: false,
      reason: 'Telegram відхилив повідомлення (400, «Bad Request: chat not found»); якщо чат не знайдено, перевірте telegram.chatId',
    });
  });

  it('stops the channel on a token Telegram refuses (401), and no error shows the token', async () => {
    const wrong = '987654321:ZZZhBOweik6ad6PsVMRxjx0aBcDeFgHiJkL';
    const e = await failure(sender({ botToken: wrong }).send(message('текст')));
    expect(classifyTelegramError(e)).toMatchObject({ config: true, reason: 'Telegram не прийняв токен бота (401, «Unauthorized»); перевірте telegram.botToken / ODMON_TELEGRAM_BOT_TOKEN' });
    expect(JSON.stringify({ ...e, message: e.message })).not.toContain(wrong);
  });

  it('retries when nothing answers: a refused connection, or no answer in time', async () => {
    const port = new URL(api.url).port;
    await api.stop();
    const refused = await failure(sender({ apiUrl: `http://127.0.0.1:${port}` }).send(message('текст')));
    expect(refused.kind).toBe('network');
    expect(refused.message).toMatch(/^не вдалося з’єднатися з Telegram Bot API \(«connect ECONNREFUSED 127\.0\.0\.1:\d+»\)$/);
    expect(classifyTelegramError(refused)).toMatchObject({ retry: true, permanent: false, config: false });
    api = await TestBotApi.start();
    api.next(hang);
    const silent = await failure(sender({ timeoutMs: 200 }).send(message('текст')));
    expect([silent.kind, silent.message]).toEqual(['network', 'Telegram Bot API не відповів за 200 мс']);
    expect(classifyTelegramError(silent).retry).toBe(true);
  });
});

describe('classifyTelegramError', () => {
  const reply = (status: number, retryAfter: number | null = null): TelegramError => new TelegramError('x', 'reply', status, 'why', retryAfter);

  it.each([
    ['429 with retry_after 3', 'retry', reply(429, 3), 3],
    ['429 without retry_after', 'retry', reply(429), 60],
    ['429 with a retry_after of months', 'retry', reply(429, 10_000_000), 86_400],
    ['400 (bad request, chat not found)', 'permanent', reply(400), undefined],
    ['403 (bot blocked, not a member)', 'permanent', reply(403), undefined],
    ['409 (another 4xx)', 'permanent', reply(409), undefined],
    ['401 (token refused)', 'config', reply(401), undefined],
    ['404 (no such bot)', 'config', reply(404), undefined],
    ['500', 'retry', reply(500), undefined],
    ['503', 'retry', reply(503), undefined],
    ['no answer', 'retry', new TelegramError('cannot reach', 'network', null, '', null), undefined],
    ['any other error', 'retry', new Error('something else'), undefined],
  ])('sorts %s: %s', (_what, kind, err, seconds) => {
    const v = classifyTelegramError(err);
    expect({ retry: v.retry, permanent: v.permanent, config: v.config }).toEqual({ retry: kind === 'retry', permanent: kind === 'permanent', config: kind === 'config' });
    expect(v.retryAfter?.as('seconds')).toBe(seconds);
  });
});
