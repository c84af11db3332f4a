import type { Db } from './db';

/** A dataset withheld on purpose, as `odmon suspend` recorded it. */
export interface Suspension {
  readonly id: number;
  readonly datasetId: string;
  readonly basis: string;
  readonly since: string;
  /** 00:00 Kyiv of the review day. */
  readonly reviewBy: string;
  readonly actor: string;
  readonly createdAt: string;
  readonly endedAt: string | null;
  readonly endedBy: string | null;
  readonly endReason: string | null;
}

interface SuspensionRow {
  id: number;
  dataset_id: string;
  basis: string;
  since: string;
  review_by: string;
  actor: string;
  created_at: string;
  ended_at: string | null;
  ended_by: string | null;
  end_reason: string | null;
}

function fromRow(r: SuspensionRow): Suspension {
  return {
    id: r.id,
    datasetId: r.dataset_id,
    basis: r.basis,
    since: r.since,
    reviewBy: r.review_by,
    actor: r.actor,
    createdAt: r.created_at,
    endedAt: r.ended_at,
    endedBy: r.ended_by,
    endReason: r.end_reason,
  };
}

export function activeSuspension(db: Db, datasetId: string): Suspension | null {
  const r = db.prepare('SELECT * FROM dataset_suspensions WHERE dataset_id = ? AND ended_at IS NULL').get(datasetId) as SuspensionRow | undefined;
  return r ? fromRow(r) : null;
}

/**
 * Starts a suspension (ending the one in force, if any, as replaced) and mirrors its basis into
 * datasets.suspended, which the rules read. Call inside a transaction.
 */
