import fs from 'node:fs';
import path from 'node:path';
import { DateTime, Duration } from 'luxon';
import { fixedClock } from '../../src/clock';
import { FileTransport } from '../../src/notify/channels/email/file';
import { through } from '../../src/notify/channels';
import { deliverDue, nextAttemptDelay } from '../../src/notify/sender';
import { SmtpTransport } from '../../src/notify/channels/email/smtp';
import { openDb, type Db } from '../../src/store/db';
import { claimDue, countOutbox, enqueue, getOutboxMessage, type NewOutboxMessage } from '../../src/store/outbox';
import { toStoredInstant } from '../../src/time/days';
import { TestSmtpServer, type TestSmtpOptions } from '../helpers/smtp';
import { BotApiSender } from '../../src/notify/channels/telegram/bot-api';
import { BOT_TOKEN, CHAT_ID, TestBotApi, tooManyRequests } from '../helpers/telegram';
import { NOW } from '../helpers/clock';
import { makeTempDir } from '../helpers/temp-db';

jest.setTimeout(15_000);

const iso = (dt: DateTime): string => toStoredInstant(dt);
const FAST = { connectionMs: 2000, greetingMs: 2000, socketMs: 3000 };
const CREDENTIALS = { user: 'odmon', password: 'S3cr3t:p@ss' };

const dir = makeTempDir('sender');
let n = 0;
const servers: TestSmtpServer[] = [];
const transports: SmtpTransport[] = [];
let db: Db;

beforeEach(() => {
  db = openDb(path.join(dir, `sender-${++n}.sqlite`)).db;
});
afterEach(() => db.close());
afterAll(async () => {
  for (const t of transports) t.close();
  await Promise.all(servers.map((s) => s.stop()));
  fs.rmSync(dir, { recursive: true, force: true });
});

async function server(opts: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const s = await TestSmtpServer.start(opts);
  servers.push(s);
  return s;
}

function smtp(url: string): SmtpTransport {
  const t = new SmtpTransport(url, { timeouts: FAST });
  transports.push(t);
  return t;
}

function message(key: string, over: Partial<NewOutboxMessage> = {}): NewOutboxMessage {
  return {
    key,
    kind: 'notice',
    stewardId: 'steward-it',
    from: 'Відкриті дані <opendata@example.gov.ua>',
    to: ['it@example.gov.ua'],
    cc: [],
    subject: 'Прострочені набори даних',
    text: 'Добрий день! Набір «Бюджет міста» не оновлено.',
    html: '<p>Добрий день!</p>',
    ...over,
  };
}

describe('nextAttemptDelay', () => {
  it.each([
    [0, { minutes: 1 }],
    [1, { minutes: 1 }],
    [2, { minutes: 5 }],
    [3, { minutes: 30 }],
    [4, { hours: 2 }],
    [5, { hours: 6 }],
    [19, { hours: 6 }],
  ])('waits after attempt %i: %o', (attempts, expected) => {
    expect(nextAttemptDelay(attempts).as('milliseconds')).toBe(Duration.fromObject(expected).as('milliseconds'));
  });
});

