/**
 * What SQLite's errors mean for the person running odmon. A busy database, a read-only or full disk, a damaged
 * file: each is a fault of the environment, with a code and a hint, never E_INTERNAL ("a bug, report it").
 */
import { OdmonError } from '../errors';

/** The error as a user error when it is one of SQLite's environmental faults; null for anything else. */
export function storeErrorOf(e: unknown): OdmonError | null {
  if (e instanceof OdmonError || typeof e !== 'object' || e === null) return null;
  const code = (e as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  const said = (e as Error).message;
  const err = (c: 'E_BUSY' | 'E_DB', message: string, hint: string): OdmonError => new OdmonError(c, message, { hint, cause: e });
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return err(
      'E_BUSY',
      'the database is busy: another odmon process (an import, a check, a notify or the daemon) held its write lock longer than the busy timeout',
      'nothing was changed by this command; run it again once the other has finished, or raise busyTimeoutMs (ODMON_BUSY_TIMEOUT_MS) if long imports are usual',
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return err('E_DB', `the database cannot be written: ${said}`, 'let the user that runs odmon write to the database file, its -wal and -shm files and their folder');
  }
  if (code === 'SQLITE_FULL') return err('E_DB', `the disk holding the database is full: ${said}`, 'free some space; nothing of this command was recorded');
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return err('E_DB', `the database file is damaged: ${said}`, 'restore the latest backup (odmon backup makes one), or point --db / ODMON_DB at a new file');
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') {
    return err('E_DB', `the database could not be read or written: ${said}`, 'check the disk and the permissions of the database file and its folder');
  }
  return null;
}
