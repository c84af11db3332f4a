import type { Dataset } from '../domain';
import type { Db } from './db';

export interface DatasetRecord {
  readonly id: string;
  readonly title: string;
  readonly stewardId: string | null;
  readonly frequency: string | null;
  readonly frequencyRaw: string | null;
  readonly required: boolean;
  readonly portalId: string | null;
  readonly suspended: string | null;
  readonly lastUpdated: string | null;
  readonly source: string;
  readonly legalBasis: string | null;
}

interface DatasetRow {
  id: string;
  title: string;
  steward_id: string | null;
  frequency: string | null;
  frequency_raw: string | null;
  required: number;
  portal_id: string | null;
  suspended: string | null;
  last_update: string | null;
}

/**
 * The register with each dataset's effective last update: the latest of the register's own
 * `last_updated` and the publication history (UTC ISO strings compare as text).
 */
export function listDatasets(db: Db): Dataset[] {
  const rows = db
    .prepare(
      `SELECT d.id, d.title, d.steward_id, d.frequency, d.frequency_raw, d.required, d.portal_id, d.suspended,
              CASE WHEN p.latest IS NULL THEN d.last_updated
                   WHEN d.last_updated IS NULL OR p.latest > d.last_updated THEN p.latest
                   ELSE d.last_updated END AS last_update
         FROM datasets d
         LEFT JOIN (SELECT dataset_id, max(published_at) AS latest FROM publications GROUP BY dataset_id) p
           ON p.dataset_id = d.id
        ORDER BY d.id`,
    )
    .all() as DatasetRow[];
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    stewardId: r.steward_id,
    frequency: r.frequency,
    frequencyRaw: r.frequency_raw,
    required: r.required === 1,
    portalId: r.portal_id,
    suspended: r.suspended,
    lastUpdated: r.last_update,
  }));
}

export function datasetIds(db: Db): Set<string> {
  return new Set(db.prepare('SELECT id FROM datasets').pluck().all() as string[]);
}

/** Inserts or updates one register entry. Call inside a transaction. */
export function upsertDataset(db: Db, d: DatasetRecord, nowIso: string): void {
  db.prepare(
    `INSERT INTO datasets(id, title, steward_id, frequency, frequency_raw, required, portal_id, suspended, last_updated,
                          source, legal_basis, created_at, updated_at)
     VALUES (@id, @title, @stewardId, @frequency, @frequencyRaw, @required, @portalId, @suspended, @lastUpdated,
             @source, @legalBasis, @now, @now)
     ON CONFLICT(id) DO UPDATE SET title = excluded.title, steward_id = excluded.steward_id,
       frequency = excluded.frequency, frequency_raw = excluded.frequency_raw, required = excluded.required,
       portal_id = excluded.portal_id, suspended = excluded.suspended, last_updated = excluded.last_updated,
       legal_basis = coalesce(excluded.legal_basis, datasets.legal_basis), updated_at = excluded.updated_at`,
  ).run({ ...d, required: d.required ? 1 : 0, now: nowIso });
}

/** Appends one publication to a dataset's history; the same moment twice is kept once. Returns true if added. */
export function addPublication(db: Db, datasetId: string, publishedAt: string, source: string, nowIso: string): boolean {
  const info = db
    .prepare('INSERT OR IGNORE INTO publications(dataset_id, published_at, source, recorded_at) VALUES (?, ?, ?, ?)')
    .run(datasetId, publishedAt, source, nowIso);
  return info.changes === 1;
}

export function countDatasets(db: Db): number {
  return db.prepare('SELECT count(*) FROM datasets').pluck().get() as number;
}
