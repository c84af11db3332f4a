/**
 * The Telegram channel end to end: the register of ./register.ts, a real SMTP server for the e-mail digest, and a
 * local server shaped like the Bot API. The IT head's summary of the digest goes through the same outbox as every
 * message: once, retried when Telegram asks to wait (not before), failed for good when Telegram refuses it, kept
 * when the token is wrong.
 */
import fs from 'node:fs';
import path from 'node:path';
import { deliverQueued, openApp, runDigest, runNotify, type App } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { getOutboxMessage, listOutbox } from '../../src/store/outbox';
import { toStoredInstant } from '../../src/time/days';
import { TestSmtpServer } from '../helpers/smtp';
import { BOT_TOKEN, CHAT_ID, forbidden, TestBotApi, tooManyRequests } from '../helpers/telegram';
import { IT_HEAD, NOW, day, makeRoot, openRegister, removeRoot, scenario } from './register';

jest.setTimeout(20_000);

let root: string;
let smtp: TestSmtpServer;
let api: TestBotApi;
const apps: App[] = [];

beforeAll(async () => {
  root = makeRoot('telegram');
  smtp = await TestSmtpServer.start();
});
beforeEach(async () => {
  api = await TestBotApi.start();
});
afterEach(() => api.stop());
afterAll(async () => {
  for (const a of apps) a.close();
  await smtp.stop();
  removeRoot(root);
});

let scenarios = 0;
function open(env: Record<string, string> = {}): App {
  const app = openRegister(scenario(root, `t${++scenarios}`, smtp.port), {}, {
    ODMON_TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    ODMON_TELEGRAM_CHAT_ID: CHAT_ID,
    ODMON_TELEGRAM_API_URL: api.url,
    ...env,
  });
  apps.push(app);
  return app;
}

const telegramRows = (app: App) => listOutbox(app.db).filter((m) => m.channel === 'telegram');

