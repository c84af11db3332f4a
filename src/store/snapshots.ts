import type { ComplianceCounts, Dataset } from '../domain';
import type { Db } from './db';
import { EFFECTIVE_FREQUENCY } from './datasets';

export type SnapshotSource = 'live' | 'reconstructed';

export interface QuarterSnapshot extends ComplianceCounts {
  readonly quarter: string;
  readonly stewardId: string;
  readonly stewardName: string;
  readonly takenAt: string;
  readonly source: SnapshotSource;
}

/** The moment of the earliest evaluation: history is kept for the quarters that ended after it. */
export function earliestRunAsOf(db: Db): string | null {
  return (db.prepare('SELECT min(as_of) FROM evaluation_runs').pluck().get() as string | null) ?? null;
}

export function closedQuarters(db: Db): Set<string> {
  return new Set(db.prepare('SELECT quarter FROM quarters_closed').pluck().all() as string[]);
}

interface AsOfRow {
  id: string;
  title: string;
  stewardId: string | null;
  frequency: string | null;
  frequencyRaw: string | null;
  required: number;
  portalId: string | null;
  suspended: string | null;
  pub: string | null;
  reg: string | null;
}

/**
 * The register as it stood just before `boundaryIso`, as far as the history tells: each dataset's last update
 * is its latest publication before the boundary, and it is suspended only when a suspension was in force then —
 * an `odmon suspend` from its start, or one the register marks from when odmon first recorded it (never earlier).
 * Stewards, required flags and frequencies are the register's current ones.
 */
export function datasetsAsOf(db: Db, boundaryIso: string): Dataset[] {
  const rows = db
    .prepare(
      `SELECT d.id, d.title, d.steward_id AS stewardId, ${EFFECTIVE_FREQUENCY} AS frequency, d.frequency_raw AS frequencyRaw, d.required,
              d.portal_id AS portalId,
              coalesce(
                (SELECT s.basis FROM dataset_suspensions s
                  WHERE s.dataset_id = d.id AND s.since < @b AND (s.ended_at IS NULL OR s.ended_at >= @b)
                  ORDER BY s.since DESC LIMIT 1),
                (SELECT r.reason FROM register_suspensions r
                  WHERE r.dataset_id = d.id AND r.since < @b AND (r.ended_at IS NULL OR r.ended_at >= @b)
                  ORDER BY r.since DESC LIMIT 1)) AS suspended,
              (SELECT max(p.published_at) FROM publications p WHERE p.dataset_id = d.id AND p.published_at < @b) AS pub,
              CASE WHEN d.last_updated < @b THEN d.last_updated END AS reg
         FROM datasets d ORDER BY d.id`,
    )
    .all({ b: boundaryIso }) as AsOfRow[];
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    stewardId: r.stewardId,
    frequency: r.frequency,
    frequencyRaw: r.frequencyRaw,
    required: r.required === 1,
    portalId: r.portalId,
    suspended: r.suspended,
    lastUpdated: r.pub === null ? r.reg : r.reg === null || r.pub > r.reg ? r.pub : r.reg,
  }));
}

/**
 * Stores one quarter's snapshots, once: the quarter is claimed with INSERT OR IGNORE, and a quarter another
 * run (or process) already closed is left as it is. Returns true when this call stored it.
 */
export function storeQuarter(
  db: Db,
  quarter: { key: string; endsAt: string },
  takenAt: string,
  source: SnapshotSource,
  rows: readonly Omit<QuarterSnapshot, 'quarter' | 'takenAt' | 'source'>[],
): boolean {
  return db.transaction(() => {
    const claimed = db
      .prepare('INSERT OR IGNORE INTO quarters_closed(quarter, ends_at, taken_at, source) VALUES (?, ?, ?, ?)')
      .run(quarter.key, quarter.endsAt, takenAt, source).changes === 1;
    if (!claimed) return false;
    const add = db.prepare(
      `INSERT OR IGNORE INTO quarter_snapshots(quarter, steward_id, steward_name, required, published, on_time, late,
                                               never_published, suspended, score, taken_at, source)
       VALUES (@quarter, @stewardId, @stewardName, @required, @published, @onTime, @late, @neverPublished, @suspended,
               @score, @takenAt, @source)`,
    );
    for (const r of rows) add.run({ ...r, quarter: quarter.key, takenAt, source });
    return true;
  })();
}

interface SnapshotRow {
  quarter: string;
  steward_id: string;
  steward_name: string;
  required: number;
  published: number;
  on_time: number;
  late: number;
  never_published: number;
  suspended: number;
  score: number | null;
  taken_at: string;
  source: SnapshotSource;
}

/** Snapshots of the quarters from `fromKey` to `toKey` (inclusive, `2026-Q1` keys), oldest first. */
export function listSnapshots(db: Db, fromKey = '0000', toKey = '9999'): QuarterSnapshot[] {
  const rows = db
    .prepare('SELECT * FROM quarter_snapshots WHERE quarter >= ? AND quarter <= ? ORDER BY quarter, steward_id')
    .all(fromKey, toKey) as SnapshotRow[];
  return rows.map(snapshotFromRow);
}

function snapshotFromRow(r: SnapshotRow): QuarterSnapshot {
  return {
    quarter: r.quarter,
    stewardId: r.steward_id,
    stewardName: r.steward_name,
    required: r.required,
    published: r.published,
    onTime: r.on_time,
    late: r.late,
    neverPublished: r.never_published,
    suspended: r.suspended,
    score: r.score,
    takenAt: r.taken_at,
    source: r.source,
  };
}

/** One steward's snapshots (or the council's, `*`), oldest quarter first. */
export function listSnapshotsOf(db: Db, stewardId: string): QuarterSnapshot[] {
  return (db.prepare('SELECT * FROM quarter_snapshots WHERE steward_id = ? ORDER BY quarter').all(stewardId) as SnapshotRow[]).map(snapshotFromRow);
}

export function listClosedQuarters(db: Db): { quarter: string; endsAt: string; takenAt: string; source: SnapshotSource }[] {
  return db.prepare('SELECT quarter, ends_at AS endsAt, taken_at AS takenAt, source FROM quarters_closed ORDER BY quarter').all() as {
    quarter: string;
    endsAt: string;
    takenAt: string;
    source: SnapshotSource;
  }[];
}
