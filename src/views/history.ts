/** The quarterly compliance history: the snapshots kept so far, per steward and for the council. */
import type { DateTime } from 'luxon';
import { parseQuarterKey, previousQuarter, quarterKey, quarterLabel, quarterOf } from '../history/quarters';
import { ALL_STEWARDS } from '../history/score';
import { ALL_STEWARDS_NAME } from '../history/snapshots';
import type { ComplianceCounts } from '../domain';
import { listSnapshots, listSnapshotsOf, type SnapshotSource } from '../store/snapshots';
import { listStewards } from '../store/stewards';
import { requireSteward } from './findings';
import type { ReadSource } from './source';

export { ALL_STEWARDS, ALL_STEWARDS_NAME };

export interface QuarterScore extends ComplianceCounts {
  /** `2019-Q2`. */
  readonly quarter: string;
  /** `II кв. 2019`, as the plan writes quarters. */
  readonly label: string;
  /** A steward's id, or ALL_STEWARDS (`*`) for the council as a whole. */
  readonly stewardId: string;
  readonly stewardName: string;
  /** `live`: taken within 7 days of the quarter's end; `reconstructed`: rebuilt later from the history. */
  readonly source: SnapshotSource;
  readonly takenAt: string;
}

/** The snapshots, oldest quarter first; of one steward (or of the council, `*`) when given. */
export function quarterlyHistory(src: ReadSource, only: { readonly stewardId?: string } = {}): QuarterScore[] {
  // A steward that is not in the register is a typo, never "no history yet".
  if (only.stewardId !== undefined && only.stewardId !== ALL_STEWARDS) requireSteward(listStewards(src.db), only.stewardId);
  return listSnapshots(src.db)
    .filter((s) => only.stewardId === undefined || s.stewardId === only.stewardId)
    .map((s) => {
      const q = parseQuarterKey(s.quarter);
      return { ...s, label: q === null ? s.quarter : quarterLabel(q) };
    });
}

/** One point of a score's trend: a closed quarter from its snapshot, or the quarter running (not final). */
export interface TrendQuarter extends ComplianceCounts {
  readonly quarter: string;
  readonly label: string;
  /** False for the quarter still running: its score will change. */
  readonly final: boolean;
  readonly source: SnapshotSource | 'current';
}

/** How many closed quarters a trend shows before the running one. */
export const TREND_QUARTERS = 8;

/**
 * The score of a steward (or of the council, `*`) by quarter: its snapshots of the last TREND_QUARTERS closed
 * quarters before `asOf`'s, then `current` — the counts as of `asOf` — for the quarter running.
 */
export function quarterTrend(src: ReadSource, stewardId: string, asOf: DateTime, current: ComplianceCounts): TrendQuarter[] {
  const running = quarterOf(asOf);
  const runningKey = quarterKey(running);
  const closed = listSnapshotsOf(src.db, stewardId)
    .filter((s) => s.quarter < runningKey)
    .slice(-TREND_QUARTERS)
    .map((s): TrendQuarter => {
      const q = parseQuarterKey(s.quarter);
      const { quarter, takenAt: _t, stewardId: _s, stewardName: _n, source, ...counts } = s;
      return { ...counts, quarter, label: q === null ? quarter : quarterLabel(q), final: true, source };
    });
  return [...closed, { ...current, quarter: runningKey, label: quarterLabel(running), final: false, source: 'current' }];
}

/** Each steward's score at the end of the quarter before `asOf`'s (its snapshot), for "change since the last quarter". */
export function previousQuarterScores(src: ReadSource, asOf: DateTime): { quarter: string; label: string; scores: ReadonlyMap<string, number | null> } | null {
  const q = previousQuarter(quarterOf(asOf));
  const key = quarterKey(q);
  const snaps = listSnapshots(src.db, key, key);
  return snaps.length === 0 ? null : { quarter: key, label: quarterLabel(q), scores: new Map(snaps.map((s) => [s.stewardId, s.score])) };
}
