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
      'база даних зайнята: інший процес odmon (імпорт, перевірка, notify або демон) тримав блокування запису довше, ніж дозволяє busyTimeoutMs',
      'ця команда нічого не змінила; запустіть її знову, коли інший процес завершиться, або збільште busyTimeoutMs (ODMON_BUSY_TIMEOUT_MS), якщо довгі імпорти звичні',
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return err('E_DB', `у базу даних не можна писати (SQLite: «${said}»)`, 'дозвольте користувачу, від якого працює odmon, писати у файл бази, її файли -wal і -shm та їхню теку');
  }
  if (code === 'SQLITE_FULL') return err('E_DB', `диск із базою даних заповнено (SQLite: «${said}»)`, 'звільніть місце; нічого з цієї команди не записано');
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return err('E_DB', `файл бази даних пошкоджено (SQLite: «${said}»)`, 'відновіть останню резервну копію (її робить odmon backup) або укажіть у --db / ODMON_DB новий файл');
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') {
    return err('E_DB', `базу даних не вдалося прочитати чи записати (SQLite: «${said}»)`, 'перевірте диск і права доступу до файлу бази та її теки');
  }
  return null;
}
