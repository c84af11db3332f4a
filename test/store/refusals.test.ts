/**
 * Databases odmon must not write: a read-only file (or folder, or -wal/-shm left read-only), and another
 * application's SQLite file. Each is refused with E_DB before anything is written, and nothing is left behind.
 * Read-only files mean nothing to root, so as root the CLI runs as `nobody`, as an unprivileged service would.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ensureBuilt } from '../e2e/build';
import { makeTempDir } from '../helpers/temp-db';

const AS_ROOT = process.getuid?.() === 0;
const USER = AS_ROOT ? { uid: 65534, gid: 65534 } : {};
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ODMON_')));

let root = '';
let cli = '';
let n = 0;
beforeAll(() => {
  cli = ensureBuilt();
  root = makeTempDir('refusals');
  fs.chmodSync(root, 0o755);
}, 120_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A folder the CLI's user owns. */
function folder(): string {
  const dir = path.join(root, `case-${++n}`);
  fs.mkdirSync(dir);
  if (AS_ROOT) fs.chownSync(dir, 65534, 65534);
  return dir;
}

function odmon(db: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: path.dirname(db), env: { ...cleanEnv, ODMON_DB: db, HOME: os.tmpdir() }, encoding: 'utf8', ...USER });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const filesIn = (dir: string): string[] => fs.readdirSync(dir).sort();

describe('a database odmon may not write', () => {
  it('a read-only file is refused with E_DB, and no -wal or -shm file is left', () => {
    const dir = folder();
    const db = path.join(dir, 'odmon.sqlite');
    expect(odmon(db, ['init']).status).toBe(0);
    expect(filesIn(dir)).toEqual(['odmon.sqlite']);
    fs.chmodSync(db, 0o444);
    const before = fs.readFileSync(db);
    for (const args of [['check', '--now', '2019-07-01'], ['status']]) {
      const r = odmon(db, args);
      expect(r).toEqual({
        status: 74,
        stdout: '',
        stderr:
          `error[E_DB]: у базу даних не можна писати: цей користувач може лише читати ${db}\n` +
          'hint: odmon записує в базу кожен запуск: дозвольте запис (chmod u+w) або запускайте odmon від імені власника; нічого не змінено\n',
      });
    }
    expect(filesIn(dir)).toEqual(['odmon.sqlite']);
    expect(fs.readFileSync(db).equals(before)).toBe(true);
  });

  it('-wal and -shm files left read-only are named', () => {
    const dir = folder();
    const db = path.join(dir, 'odmon.sqlite');
    expect(odmon(db, ['init']).status).toBe(0);
    for (const f of [`${db}-wal`, `${db}-shm`]) {
      fs.writeFileSync(f, '');
      if (AS_ROOT) fs.chownSync(f, 65534, 65534);
      fs.chmodSync(f, 0o444);
    }
    const r = odmon(db, ['check']);
    expect(r.status).toBe(74);
    expect(r.stderr).toBe(
      `error[E_DB]: у базу даних не можна писати: цей користувач може лише читати ${db}-wal, ${db}-shm\n` +
        'hint: odmon записує в базу кожен запуск: дозвольте запис (chmod u+w) або запускайте odmon від імені власника; нічого не змінено\n',
    );
  });

  it('a folder it may not write is refused with E_DB', () => {
    const dir = folder();
    const db = path.join(dir, 'odmon.sqlite');
    expect(odmon(db, ['init']).status).toBe(0);
    fs.chmodSync(dir, 0o555);
    try {
      const r = odmon(db, ['check']);
      expect(r.status).toBe(74);
      expect(r.stderr).toBe(
        `error[E_DB]: у теку бази даних ${dir} цей користувач не може писати\n` +
          'hint: SQLite тримає файли -wal і -shm поруч із базою: дозвольте користувачу, від якого працює odmon, писати в теку (chown або chmod) або укажіть іншу --db / ODMON_DB\n',
      );
    } finally {
      fs.chmodSync(dir, 0o755);
    }
  });
});

describe("another application's SQLite file", () => {
  it.each<[string, (db: Database.Database) => void]>([
    ['without a schema version', (db) => db.exec('CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO contacts(name) VALUES (\'Олена\')')],
    ['with a schema version of its own', (db) => db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); PRAGMA user_version = 3')],
  ])('%s is refused before anything is written', (_what, make) => {
    const dir = folder();
    const file = path.join(dir, 'crm.sqlite');
    const other = new Database(file);
    make(other);
    other.close();
    if (AS_ROOT) fs.chownSync(file, 65534, 65534);
    const before = fs.readFileSync(file);
    const r = odmon(file, ['init', '--example']);
    expect(r.status).toBe(74);
    expect(r.stderr).toMatch(new RegExp(`^error\\[E_DB\\]: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} — база SQLite іншої програми \\(таблиці: (contacts|invoices)\\); odmon її не змінював\\n`));
    expect(r.stderr).toContain('hint: odmon тримає дані в окремому файлі: укажіть у --db або ODMON_DB новий файл (наприклад, data/odmon.sqlite)\n');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(filesIn(dir)).toEqual(['crm.sqlite']);
  });
});
