/**
 * What an incremental check builds on (migration 9): the datasets changed since the last check (noted by
 * triggers, whoever changed them), the state the last check left — which rules and settings it judged with, as
 * of which Kyiv day — and on which later day each dataset's findings change by time alone.
 */
import type { Db } from './db';

export interface CheckState {
  readonly runId: number;
  /** SHA-256 of the rules, settings and code the check judged with (src/check/key.ts). */
  readonly key: string;
  /** The Kyiv day (day number) the check judged as of. */
  readonly day: number;
}

export function readCheckState(db: Db): CheckState | null {
  const row = db.prepare('SELECT run_id AS runId, key, day FROM check_state WHERE id = 1').get() as CheckState | undefined;
  return row ?? null;
}

/** The run that left the state, or null: a check compares it before and after judging to see if another check recorded in between. */
export function checkStateRun(db: Db): number | null {
  return (db.prepare('SELECT run_id FROM check_state WHERE id = 1').pluck().get() as number | undefined) ?? null;
}

export function writeCheckState(db: Db, runId: number, key: string, day: number): void {
  db.prepare(
    `INSERT INTO check_state(id, run_id, key, day) VALUES (1, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET run_id = excluded.run_id, key = excluded.key, day = excluded.day`,
  ).run(runId, key, day);
}

/** Forgets the state and the wake-ups: the next check judges every dataset. */
export function dropCheckState(db: Db): void {
  db.prepare('DELETE FROM check_state').run();
  db.prepare('DELETE FROM check_wakeups').run();
}

/** The datasets due to be judged again by `day` (their wake-up day has come), from the lists of those days. */
export async function dueWakeups(db: Db, day: number, pause: () => Promise<void> | null): Promise<string[]> {
  const days = db.prepare('SELECT day FROM check_wakeups WHERE day <= ? ORDER BY day').pluck().all(day) as number[];
  const read = db.prepare('SELECT datasets FROM check_wakeups WHERE day = ?').pluck();
  const ids: string[] = [];
  for (const d of days) {
    for (const id of JSON.parse(read.get(d) as string) as string[]) ids.push(id);
    const turn = pause();
    if (turn !== null) await turn;
  }
  return ids;
}

/** Day number → the datasets whose findings change by time alone on that day. */
export type DatasetWakeups = ReadonlyMap<number, readonly string[]>;

/**
 * Records a check's wake-ups: the lists of days up to `day` are done with; each dataset of `wakeups` joins its
 * day's list. `replace`: a full check, whose wake-ups are all there are.
 */
export async function recordWakeups(db: Db, day: number, byDay: DatasetWakeups, replace: boolean, pause: () => Promise<void> | null): Promise<void> {
  db.prepare(replace ? 'DELETE FROM check_wakeups' : 'DELETE FROM check_wakeups WHERE day <= ?').run(...(replace ? [] : [day]));
  const paused = pause();
  if (paused !== null) await paused;
  const read = db.prepare('SELECT datasets FROM check_wakeups WHERE day = ?').pluck();
  const write = db.prepare('INSERT INTO check_wakeups(day, datasets) VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET datasets = excluded.datasets');
  for (const [d, ids] of byDay) {
    const known = replace ? undefined : (read.get(d) as string | undefined);
    const all = known === undefined ? ids : [...new Set([...(JSON.parse(known) as string[]), ...ids])];
    write.run(d, JSON.stringify(all));
    const turn = pause();
    if (turn !== null) await turn;
  }
}

export interface DatasetChanges {
  /** The datasets changed since their marks were last cleared (deleted ones too), in no particular order. */
  readonly ids: readonly string[];
  /** The highest mark read: clearing up to it keeps the changes made after the read. */
  readonly upTo: number;
}

export function readDatasetChanges(db: Db): DatasetChanges {
  const upTo = lastDatasetChange(db);
  const ids = db.prepare('SELECT DISTINCT dataset_id FROM check_changes WHERE seq <= ?').pluck().all(upTo) as string[];
  return { ids, upTo };
}

/** The highest mark now (0 when there is none): a full check reads every dataset, so every mark up to it is answered. */
export function lastDatasetChange(db: Db): number {
  return (db.prepare('SELECT max(seq) FROM check_changes').pluck().get() as number | null) ?? 0;
}

/** Clears the marks a check has answered; a dataset changed again since has a higher mark and stays. */
export function clearDatasetChanges(db: Db, upTo: number): void {
  // All of them, usually: then SQLite drops the table's pages at once instead of deleting row by row (an import
  // of a national register leaves a few hundred thousand marks).
  if (lastDatasetChange(db) <= upTo) db.prepare('DELETE FROM check_changes').run();
  else db.prepare('DELETE FROM check_changes WHERE seq <= ?').run(upTo);
}
