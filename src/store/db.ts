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

/**
 * Opens (creating if needed) the SQLite file and applies pending migrations.
 * WAL lets `odmon status` read while the daemon writes; the busy timeout lets short writers wait for each other.
 */
export function openDb(file: string): OpenResult {
  if (file !== ':memory:') {
    try {
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    } catch (cause) {
      throw new OdmonError('E_DB', `cannot create the folder for the database ${file}`, {
        hint: 'check the path given by --db or ODMON_DB and its permissions',
        cause,
      });
    }
  }
  let db: Db;
  let from: number;
  try {
    db = new Database(file);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    from = db.pragma('user_version', { simple: true }) as number;
  } catch (cause) {
    throw new OdmonError('E_DB', `cannot open the database ${file}: ${(cause as Error).message}`, {
      hint: 'check that the file is an SQLite database and that odmon may write to it',
      cause,
    });
  }
  if (from > MIGRATIONS.length) {
    db.close();
    throw new OdmonError(
      'E_DB',
      `the database ${file} has schema version ${from}, newer than this odmon knows (${MIGRATIONS.length})`,
      { hint: 'upgrade odmon, or point --db at another file' },
    );
  }
  // WAL lets readers work beside the writer; set only once the schema is known, so a refused file is left as it was.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
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
