/**
 * Test fixtures for the store: a real SQLite file in a fresh temp directory, created by the real migrations,
 * plus writers for CSV / JSON input files and a dump of every table to compare a database before and after.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { SEED_DIR } from '../../src/paths';
import { seedIfNew } from '../../src/seed/seed';
import { openDb, type Db } from '../../src/store/db';
import { toStoredInstant } from '../../src/time/days';
import { loadFrequencyCatalogue, type FrequencyCatalogue } from '../../src/time/frequency';

import { NOW } from './clock';

export { NOW };

export interface TempDb {
  readonly dir: string;
  readonly file: string;
  readonly db: Db;
}

/** A new, empty folder under the system's temp folder: `odmon-{prefix}-XXXXXX`. */
export function makeTempDir(prefix = 'test'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `odmon-${prefix}-`));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

let counter = 0;

/** Opens a new database file (migrated by openDb) in `dir`, or in a new temp directory. */
export function tempDb(dir: string = makeTempDir()): TempDb {
  counter += 1;
  const file = path.join(dir, `odmon-${process.pid}-${counter}.sqlite`);
  const { db } = openDb(file);
  return { dir, file, db };
}

/** A value of an input row: arrays become `;`-separated cells in CSV and stay arrays in JSON. */
export type Cell = string | number | boolean | null | readonly string[];
export type TableRow = Readonly<Record<string, Cell>>;
export type Format = 'csv' | 'json';

function csvCell(v: Cell): string {
  const s = v === null ? '' : Array.isArray(v) ? v.join(';') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes `text` as `name` in `dir` and returns its path. */
export function writeFixture(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text, 'utf8');
  return file;
}

/**
 * Writes rows as `<base>.csv` (header from `columns` or the first row's keys) or `<base>.json`.
 * JSON is written one element per line, so in both formats row i (0-based) is on line i + 2.
 */
export function writeTable(dir: string, base: string, format: Format, rows: readonly TableRow[], columns?: readonly string[]): string {
  if (format === 'csv') {
    const header = columns ?? Object.keys(rows[0] ?? {});
    const lines = [header.join(','), ...rows.map((r) => header.map((c) => csvCell(r[c] ?? null)).join(','))];
    return writeFixture(dir, `${base}.csv`, `${lines.join('\n')}\n`);
  }
  const body = rows.map((r) => `  ${JSON.stringify(r)}`).join(',\n');
  return writeFixture(dir, `${base}.json`, `[\n${body}\n]\n`);
}

/** Every table's rows in a stable order, plus the schema version: equal dumps mean equal content. */
export function dumpTables(db: Db): string {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const dump: Record<string, unknown> = { user_version: db.pragma('user_version', { simple: true }) };
  for (const t of tables) dump[t] = db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all();
  return JSON.stringify(dump, null, 1);
}

/** The shipped frequency table, as the app loads it. */
export function frequencies(): FrequencyCatalogue {
  return loadFrequencyCatalogue(fs.readFileSync(path.join(SEED_DIR, 'update-frequencies.csv'), 'utf8'));
}

/** The stored (UTC ISO) form of a Kyiv wall-clock time such as `2019-04-01T00:00`. */
export function kyivStored(iso: string): string {
  return toStoredInstant(DateTime.fromISO(iso, { zone: 'Europe/Kyiv' }));
}

/**
 * One temp directory for the whole test file, removed after it; databases opened through it are closed then.
 * Call at the top level of a test file (it registers beforeAll / afterAll).
 */
export function useTempDir(): {
  readonly dir: string;
  db(opts?: { seeded?: boolean }): TempDb;
  write(name: string, text: string): string;
  table(base: string, format: Format, rows: readonly TableRow[], columns?: readonly string[]): string;
} {
  let dir = '';
  const open: Db[] = [];
  beforeAll(() => {
    dir = makeTempDir();
  });
  afterAll(() => {
    for (const db of open) if (db.open) db.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    db(opts = {}) {
      const t = tempDb(dir);
      open.push(t.db);
      if (opts.seeded) seedIfNew(t.db, SEED_DIR, NOW);
      return t;
    },
    write: (name, text) => writeFixture(dir, name, text),
    table: (base, format, rows, columns) => writeTable(dir, base, format, rows, columns),
  };
}

/** The error `fn` throws (fails the test when it throws nothing). */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to throw, but it returned');
}