describe('the digest on Telegram', () => {
  it('sends the IT head a summary with the digest\'s counts beside the e-mail, through the outbox, once', async () => {
    const app = open();
    const mark = smtp.messages.length;
    const report = await runDigest(app, NOW);
    expect(smtp.messages.slice(mark).map((m) => m.envelopeTo)).toEqual([[IT_HEAD]]);
    expect(report.delivery).toEqual(expect.objectContaining({ sent: 2, retried: 0, failed: 0, remaining: 0 }));
    expect(api.delivered).toHaveLength(1);
    const text = api.delivered[0].text;
    expect(api.delivered[0].chatId).toBe(CHAT_ID);
    expect(text.split('\n')[0]).toBe('odmon: щотижневий огляд станом на 01.07.2019 09:00 (Київ).');
    expect(text).toMatch(/^Оцінка міської ради — \d+,\d %: вчасно \d+ з \d+ (\(обов'язкових \d+, без \d+ призупинен\S+\)|обов'язкових)\.$/m);
    // The same open findings the e-mail digest counts.
    const mail = smtp.messages[mark].parsed.text ?? '';
    const [, openCount, highCount] = /Відкритих пунктів: (\d+), з них важливих: (\d+)\./.exec(mail) ?? [];
    expect(openCount).toBeDefined();
    expect(text).toContain(`Відкритих пунктів — ${openCount}, з них важливих — ${highCount}; усунено — 0.`);
    expect(text).toContain('Повний огляд надіслано електронною поштою.');
    expect(telegramRows(app)).toEqual([
      expect.objectContaining({ channel: 'telegram', kind: 'digest', to: [CHAT_ID], status: 'sent', attempts: 1, key: expect.stringMatching(/^digest:run-\d+:telegram$/) }),
    ]);
    // Delivering again, or restarting, sends nothing twice.
    expect((await deliverQueued(app, NOW.plus({ hours: 1 }))).delivery).toMatchObject({ sent: 0, remaining: 0 });
    expect(api.delivered).toHaveLength(1);
  });

  it('waits as long as Telegram asks (429 retry_after), not before, and then sends it once', async () => {
    const app = open();
    api.next(tooManyRequests(30));
    const report = await runDigest(app, NOW);
    expect(report.delivery).toEqual(expect.objectContaining({ sent: 1, retried: 1, failed: 0, remaining: 1 }));
    const [row] = telegramRows(app);
    expect([row.status, row.nextAttemptAt, row.lastError]).toEqual([
      'pending',
      toStoredInstant(NOW.plus({ seconds: 30 })),
      'Telegram просить зачекати 30 с (обмеження частоти повідомлень): «Too Many Requests: retry after 30»',
    ]);
    expect((await deliverQueued(app, NOW.plus({ seconds: 29 }))).delivery).toMatchObject({ sent: 0, remaining: 1 });
    expect(api.requests).toHaveLength(1);
    expect((await deliverQueued(app, NOW.plus({ seconds: 30 }))).delivery).toMatchObject({ sent: 1, remaining: 0 });
    expect(api.requests).toHaveLength(2);
    expect(api.delivered).toHaveLength(1);
    expect(getOutboxMessage(app.db, row.key)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('fails for good when Telegram refuses the message (403), and the next digest lists it', async () => {
    const app = open();
    api.next(forbidden);
    expect((await runDigest(app, NOW)).delivery).toEqual(expect.objectContaining({ sent: 1, failed: 1, remaining: 0 }));
    expect(telegramRows(app)[0]).toMatchObject({ status: 'failed', lastError: expect.stringContaining('403, «Forbidden: bot was blocked by the user»') });
    const mark = smtp.messages.length;
    await runDigest(app, day(7));
    const mail = smtp.messages[mark].parsed.text ?? '';
    expect(mail).toContain(`Telegram, чат ${CHAT_ID}`);
    expect(mail).toContain('403, «Forbidden: bot was blocked by the user»');
  });

  it('keeps the Telegram messages when the token is refused (401) while e-mail goes on, and sends them once it is fixed', async () => {
    const wrong = '555555555:ZZZhBOweik6ad6PsVMRxjx0aBcDeFgHiJkL';
    const app = open({ ODMON_TELEGRAM_BOT_TOKEN: wrong });
    const mark = smtp.messages.length;
    const report = await runDigest(app, NOW);
    expect(smtp.messages.length - mark).toBe(1);
    expect(report.delivery?.configError).toBe(
      `не вдалося надіслати (Telegram, чат ${CHAT_ID}, через ${api.url}): Telegram не прийняв токен бота (401, «Unauthorized»); перевірте telegram.botToken / ODMON_TELEGRAM_BOT_TOKEN`,
    );
    expect(report.delivery?.stopped).toEqual(['telegram']);
    expect(telegramRows(app)).toEqual([expect.objectContaining({ status: 'pending', attempts: 0 })]);
    expect(JSON.stringify(listOutbox(app.db))).not.toContain(wrong);
    // The token is fixed: the next delivery (the daemon's heartbeat, or `odmon outbox send`) sends it.
    const fixed = openRegisterAgain(app);
    expect((await deliverQueued(fixed, NOW.plus({ minutes: 1 }))).delivery).toMatchObject({ sent: 1, remaining: 0 });
    expect(api.delivered).toHaveLength(1);
  });

  it('is not sent by a trial redirected to one address, and a preview writes it as a text file', async () => {
    const app = open();
    const redirected = await runDigest(app, NOW, { redirectTo: 'tester@example.gov.ua' });
    expect(redirected.messages.map((m) => m.channel ?? 'email')).toEqual(['email']);
    expect(api.requests).toEqual([]);
    const folder = path.join(root, 'preview');
    const preview = await runDigest(app, NOW, { preview: folder });
    expect(preview.messages.map((m) => m.channel ?? 'email')).toEqual(['email', 'telegram']);
    const files = fs.readdirSync(folder).sort();
    expect(files).toEqual([expect.stringMatching(/^20\d{6}-\d{6}-digest_run-\d+\.eml$/), expect.stringMatching(/^20\d{6}-\d{6}-digest_run-\d+_telegram\.telegram\.txt$/)]);
    expect(fs.readFileSync(path.join(folder, files[1]), 'utf8')).toMatch(new RegExp(`^Telegram, чат ${CHAT_ID}\\n\\nodmon: щотижневий огляд станом на 01\\.07\\.2019 09:00 \\(Київ\\)\\.\\n`));
    expect(api.requests).toEqual([]);
  });

  it('tells the IT head when the sanity guard holds the notices back', async () => {
    const app = open();
    app.db.prepare('DELETE FROM datasets').run();
    const report = await runNotify(app, NOW);
    expect(report.heldBack).toBe('реєстр наборів даних порожній');
    expect(api.delivered.map((d) => d.text)).toEqual([
      'odmon: повідомлення розпорядникам затримано (01.07.2019 09:00, Київ).\n' +
        'Причина: реєстр наборів даних порожній.\n' +
        'Перевірте імпорт реєстру наборів даних. Якщо зміну внесено навмисно, запустіть: npx odmon notify --force',
    ]);
    // Once a day per reason, however often notify runs.
    await runNotify(app, NOW.plus({ hours: 2 }));
    expect(api.delivered).toHaveLength(1);
  });
});

/** The same database opened with the right token, as after fixing /etc/odmon.env and restarting. */
function openRegisterAgain(app: App): App {
  const env = { ODMON_DB: app.config.db, ODMON_RULES_DIR: app.config.rulesDir, ODMON_SMTP_URL: app.config.mail.smtpUrl ?? '', ODMON_MAIL_FROM: app.config.mail.from, ODMON_IT_HEAD: IT_HEAD, ODMON_TELEGRAM_BOT_TOKEN: BOT_TOKEN, ODMON_TELEGRAM_CHAT_ID: CHAT_ID, ODMON_TELEGRAM_API_URL: api.url };
  const again = openApp(loadConfig({ env, cwd: path.dirname(app.config.db) }), NOW);
  apps.push(again);
  return again;
}
