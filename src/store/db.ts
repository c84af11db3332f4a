import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { OdmonError } from '../errors';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

export interface OpenResult {
  readonly db: Db;
  /** True when the file did not exist (or had no schema) before this open. */
  readonly created: boolean;
  readonly migratedFrom: number;
  readonly version: number;
}

/** How long a writer waits for another process's write lock before E_BUSY, by default. */
export const DEFAULT_BUSY_TIMEOUT_MS = 30_000;

/** Tables every odmon database has had since its first migration: a file without them is not odmon's. */
const ODMON_TABLES = ['meta', 'stewards', 'datasets', 'findings'];

export interface OpenOptions {
  /** How long to wait for another process's write lock (SQLite's busy timeout). */
  readonly busyTimeoutMs?: number;
}

/**
 * odmon writes at every run, and SQLite in WAL mode writes `-wal` and `-shm` files beside the database: a file or
 * folder odmon may not write is refused before SQLite opens it, which would otherwise leave those files behind
 * with the database's read-only mode, and fail later on the first write.
 */
function checkWritable(file: string): void {
  const w = (p: string): boolean => {
    try {
      fs.accessSync(p, fs.constants.W_OK);
      return true;
    } catch {
      return false;
    }
  };
  const dir = path.dirname(file);
  if (!w(dir)) {
    throw new OdmonError('E_DB', `у теку бази даних ${dir} цей користувач не може писати`, {
      hint: 'SQLite тримає файли -wal і -shm поруч із базою: дозвольте користувачу, від якого працює odmon, писати в теку (chown або chmod) або укажіть іншу --db / ODMON_DB',
    });
  }
  const readOnly = [file, `${file}-wal`, `${file}-shm`].filter((f) => fs.existsSync(f) && !w(f));
  if (readOnly.length > 0) {
    throw new OdmonError('E_DB', `у базу даних не можна писати: цей користувач може лише читати ${readOnly.join(', ')}`, {
      hint: 'odmon записує в базу кожен запуск: дозвольте запис (chmod u+w) або запускайте odmon від імені власника; нічого не змінено',
    });
  }
}

/**
 * Every transaction odmon opens with `db.transaction(…)` starts IMMEDIATE: it takes the write lock first, so it
 * waits for another writer within the busy timeout. A DEFERRED one (better-sqlite3's default) that reads and
 * then writes fails at once with "database is locked" while another process writes, whatever the timeout:
 * SQLite cannot wait for the lock while holding a read snapshot. `.deferred` stays available by name.
 */
function immediateByDefault(db: Db): void {
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: (...args: unknown[]) => unknown) => transaction(fn).immediate) as Db['transaction'];
}

/**
 * Opens (creating if needed) the SQLite file and applies pending migrations.
 * WAL lets `odmon status` read while the daemon writes; writers wait for each other up to the busy timeout.
 * Nothing is written to a file that is not odmon's, nor to one this user may not write.
 */
export function openDb(file: string, opts: OpenOptions = {}): OpenResult {
  if (file !== ':memory:') {
    try {
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    } catch (cause) {
      throw new OdmonError('E_DB', `не вдалося створити теку для бази даних ${file}`, {
        hint: 'перевірте шлях у --db або ODMON_DB і права доступу',
        cause,
      });
    }
    checkWritable(path.resolve(file));
  }
  let db: Db;
  let from: number;
  let tables: string[];
  try {
    db = new Database(file);
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
    from = db.pragma('user_version', { simple: true }) as number;
    tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  } catch (cause) {
    throw new OdmonError('E_DB', `не вдалося відкрити базу даних ${file} (SQLite: «${(cause as Error).message}»)`, {
      hint: 'перевірте, що це файл бази SQLite і odmon може в нього писати',
      cause,
    });
  }
  const odmons = from === 0 ? tables.length === 0 : ODMON_TABLES.every((t) => tables.includes(t));
  if (!odmons) {
    db.close();
    const shown = tables.slice(0, 8).join(', ') + (tables.length > 8 ? `, … (${tables.length} tables)` : '');
    throw new OdmonError('E_DB', `${file} — база SQLite іншої програми (таблиці: ${shown || 'жодної з таблиць odmon'}); odmon її не змінював`, {
      hint: 'odmon тримає дані в окремому файлі: укажіть у --db або ODMON_DB новий файл (наприклад, data/odmon.sqlite)',
    });
  }
  immediateByDefault(db);
  if (from > MIGRATIONS.length) {
    db.close();
    throw new OdmonError(
      'E_DB',
      `база даних ${file} має версію схеми ${from}, новішу за відому цьому odmon (${MIGRATIONS.length})`,
      { hint: 'оновіть odmon або укажіть у --db інший файл' },
    );
  }
  // WAL lets readers work beside the writer; set only once the schema is known, so a refused file is left as it was.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Statement journals and sorts in memory, not in temporary files: a statement that fires a trigger (every change
  // of a dataset notes it for the next check, migration 9) keeps a statement journal, and on a file that cost an
  // import of 200,000 rows 3.4 million writes (4 s of system time); in memory it costs nothing to speak of.
  db.pragma('temp_store = MEMORY');
  for (let v = from; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return { db, created: from === 0, migratedFrom: from, version: MIGRATIONS.length };
}

export function getMeta(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? row.value : null;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
