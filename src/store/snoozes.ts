import type { Db } from './db';

/** No notices about one finding episode, or about every finding of one steward, before `until`. */
export interface Snooze {
  readonly id: number;
  readonly findingId: number | null;
  readonly stewardId: string | null;
  /** The first instant notices may resume. */
  readonly until: string;
  readonly reason: string;
  readonly actor: string;
  readonly createdAt: string;
  readonly cancelledAt: string | null;
  readonly cancelledBy: string | null;
}

interface SnoozeRow {
  id: number;
  finding_id: number | null;
  steward_id: string | null;
  until: string;
  reason: string;
  actor: string;
  created_at: string;
  cancelled_at: string | null;
  cancelled_by: string | null;
}

function fromRow(r: SnoozeRow): Snooze {
  return {
    id: r.id,
    findingId: r.finding_id,
    stewardId: r.steward_id,
    until: r.until,
    reason: r.reason,
    actor: r.actor,
    createdAt: r.created_at,
    cancelledAt: r.cancelled_at,
    cancelledBy: r.cancelled_by,
  };
}

export function addSnooze(db: Db, s: Omit<Snooze, 'id' | 'cancelledAt' | 'cancelledBy'>): number {
  return Number(
    db
      .prepare('INSERT INTO snoozes(finding_id, steward_id, until, reason, actor, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(s.findingId, s.stewardId, s.until, s.reason, s.actor, s.createdAt).lastInsertRowid,
  );
}

/** Ends the snoozes of a finding or a steward that are still running at `nowIso`; returns how many. */
export function cancelSnoozes(db: Db, target: { findingId: number } | { stewardId: string }, nowIso: string, actor: string): number {
  const [column, value] = 'findingId' in target ? ['finding_id', target.findingId] : ['steward_id', target.stewardId];
  return db
    .prepare(`UPDATE snoozes SET cancelled_at = ?, cancelled_by = ? WHERE ${column} = ? AND cancelled_at IS NULL AND until > ?`)
    .run(nowIso, actor, value, nowIso).changes;
}

/** Snoozes still running at `nowIso` (not cancelled, not yet over), soonest end first. */
export function listActiveSnoozes(db: Db, nowIso: string): Snooze[] {
  return (db.prepare('SELECT * FROM snoozes WHERE cancelled_at IS NULL AND until > ? ORDER BY until, id').all(nowIso) as SnoozeRow[]).map(fromRow);
}

export function listSnoozes(db: Db): Snooze[] {
  return (db.prepare('SELECT * FROM snoozes ORDER BY created_at, id').all() as SnoozeRow[]).map(fromRow);
}

/**
 * When a snooze really ends: at `until`, or when it was cancelled before that. The notice policy compares this
 * moment with the last notice, so one SQL expression serves both the store and the queries that join it.
 */
export const SNOOZE_END_SQL = "CASE WHEN cancelled_at IS NOT NULL AND cancelled_at < until THEN cancelled_at ELSE until END";
