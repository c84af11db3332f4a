/**
 * `npm start` stopped the way a container or a process manager stops it: SIGTERM to npm. npm passes the signal
 * to its script's process, and the script `exec`s odmon, so odmon itself gets it, stops cleanly and releases
 * its lock — instead of npm dying and leaving odmon running as an orphan that keeps the lock.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ensureBuilt, PACKAGE_ROOT } from './build';
import { makeTempDir } from '../helpers/temp-db';

jest.setTimeout(60_000);

const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ODMON_') && !k.startsWith('npm_')));

let root = '';
beforeAll(() => {
  ensureBuilt();
  root = makeTempDir('npm-start');
}, 120_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('SIGTERM to npm start stops odmon cleanly and releases the lock', async () => {
  const config = path.join(root, 'odmon.config.json');
  fs.writeFileSync(config, JSON.stringify({ schedule: { heartbeat: '0 0 1 1 *' } }));
  const db = path.join(root, 'odmon.sqlite');
  const env = { ...cleanEnv, ODMON_CONFIG: config, ODMON_DB: db, ODMON_OUTBOX_DIR: path.join(root, 'outbox') };
  const npm = spawn('npm', ['start', '--silent'], { cwd: PACKAGE_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  npm.stdout.setEncoding('utf8').on('data', (d: string) => (log += d));
  npm.stderr.setEncoding('utf8').on('data', (d: string) => (log += d));
  // 'exit', not 'close': an orphaned odmon would keep npm's pipes open for ever.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => npm.on('exit', (code, signal) => resolve({ code, signal })));
  const within = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
    Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} within ${ms} ms:\n${log}`)), ms).unref())]);
  let daemonPid = 0;
  try {
    for (let waited = 0; !log.includes('"event":"daemon.started"'); waited += 100) {
      if (waited > 30_000 || npm.exitCode !== null) throw new Error(`the daemon did not start:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const started = log.split('\n').find((l) => l.includes('"event":"daemon.started"')) as string;
    daemonPid = (JSON.parse(started) as { pid: number }).pid;
    expect(daemonPid).not.toBe(npm.pid);

    npm.kill('SIGTERM');
    const exit = await within(exited, 15_000, 'npm did not exit');
    expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
    for (let waited = 0; alive(daemonPid) && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(daemonPid)).toBe(false);
    expect(log).toContain('"event":"daemon.stopping","reason":"SIGTERM"');
    expect(log).toContain('"event":"daemon.stopped","code":0');
    const check = new Database(db, { readonly: true });
    try {
      expect(check.prepare('SELECT count(*) FROM daemon_lock').pluck().get()).toBe(0);
    } finally {
      check.close();
    }
  } finally {
    if (npm.exitCode === null) npm.kill('SIGKILL');
    if (daemonPid > 0 && alive(daemonPid)) process.kill(daemonPid, 'SIGKILL');
    npm.stdout.destroy();
    npm.stderr.destroy();
  }
});
