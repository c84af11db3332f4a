/**
 * The daemon in this process: a fake clock the tests advance, jobs defined here, a real SQLite file per test.
 * node-cron still wakes it on real time, so every schedule here is one whose real wake-ups change nothing
 * (a fake-clock decision is the same however often it is taken); the tests wake the daemon themselves.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { App } from '../../src/app';
import type { Clock } from '../../src/clock';
import { loadConfig, type Config } from '../../src/config/config';
import { Daemon, type Job } from '../../src/daemon/daemon';
import { OdmonError } from '../../src/errors';
import { jsonLogger } from '../../src/log';
import { openDb } from '../../src/store/db';
import { getJob, getLock, listJobs } from '../../src/store/jobs';
import { toStoredInstant } from '../../src/time/days';
import { makeTempDir, thrownBy } from '../helpers/temp-db';
import { kyiv, FakeClock } from '../helpers/clock';

const stored = (iso: string): string => toStoredInstant(kyiv(iso));

interface Gate {
  readonly promise: Promise<void>;
  open(): void;
}
function gate(): Gate {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What the jobs of one test did, in order. */
interface Ledger {
  readonly runs: string[];
}

/** A job that records each run and returns a count. */
function job(name: string, cron: string, ledger: Ledger, run?: (now: DateTime) => Promise<void>): Job {
  return {
    name,
    cron,
    skip: () => null,
    run: async (_app: App, now: DateTime) => {
      ledger.runs.push(name);
      if (run) await run(now);
      return { items: ledger.runs.filter((r) => r === name).length };
    },
  };
}

let root = '';
let dbs = 0;
const daemons: Daemon[] = [];
const children: ChildProcess[] = [];

