/**
 * `odmon status` as a monitor calls it: exit 0 only when the monitor works. A job whose last run failed (every
 * day, so it is never overdue), a daemon that died with its lock in place or went silent, and a job left
 * "running" by an interrupted stop each give exit 2 and a sentence saying why.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Io } from '../../src/cli/io';
import { run } from '../../src/cli/main';
import { loadConfig, type Config } from '../../src/config/config';
import { Daemon, defaultJobs, type Job } from '../../src/daemon/daemon';
import { OdmonError } from '../../src/errors';
import { jsonLogger } from '../../src/log';
import { openDb, type Db } from '../../src/store/db';
import { listJobs } from '../../src/store/jobs';
import { toStoredInstant } from '../../src/time/days';
import { TestSmtpServer } from '../helpers/smtp';
import { makeTempDir } from '../helpers/temp-db';
import { CONFIG_FILE, openRegister, scenario } from '../notify/register';
import { kyiv, FakeClock } from '../helpers/clock';


let root = '';
let n = 0;
beforeAll(() => {
  root = makeTempDir();
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

interface Place {
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly config: Config;
}

function place(env: Record<string, string> = {}): Place {
  const cwd = path.join(root, `case-${++n}`);
  fs.mkdirSync(cwd);
  const configFile = path.join(cwd, 'odmon.config.json');
  fs.writeFileSync(configFile, JSON.stringify({ schedule: { heartbeat: '0 0 1 1 *' } }));
  const all = { ODMON_CONFIG: configFile, ODMON_DB: path.join(cwd, 'odmon.sqlite'), ODMON_OUTBOX_DIR: path.join(cwd, 'outbox'), ...env };
  return { cwd, env: all, config: loadConfig({ env: all, cwd }) };
}

async function status(p: Place, now: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), env: p.env, cwd: p.cwd };
  const code = await run(['status', '--now', now], io);
  return { code, out, err };
}

function withDb<T>(p: Place, fn: (db: Db) => T): T {
  const { db } = openDb(p.config.db);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Runs the daemon on the fake clock: start just before `day` 09:00, wake at 09:00, stop. */
async function morning(p: Place, day: string, jobs?: readonly Job[], config: Config = p.config): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const clock = new FakeClock(kyiv(`${day}T08:59:59`));
  const daemon = new Daemon({ config, clock, log: jsonLogger((l) => lines.push(l)), jobs });
  await daemon.start();
  clock.at = kyiv(`${day}T09:00`);
  await daemon.wake();
  expect(await daemon.stop('test over')).toBe(0);
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

const failingNotify: Job = {
  name: 'notify',
  cron: '0 9 * * 1-5',
  skip: () => null,
  run: async () => {
    throw new OdmonError('E_PORTAL', 'з порталу https://data.gov.ua нічого не прочитано');
  },
};

