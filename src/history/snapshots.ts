/**
 * Quarterly history. At the start of every check, notify and digest run, each quarter that ended since the
 * monitor's first evaluation and has no snapshot yet gets one per steward. The numbers are always rebuilt from
 * the history (publication dates, suspensions in force) as of the quarter's end, through the same facts the
 * rules use: a quarter whose end the daemon slept through is recorded on the next run exactly as it would have
 * been on time, and only once.
 */
import type { DateTime } from 'luxon';
import type { FrequencyCatalogue } from '../time/frequency';
import { datasetSubjects } from '../rules/subjects';
import type { Db } from '../store/db';
import { closedQuarters, datasetsAsOf, earliestRunAsOf, storeQuarter, type SnapshotSource } from '../store/snapshots';
import { listStewards } from '../store/stewards';
import { fromStoredInstant, toStoredInstant } from '../time/days';
import { quarterEnd, quarterKey, quartersEndedBetween, type Quarter } from './quarters';
import { ALL_STEWARDS, complianceBySteward, type ComplianceCounts } from './score';

export interface HistorySettings {
  readonly graceDays: number;
  readonly dueSoonDays: number;
  readonly frequencies: FrequencyCatalogue;
}

/** A snapshot taken within this many days after the quarter's end is `live`; later, `reconstructed`. */
export const LIVE_WINDOW_DAYS = 7;

/** The name of the row that counts the whole register. */
export const ALL_STEWARDS_NAME = 'Усього по міській раді';

/** Compliance of every steward (and of the whole register) as it stood just before `boundary`. */
export function complianceAsOf(db: Db, settings: HistorySettings, boundary: DateTime): Map<string, ComplianceCounts> {
  const subjects = datasetSubjects({
    now: boundary.minus({ milliseconds: 1 }),
    graceDays: settings.graceDays,
    dueSoonDays: settings.dueSoonDays,
    frequencies: settings.frequencies,
    stewards: listStewards(db),
    datasets: datasetsAsOf(db, toStoredInstant(boundary)),
    tasks: [],
  });
  return complianceBySteward(subjects);
}

function snapshotOf(db: Db, settings: HistorySettings, q: Quarter, now: DateTime): boolean {
  const end = quarterEnd(q);
  const names = new Map(listStewards(db).map((s) => [s.id, s.name]));
  names.set(ALL_STEWARDS, ALL_STEWARDS_NAME);
  const rows = [...complianceAsOf(db, settings, end)].map(([stewardId, c]) => ({ stewardId, stewardName: names.get(stewardId) ?? stewardId, ...c }));
  const source: SnapshotSource = now < end.plus({ days: LIVE_WINDOW_DAYS }) ? 'live' : 'reconstructed';
  return storeQuarter(db, { key: quarterKey(q), endsAt: toStoredInstant(end) }, toStoredInstant(now), source, rows);
}

/** Takes the snapshots of every quarter that ended since the first evaluation and has none yet; returns their keys. */
export function takeDueSnapshots(db: Db, settings: HistorySettings, now: DateTime): string[] {
  const first = earliestRunAsOf(db);
  if (first === null) return [];
  const closed = closedQuarters(db);
  const taken: string[] = [];
  for (const q of quartersEndedBetween(fromStoredInstant(first), now)) {
    if (closed.has(quarterKey(q))) continue;
    if (snapshotOf(db, settings, q, now)) taken.push(quarterKey(q));
  }
  return taken;
}
