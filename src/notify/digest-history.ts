/**
 * The scores the digest compares: the council's score by quarter (the last four closed quarters and the one
 * running), and each steward's score at the end of the last closed quarter, for "change since last quarter".
 * A closed quarter is read from its snapshot; one that ended before odmon's first run has none and is rebuilt
 * from the publication history, exactly as the yearly report rebuilds it (complianceAsOf), and marked so.
 */
import type { DateTime } from 'luxon';
import { previousQuarter, quarterEnd, quarterKey, quarterLabel, quarterOf, type Quarter } from '../history/quarters';
import { ALL_STEWARDS, type ComplianceCounts } from '../history/score';
import { complianceAsOf, type HistorySettings } from '../history/snapshots';
import type { Db } from '../store/db';
import { listSnapshots } from '../store/snapshots';

export interface QuarterScores {
  readonly key: string;
  readonly label: string;
  /** Steward id (ALL_STEWARDS for the council) → score; absent = the steward had nothing to count. */
  readonly scores: ReadonlyMap<string, number | null>;
  /** Snapshot, rebuilt for the digest (before the first run), or the quarter still running. */
  readonly source: 'snapshot' | 'rebuilt' | 'current';
}

/** How many closed quarters the digest shows before the running one. */
export const QUARTERS_SHOWN = 4;

/** Oldest first: up to QUARTERS_SHOWN closed quarters with a score, then the running quarter (from `current`). */
export function quarterScores(db: Db, now: DateTime, current: ReadonlyMap<string, ComplianceCounts>, settings?: HistorySettings): QuarterScores[] {
  const running = quarterOf(now);
  const closed: Quarter[] = [];
  for (let q = previousQuarter(running); closed.length < QUARTERS_SHOWN; q = previousQuarter(q)) closed.unshift(q);
  const snaps = listSnapshots(db, quarterKey(closed[0]), quarterKey(closed[closed.length - 1]));
  const out: QuarterScores[] = [];
  for (const q of closed) {
    const key = quarterKey(q);
    const mine = snaps.filter((s) => s.quarter === key);
    if (mine.length > 0) {
      out.push({ key, label: quarterLabel(q), scores: new Map(mine.map((s) => [s.stewardId, s.score])), source: 'snapshot' });
    } else if (settings !== undefined) {
      const rebuilt = complianceAsOf(db, settings, quarterEnd(q));
      // A quarter before the history holds any publication tells nothing: leave it out of the chart.
      if ((rebuilt.get(ALL_STEWARDS)?.published ?? 0) === 0) continue;
      out.push({ key, label: quarterLabel(q), scores: new Map([...rebuilt].map(([id, c]) => [id, c.score])), source: 'rebuilt' });
    }
  }
  out.push({ key: quarterKey(running), label: quarterLabel(running), scores: new Map([...current].map(([id, c]) => [id, c.score])), source: 'current' });
  return out;
}
