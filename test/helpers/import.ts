/** Runs importFile as the app does (fixed clock, the shipped frequency table) and checks refusals. */
import { OdmonError } from '../../src/errors';
import type { DateTime } from 'luxon';
import { importFile, importFileAsync, type ImportKind, type ImportReport } from '../../src/import/import';
import type { Db } from '../../src/store/db';
import type { Steward } from '../../src/domain';
import { upsertSteward } from '../../src/store/stewards';
import { SEED_DIR } from '../../src/paths';
import { seedCorrections } from '../../src/seed/seed';
import { toStoredInstant } from '../../src/time/days';
import { NOW, dumpTables, frequencies, thrownBy } from './temp-db';

const FREQUENCIES = frequencies();
const CORRECTIONS = seedCorrections(SEED_DIR);

/** `realNow` (when odmon learns what the file says; default the system clock) stamps what is stored. */
export function runImport(db: Db, kind: ImportKind, file: string, now = NOW, realNow?: DateTime): ImportReport {
  return importFile(db, kind, file, { now, realNow, frequencies: FREQUENCIES, corrections: CORRECTIONS });
}

/**
 * Imports a file that must be refused: checks that the error is an E_IMPORT OdmonError with exit code 2,
 * that its message lists every problem, and that no table changed. Returns the problems.
 */
export function refusedImport(db: Db, kind: ImportKind, file: string): string[] {
  const before = dumpTables(db);
  const error = thrownBy(() => runImport(db, kind, file));
  expect(error).toBeInstanceOf(OdmonError);
  const e = error as OdmonError;
  expect({ code: e.code, exitCode: e.exitCode }).toEqual({ code: 'E_IMPORT', exitCode: 2 });
  if (e.problems.length > 0) {
    expect(e.message).toBe(`${file}: проблем — ${e.problems.length}, нічого не імпортовано:\n  ${e.problems.join('\n  ')}`);
  }
  expect(dumpTables(db)).toBe(before);
  return e.problems.length > 0 ? [...e.problems] : [e.message];
}

/** Adds stewards straight through the store, for tests of files that name them. */
export function addStewards(db: Db, ids: readonly string[]): void {
  db.transaction(() => {
    for (const id of ids) {
      const s: Steward = { id, name: `Steward ${id}`, kind: 'department', emails: [`${id}@example.org`], headEmail: null };
      upsertSteward(db, s, toStoredInstant(NOW));
    }
  })();
}

/** importFileAsync as `odmon import` runs it: any format, a workbook's sheet by name. */
export function runImportAsync(db: Db, kind: ImportKind, file: string, opts: { sheet?: string; now?: DateTime; realNow?: DateTime } = {}): Promise<ImportReport> {
  return importFileAsync(db, kind, file, { now: opts.now ?? NOW, frequencies: FREQUENCIES, realNow: opts.realNow }, { sheet: opts.sheet });
}

/** refusedImport for any format: the problems of a refused import, the database unchanged. */
export async function refusedImportAsync(db: Db, kind: ImportKind, file: string, opts: { sheet?: string } = {}): Promise<string[]> {
  const before = dumpTables(db);
  let error: unknown = null;
  try {
    await runImportAsync(db, kind, file, opts);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(OdmonError);
  const e = error as OdmonError;
  expect({ code: e.code, exitCode: e.exitCode }).toEqual({ code: 'E_IMPORT', exitCode: 2 });
  expect(dumpTables(db)).toBe(before);
  return e.problems.length > 0 ? [...e.problems] : [e.message];
}
