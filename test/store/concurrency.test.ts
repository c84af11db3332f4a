/**
 * SQLite never fails on a lock within the busy timeout. Another process holds the write lock (as a long import
 * or the daemon's check does) while odmon commands run here; and real CLI processes — imports, checks, notifies,
 * suspensions — run side by side on one database. A lock held past the timeout is E_BUSY, not E_INTERNAL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Io } from '../../src/cli/io';
import { run } from '../../src/cli/main';
import { EXAMPLE_DIR } from '../../src/paths';
import { openDb } from '../../src/store/db';
import { ensureBuilt } from '../e2e/build';
import { dumpTables, makeTempDir } from '../helpers/temp-db';
import { cleanEnv } from '../helpers/cli';

jest.setTimeout(60_000);

let root = '';
let n = 0;
const children: ChildProcess[] = [];
beforeAll(() => {
  root = makeTempDir();
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));


interface Place {
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly db: string;
}

/** A database with the example register and a first check, made by the CLI itself. */
async function place(): Promise<Place> {
  const cwd = path.join(root, `case-${++n}`);
  fs.mkdirSync(cwd);
  fs.writeFileSync(path.join(cwd, 'odmon.config.json'), '{}');
  const db = path.join(cwd, 'odmon.sqlite');
  const p = { cwd, db, env: { ODMON_DB: db, ODMON_OUTBOX_DIR: path.join(cwd, 'outbox'), ODMON_ACTOR: 'it-head' } };
  expect((await odmon(p, ['init', '--example', '--now', '2026-11-01'])).code).toBe(0);
  return p;
}

async function odmon(p: Place, argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), env: { ...p.env, ...env }, cwd: p.cwd };
  const code = await run(argv, io);
  return { code, out, err };
}

/**
 * Another process takes the database's write lock (BEGIN IMMEDIATE and a write, as an import does) and holds it
 * for `ms`; resolves once the lock is held.
 */
async function holdWriteLock(db: string, ms: number): Promise<{ done: Promise<number | null> }> {
  const script = `
    const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
    const db = new Database(${JSON.stringify(db)});
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT INTO meta(key, value) VALUES ('held_by_test', '1') ON CONFLICT(key) DO UPDATE SET value = value + 1").run();
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${ms});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const done = new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => d.includes('locked') && resolve());
    child.on('close', () => reject(new Error('the lock holder ended before taking the lock')));
  });
  return { done };
}

describe('while another process holds the write lock for a moment', () => {
  it.each<[string, string[]]>([
    ['a check that closes a quarter (its snapshot, then the findings)', ['check', '--now', '2027-01-05T09:00']],
    ['a notify', ['notify', '--now', '2026-11-27T09:00']],
    ['a suspension (read, then write, in one transaction)', ['suspend', 'r835-all-01', '--basis', 'Постанова КМУ № 263', '--review-by', '2026-12-31', '--now', '2026-11-27T09:00']],
    ['a plan task marked done', ['task', 'done', '1.1', '--at', '2019-01-15', '--now', '2026-11-27T09:00']],
    ['an import', ['import', 'publications', path.join(EXAMPLE_DIR, 'publications.csv'), '--now', '2026-11-27T09:00']],
  ])('%s waits for it and succeeds', async (_what, argv) => {
    const p = await place();
    const holder = await holdWriteLock(p.db, 700);
    const r = await odmon(p, argv);
    expect(r.err).not.toMatch(/error\[/);
    expect(r.code).toBe(0);
    expect(await holder.done).toBe(0);
  });
});

describe('a lock held past the busy timeout', () => {
  it('is E_BUSY with a hint, exit 75, and the command changed nothing', async () => {
    const p = await place();
    const before = (): string => {
      const { db } = openDb(p.db);
      try {
        const all = JSON.parse(dumpTables(db)) as { meta: { key: string }[] };
        all.meta = all.meta.filter((m) => m.key !== 'held_by_test'); // the lock holder's own write
        return JSON.stringify(all);
      } finally {
        db.close();
      }
    };
    const dump = before();
    const holder = await holdWriteLock(p.db, 4000);
    const r = await odmon(p, ['suspend', 'r835-all-01', '--basis', 'Постанова КМУ № 263', '--review-by', '2026-12-31', '--now', '2026-11-27T09:00'], {
      ODMON_BUSY_TIMEOUT_MS: '300',
    });
    expect(r).toEqual({
      code: 75,
      out: '',
      err:
        'error[E_BUSY]: база даних зайнята: інший процес odmon (імпорт, перевірка, notify або демон) тримав блокування запису довше, ніж дозволяє busyTimeoutMs\n' +
        'hint: ця команда нічого не змінила; запустіть її знову, коли інший процес завершиться, або збільште busyTimeoutMs (ODMON_BUSY_TIMEOUT_MS), якщо довгі імпорти звичні\n',
    });
    await holder.done;
    expect(before()).toBe(dump);
  });
});

describe('CLI processes side by side on one database', () => {
  it('imports, checks, notifies and suspensions all succeed', async () => {
    const cli = ensureBuilt();
    const p = await place();
    const jobs: string[][] = [];
    for (let i = 0; i < 4; i++) {
      jobs.push(['import', 'datasets', path.join(EXAMPLE_DIR, 'datasets.csv')]);
      jobs.push(['check', '--now', '2026-11-27T09:00']);
      jobs.push(['notify', '--now', '2026-11-27T09:00']);
      jobs.push(i % 2 === 0 ? ['snooze', '--steward', 'finance', '--until', '2027-01-01', '--reason', 'перевірка'] : ['task', 'done', '1.1', '--at', '2019-01-15']);
    }
    const results = await Promise.all(
      jobs.map(
        (args) =>
          new Promise<{ args: string; code: number | null; err: string }>((resolve) => {
            const child = spawn(process.execPath, [cli, ...args], { cwd: p.cwd, env: { ...cleanEnv, ...p.env }, stdio: ['ignore', 'ignore', 'pipe'] });
            children.push(child);
            let err = '';
            child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
            child.on('close', (code) => resolve({ args: args.slice(0, 2).join(' '), code, err }));
          }),
      ),
    );
    // A second snooze of the same steward is refused as a duplicate (E_INPUT): an answer, not a lock failure.
    const failures = results.filter((r) => r.code !== 0 && !(r.args.startsWith('snooze') && r.err.startsWith('error[E_INPUT]')));
    expect(failures).toEqual([]);
  });
});
