/**
 * No password in any output, log or stored error, whatever the URL looks like. The usual SMTP login is a
 * mailbox (`smtp://opendata@city.gov.ua:S3cretPW@host`), and passwords hold `@`, `:`, `/` and `#`, typed as
 * they are or percent-encoded. Each is taken through `odmon notify` (a closed port, and a real SMTP server that
 * refuses the login), the outbox listing, `odmon status`, the stored rows and the daemon's log lines.
 */
import { DateTime } from 'luxon';
import fs from 'node:fs';
import type { Io } from '../../src/cli/io';
import { run } from '../../src/cli/main';
import { loadConfig, secretsOf } from '../../src/config/config';
import { Daemon } from '../../src/daemon/daemon';
import { jsonLogger } from '../../src/log';
import { openDb } from '../../src/store/db';
import { dumpTables } from '../helpers/temp-db';
import { TestSmtpServer } from '../helpers/smtp';
import { CONFIG_FILE, makeRoot, openRegister, removeRoot, scenario, type Scenario } from '../notify/register';
import { FakeClock } from '../helpers/clock';

jest.setTimeout(30_000);

const AT = '2019-07-01T09:00';
const USER = 'opendata@city.gov.ua';

/** [how the user part and password are written in the URL, the password as the server sees it, fragments that must never appear] */
const LOGINS: readonly [string, string, string, readonly string[]][] = [
  ['a mailbox user name', `${USER}:S3cretPW`, 'S3cretPW', ['S3cretPW']],
  ['a mailbox user name and "@" and ":" in the password', `${USER}:p@ss:w0rdX`, 'p@ss:w0rdX', ['w0rdX', 'p@ss', 'p%40ss']],
  ['everything percent-encoded', `opendata%40city.gov.ua:Zx%40q%3Ay%2Fk%23m`, 'Zx@q:y/k#m', ['Zx@q', 'Zx%40q', 'y/k#m', 'y%2Fk']],
];

let root: string;
let refusing: TestSmtpServer;
let scenarios = 0;

beforeAll(async () => {
  root = makeRoot('secrets');
  refusing = await TestSmtpServer.start({ auth: { user: USER, password: 'the-right-one' } });
});
afterAll(async () => {
  await refusing.stop();
  removeRoot(root);
});

interface Captured {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function odmon(s: Scenario, env: Record<string, string>, argv: string[]): Promise<Captured> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), env, cwd: s.cwd };
  const code = await run(argv, io);
  return { code, out, err };
}

function prepared(smtpUrl: string): { s: Scenario; env: Record<string, string> } {
  const s = scenario(root, `s${++scenarios}`, 1);
  const env = { ...s.env, ODMON_SMTP_URL: smtpUrl };
  openRegister(s, {}, env).close();
  return { s, env };
}

function stored(env: Record<string, string>): string {
  const { db } = openDb(env.ODMON_DB);
  try {
    return dumpTables(db);
  } finally {
    db.close();
  }
}

const expectNone = (text: string, fragments: readonly string[]): void => {
  for (const f of fragments) expect(text).not.toContain(f);
};