describe('odmon status', () => {
  it('exits 0 and shows a job as running only while a live daemon runs it', async () => {
    const p = place();
    await morning(p, '2019-07-01', [{ ...failingNotify, run: async () => ({ sent: 1 }) }]);
    const ok = await status(p, '2019-07-01T09:05');
    expect(ok).toEqual({ code: 0, out: expect.stringMatching(/^Демон: не працює\.\nЗавдання «повідомлення розпорядникам»: востаннє 01\.07\.2019 09:00, успішно · наступне: 02\.07\.2019 09:00\n/), err: '' });
    // A live daemon (this very process, beating now) running notify.
    withDb(p, (db) => {
      db.prepare('INSERT INTO daemon_lock(id, pid, host, token, started_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?)').run(
        process.pid, os.hostname(), 't', toStoredInstant(kyiv('2019-07-01T08:00')), new Date().toISOString(),
      );
      db.prepare("UPDATE jobs SET running_since = ? WHERE name = 'notify'").run(toStoredInstant(kyiv('2019-07-02T09:00')));
    });
    const live = await status(p, '2019-07-02T09:01');
    expect(live.code).toBe(0);
    expect(live.out).toMatch(new RegExp(`^Демон: працює, pid ${process.pid} на `));
    expect(live.out).toContain(' · виконується з 02.07.2019 09:00\n');
  });

  it('exits 2 and says why when the last run of a job failed, day after day, though nothing is overdue', async () => {
    const p = place();
    for (const day of ['2019-07-01', '2019-07-02', '2019-07-03']) {
      const events = await morning(p, day, [failingNotify]);
      expect(events.filter((e) => e.event === 'job.failed')).toHaveLength(1);
    }
    const r = await status(p, '2019-07-03T09:05');
    expect(r.code).toBe(2);
    expect(r.out).toContain(
      'Завдання «повідомлення розпорядникам»: востаннє 03.07.2019 09:00, з помилкою («з порталу https://data.gov.ua нічого не прочитано») · наступне: 04.07.2019 09:00 · ОСТАННІЙ ЗАПУСК НЕВДАЛИЙ\n',
    );
    expect(r.out).not.toContain('ПРОСТРОЧЕНО');
    expect(r.err).toBe(
      'error: завдання «повідомлення розпорядникам»: останній запуск (03.07.2019 09:00) не вдався. Причина: «з порталу https://data.gov.ua нічого не прочитано»\n' +
        'hint: запустіть демон (systemctl start odmon або npm start) і перегляньте його журнал (journalctl -u odmon); невдале завдання запуститься знову в свій наступний час\n',
    );
  });

  it('exits 2 when the notices could not be sent (the SMTP server refused the login)', async () => {
    const server = await TestSmtpServer.start({ auth: { user: 'odmon', password: 'right' } });
    try {
      const s = scenario(root, `mail-${++n}`, server.port);
      fs.writeFileSync(s.env.ODMON_CONFIG, JSON.stringify({ ...CONFIG_FILE, schedule: { heartbeat: '0 0 1 1 *' } }));
      const env = { ...s.env, ODMON_SMTP_URL: `smtp://odmon:wrong@127.0.0.1:${server.port}` };
      openRegister(s, {}, env).close();
      const p: Place = { cwd: s.cwd, env, config: loadConfig({ env, cwd: s.cwd }) };
      const events = await morning(p, '2019-07-01', defaultJobs(p.config));
      expect(events.find((e) => e.event === 'job.finished' && e.job === 'notify')).toEqual(expect.objectContaining({ level: 'warn' }));
      const r = await status(p, '2019-07-01T09:05');
      expect(r.code).toBe(2);
      // Monday: the digest ran too, and failed the same way.
      for (const job of ['щотижневий огляд', 'повідомлення розпорядникам']) {
        expect(r.err).toMatch(new RegExp(`^error: завдання «${job}»: останній запуск \\(01\\.07\\.2019 09:00\\) не вдався\\. Причина: «не вдалося надіслати \\(smtp://odmon:\\*\\*\\*@127\\.0\\.0\\.1:\\d+\\): сервер SMTP не прийняв ім’я користувача й пароль`, 'm'));
      }
      expect(r.err).not.toContain('wrong');
    } finally {
      await server.stop();
    }
  });

  it('exits 2 when the daemon died with its lock in place, and shows its job as interrupted, not running', async () => {
    const p = place();
    await morning(p, '2019-07-01', [{ ...failingNotify, run: async () => ({ sent: 1 }) }]);
    const gone = spawnSync(process.execPath, ['-e', '0']).pid as number;
    withDb(p, (db) => {
      db.prepare('INSERT INTO daemon_lock(id, pid, host, token, started_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?)').run(
        gone, os.hostname(), 't', toStoredInstant(kyiv('2019-07-02T08:00')), toStoredInstant(kyiv('2019-07-02T09:00')),
      );
      db.prepare("UPDATE jobs SET running_since = ? WHERE name = 'notify'").run(toStoredInstant(kyiv('2019-07-02T09:00')));
    });
    const r = await status(p, '2019-07-02T09:05');
    expect(r.code).toBe(2);
    expect(r.out).toMatch(new RegExp(`^Демон: НЕ ПРАЦЮЄ, хоча не зупинився як слід \\(pid ${gone} на [^,]+, останній сигнал 02\\.07\\.2019 09:00\\): його процесу \\(pid ${gone}\\) немає\\.\\n`));
    expect(r.out).toContain(' · ПЕРЕРВАНО 02.07.2019 09:00\n');
    expect(r.out).not.toContain('виконується з');
    expect(r.err.split('\n')).toEqual([
      `error: демон не працює, хоча база даних показує, що працює (pid ${gone} на ${os.hostname()}, останній сигнал 02.07.2019 09:00): його процесу (pid ${gone}) немає`,
      'error: завдання «повідомлення розпорядникам»: запуск, почато 02.07.2019 09:00, перервано (демон зупинився, не завершивши його)',
      'hint: запустіть демон (systemctl start odmon або npm start) і перегляньте його журнал (journalctl -u odmon); невдале завдання запуститься знову в свій наступний час',
      '',
    ]);
  });

  it("exits 2 when another host's daemon has been silent for more than 3 minutes", async () => {
    const p = place();
    withDb(p, (db) => {
      db.prepare('INSERT INTO daemon_lock(id, pid, host, token, started_at, heartbeat_at) VALUES (1, 4242, ?, ?, ?, ?)').run(
        'backup-server', 't', toStoredInstant(kyiv('2019-07-01T08:00')), new Date(Date.now() - 10 * 60_000).toISOString(),
      );
    });
    const r = await status(p, '2019-07-01T09:05');
    expect(r.code).toBe(2);
    expect(r.out).toContain('Демон: НЕ ПРАЦЮЄ, хоча не зупинився як слід (pid 4242 на backup-server, останній сигнал ');
    expect(r.out).toContain('): останній сигнал був 10 хв тому.\n');
  });
});

describe('a daemon started after an interrupted stop', () => {
  it('clears the run left marked running, says so in its log, and runs that job again', async () => {
    const p = place();
    const ran: string[] = [];
    const notify: Job = { ...failingNotify, run: async (_app, now) => (ran.push(now.toISO() ?? ''), { sent: 0 }) };
    await morning(p, '2019-07-01', [notify]);
    // The next morning's run was cut off: begun, never finished, still due.
    withDb(p, (db) => db.prepare("UPDATE jobs SET running_since = ?, next_due_at = ? WHERE name = 'notify'").run(toStoredInstant(kyiv('2019-07-02T09:00')), toStoredInstant(kyiv('2019-07-02T09:00'))));
    const lines: string[] = [];
    const daemon = new Daemon({ config: p.config, clock: new FakeClock(kyiv('2019-07-02T09:30')), log: jsonLogger((l) => lines.push(l)), jobs: [notify] });
    await daemon.start();
    await daemon.stop('test over');
    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.find((e) => e.event === 'job.interrupted')).toEqual(expect.objectContaining({ level: 'warn', job: 'notify', startedAt: toStoredInstant(kyiv('2019-07-02T09:00')) }));
    expect(ran).toHaveLength(2);
    expect(withDb(p, (db) => listJobs(db).map((j) => [j.name, j.lastStatus, j.runningSince]))).toEqual([['notify', 'ok', null]]);
  });
});