export function startSuspension(db: Db, s: Omit<Suspension, 'id' | 'endedAt' | 'endedBy' | 'endReason'>): number {
  db.prepare("UPDATE dataset_suspensions SET ended_at = ?, ended_by = ?, end_reason = 'замінено новим рішенням' WHERE dataset_id = ? AND ended_at IS NULL").run(
    s.createdAt,
    s.actor,
    s.datasetId,
  );
  const id = Number(
    db
      .prepare('INSERT INTO dataset_suspensions(dataset_id, basis, since, review_by, actor, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(s.datasetId, s.basis, s.since, s.reviewBy, s.actor, s.createdAt).lastInsertRowid,
  );
  db.prepare('UPDATE datasets SET suspended = ?, updated_at = ? WHERE id = ?').run(s.basis, s.createdAt, s.datasetId);
  return id;
}

/** Ends the suspension in force (if any) and lifts datasets.suspended. Call inside a transaction. */
export function endSuspension(db: Db, datasetId: string, at: string, actor: string, reason: string | null): void {
  db.prepare('UPDATE dataset_suspensions SET ended_at = ?, ended_by = ?, end_reason = ? WHERE dataset_id = ? AND ended_at IS NULL').run(
    at,
    actor,
    reason,
    datasetId,
  );
  db.prepare('UPDATE datasets SET suspended = NULL, updated_at = ? WHERE id = ?').run(at, datasetId);
}

/** Suspensions in force at some moment of [fromIso, toIso), or all of them. */
export function listSuspensions(db: Db, range: { fromIso: string; toIso: string } | null = null): Suspension[] {
  const rows = range
    ? (db
        .prepare('SELECT * FROM dataset_suspensions WHERE since < ? AND (ended_at IS NULL OR ended_at > ?) ORDER BY dataset_id, since')
        .all(range.toIso, range.fromIso) as SuspensionRow[])
    : (db.prepare('SELECT * FROM dataset_suspensions ORDER BY dataset_id, since').all() as SuspensionRow[]);
  return rows.map(fromRow);
}

export function listActiveSuspensions(db: Db): Suspension[] {
  return (db.prepare('SELECT * FROM dataset_suspensions WHERE ended_at IS NULL ORDER BY review_by, dataset_id').all() as SuspensionRow[]).map(fromRow);
}

/**
 * A suspension the register marks (a non-empty `suspended` cell) while no `odmon suspend` is in force. It has no
 * stated start: it begins when odmon first recorded it, and ends when the register or `odmon resume` lifts it.
 */
export interface RegisterSuspension {
  readonly datasetId: string;
  readonly reason: string;
  readonly since: string;
  readonly endedAt: string | null;
}

/** The register suspensions in force at some moment of [fromIso, toIso), or those in force now. */
export function listRegisterSuspensions(db: Db, range: { fromIso: string; toIso: string } | null = null): RegisterSuspension[] {
  const sql = `SELECT dataset_id AS datasetId, reason, since, ended_at AS endedAt FROM register_suspensions
                WHERE ${range ? 'since < @to AND (ended_at IS NULL OR ended_at > @from)' : 'ended_at IS NULL'}
                ORDER BY dataset_id, since`;
  return db.prepare(sql).all(range ? { from: range.fromIso, to: range.toIso } : {}) as RegisterSuspension[];
}

/** A dataset the register marks suspended, by itself: `suspended` set and no `odmon suspend` in force. */
const REGISTER_MARKED = `d.suspended IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM dataset_suspensions s WHERE s.dataset_id = d.id AND s.ended_at IS NULL)`;

/**
 * Datasets the register (an import) marks suspended now without an `odmon suspend` in force: their reason, and
 * since when odmon knows it (null until it is recorded).
 */
export function listRegisterSuspended(db: Db): { datasetId: string; reason: string; since: string | null }[] {
  return db
    .prepare(
      `SELECT d.id AS datasetId, d.suspended AS reason, r.since FROM datasets d
         LEFT JOIN register_suspensions r ON r.dataset_id = d.id AND r.ended_at IS NULL
        WHERE ${REGISTER_MARKED}
        ORDER BY d.id`,
    )
    .all() as { datasetId: string; reason: string; since: string | null }[];
}

/**
 * Brings the register suspensions in line with what the register says now, as of the real time `atIso`: one
 * the register newly marks begins then (never earlier: it states no start), one it no longer marks (lifted by an
 * import or by "odmon resume", or now under an "odmon suspend") ends then, and a reworded one keeps its start.
 * Run after every import, suspend and resume, and before each quarter is closed; idempotent.
 */
export function recordRegisterSuspensions(db: Db, atIso: string): void {
  db.transaction(() => {
    db.prepare(
      `UPDATE register_suspensions SET ended_at = @at
        WHERE ended_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM datasets d WHERE d.id = register_suspensions.dataset_id AND ${REGISTER_MARKED})`,
    ).run({ at: atIso });
    db.prepare(
      `UPDATE register_suspensions SET reason = (SELECT d.suspended FROM datasets d WHERE d.id = register_suspensions.dataset_id)
        WHERE ended_at IS NULL AND reason <> (SELECT d.suspended FROM datasets d WHERE d.id = register_suspensions.dataset_id)`,
    ).run();
    db.prepare(
      `INSERT INTO register_suspensions(dataset_id, reason, since)
       SELECT d.id, d.suspended, @at FROM datasets d
        WHERE ${REGISTER_MARKED}
          AND NOT EXISTS (SELECT 1 FROM register_suspensions r WHERE r.dataset_id = d.id AND r.ended_at IS NULL)`,
    ).run({ at: atIso });
  })();
}

/** What the suspend and resume commands need to know of a dataset, or null when it is not in the register. */
export function datasetSuspensionState(db: Db, id: string): { id: string; title: string; stewardId: string | null; suspended: string | null } | null {
  const r = db.prepare('SELECT id, title, steward_id AS stewardId, suspended FROM datasets WHERE id = ?').get(id) as
    | { id: string; title: string; stewardId: string | null; suspended: string | null }
    | undefined;
  return r ?? null;
}

/** Every `odmon suspend` of one dataset, and every suspension its register marked, oldest first (a dataset's page). */
export function suspensionsOf(db: Db, datasetId: string): { command: Suspension[]; register: RegisterSuspension[] } {
  return {
    command: (db.prepare('SELECT * FROM dataset_suspensions WHERE dataset_id = ? ORDER BY since').all(datasetId) as SuspensionRow[]).map(fromRow),
    register: db
      .prepare('SELECT dataset_id AS datasetId, reason, since, ended_at AS endedAt FROM register_suspensions WHERE dataset_id = ? ORDER BY since')
      .all(datasetId) as RegisterSuspension[],
  };
}