describe('deliverDue', () => {
  it('sends the stored inline image and Reply-To with the message, also on a retry after a temporary refusal', async () => {
    const s = await server({ rejectData: { code: 451, times: 1, message: 'Try again later' } });
    const png = Buffer.from('89504e470d0a1a0a0102', 'hex');
    enqueue(
      db,
      message('digest:run-3', {
        kind: 'digest',
        html: '<img src="cid:score-chart@odmon" alt="">',
        replyTo: 'opendata@example.gov.ua',
        attachments: [{ cid: 'score-chart@odmon', filename: 'otsinka.png', contentType: 'image/png', content: png }],
      }),
      iso(NOW),
    );
    expect(await deliverDue(db, through({ email: smtp(s.url()) }), NOW)).toMatchObject({ sent: 0, retried: 1 });
    expect(await deliverDue(db, through({ email: smtp(s.url()) }), NOW.plus({ minutes: 2 }))).toMatchObject({ sent: 1 });
    expect(s.messages).toHaveLength(1);
    const { parsed } = s.messages[0];
    expect(parsed.replyTo?.text).toBe('opendata@example.gov.ua');
    expect(parsed.attachments.map((a) => [a.cid, a.related, a.content.equals(png)])).toEqual([['score-chart@odmon', true, true]]);
  });

  it('delivers a due message once, with its stored Message-ID, and marks it sent', async () => {
    const s = await server();
    enqueue(db, message('notice:steward-it:2019-07-01:run-12'), iso(NOW));
    const t = smtp(s.url());

    const first = await deliverDue(db, through({ email: t }), NOW);
    expect(first).toEqual({ sent: 1, retried: 0, failed: 0, remaining: 0, recovered: 0, configError: undefined, problems: [] });
    const stored = getOutboxMessage(db, 'notice:steward-it:2019-07-01:run-12');
    expect(stored).toMatchObject({ status: 'sent', attempts: 1, sentAt: iso(NOW) });
    expect(s.messages.map((m) => m.parsed.messageId)).toEqual([stored?.messageId]);
    expect(s.messages[0].parsed.subject).toBe('Прострочені набори даних');

    expect(await deliverDue(db, through({ email: t }), NOW.plus({ days: 1 }))).toMatchObject({ sent: 0 });
    expect(s.messages).toHaveLength(1);
  });

  it('sends a message enqueued twice with the same key once', async () => {
    const s = await server();
    expect(enqueue(db, message('k1'), iso(NOW))).toBe(true);
    expect(enqueue(db, message('k1'), iso(NOW.plus({ minutes: 1 })))).toBe(false);
    await deliverDue(db, through({ email: smtp(s.url()) }), NOW.plus({ minutes: 1 }));
    expect(s.messages).toHaveLength(1);
  });

  it('retries a 451 to RCPT after the backoff and then delivers it once', async () => {
    const s = await server({ rejectRcpt: { code: 451, times: 1, message: 'Try again later' } });
    enqueue(db, message('k1'), iso(NOW));
    const t = smtp(s.url());

    const first = await deliverDue(db, through({ email: t }), NOW);
    const next = iso(NOW.plus({ minutes: 1 }));
    expect(first).toMatchObject({ sent: 0, retried: 1, remaining: 1 });
    expect(first.problems).toEqual([`k1: will retry at ${next}: the SMTP server refused for now: 451 Try again later`]);
    expect(getOutboxMessage(db, 'k1')).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: next });

    expect(await deliverDue(db, through({ email: t }), NOW.plus({ seconds: 59 }))).toMatchObject({ sent: 0, retried: 0 });
    expect(await deliverDue(db, through({ email: t }), NOW.plus({ minutes: 1 }))).toMatchObject({ sent: 1, remaining: 0 });
    expect(await deliverDue(db, through({ email: t }), NOW.plus({ hours: 1 }))).toMatchObject({ sent: 0 });
    expect(s.messages).toHaveLength(1);
    expect(getOutboxMessage(db, 'k1')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('retries a 451 to DATA the same way', async () => {
    const s = await server({ rejectData: { code: 451, times: 1, message: 'Greylisted' } });
    enqueue(db, message('k1'), iso(NOW));
    const t = smtp(s.url());
    expect(await deliverDue(db, through({ email: t }), NOW)).toMatchObject({ retried: 1 });
    expect(getOutboxMessage(db, 'k1')?.lastError).toBe('the SMTP server refused for now: 451 Greylisted');
    expect(await deliverDue(db, through({ email: t }), NOW.plus({ minutes: 1 }))).toMatchObject({ sent: 1 });
    expect(s.messages).toHaveLength(1);
  });

  it('fails a 550 for good with the server’s reply and never tries it again', async () => {
    const s = await server({ rejectRcpt: { code: 550, times: 1, message: '5.1.1 No such user' } });
    enqueue(db, message('k1'), iso(NOW));
    const t = smtp(s.url());
    const r = await deliverDue(db, through({ email: t }), NOW);
    expect(r).toMatchObject({ sent: 0, retried: 0, failed: 1, remaining: 0 });
    expect(getOutboxMessage(db, 'k1')).toMatchObject({
      status: 'failed',
      lastError: 'the SMTP server refused the message: 550 5.1.1 No such user',
      nextAttemptAt: null,
    });
    expect(await deliverDue(db, through({ email: t }), NOW.plus({ days: 2 }))).toMatchObject({ sent: 0, failed: 0 });
    expect(s.messages).toHaveLength(0);
  });

  it('keeps messages pending while the server is down and delivers each exactly once when it is back', async () => {
    const s = await server();
    await s.stop();
    for (const k of ['k1', 'k2', 'k3']) enqueue(db, message(k), iso(NOW));
    const t = smtp(s.url());

    const down = await deliverDue(db, through({ email: t }), NOW);
    expect(down).toMatchObject({ sent: 0, retried: 3, failed: 0, remaining: 3 });
    expect(getOutboxMessage(db, 'k1')).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: iso(NOW.plus({ minutes: 1 })),
      lastError: `cannot reach the SMTP server: smtp://127.0.0.1:${s.port}: connect ECONNREFUSED 127.0.0.1:${s.port} (ESOCKET/ECONNREFUSED)`,
    });
    expect(await deliverDue(db, through({ email: t }), NOW.plus({ minutes: 1 }))).toMatchObject({ retried: 3 });
    expect(getOutboxMessage(db, 'k1')).toMatchObject({ attempts: 2, nextAttemptAt: iso(NOW.plus({ minutes: 6 })) });

    await s.restart();
    expect(await deliverDue(db, through({ email: t }), NOW.plus({ minutes: 6 }))).toMatchObject({ sent: 3, retried: 0, remaining: 0 });
    expect(await deliverDue(db, through({ email: t }), NOW.plus({ days: 1 }))).toMatchObject({ sent: 0 });
    expect(s.messages.map((m) => m.parsed.messageId).sort()).toEqual(
      ['k1', 'k2', 'k3'].map((k) => getOutboxMessage(db, k)?.messageId).sort(),
    );
    expect(countOutbox(db)).toEqual({ pending: 0, sending: 0, sent: 3, failed: 0 });
  });

  it('gives a message up as failed after the last attempt', async () => {
    const s = await server();
    await s.stop();
    enqueue(db, message('k1'), iso(NOW));
    const t = smtp(s.url());
    await deliverDue(db, through({ email: t }), NOW, { maxAttempts: 2 });
    const r = await deliverDue(db, through({ email: t }), NOW.plus({ minutes: 1 }), { maxAttempts: 2 });
    expect(r).toMatchObject({ failed: 1, retried: 0, remaining: 0 });
    expect(getOutboxMessage(db, 'k1')?.lastError).toMatch(/^gave up after 2 attempts; the last: cannot reach the SMTP server: /);
  });

  it('stops at a server without AUTH when credentials are set: nothing sent, all pending, password hidden', async () => {
    const s = await server({ noAuth: true });
    enqueue(db, message('k1'), iso(NOW));
    enqueue(db, message('k2'), iso(NOW));
    const r = await deliverDue(db, through({ email: smtp(s.url(CREDENTIALS)) }), NOW);
    const expected =
      `cannot send through smtp://odmon:***@127.0.0.1:${s.port}: the SMTP server does not offer AUTH, but mail.smtpUrl ` +
      'has a user and password; odmon does not send without logging in (the server said "500 Error: command not recognized")';
    expect(r).toEqual({ sent: 0, retried: 0, failed: 0, remaining: 2, recovered: 0, configError: expected, stopped: ['email'], problems: [] });
    expect(JSON.stringify(r)).not.toMatch(/S3cr3t/);
    expect(s.messages).toHaveLength(0);
    expect(getOutboxMessage(db, 'k1')).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: iso(NOW), lastError: expected });
    expect(getOutboxMessage(db, 'k2')).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
  });

  it('logs in and delivers when the server requires the configured credentials', async () => {
    const s = await server({ auth: CREDENTIALS });
    enqueue(db, message('k1'), iso(NOW));
    expect(await deliverDue(db, through({ email: smtp(s.url(CREDENTIALS)) }), NOW)).toMatchObject({ sent: 1 });
    expect(s.messages.map((m) => m.user)).toEqual(['odmon']);
  });

  it('stops when the server requires a login and none is configured', async () => {
    const s = await server({ auth: CREDENTIALS });
    enqueue(db, message('k1'), iso(NOW));
    const r = await deliverDue(db, through({ email: smtp(s.url()) }), NOW);
    expect(r.configError).toBe(
      `cannot send through smtp://127.0.0.1:${s.port}: the SMTP server requires a login, but mail.smtpUrl has no user and password ` +
        '(the server said "530 Error: authentication Required")',
    );
    expect(getOutboxMessage(db, 'k1')).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('sends again, with the same Message-ID, a message left sending by a sender that died', async () => {
    const s = await server();
    enqueue(db, message('k1'), iso(NOW.minus({ minutes: 30 })));
    const [claimed] = claimDue(db, iso(NOW.minus({ minutes: 20 })), 'dead-sender', 1);
    enqueue(db, message('k2'), iso(NOW.minus({ minutes: 30 })));
    claimDue(db, iso(NOW.minus({ minutes: 5 })), 'live-sender', 1);

    const r = await deliverDue(db, through({ email: smtp(s.url()) }), NOW);
    expect(r).toMatchObject({ recovered: 1, sent: 1, remaining: 1 });
    expect(r.problems).toEqual([
      `k1: interrupted while sending (begun ${iso(NOW.minus({ minutes: 20 }))}), sending again with the same Message-ID`,
    ]);
    expect(s.messages.map((m) => m.parsed.messageId)).toEqual([claimed.messageId]);
    expect(getOutboxMessage(db, 'k1')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(getOutboxMessage(db, 'k2')).toMatchObject({ status: 'sending', claim: 'live-sender' });
  });

  it('claims no more than the limit in one call', async () => {
    const s = await server();
    for (const k of ['k1', 'k2', 'k3']) enqueue(db, message(k), iso(NOW));
    expect(await deliverDue(db, through({ email: smtp(s.url()) }), NOW, { limit: 2 })).toMatchObject({ sent: 2, remaining: 1 });
  });

  it('writes every due message as an .eml file once when no SMTP server is configured', async () => {
    const folder = path.join(dir, `outbox-${n}`);
    const t = new FileTransport(folder, fixedClock(NOW));
    for (const k of ['notice:a:run-1', 'notice:b:run-1']) enqueue(db, message(k), iso(NOW));
    expect(await deliverDue(db, through({ email: t }), NOW)).toMatchObject({ sent: 2, remaining: 0 });
    expect(await deliverDue(db, through({ email: t }), NOW.plus({ days: 1 }))).toMatchObject({ sent: 0 });
    expect(fs.readdirSync(folder).sort()).toEqual(['20190701-090000-notice_a_run-1.eml', '20190701-090000-notice_b_run-1.eml']);
  });

  it('delivers each message through its own channel; one asked to wait sends nothing more in the batch, the others go on', async () => {
    const api = await TestBotApi.start();
    try {
      const folder = path.join(dir, `channels-${++n}`);
      const telegram = (key: string): NewOutboxMessage => message(key, { kind: 'digest', channel: 'telegram', from: '', to: [CHAT_ID], html: null });
      enqueue(db, telegram('alert:a:telegram'), iso(NOW));
      enqueue(db, telegram('alert:b:telegram'), iso(NOW));
      enqueue(db, message('notice:it:run-1'), iso(NOW));
      api.next(tooManyRequests(10));
      const channels = through({ email: new FileTransport(folder, fixedClock(NOW)), telegram: new BotApiSender({ botToken: BOT_TOKEN, chatId: CHAT_ID, apiUrl: api.url, timeoutMs: 5000 }) });
      const r = await deliverDue(db, channels, NOW);
      expect(r).toMatchObject({ sent: 1, retried: 1, failed: 0, remaining: 2 });
      expect(api.requests).toHaveLength(1);
      expect(fs.readdirSync(folder)).toHaveLength(1);
      expect(getOutboxMessage(db, 'alert:a:telegram')).toMatchObject({ channel: 'telegram', status: 'pending', attempts: 1, nextAttemptAt: iso(NOW.plus({ seconds: 10 })) });
      expect(getOutboxMessage(db, 'alert:b:telegram')).toMatchObject({ status: 'pending', attempts: 0 });
      expect(getOutboxMessage(db, 'alert:a:telegram')?.messageId).toBe('<odmon.alert=3Aa=3Atelegram>');
      // Ten seconds on, both go, in order.
      expect(await deliverDue(db, channels, NOW.plus({ seconds: 10 }))).toMatchObject({ sent: 2, remaining: 0 });
      expect(api.delivered.map((d) => d.chatId)).toEqual([CHAT_ID, CHAT_ID]);
    } finally {
      await api.stop();
    }
  });

  it('leaves the messages of a channel that is not set up waiting', async () => {
    enqueue(db, message('alert:a:telegram', { channel: 'telegram', from: '', to: [CHAT_ID] }), iso(NOW));
    const r = await deliverDue(db, through({ email: new FileTransport(path.join(dir, `only-mail-${++n}`), fixedClock(NOW)) }), NOW);
    expect(r).toMatchObject({ sent: 0, remaining: 1 });
    expect(getOutboxMessage(db, 'alert:a:telegram')).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
