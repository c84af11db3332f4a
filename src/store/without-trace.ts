import type { Db } from './db';

/**
 * Runs `run` so that nothing it writes is kept: the one rollback behind every dry run and trial (a check, notify
 * or sync whose --now is a trial, `notify --dry-run`, `sync --dry-run`). The run happens inside one IMMEDIATE
 * transaction that is rolled back, so findings, episodes, notice state, portal evidence and history stay exactly
 * as they were; transactions opened inside it (db.transaction, the recording of findings) become savepoints of it.
 * Inside a caller's transaction it is a savepoint of that one, rolled back the same way.
 */
export async function withoutTrace<T>(db: Db, run: () => Promise<T> | T): Promise<T> {
  const nested = db.inTransaction;
  db.exec(nested ? 'SAVEPOINT without_trace' : 'BEGIN IMMEDIATE');
  try {
    return await run();
  } finally {
    if (nested) {
      if (db.inTransaction) db.exec('ROLLBACK TO without_trace; RELEASE without_trace');
    } else if (db.inTransaction) db.exec('ROLLBACK');
  }
}
