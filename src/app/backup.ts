/** `odmon backup FILE`: SQLite's online backup, consistent even while the daemon writes. */
import fs from 'node:fs';
import path from 'node:path';
import type { App } from '../app';
import { OdmonError } from '../errors';

/** True when `file` is the database or one of SQLite's files beside it: by path, or by inode (a link). */
function sameFile(file: string, db: string): boolean {
  const real = (p: string): string => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.join(fs.existsSync(path.dirname(p)) ? fs.realpathSync(path.dirname(p)) : path.dirname(p), path.basename(p));
    }
  };
  const target = real(file);
  const own = [db, `${db}-wal`, `${db}-shm`, `${db}-journal`].map(real);
  if (own.includes(target)) return true;
  try {
    const a = fs.statSync(file);
    const b = fs.statSync(db);
    return a.dev === b.dev && a.ino === b.ino;
  } catch {
    return false;
  }
}

/** Copies the database to `file` (an absolute path); `shownAs` names it in messages as the user typed it. */
export async function backupDatabase(app: App, file: string, shownAs: string): Promise<void> {
  if (sameFile(file, app.config.db)) {
    throw new OdmonError('E_INPUT', `backup ${shownAs}: це сама база даних (${app.config.db}) або один із її файлів -wal, -shm чи -journal`, {
      hint: 'укажіть інший файл, наприклад /backup/odmon-2026-11-27.sqlite; нічого не записано',
    });
  }
  try {
    await app.db.backup(file);
  } catch (cause) {
    throw new OdmonError('E_DB', `резервну копію в ${shownAs} не записано: ${(cause as Error).message}`, {
      hint: 'перевірте, що тека існує і odmon може в неї писати',
      cause,
    });
  }
}
