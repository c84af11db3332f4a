/** Read queries for one dataset's page (src/views/dataset.ts): what the register knows beyond the check's rows. */
import type { Db } from './db';

export interface PublicationRecord {
  readonly publishedAt: string;
  /** `import`, `portal`, … : where odmon learnt of it. */
  readonly source: string;
  readonly recordedAt: string;
}

/** A dataset's publication history, newest first; the newest `limit` when given. */
export function publicationsOf(db: Db, datasetId: string, limit = -1): PublicationRecord[] {
  return db
    .prepare('SELECT published_at AS publishedAt, source, recorded_at AS recordedAt FROM publications WHERE dataset_id = ? ORDER BY published_at DESC LIMIT ?')
    .all(datasetId, limit) as PublicationRecord[];
}

export function countPublications(db: Db, datasetId: string): number {
  return db.prepare('SELECT count(*) FROM publications WHERE dataset_id = ?').pluck().get(datasetId) as number;
}

/** Where a register entry came from and what requires it (and its portal link), or null when it is not in the register. */
export function datasetOrigin(
  db: Db,
  datasetId: string,
): { source: string; legalBasis: string | null; lastUpdatedInRegister: string | null; portalId: string | null } | null {
  const r = db.prepare('SELECT source, legal_basis AS legalBasis, last_updated AS lastUpdatedInRegister, portal_id AS portalId FROM datasets WHERE id = ?').get(datasetId) as
    | { source: string; legalBasis: string | null; lastUpdatedInRegister: string | null; portalId: string | null }
    | undefined;
  return r ?? null;
}
