/**
 * `odmon notify`, `odmon digest` and `odmon outbox` as a user runs them: the built CLI in a child process,
 * a database in a temp folder, and a real SMTP server in this process (so children are spawned
 * asynchronously: a synchronous spawn would block the server they talk to).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { simpleParser } from 'mailparser';
import path from 'node:path';
import { openDb, type Db } from '../../src/store/db';
import { listOutbox } from '../../src/store/outbox';
import { SlowSmtpServer, TestSmtpServer, type TestSmtpOptions } from '../helpers/smtp';
import { ADDRESSES, count, makeRoot, openRegister, removeRoot, scenario, type Scenario } from '../notify/register';
import { ensureBuilt } from './build';
import { cleanEnv } from '../helpers/cli';

jest.setTimeout(30_000);

const AT = '2019-07-01T09:00';

interface Run {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The user's environment without any ODMON_ setting of the machine running the tests. */

let cli: string;
let root: string;
const servers: { stop(): Promise<void> }[] = [];

beforeAll(() => {
  root = makeRoot('e2e-notify');
  cli = ensureBuilt();
}, 120_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  removeRoot(root);
});

interface Child {
  readonly done: Promise<Run>;
  kill(): void;
}

/** Starts the built CLI in `s.cwd` with the scenario's environment; it is killed if it runs past 20 s. */
function start(s: Scenario, args: readonly string[]): Child {
  const child = spawn(process.execPath, [cli, ...args], { cwd: s.cwd, env: { ...cleanEnv, ...s.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const done = new Promise<Run>((resolve) => {
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
  return { done, kill: () => child.kill('SIGKILL') };
}

const odmon = (s: Scenario, args: readonly string[]): Promise<Run> => start(s, args).done;

let scenarios = 0;

/** A scenario folder whose database holds the register of test/notify/register.ts, closed again. */
function prepared(port: number): Scenario {
  const s = scenario(root, `cli-${++scenarios}`, port);
  openRegister(s).close();
  return s;
}

async function smtp(opts: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const server = await TestSmtpServer.start(opts);
  servers.push(server);
  return server;
}

/** Reads the scenario's database (the CLI has exited) and closes it again. */
function inDb<T>(s: Scenario, fn: (db: Db) => T): T {
  const { db } = openDb(s.env.ODMON_DB);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const SUBJECTS = {
  finance: 'Відкриті дані: 2 невиконані пункти — Фінансове управління (станом на 01.07.2019)',
  hr: 'Відкриті дані: 2 невиконані пункти — Відділ кадрової роботи (станом на 01.07.2019)',
  it: "Відкриті дані: 1 невиконаний пункт — Відділ інформаційно-комп'ютерного забезпечення (станом на 01.07.2019)",
};

async function waitFor(what: string, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('odmon notify killed in the middle of sending', () => {
  it('delivers every steward its notice exactly once after a restart; the one in flight at the kill comes a second time, with the same Message-ID', async () => {
    const server = await SlowSmtpServer.start(300);
    servers.push(server);
    const s = prepared(server.port);

    const child = start(s, ['notify', '--now', AT]);
    // Killed once finance's notice was accepted and hr's has reached the server but has no 250 yet.
    await waitFor('the second message to reach the server', () => server.received.length >= 2);
    expect(server.accepted).toBe(1);
    child.kill();
    const killed = await child.done;
    expect(killed.signal).toBe('SIGKILL');

    const afterKill = inDb(s, (db) => ({
      outbox: Object.fromEntries(listOutbox(db).map((m) => [m.stewardId, m.status])),
      messageIds: Object.fromEntries(listOutbox(db).map((m) => [m.stewardId, m.messageId])),
      notices: count(db, 'finding_notices'),
    }));
    // The messages and what they tell were stored together, before anything was sent.
    expect(afterKill.outbox).toEqual({ finance: 'sent', hr: 'sending', it: 'pending' });
    expect(afterKill.notices).toBe(5);

    // 60 minutes later the row left "sending" is taken as interrupted (stale after 15 minutes) and sent again.
    const resumed = await odmon(s, ['outbox', 'send', '--now', '2019-07-01T10:00']);
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toBe(`Доставка (smtp://127.0.0.1:${server.port}): надіслано — 2, повторити пізніше — 0, не вдалося — 0, чекають черги — 0.\n`);
    const again = await odmon(s, ['notify', '--now', '2019-07-01T10:05']);
    expect(again.status).toBe(0);
    expect(again.stdout).not.toContain('У черзі:');

    expect(inDb(s, (db) => listOutbox(db).map((m) => m.status))).toEqual(['sent', 'sent', 'sent']);
    // Each steward's notice arrived under one Message-ID; only hr's, in flight at the kill, arrived twice.
    const arrivals = (id: string): number => server.received.filter((m) => m.messageId === id).length;
    expect({
      finance: arrivals(afterKill.messageIds.finance),
      hr: arrivals(afterKill.messageIds.hr),
      it: arrivals(afterKill.messageIds.it),
      total: server.received.length,
    }).toEqual({ finance: 1, hr: 2, it: 1, total: 4 });
    const hrCopies = server.received.filter((m) => JSON.stringify(m.to).includes(ADDRESSES.hr[0]));
    expect(hrCopies.map((m) => m.messageId)).toEqual([afterKill.messageIds.hr, afterKill.messageIds.hr]);
    expect(hrCopies[1].text).toBe(hrCopies[0].text);
  });
});

describe('odmon notify, digest and outbox from the command line', () => {
  it('sends the notices once, and run again right after sends nothing', async () => {
    const server = await smtp();
    const s = prepared(server.port);
    const first = await odmon(s, ['notify', '--now', AT]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(
      [
        `У черзі: budget@example.org, o.kovalenko@example.org: ${SUBJECTS.finance}`,
        `У черзі: kadry@example.org: ${SUBJECTS.hr}`,
        `У черзі: opendata.it@example.org: ${SUBJECTS.it}`,
        `Доставка (smtp://127.0.0.1:${server.port}): надіслано — 3, повторити пізніше — 0, не вдалося — 0, чекають черги — 0.`,
        '',
      ].join('\n'),
    );
    const second = await odmon(s, ['notify', '--now', AT]);
    expect([second.status, second.stdout]).toEqual([0, `Доставка (smtp://127.0.0.1:${server.port}): надіслано — 0, повторити пізніше — 0, не вдалося — 0, чекають черги — 0.\n`]);
    expect(server.messages.map((m) => m.parsed.subject).sort()).toEqual(Object.values(SUBJECTS).sort());
  });

  it('notify --dry-run shows what it would queue and writes nothing', async () => {
    const server = await smtp();
    const s = prepared(server.port);
    const before = inDb(s, (db) => [count(db, 'findings'), count(db, 'evaluation_runs')]);
    const r = await odmon(s, ['notify', '--now', AT, '--dry-run']);
    expect(r.status).toBe(0);
    // Nothing recorded: not even the evaluation's findings and run (the whole run is rolled back).
    expect(inDb(s, (db) => [count(db, 'findings'), count(db, 'evaluation_runs')])).toEqual(before);
    expect(r.stdout).toBe(
      [
        `Буде поставлено в чергу: budget@example.org, o.kovalenko@example.org: ${SUBJECTS.finance}`,
        `Буде поставлено в чергу: kadry@example.org: ${SUBJECTS.hr}`,
        `Буде поставлено в чергу: opendata.it@example.org: ${SUBJECTS.it}`,
        '',
      ].join('\n'),
    );
    expect(inDb(s, (db) => [count(db, 'outbox'), count(db, 'finding_notices')])).toEqual([0, 0]);
    expect(server.messages).toEqual([]);
  });

  it('notify --preview DIR writes one .eml per notice that a mail reader can parse, and records nothing', async () => {
    const server = await smtp();
    const s = prepared(server.port);
    const before = inDb(s, (db) => [count(db, 'findings'), count(db, 'evaluation_runs')]);
    const r = await odmon(s, ['notify', '--now', AT, '--preview', 'preview']);
    expect(r.status).toBe(0);
    expect(inDb(s, (db) => [count(db, 'findings'), count(db, 'evaluation_runs')])).toEqual(before);
    expect(r.stdout).toContain(`У теку ${path.join(s.cwd, 'preview')} записано 3 листи; у базу нічого не записано.\n`);
    const files = fs.readdirSync(path.join(s.cwd, 'preview')).sort();
    expect(files).toHaveLength(3);
    for (const f of files) expect(f).toMatch(/^\d{8}-\d{6}-notice_(finance|hr|it)_run-\d+\.eml$/);
    const parsed = await Promise.all(files.map((f) => simpleParser(fs.readFileSync(path.join(s.cwd, 'preview', f)))));
    expect(parsed.map((p) => p.subject).sort()).toEqual(Object.values(SUBJECTS).sort());
    for (const p of parsed) {
      expect(p.messageId).toMatch(/^<odmon\.notice=3A(finance|hr|it)=3Arun-\d+@example\.gov\.ua>$/);
      expect(p.text).toContain('Шановні колеги!');
      expect(p.html).toContain('Шановні колеги!');
    }
    expect(inDb(s, (db) => [count(db, 'outbox'), count(db, 'finding_notices')])).toEqual([0, 0]);
    expect(server.messages).toEqual([]);
    // Nothing was recorded as told, so the real run still sends every notice.
    expect((await odmon(s, ['notify', '--now', AT])).stdout).toContain('): надіслано — 3,');
  });

  it('notify --redirect-all-to sends everything to one address, names the real recipients in the subject, and records nothing', async () => {
    const server = await smtp();
    const s = prepared(server.port);
    const r = await odmon(s, ['notify', '--now', AT, '--redirect-all-to', 'x@example.org']);
    expect(r.status).toBe(0);
    expect(server.messages.map((m) => m.envelopeTo)).toEqual([['x@example.org'], ['x@example.org'], ['x@example.org']]);
    expect(server.messages.map((m) => m.parsed.subject)).toEqual([
      `[перевірка; для: budget@example.org, o.kovalenko@example.org] ${SUBJECTS.finance}`,
      `[перевірка; для: kadry@example.org] ${SUBJECTS.hr}`,
      `[перевірка; для: opendata.it@example.org] ${SUBJECTS.it}`,
    ]);
    expect(inDb(s, (db) => count(db, 'finding_notices'))).toBe(0);
    const real = await odmon(s, ['notify', '--now', AT]);
    expect(real.stdout).toContain('): надіслано — 3,');
    expect(server.messages.slice(3).map((m) => m.envelopeTo[0]).sort()).toEqual([ADDRESSES.finance[0], ADDRESSES.hr[0], ADDRESSES.it[0]].sort());
  });

  it('odmon outbox lists the pending and the failed messages, and odmon digest reports the failed one', async () => {
    // finance's notice is refused at RCPT with 550 (failed), hr's at DATA with 451 (pending), it's goes through.
    const server = await smtp({ rejectRcpt: { code: 550, times: 1, message: 'No such user' }, rejectData: { code: 451, times: 2, message: 'Greylisted' } });
    const s = prepared(server.port);
    const sent = await odmon(s, ['notify', '--now', AT]);
    expect(sent.status).toBe(0);
    expect(sent.stdout).toContain('): надіслано — 1, повторити пізніше — 1, не вдалося — 1, чекають черги — 1.\n');
    expect(sent.stderr).toBe('warning: 1 лист не вдалося доставити зараз; odmon спробує ще раз пізніше.\n');

    const list = await odmon(s, ['outbox']);
    expect(list.status).toBe(0);
    const lines = list.stdout.split('\n');
    expect(lines[0]).toBe('Черга листів: очікують — 1, надсилаються — 0, не вдалося — 1, надіслано — 1.');
    expect(lines.slice(1)).toEqual([
      'очікує       #2 повідомлення → kadry@example.org · спроб: 1 · наступна спроба 01.07.2019 09:01 · помилка: сервер SMTP тимчасово не прийняв лист («451 Greylisted»)',
      `    ${SUBJECTS.hr}`,
      'не вдалося   #1 повідомлення → budget@example.org, o.kovalenko@example.org · спроб: 1 · помилка: сервер SMTP відхилив лист («550 No such user»)',
      `    ${SUBJECTS.finance}`,
      '',
    ]);

    const digest = await odmon(s, ['digest', '--now', '2019-07-01T09:30']);
    expect(digest.status).toBe(0);
    const mail = server.messages.filter((m) => m.envelopeTo.includes('it-head@example.org'));
    expect(mail).toHaveLength(1);
    const text = mail[0].parsed.text ?? '';
    // The digest is planned before the run delivers what is due, so hr's notice is still shown as retried.
    expect(text).toContain(
      'НЕДОСТАВЛЕНІ ЛИСТИ: 2\n' +
        `- budget@example.org, o.kovalenko@example.org — «${SUBJECTS.finance}»: не доставлено; сервер SMTP відхилив лист («550 No such user»)\n` +
        `- kadry@example.org — «${SUBJECTS.hr}»: повторна спроба (спроб: 1); сервер SMTP тимчасово не прийняв лист («451 Greylisted»)\n`,
    );
    // The digest run also delivered hr's notice, due again since 09:01.
    expect(server.messages.filter((m) => m.envelopeTo.includes(ADDRESSES.hr[0]))).toHaveLength(1);
    expect((await odmon(s, ['outbox'])).stdout.split('\n')[0]).toBe('Черга листів: очікують — 0, надсилаються — 0, не вдалося — 1, надіслано — 3.');
  });
});