beforeAll(() => {
  root = makeTempDir();
});
afterEach(async () => {
  await Promise.all(daemons.splice(0).map((d) => d.stop('test over')));
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

interface Setup {
  readonly config: Config;
  readonly lines: string[];
  /** Every log line parsed. */
  events(): Record<string, unknown>[];
  /** A new daemon on this database, logging into `lines`; stopped after the test. */
  daemon(clock: Clock, jobs: readonly Job[]): Daemon;
}

/**
 * A database of its own, a config file (a heartbeat that never comes during a test), and a log to read.
 * The first daemon creates and seeds the database.
 */
function setup(opts: { stopTimeoutMs?: number; env?: Record<string, string> } = {}): Setup {
  const dir = path.join(root, `case-${++dbs}`);
  fs.mkdirSync(dir);
  const configFile = path.join(dir, 'odmon.config.json');
  fs.writeFileSync(configFile, JSON.stringify({ schedule: { heartbeat: '0 0 1 1 *', stopTimeoutMs: opts.stopTimeoutMs ?? 5000 } }));
  const config = loadConfig({
    env: { ODMON_CONFIG: configFile, ODMON_DB: path.join(dir, 'odmon.sqlite'), ODMON_OUTBOX_DIR: path.join(dir, 'outbox'), ...opts.env },
    cwd: dir,
  });
  const lines: string[] = [];
  const log = jsonLogger((line) => lines.push(line));
  return {
    config,
    lines,
    events: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    daemon: (clock, jobs) => {
      const d = new Daemon({ config, clock, log, jobs });
      daemons.push(d);
      return d;
    },
  };
}

/** Reads the stored jobs and lock with a connection of its own, as `odmon status` would. */
function inspect(config: Config): { jobs: ReturnType<typeof listJobs>; lock: ReturnType<typeof getLock> } {
  const { db } = openDb(config.db);
  try {
    return { jobs: listJobs(db), lock: getLock(db) };
  } finally {
    db.close();
  }
}

function nextDue(config: Config, name: string): string | null {
  const { db } = openDb(config.db);
  try {
    return getJob(db, name)?.nextDueAt ?? null;
  } finally {
    db.close();
  }
}

const eventsNamed = (s: Setup, event: string): Record<string, unknown>[] => s.events().filter((e) => e.event === event);

// 05.07.2019 is a Friday; 09.07.2019 a Tuesday.
describe('scheduling and catch-up', () => {
  const jobsOf = (ledger: Ledger): Job[] => [
    job('notices', '0 0 9 * * 1-5', ledger),
    job('digest', '0 0 9 * * 1', ledger),
    job('pulse', '*/30 * * * * *', ledger),
  ];

  it('schedules jobs seen for the first time without running them', async () => {
    const s = setup();
    const ledger: Ledger = { runs: [] };
    const d = s.daemon(new FakeClock(kyiv('2019-07-05T10:00')), jobsOf(ledger));
    await d.start();
    expect(ledger.runs).toEqual([]);
    expect(inspect(s.config).jobs.map((j) => [j.name, j.nextDueAt, j.lastRunAt])).toEqual([
      ['digest', stored('2019-07-08T09:00'), null],
      ['notices', stored('2019-07-08T09:00'), null],
      ['pulse', stored('2019-07-05T10:00:30'), null],
    ]);
    expect(eventsNamed(s, 'job.scheduled').map((e) => [e.job, e.reason, e.nextDueAt])).toEqual([
      ['notices', 'first-seen', '2019-07-08T09:00:00.000+03:00'],
      ['digest', 'first-seen', '2019-07-08T09:00:00.000+03:00'],
      ['pulse', 'first-seen', '2019-07-05T10:00:30.000+03:00'],
    ]);
  });

  it('runs a job once when its time comes, however often it is woken in that slot', async () => {
    const s = setup();
    const ledger: Ledger = { runs: [] };
    const clock = new FakeClock(kyiv('2019-07-05T10:00'));
    const d = s.daemon(clock, jobsOf(ledger));
    await d.start();
    clock.advance({ seconds: 29 });
    await d.wake();
    expect(ledger.runs).toEqual([]);
    clock.advance({ seconds: 1 });
    await d.wake();
    await d.wake();
    clock.advance({ seconds: 29 });
    await d.wake();
    expect(ledger.runs).toEqual(['pulse']);
    clock.advance({ seconds: 1 });
    await d.wake();
    expect(ledger.runs).toEqual(['pulse', 'pulse']);
    expect(nextDue(s.config, 'pulse')).toBe(stored('2019-07-05T10:01:30'));
  });

  it('after four days down runs each overdue job exactly once, then waits for its next slot', async () => {
    const s = setup();
    const ledger: Ledger = { runs: [] };
    const clock = new FakeClock(kyiv('2019-07-05T10:00'));
    const first = s.daemon(clock, jobsOf(ledger));
    await first.start();
    clock.advance({ seconds: 30 });
    await first.wake();
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(ledger.runs).toEqual(['pulse']);
    expect(inspect(s.config).lock).toBeNull();

    // The power comes back on Tuesday: Monday's and Tuesday's notices, Monday's digest and 11 519 pulses were missed.
    clock.set('2019-07-09T10:00');
    const second = s.daemon(clock, jobsOf(ledger));
    ledger.runs.length = 0;
    await second.start();
    expect(ledger.runs).toEqual(['notices', 'digest', 'pulse']);
    expect(eventsNamed(s, 'job.started').slice(1).map((e) => [e.job, e.missedSlots])).toEqual([
      ['notices', 2],
      ['digest', 1],
      ['pulse', 1000],
    ]);
    const jobs = inspect(s.config).jobs;
    expect(jobs.map((j) => [j.name, j.lastRunAt, j.lastStatus, j.nextDueAt, j.runningSince])).toEqual([
      ['digest', stored('2019-07-09T10:00'), 'ok', stored('2019-07-15T09:00'), null],
      ['notices', stored('2019-07-09T10:00'), 'ok', stored('2019-07-10T09:00'), null],
      ['pulse', stored('2019-07-09T10:00'), 'ok', stored('2019-07-09T10:00:30'), null],
    ]);
    expect(jobs.find((j) => j.name === 'notices')?.lastSummary).toEqual({ items: 1 });

    await second.wake();
    clock.advance({ seconds: 29 });
    await second.wake();
    expect(ledger.runs).toEqual(['notices', 'digest', 'pulse']);
  });

  it('runs a job whose stored due moment was moved back once, and keeps the others', async () => {
    const s = setup();
    const ledger: Ledger = { runs: [] };
    const clock = new FakeClock(kyiv('2019-07-03T12:00'));
    await s.daemon(clock, jobsOf(ledger)).start();
    const { db } = openDb(s.config.db);
    db.prepare('UPDATE jobs SET next_due_at = ? WHERE name = ?').run(stored('2019-06-03T09:00'), 'notices');
    db.close();
    const d = daemons[0];
    await d.wake();
    await d.wake();
    expect(ledger.runs).toEqual(['notices']);
    expect(nextDue(s.config, 'notices')).toBe(stored('2019-07-04T09:00'));
    expect(nextDue(s.config, 'digest')).toBe(stored('2019-07-08T09:00'));
  });

  it('follows a changed schedule: a new daemon with a sooner time reschedules without running', async () => {
    const s = setup();
    const ledger: Ledger = { runs: [] };
    const clock = new FakeClock(kyiv('2019-07-02T10:00'));
    const first = s.daemon(clock, [job('digest', '0 0 9 * * 1', ledger)]);
    await first.start();
    await first.stop('SIGTERM');
    const second = s.daemon(clock, [job('digest', '0 0 9 * * *', ledger)]);
    await second.start();
    expect(ledger.runs).toEqual([]);
    expect(nextDue(s.config, 'digest')).toBe(stored('2019-07-03T09:00'));
    expect(eventsNamed(s, 'job.scheduled').map((e) => e.reason)).toEqual(['first-seen', 'rescheduled']);
  });

  it('records a failed job with its error and goes on with the next', async () => {
    const s = setup();
    const ledger: Ledger = { runs: [] };
    const clock = new FakeClock(kyiv('2019-07-05T10:00'));
    const failing = job('notices', '0 0 9 * * 1-5', ledger, () => Promise.reject(new OdmonError('E_MAIL', 'the SMTP server refused the login')));
    const d = s.daemon(clock, [failing, job('digest', '0 0 9 * * 1', ledger)]);
    await d.start();
    clock.set('2019-07-08T09:00');
    await d.wake();
    expect(ledger.runs).toEqual(['notices', 'digest']);
    const jobs = inspect(s.config).jobs;
    expect(jobs.map((j) => [j.name, j.lastStatus, j.lastError, j.nextDueAt])).toEqual([
      ['digest', 'ok', null, stored('2019-07-15T09:00')],
      ['notices', 'failed', 'the SMTP server refused the login', stored('2019-07-09T09:00')],
    ]);
    expect(eventsNamed(s, 'job.failed').map((e) => [e.level, e.job, e.error, e.code])).toEqual([
      ['error', 'notices', 'the SMTP server refused the login', 'E_MAIL'],
    ]);
  });

  it('records a skipped job with its reason, as done for that slot', async () => {
    const s = setup();
    const ledger: Ledger = { runs: [] };
    const clock = new FakeClock(kyiv('2019-07-05T10:00'));
    const holiday: Job = { ...job('notices', '0 0 9 * * 1-5', ledger), skip: (_app, now) => `holiday ${now.toISODate()}` };
    const d = s.daemon(clock, [holiday]);
    await d.start();
    clock.set('2019-07-08T09:00');
    await d.wake();
    await d.wake();
    expect(ledger.runs).toEqual([]);
    expect(inspect(s.config).jobs.map((j) => [j.name, j.lastStatus, j.lastError, j.nextDueAt])).toEqual([
      ['notices', 'skipped', 'holiday 2019-07-08', stored('2019-07-09T09:00')],
    ]);
    expect(eventsNamed(s, 'job.skipped').map((e) => [e.job, e.reason])).toEqual([['notices', 'holiday 2019-07-08']]);
  });
});

describe('no overlap', () => {
  it('runs what fell due during a slow job after it, once, however often the daemon was woken', async () => {
    const s = setup();
    const ledger: Ledger = { runs: [] };
    const clock = new FakeClock(kyiv('2019-07-05T10:00'));
    let inFlight = 0;
    let most = 0;
    const g = gate();
    const counted = (run: () => Promise<void>) => async (): Promise<void> => {
      inFlight++;
      most = Math.max(most, inFlight);
      await run();
      inFlight--;
    };
    const quick = job('quick', '20 * * * * *', ledger, counted(() => Promise.resolve()));
    const slow = job('slow', '10 * * * * *', ledger, counted(() => g.promise));
    const d = s.daemon(clock, [quick, slow]);
    await d.start();
    clock.set('2019-07-05T10:00:10');
    const wakes = [d.wake()];
    await sleep(10);
    expect(ledger.runs).toEqual(['slow']);
    // The quick job falls due while the slow one still runs, and the daemon is woken again and again.
    clock.set('2019-07-05T10:00:20');
    for (let i = 0; i < 5; i++) wakes.push(d.wake());
    await sleep(10);
    expect(ledger.runs).toEqual(['slow']);
    g.open();
    await Promise.all(wakes);
    expect(ledger.runs).toEqual(['slow', 'quick']);
    expect(most).toBe(1);
    expect(s.events().filter((e) => String(e.event).startsWith('job.') && e.event !== 'job.scheduled').map((e) => [e.event, e.job])).toEqual([
      ['job.started', 'slow'],
      ['job.finished', 'slow'],
      ['job.started', 'quick'],
      ['job.finished', 'quick'],
    ]);
    // The slow job's next slot is computed from the clock after its run.
    expect(nextDue(s.config, 'slow')).toBe(stored('2019-07-05T10:01:10'));
    await d.wake();
    expect(ledger.runs).toEqual(['slow', 'quick']);
  });

  it('does not start a slow job again when its next slot passes while it runs', async () => {
    const s = setup();
    const ledger: Ledger = { runs: [] };
    const clock = new FakeClock(kyiv('2019-07-05T10:00'));
    const g = gate();
    const d = s.daemon(clock, [job('slow', '*/10 * * * * *', ledger, () => g.promise)]);
    await d.start();
    clock.advance({ seconds: 10 });
    const wakes = [d.wake()];
    await sleep(10);
    clock.advance({ seconds: 15 });
    wakes.push(d.wake(), d.wake());
    g.open();
    await Promise.all(wakes);
    expect(ledger.runs).toEqual(['slow']);
    expect(nextDue(s.config, 'slow')).toBe(stored('2019-07-05T10:00:30'));
  });
});

describe('stop', () => {
  it('lets the job in flight finish, starts no new work, releases the lock and resolves 0', async () => {
    const s = setup();
    const ledger: Ledger = { runs: [] };
    const clock = new FakeClock(kyiv('2019-07-05T10:00'));
    const g = gate();
    const started = gate();
    const slow = job('notices', '0 0 9 * * 1-5', ledger, async () => {
      started.open();
      await g.promise;
    });
    const d = s.daemon(clock, [slow, job('digest', '0 0 9 * * 1', ledger)]);
    await d.start();
    clock.set('2019-07-08T09:00');
    const wake = d.wake();
    await started.promise;
    let code: number | undefined;
    const stopping = d.stop('SIGTERM').then((c) => (code = c));
    await sleep(50);
    expect(code).toBeUndefined();
    await d.wake();
    expect(ledger.runs).toEqual(['notices']);
    g.open();
    await stopping;
    await wake;
    expect(code).toBe(0);
    expect(await d.stopped).toBe(0);
    // The digest was due as well, but the stop came first.
    expect(ledger.runs).toEqual(['notices']);
    const after = inspect(s.config);
    expect(after.lock).toBeNull();
    expect(after.jobs.map((j) => [j.name, j.lastStatus, j.runningSince, j.nextDueAt])).toEqual([
      ['digest', null, null, stored('2019-07-08T09:00')],
      ['notices', 'ok', null, stored('2019-07-09T09:00')],
    ]);
    expect(s.events().slice(-4).map((e) => [e.event, e.jobInFlight ?? e.job ?? e.code])).toEqual([
      ['job.started', 'notices'],
      ['daemon.stopping', true],
      ['job.finished', 'notices'],
      ['daemon.stopped', 0],
    ]);
  });

  it('stops at once when no job is in flight', async () => {
    const s = setup();
    const d = s.daemon(new FakeClock(kyiv('2019-07-05T10:00')), [job('notices', '0 0 9 * * 1-5', { runs: [] })]);
    await d.start();
    expect(await d.stop('SIGINT')).toBe(0);
    expect(s.events().slice(-2)).toEqual([
      expect.objectContaining({ event: 'daemon.stopping', reason: 'SIGINT', jobInFlight: false }),
      expect.objectContaining({ event: 'daemon.stopped', code: 0 }),
    ]);
  });

  it('a second stop (a second signal) waits for the first instead of reporting a clean stop early', async () => {
    const s = setup();
    const ledger: Ledger = { runs: [] };
    const clock = new FakeClock(kyiv('2019-07-05T10:00'));
    const g = gate();
    const d = s.daemon(clock, [job('notices', '0 0 9 * * 1-5', ledger, () => g.promise)]);
    await d.start();
    clock.set('2019-07-08T09:00');
    const wake = d.wake();
    await sleep(10);
    const results: number[] = [];
    const first = d.stop('SIGTERM').then((c) => results.push(c));
    const second = d.stop('SIGINT').then((c) => results.push(c));
    await sleep(50);
    expect(results).toEqual([]);
    g.open();
    await Promise.all([first, second, wake]);
    expect(results).toEqual([0, 0]);
    expect(eventsNamed(s, 'daemon.stopping')).toHaveLength(1);
  });

  it('abandons a job that outlasts stopTimeoutMs, still releases the lock, and resolves 1', async () => {
    const s = setup({ stopTimeoutMs: 100 });
    const ledger: Ledger = { runs: [] };
    const clock = new FakeClock(kyiv('2019-07-05T10:00'));
    const g = gate();
    const d = s.daemon(clock, [job('notices', '0 0 9 * * 1-5', ledger, () => g.promise)]);
    await d.start();
    clock.set('2019-07-08T09:00');
    const wake = d.wake().catch((e: unknown) => e);
    await sleep(10);
    const t0 = Date.now();
    expect(await d.stop('SIGTERM')).toBe(1);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(s.events().slice(-2).map((e) => [e.event, e.ms ?? e.code])).toEqual([
      ['daemon.stop-timeout', 100],
      ['daemon.stopped', 1],
    ]);
    expect(inspect(s.config).lock).toBeNull();
    // The abandoned job's run stays marked as running: the process exits with it.
    expect(inspect(s.config).jobs.map((j) => [j.name, j.runningSince])).toEqual([['notices', stored('2019-07-08T09:00')]]);
    g.open();
    await wake;
  });
});

describe('one instance', () => {
  /** A process that stays alive until the test ends. */
  function liveProcess(): number {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    children.push(child);
    if (child.pid === undefined) throw new Error('could not start a child process');
    return child.pid;
  }

  /** The pid of a process that has exited. */
  function deadPid(): number {
    const r = spawnSync(process.execPath, ['-e', '']);
    expect(r.status).toBe(0);
    return r.pid;
  }

  function holdLock(config: Config, holder: { pid: number; host?: string; heartbeat: string }): void {
    const { db } = openDb(config.db);
    db.prepare('INSERT INTO daemon_lock(id, pid, host, token, started_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?)').run(
      holder.pid,
      holder.host ?? os.hostname(),
      'token-of-the-other-daemon',
      stored('2019-07-05T08:00'),
      stored(holder.heartbeat),
    );
    db.close();
  }

  const NOW = kyiv('2019-07-05T10:00');

  it('refuses a second daemon while a live process on this host holds the lock, naming the pid', () => {
    const s = setup();
    const pid = liveProcess();
    holdLock(s.config, { pid, heartbeat: '2019-07-05T09:59:30' });
    const e = thrownBy(() => s.daemon(new FakeClock(NOW), [])) as OdmonError;
    expect(e).toBeInstanceOf(OdmonError);
    expect(e.code).toBe('E_LOCKED');
    expect(e.exitCode).toBe(73);
    expect(e.message).toBe(
      `базою ${s.config.db} уже користується інший демон odmon: pid ${pid} на ${os.hostname()}, запущено 05.07.2019 08:00, останній сигнал 05.07.2019 09:59`,
    );
    expect(e.hint).toBe(`спершу зупиніть той процес (kill ${pid}); блокування процесу, що завершився аварійно, перебирається само`);
    // The holder keeps its lock, even long after its last heartbeat: on this host a live pid is proof enough.
    expect(inspect(s.config).lock).toEqual(expect.objectContaining({ pid, token: 'token-of-the-other-daemon' }));
    expect(() => s.daemon(new FakeClock(NOW.plus({ hours: 5 })), [])).toThrow(/^базою .* уже користується інший демон odmon: pid \d+ на /);
  });

  it('takes over a lock left by a process that died', async () => {
    const s = setup();
    const pid = deadPid();
    holdLock(s.config, { pid, heartbeat: '2019-07-05T09:59:30' });
    const ledger: Ledger = { runs: [] };
    const d = s.daemon(new FakeClock(NOW), [job('notices', '0 0 9 * * 1-5', ledger)]);
    const lock = inspect(s.config).lock;
    expect(lock).toEqual(expect.objectContaining({ pid: process.pid, host: os.hostname(), startedAt: NOW.toUTC().toISO() }));
    expect(lock?.token).not.toBe('token-of-the-other-daemon');
    await d.start();
    expect(await d.stop('SIGTERM')).toBe(0);
    expect(inspect(s.config).lock).toBeNull();
  });

  const otherHost: [string, string, boolean][] = [
    ['refuses the lock of another host whose last heartbeat is 2 min 59 s old', '2019-07-05T09:57:01', true],
    ['takes over the lock of another host whose last heartbeat is 3 min 1 s old', '2019-07-05T09:56:59', false],
  ];
  it.each(otherHost)('%s', (_what, heartbeat, refused) => {
    const s = setup();
    holdLock(s.config, { pid: 1, host: 'another-host.example', heartbeat });
    if (refused) {
      expect(() => s.daemon(new FakeClock(NOW), [])).toThrow(
        `базою ${s.config.db} уже користується інший демон odmon: pid 1 на another-host.example, запущено 05.07.2019 08:00, останній сигнал 05.07.2019 09:57`,
      );
    } else {
      s.daemon(new FakeClock(NOW), []);
      expect(inspect(s.config).lock).toEqual(expect.objectContaining({ pid: process.pid, host: os.hostname() }));
    }
  });

  it('refreshes the heartbeat on every wake-up', async () => {
    const s = setup();
    const clock = new FakeClock(NOW);
    const d = s.daemon(clock, [job('notices', '0 0 9 * * 1-5', { runs: [] })]);
    await d.start();
    clock.advance({ minutes: 2 });
    await d.wake();
    expect(inspect(s.config).lock).toEqual(expect.objectContaining({ startedAt: NOW.toUTC().toISO(), heartbeatAt: NOW.plus({ minutes: 2 }).toUTC().toISO() }));
  });

  it('a daemon whose lock was taken over stops at its next wake-up instead of running beside the new one', async () => {
    const s = setup();
    const ledger: Ledger = { runs: [] };
    const clock = new FakeClock(NOW);
    const first = s.daemon(clock, [job('notices', '0 0 9 * * 1-5', ledger)]);
    await first.start();
    // A lock whose pid is this very process is taken to be left over (a restarted container reuses pids).
    const second = s.daemon(clock, [job('notices', '0 0 9 * * 1-5', ledger)]);
    clock.set('2019-07-08T09:00');
    await first.wake();
    expect(await first.stopped).toBe(73);
    expect(ledger.runs).toEqual([]);
    expect(eventsNamed(s, 'daemon.lock-lost')).toHaveLength(1);
    await second.start();
    expect(ledger.runs).toEqual(['notices']);
    expect(inspect(s.config).lock).not.toBeNull();
    expect(await second.stop('SIGTERM')).toBe(0);
  });
});

describe('logs', () => {
  it('are one JSON object per line with a time, a level and an event', async () => {
    const s = setup();
    const ledger: Ledger = { runs: [] };
    const clock = new FakeClock(kyiv('2019-07-05T10:00'));
    const d = s.daemon(clock, [job('notices', '0 0 9 * * 1-5', ledger)]);
    await d.start();
    clock.set('2019-07-08T09:00');
    await d.wake();
    await d.stop('SIGTERM');
    for (const line of s.lines) {
      expect(line.endsWith('\n')).toBe(true);
      expect(line.slice(0, -1)).not.toContain('\n');
      const e = JSON.parse(line) as Record<string, unknown>;
      expect(Number.isNaN(Date.parse(String(e.time)))).toBe(false);
      expect(['info', 'warn', 'error']).toContain(e.level);
      expect(typeof e.event).toBe('string');
    }
    expect(s.events().map((e) => e.event)).toEqual([
      'daemon.started',
      'job.scheduled',
      'job.started',
      'job.finished',
      'daemon.stopping',
      'daemon.stopped',
    ]);
    expect(s.events()[0]).toEqual(
      expect.objectContaining({
        pid: process.pid,
        db: s.config.db,
        jobs: [{ name: 'notices', cron: '0 0 9 * * 1-5' }],
        mail: `files in ${s.config.mail.outboxDir}`,
      }),
    );
    expect(eventsNamed(s, 'job.finished')[0]).toEqual(expect.objectContaining({ job: 'notices', items: 1, ms: expect.any(Number) }));
  });
});

describe('the web dashboard in the daemon', () => {
  /** A port nobody listens on now. */
  async function freePort(): Promise<number> {
    const net = await import('node:net');
    return new Promise((resolve, reject) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const a = probe.address();
        probe.close(() => (typeof a === 'object' && a !== null ? resolve(a.port) : reject(new Error('no port'))));
      });
    });
  }

  it('serves the pages of `odmon serve` on web.port while it runs, /admin/ behind the password, and stops serving when stopped', async () => {
    const port = await freePort();
    const s = setup({ env: { ODMON_WEB_PORT: String(port), ODMON_WEB_HOST: '127.0.0.1', ODMON_WEB_ADMIN_PASSWORD: 'daemon-admin-password' } });
    const d = s.daemon(new FakeClock(kyiv('2019-07-05T10:00')), []);
    await d.start();
    const base = `http://127.0.0.1:${port}/`;
    const home = await fetch(base);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<h1>Стан оприлюднення відкритих даних</h1>');
    expect((await fetch(`${base}plan`)).status).toBe(200);
    expect((await fetch(`${base}admin/`)).status).toBe(401);
    const auth = `Basic ${Buffer.from('admin:daemon-admin-password').toString('base64')}`;
    expect((await fetch(`${base}admin/`, { headers: { authorization: auth } })).status).toBe(200);
    expect(eventsNamed(s, 'web.listening')).toEqual([expect.objectContaining({ host: '127.0.0.1', port })]);
    expect(await d.stop('SIGTERM')).toBe(0);
    await expect(fetch(base)).rejects.toThrow();
  });

  it('serves nothing without web.port', async () => {
    const s = setup();
    const d = s.daemon(new FakeClock(kyiv('2019-07-05T10:00')), []);
    await d.start();
    expect(eventsNamed(s, 'web.listening')).toEqual([]);
    expect(await d.stop('SIGTERM')).toBe(0);
  });
});
