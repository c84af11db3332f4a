/**
 * `odmon daemon` as a process, as `npm start` runs it: the built CLI in a child process, a database made by
 * `odmon init --example`, a real SMTP server in this process, schedules of a few seconds. Children are spawned
 * asynchronously (a synchronous spawn would block the server they talk to), every wait is bounded, and every
 * child still running after a test is killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../../src/store/db';
import { SlowSmtpServer, TestSmtpServer } from '../helpers/smtp';
import { ensureBuilt } from './build';
import { makeTempDir } from '../helpers/temp-db';
import { cleanEnv } from '../helpers/cli';

jest.setTimeout(30_000);

const IT_HEAD = 'it-head@example.org';
const FROM = 'Відкриті дані <opendata@example.gov.ua>';
/** Short schedules, so the daemon works within a test's few seconds. */
const SHORT = {
  ODMON_SCHEDULE_NOTIFY: '*/2 * * * * *',
  ODMON_SCHEDULE_DIGEST: '*/3 * * * * *',
  ODMON_SCHEDULE_HEARTBEAT: '* * * * * *',
};

/** The user's environment without any ODMON_ setting of the machine running the tests. */

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Exit {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A running CLI: its output so far, and its exit. */
class Proc {
  stdout = '';
  stderr = '';
  exit: Exit | null = null;
  readonly done: Promise<Exit>;
  constructor(readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (this.stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.done = new Promise((resolve) => {
      child.on('close', (status, signal) => {
        this.exit = { status, signal };
        resolve(this.exit);
      });
    });
  }
  get pid(): number {
    return this.child.pid ?? -1;
  }
  /** The JSON log lines written so far. */
  events(): Record<string, unknown>[] {
    return this.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }
  eventsNamed(event: string): Record<string, unknown>[] {
    return this.events().filter((e) => e.event === event);
  }
}

let cli: string;
let root: string;
const procs: Proc[] = [];
const servers: { stop(): Promise<void> }[] = [];

beforeAll(() => {
  root = makeTempDir('e2e-daemon');
  cli = ensureBuilt();
}, 120_000);
afterEach(async () => {
  // Whatever a failed test left running: killed, and waited for, so nothing outlives the test.
  const running = procs.splice(0).filter((p) => p.exit === null);
  for (const p of running) p.child.kill('SIGKILL');
  await Promise.all(running.map((p) => p.done));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});
afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

/** Starts the built CLI; a child that runs past 25 s is killed. */
function odmon(env: Record<string, string>, args: readonly string[], cwd: string): Proc {
  const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...cleanEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const p = new Proc(child);
  procs.push(p);
  const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  void p.done.then(() => clearTimeout(timer));
  return p;
}

/** Polls `probe` every 50 ms until it returns something truthy; fails after `ms`, showing the daemon's log. */
async function waitFor<T>(what: string, probe: () => T | null | undefined | false, ms: number, shown?: Proc): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > until) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}${shown ? `\n--- stderr of pid ${shown.pid}:\n${shown.stderr}` : ''}`);
    }
    if (shown?.exit) throw new Error(`pid ${shown.pid} exited (${JSON.stringify(shown.exit)}) while waiting for ${what}\n${shown.stderr}`);
    await sleep(50);
  }
}

/** Waits for a child to exit, at most `ms`. */
function exited(p: Proc, ms = 10_000): Promise<Exit> {
  return waitFor(`pid ${p.pid} to exit`, () => p.exit, ms);
}

interface Place {
  readonly cwd: string;
  readonly db: string;
  readonly env: Record<string, string>;
}

let places = 0;

/** A folder with a config file and a database made by `odmon init --example`, and the environment of the daemon. */
async function place(smtpPort: number, configFile: Record<string, unknown> = {}): Promise<Place> {
  const cwd = path.join(root, `p${++places}`);
  fs.mkdirSync(cwd);
  const config = path.join(cwd, 'odmon.config.json');
  fs.writeFileSync(config, JSON.stringify({ mail: { connectionTimeoutMs: 2000, greetingTimeoutMs: 2000, socketTimeoutMs: 10_000 }, ...configFile }));
  const db = path.join(cwd, 'odmon.sqlite');
  const env = {
    ODMON_CONFIG: config,
    ODMON_DB: db,
    ODMON_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    ODMON_MAIL_FROM: FROM,
    ODMON_IT_HEAD: IT_HEAD,
  };
  const init = odmon(env, ['init', '--example'], cwd);
  expect(await exited(init)).toEqual({ status: 0, signal: null });
  return { cwd, db, env };
}

function inDb<T>(file: string, fn: (db: Db) => T): T {
  const { db } = openDb(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

async function smtp(): Promise<TestSmtpServer> {
  const server = await TestSmtpServer.start();
  servers.push(server);
  return server;
}

const outboxByStatus = (db: string): Record<string, number> =>
  inDb(db, (d) =>
    Object.fromEntries((d.prepare('SELECT status, count(*) AS n FROM outbox GROUP BY status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n])),
  );

describe('odmon daemon', () => {
  it('runs the schedule and sends, shows a status, refuses a second copy, and exits 0 on SIGTERM', async () => {
    const server = await smtp();
    const p = await place(server.port);
    const env = { ...p.env, ...SHORT };
    const daemon = odmon(env, ['daemon'], p.cwd);

    // Steward notices (every 2 s) and the IT head's digest (every 3 s) arrive.
    await waitFor('a notice and a digest', () => {
      const toItHead = server.messages.filter((m) => m.envelopeTo.includes(IT_HEAD));
      return toItHead.length > 0 && server.messages.length > toItHead.length;
    }, 12_000, daemon);
    await waitFor('both jobs to finish a run', () => ['notify', 'digest'].every((j) => daemon.eventsNamed('job.finished').some((e) => e.job === j)), 5000, daemon);
    const notices = server.messages.filter((m) => !m.envelopeTo.includes(IT_HEAD));
    expect(notices.every((m) => /^Відкриті дані: \d+ невикона/.test(m.parsed.subject ?? ''))).toBe(true);
    const firstNotify = daemon.eventsNamed('job.finished').find((e) => e.job === 'notify');
    expect(firstNotify).toEqual(expect.objectContaining({ level: 'info', queued: notices.length, sent: notices.length, failed: 0 }));

    // Asked with the default schedules: under a 2-second period, a first run that takes 2 s (17 notices) would
    // already count as overdue, and this test is about what status shows of a live daemon.
    const status = odmon(p.env, ['status'], p.cwd);
    expect(await exited(status)).toEqual({ status: 0, signal: null });
    const lines = status.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^Демон: працює, pid ${daemon.pid} на ${os.hostname()}, з \\d\\d\\.\\d\\d\\.\\d{4} \\d\\d:\\d\\d, останній сигнал `));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Завдання «щотижневий огляд»: востаннє \d\d\.\d\d\.\d{4} \d\d:\d\d, успішно · наступне: \d\d\.\d\d\.\d{4} \d\d:\d\d/),
        expect.stringMatching(/^Завдання «повідомлення розпорядникам»: востаннє \d\d\.\d\d\.\d{4} \d\d:\d\d, успішно · наступне: \d\d\.\d\d\.\d{4} \d\d:\d\d/),
        expect.stringMatching(/^Відкритих порушень: \d+$/),
        expect.stringMatching(/^Черга листів: очікують — \d+, надсилаються — \d+, не вдалося — \d+, надіслано — \d+\.$/),
      ]),
    );
    expect(status.stdout).not.toContain('ПРОСТРОЧЕНО');

    const second = odmon(env, ['daemon'], p.cwd);
    expect(await exited(second)).toEqual({ status: 73, signal: null });
    expect(second.stderr).toContain(`error[E_LOCKED]: базою ${p.db} уже користується інший демон odmon: pid ${daemon.pid} на ${os.hostname()}, запущено `);
    expect(second.stderr).toContain(`hint: спершу зупиніть той процес (kill ${daemon.pid})`);
    expect(daemon.exit).toBeNull();

    daemon.child.kill('SIGTERM');
    expect(await exited(daemon)).toEqual({ status: 0, signal: null });
    // Every line of the log is one JSON object; the last says the daemon stopped cleanly.
    const logLines = daemon.stderr.trimEnd().split('\n');
    expect(logLines.filter((l) => !l.startsWith('{'))).toEqual([]);
    for (const l of logLines) expect(() => JSON.parse(l)).not.toThrow();
    expect(JSON.parse(logLines[logLines.length - 1])).toEqual(expect.objectContaining({ level: 'info', event: 'daemon.stopped', code: 0 }));
    expect(daemon.eventsNamed('daemon.stopping')).toEqual([expect.objectContaining({ reason: 'SIGTERM' })]);
    inDb(p.db, (db) => {
      expect(db.prepare('SELECT count(*) FROM daemon_lock').pluck().get()).toBe(0);
      expect(db.prepare('SELECT count(*) FROM jobs WHERE running_since IS NOT NULL').pluck().get()).toBe(0);
    });
    // Notices are sent once: runs after the first found nothing new to tell.
    const notifyRuns = daemon.eventsNamed('job.finished').filter((e) => e.job === 'notify');
    expect(notifyRuns.slice(1).every((e) => e.queued === 0)).toBe(true);
    expect(server.messages.filter((m) => !m.envelopeTo.includes(IT_HEAD))).toHaveLength(notices.length);
  });

  it('after being killed, starts again on the stale lock, runs, and exits 0 on SIGINT', async () => {
    const server = await smtp();
    const p = await place(server.port);
    const env = { ...p.env, ...SHORT };
    const first = odmon(env, ['daemon'], p.cwd);
    await waitFor('the first daemon to run a job', () => first.eventsNamed('job.finished').length > 0, 10_000, first);
    first.child.kill('SIGKILL');
    expect(await exited(first)).toEqual({ status: null, signal: 'SIGKILL' });
    expect(inDb(p.db, (db) => db.prepare('SELECT pid FROM daemon_lock').pluck().get())).toBe(first.pid);

    const second = odmon(env, ['daemon'], p.cwd);
    await waitFor('the second daemon to run a job', () => second.eventsNamed('job.finished').length > 0, 10_000, second);
    expect(inDb(p.db, (db) => db.prepare('SELECT pid FROM daemon_lock').pluck().get())).toBe(second.pid);
    second.child.kill('SIGINT');
    expect(await exited(second)).toEqual({ status: 0, signal: null });
    expect(second.eventsNamed('daemon.stopped')).toEqual([expect.objectContaining({ code: 0 })]);
  });

  it('status exits 2 when a job is overdue by more than its period, with the daemon stopped', async () => {
    const server = await smtp();
    const p = await place(server.port);
    const daemon = odmon({ ...p.env, ...SHORT }, ['daemon'], p.cwd);
    await waitFor('the jobs to be scheduled', () => daemon.eventsNamed('job.scheduled').length >= 2, 10_000, daemon);
    daemon.child.kill('SIGTERM');
    expect(await exited(daemon)).toEqual({ status: 0, signal: null });

    // With the default (daily and weekly) schedules, jobs due a few seconds ago are not overdue.
    const fine = odmon(p.env, ['status'], p.cwd);
    expect(await exited(fine)).toEqual({ status: 0, signal: null });
    expect(fine.stdout).toMatch(/^Демон: не працює\.\n/);
    expect(fine.stdout).not.toContain('ПРОСТРОЧЕНО');

    inDb(p.db, (db) => db.prepare("UPDATE jobs SET next_due_at = '2019-07-01T06:00:00.000Z'").run());
    const overdue = odmon(p.env, ['status'], p.cwd);
    expect(await exited(overdue)).toEqual({ status: 2, signal: null });
    expect(overdue.stdout).toContain('Демон: не працює.\n');
    expect(overdue.stdout).toMatch(/^Завдання «повідомлення розпорядникам»: .* · наступне: 01\.07\.2019 09:00 · ПРОСТРОЧЕНО$/m);
    expect(overdue.stdout).toMatch(/^Завдання «щотижневий огляд»: .* · наступне: 01\.07\.2019 09:00 · ПРОСТРОЧЕНО$/m);
    expect(overdue.stderr).toBe(
      'error: завдань, прострочених більше ніж на свій період: 2. Чи працює демон?\n' +
        'hint: запустіть демон (systemctl start odmon або npm start) і перегляньте його журнал (journalctl -u odmon); невдале завдання запуститься знову в свій наступний час\n',
    );
  });

  it('refuses to start with schedules it cannot keep, naming each setting', async () => {
    const p = await place(1);
    const bad = odmon({ ...p.env, ODMON_SCHEDULE_NOTIFY: '30 3 * * 1-5', ODMON_SCHEDULE_DIGEST: 'every monday' }, ['daemon'], p.cwd);
    expect(await exited(bad)).toEqual({ status: 78, signal: null });
    expect(bad.stderr).toContain(
      'error[E_CONFIG]: у налаштуваннях проблем — 2:\n' +
        '  ODMON_SCHEDULE_NOTIFY: "30 3 * * 1-5" запускає завдання між 03:00 і 04:59 за київським часом, а ці години переведення годинника пропускає або повторює; виберіть іншу годину\n' +
        '  ODMON_SCHEDULE_DIGEST: "every monday" — не вираз cron: «expected 5 or 6 fields but got 2»\n',
    );
    expect(inDb(p.db, (db) => db.prepare('SELECT count(*) FROM daemon_lock').pluck().get())).toBe(0);
  });

  it('on SIGTERM during a send lets that message finish, sends no more, and exits 0', async () => {
    const server = await SlowSmtpServer.start(1500);
    servers.push(server);
    const p = await place(server.port);
    // Only the notices run within the test (the digest keeps its weekly default), so the message in flight is a notice.
    const daemon = odmon({ ...p.env, ...SHORT, ODMON_SCHEDULE_DIGEST: '0 9 * * 1' }, ['daemon'], p.cwd);
    await waitFor('a message in flight', () => server.received.length > 0, 10_000, daemon);
    expect(server.accepted).toBe(0);
    daemon.child.kill('SIGTERM');
    expect(await exited(daemon, 8000)).toEqual({ status: 0, signal: null });
    // The message in flight was accepted (250) before the exit, and it was the only one sent.
    expect(server.accepted).toBe(1);
    expect(server.received).toHaveLength(1);
    const outbox = outboxByStatus(p.db);
    expect(outbox.sent).toBe(1);
    expect(outbox.sending).toBeUndefined();
    expect(outbox.pending).toBeGreaterThan(0);
    expect(daemon.eventsNamed('daemon.stopping')).toEqual([expect.objectContaining({ reason: 'SIGTERM', jobInFlight: true })]);
    expect(daemon.eventsNamed('job.finished').map((e) => [e.job, e.sent])).toEqual([['notify', 1]]);
    expect(daemon.eventsNamed('daemon.stopped')).toEqual([expect.objectContaining({ code: 0 })]);
  });

  it('on SIGTERM during the catch-up at start gives up after schedule.stopTimeoutMs and exits 1', async () => {
    const server = await SlowSmtpServer.start(6000);
    servers.push(server);
    const p = await place(server.port, { schedule: { stopTimeoutMs: 300 } });
    // The daemon was down on notify's due moment: it runs at once when started (default schedules).
    inDb(p.db, (db) => db.prepare("INSERT INTO jobs(name, next_due_at) VALUES ('notify', '2019-07-01T06:00:00.000Z')").run());
    const daemon = odmon(p.env, ['daemon'], p.cwd);
    await waitFor('a message in flight', () => server.received.length > 0, 10_000, daemon);
    expect(daemon.eventsNamed('job.started')).toEqual([expect.objectContaining({ job: 'notify', missedSlots: expect.any(Number) })]);
    const t0 = Date.now();
    daemon.child.kill('SIGTERM');
    expect(await exited(daemon, 5000)).toEqual({ status: 1, signal: null });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(server.accepted).toBe(0);
    expect(daemon.eventsNamed('daemon.stop-timeout')).toEqual([expect.objectContaining({ level: 'error', ms: 300 })]);
    expect(daemon.eventsNamed('daemon.stopped')).toEqual([expect.objectContaining({ code: 1 })]);
    expect(inDb(p.db, (db) => db.prepare('SELECT count(*) FROM daemon_lock').pluck().get())).toBe(0);
    // The abandoned run is not shown as running: status says it was interrupted, and exits 2.
    const status = odmon(p.env, ['status'], p.cwd);
    expect(await exited(status)).toEqual({ status: 2, signal: null });
    expect(status.stdout).toMatch(/^Завдання «повідомлення розпорядникам»: .* · ПЕРЕРВАНО \d\d\.\d\d\.\d{4} \d\d:\d\d$/m);
    expect(status.stdout).not.toContain('· виконується');
    expect(status.stderr).toMatch(/^error: завдання «повідомлення розпорядникам»: запуск, почато \d\d\.\d\d\.\d{4} \d\d:\d\d, перервано \(демон зупинився, не завершивши його\)$/m);
  });
});
