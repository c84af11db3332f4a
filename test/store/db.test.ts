import Database from 'better-sqlite3';
import path from 'node:path';
import { OdmonError } from '../../src/errors';
import { getMeta, openDb, setMeta } from '../../src/store/db';
import { MIGRATIONS } from '../../src/store/migrations';
import { dumpTables, thrownBy, useTempDir } from '../helpers/temp-db';

const tmp = useTempDir();

describe('openDb', () => {
  it('creates a new file and applies every migration', () => {
    const file = path.join(tmp.dir, 'new.sqlite');
    const opened = openDb(file);
    try {
      expect(opened).toMatchObject({ created: true, migratedFrom: 0, version: MIGRATIONS.length });
      expect(opened.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      const tables = opened.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
      expect(tables).toEqual(
        expect.arrayContaining(['datasets', 'evaluation_runs', 'findings', 'meta', 'plan_tasks', 'publications', 'stewards']),
      );
    } finally {
      opened.db.close();
    }
  });

  it('turns on WAL, foreign keys and a busy timeout', () => {
    const { db } = openDb(path.join(tmp.dir, 'pragmas.sqlite'));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(30_000);
    } finally {
      db.close();
    }
  });

  it('creates the missing folders of the database path', () => {
    const { db } = openDb(path.join(tmp.dir, 'deep', 'er', 'odmon.sqlite'));
    db.close();
  });

  it('applies nothing when a migrated database is opened again, and keeps its content', () => {
    const file = path.join(tmp.dir, 'reopen.sqlite');
    const first = openDb(file);
    setMeta(first.db, 'marker', 'kept');
    const before = dumpTables(first.db);
    first.db.close();

    const again = openDb(file);
    try {
      expect(again).toMatchObject({ created: false, migratedFrom: MIGRATIONS.length, version: MIGRATIONS.length });
      expect(getMeta(again.db, 'marker')).toBe('kept');
      expect(dumpTables(again.db)).toBe(before);
    } finally {
      again.db.close();
    }
  });

  it('refuses a database from a newer odmon with E_DB and leaves its version alone', () => {
    const file = path.join(tmp.dir, 'newer.sqlite');
    const made = openDb(file).db;
    made.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    made.close();

    const error = thrownBy(() => openDb(file).db.close());
    expect(error).toBeInstanceOf(OdmonError);
    expect(error).toMatchObject({
      code: 'E_DB',
      exitCode: 74,
      message: `база даних ${file} має версію схеми ${MIGRATIONS.length + 1}, новішу за відому цьому odmon (${MIGRATIONS.length})`,
    });

    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
    check.close();
  });

  it('refuses a file that is not an SQLite database with E_DB', () => {
    const file = tmp.write('not-a-db.sqlite', 'this is plain text, not a database\n'.repeat(100));
    expect(thrownBy(() => openDb(file).db.close())).toMatchObject({ code: 'E_DB' });
  });
});

describe('meta', () => {
  it('returns null for a key never set and the latest value for one set twice', () => {
    const { db } = tmp.db();
    expect(getMeta(db, 'seeded_at')).toBeNull();
    setMeta(db, 'seeded_at', 'a');
    setMeta(db, 'seeded_at', 'b');
    expect(getMeta(db, 'seeded_at')).toBe('b');
  });
});
