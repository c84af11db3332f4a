/**
 * What every kind's importer is: checks fed one row at a time (src/import/plan-*.ts), then the writing they lead
 * to, run by src/import/import.ts in one transaction.
 */
import type { DateTime } from 'luxon';
import type { Correction } from '../plan/mixed-script';
import type { Db } from '../store/db';
import type { FrequencyCatalogue } from '../time/frequency';
import type * as f from './fields';
import type { ImportKind } from './kinds';
import type { InputRow } from './rows';

export interface ImportContext {
  /** What the run is evaluated as of (--now). It is never the time something happened. */
  readonly now: DateTime;
  readonly frequencies: FrequencyCatalogue;
  /** The real clock: last updates and publications later than it (plus a day) are refused. Default: the system clock. */
  readonly realNow?: DateTime;
  /** Who is named in the audit log for what an import changes beyond its rows (a seeded unit taking the council's id). */
  readonly actor?: string;
  /** Words the seed's sources misspell (Latin letters in a Cyrillic word), fixed in imported plan text too. */
  readonly corrections?: readonly Correction[];
}

/** A seeded unit that took the id the council's register gives it. */
export interface StewardRename {
  readonly from: string;
  readonly to: string;
  readonly name: string;
}

export interface ImportReport {
  readonly kind: ImportKind;
  readonly file: string;
  /** What was detected, in the import summary's words: `роздільник ";", Windows-1251`, `аркуш "Набори даних"`, `JSON`. */
  readonly detected: string;
  readonly rows: number;
  readonly inserted: number;
  /** Rows that changed something odmon knew. */
  readonly updated: number;
  /** Rows that matched what odmon already knew (a file exported and imported back changes nothing). */
  readonly unchanged: number;
  /** Publications appended to the history (from `last_updated` or a publications file). */
  readonly publications: number;
  readonly renamed: readonly StewardRename[];
}

export interface Counts {
  inserted: number;
  unchanged: number;
  updated: number;
  publications: number;
  renamed?: StewardRename[];
}

/** What a write needs besides the rows. Everything an import stores is stamped with the real time: `--now` changes what is judged, never when odmon learnt something. */
export interface WriteContext {
  readonly realNowIso: string;
  readonly actor: string;
}

export type Write = (db: Db, w: WriteContext) => Counts;

/** A kind's checks, fed one row at a time, and the writing they lead to. */
export interface Plan {
  row(r: InputRow): void;
  finish(): Write;
}

export interface PlanContext extends ImportContext {
  readonly realNow: DateTime;
}

export type Planner = (db: Db, columns: readonly string[], p: f.RowProblems, ctx: PlanContext) => Plan;

