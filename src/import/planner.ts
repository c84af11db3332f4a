/**
 * What every kind's importer is: checks fed one row at a time (src/import/plan-*.ts), then the writing they lead
 * to, run by src/import/import.ts in one transaction.
 */
import type { DateTime } from 'luxon';
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
  readonly updated: number;
  /** Publications appended to the history (from `last_updated` or a publications file). */
  readonly publications: number;
  readonly renamed: readonly StewardRename[];
}

export interface Counts {
  inserted: number;
  updated: number;
  publications: number;
  renamed?: StewardRename[];
}

export interface WriteContext {
  readonly nowIso: string;
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