describe.each(LOGINS)('an SMTP URL with %s', (_what, login, _password, fragments) => {
  it('is masked in notify, the outbox listing, status and what is stored when the server cannot be reached', async () => {
    const url = `smtp://${login}@127.0.0.1:1`;
    const { s, env } = prepared(url);
    const notify = await odmon(s, env, ['notify', '--now', AT]);
    expect(notify.code).toBe(0);
    const shown = url.replace(/:[^:]*@127/, ':***@127').replace(/^(smtp:\/\/[^:]*):.*@127/, '$1:***@127');
    expect(notify.out).toContain(`Доставка (${shown}): надіслано — 0, повторити пізніше — 3, не вдалося — 0, чекають черги — 3.`);
    const outbox = await odmon(s, env, ['outbox']);
    expect(outbox.out).toContain(`не вдалося з’єднатися із сервером SMTP («${shown}: connect ECONNREFUSED`);
    const status = await odmon(s, env, ['status', '--now', AT]);
    for (const r of [notify, outbox, status]) expectNone(r.out + r.err, fragments);
    expectNone(stored(env), fragments);
  });

  it('is masked in the E_MAIL error and in last_error when a real server refuses the login', async () => {
    const url = `smtp://${login}@127.0.0.1:${refusing.port}`;
    const { s, env } = prepared(url);
    const notify = await odmon(s, env, ['notify', '--now', AT]);
    expect(notify.code).toBe(75);
    expect(notify.err).toMatch(/^error\[E_MAIL\]: повідомлення не надіслано: не вдалося надіслати \(smtp:\/\/[^ ]*:\*\*\*@127\.0\.0\.1:\d+\): сервер SMTP не прийняв ім’я користувача й пароль \(«/);
    const outbox = await odmon(s, env, ['outbox']);
    expect(outbox.out).toContain('сервер SMTP не прийняв ім’я користувача й пароль');
    for (const r of [notify, outbox]) expectNone(r.out + r.err, fragments);
    expectNone(stored(env), fragments);
    expect(refusing.messages).toHaveLength(0);
  });
});

describe('an SMTP URL that is not valid', () => {
  it.each([
    ['an unencoded "/" and "#" in the password', `smtp://${USER}:pa/ss#w0rdY@127.0.0.1:1`],
    ['a path after the host', `smtp://${USER}:w0rdY@127.0.0.1:1/x`],
  ])('with %s is refused without showing the password', async (_what, url) => {
    const s = scenario(root, `s${++scenarios}`, 1);
    const r = await odmon(s, { ...s.env, ODMON_SMTP_URL: url }, ['notify', '--now', AT]);
    expect(r.code).toBe(78);
    expect(r.err).toMatch(/^error\[E_CONFIG\]/);
    expectNone(r.out + r.err, ['w0rdY', 'pa/ss']);
  });
});

describe("the daemon's log lines", () => {
  it.each(LOGINS)('never hold the password of a URL with %s', async (_what, login, _password, fragments) => {
    const s = scenario(root, `s${++scenarios}`, 1);
    fs.writeFileSync(s.env.ODMON_CONFIG, JSON.stringify({ ...CONFIG_FILE, schedule: { heartbeat: '0 0 1 1 *' } }));
    const lines: string[] = [];
    for (const target of [`127.0.0.1:1`, `127.0.0.1:${refusing.port}`]) {
      const env = { ...s.env, ODMON_SMTP_URL: `smtp://${login}@${target}`, ODMON_DB: `${s.cwd}/${target.replace(/\W/g, '_')}.sqlite` };
      openRegister(s, {}, env).close();
      const config = loadConfig({ env, cwd: s.cwd });
      const clock = new FakeClock(DateTime.fromISO('2019-07-01T08:59:59', { zone: 'Europe/Kyiv' }));
      // As `odmon daemon` builds it (src/cli/daemon-commands.ts).
      const daemon = new Daemon({ config, clock, log: jsonLogger((line) => lines.push(line), {}, secretsOf(config)) });
      try {
        await daemon.start();
        clock.at = DateTime.fromISO(AT, { zone: 'Europe/Kyiv' });
        await daemon.wake();
        clock.at = clock.at.plus({ minutes: 2 }); // the first retry is due: the heartbeat delivers it
        await daemon.wake();
      } finally {
        await daemon.stop('test over');
      }
    }
    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.some((e) => e.event === 'outbox.delivered' && String(e.target).includes(':***@127.0.0.1:1'))).toBe(true);
    expect(events.some((e) => e.event === 'job.finished' && String(e.mailError).includes(':***@127.0.0.1'))).toBe(true);
    expectNone(lines.join('\n'), fragments);
  });
});
