/** Read queries over the open findings for the read models (src/views/): filtered and paged in SQL. */
import type { Severity } from '../domain';
import type { Db } from './db';
import { FINDING_COLUMNS, findingFromRow, type FindingRecord, type FindingRow } from './finding-lookup';

export interface OpenFindingQuery {
  /** Findings that name this steward among their responsible stewards. */
  readonly stewardId?: string;
  readonly rule?: string;
  readonly severity?: Severity;
  /** Rows skipped, in id order. */
  readonly offset?: number;
  /** Most rows returned; absent: all. */
  readonly limit?: number;
  /** Open findings about this subject. */
  readonly subject?: { readonly type: string; readonly id: string };
}

/** The open findings that match, by id, and how many match in all (for paging). */
export function queryOpenFindings(db: Db, q: OpenFindingQuery = {}): { total: number; rows: FindingRecord[] } {
  const where = ['f.resolved_at IS NULL'];
  if (q.stewardId !== undefined) where.push('EXISTS (SELECT 1 FROM json_each(f.stewards) j WHERE j.value = @stewardId)');
  if (q.rule !== undefined) where.push('f.rule = @rule');
  if (q.severity !== undefined) where.push('f.severity = @severity');
  if (q.subject !== undefined) where.push('f.subject_type = @subjectType AND f.subject_id = @subjectId');
  const params = { stewardId: q.stewardId, rule: q.rule, severity: q.severity, subjectType: q.subject?.type, subjectId: q.subject?.id };
  const bound = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  const sql = `FROM findings f WHERE ${where.join(' AND ')}`;
  const total = db.prepare(`SELECT count(*) ${sql}`).pluck().get(bound) as number;
  const rows = db
    .prepare(`SELECT ${FINDING_COLUMNS} ${sql} ORDER BY f.id LIMIT @limit OFFSET @offset`)
    .all({ ...bound, limit: q.limit ?? -1, offset: q.offset ?? 0 }) as FindingRow[];
  return { total, rows: rows.map(findingFromRow) };
}

/** The rules that have open findings, with how many each, by rule name. */
export function openFindingsByRule(db: Db): { rule: string; count: number }[] {
  return db.prepare('SELECT rule, count(*) AS count FROM findings WHERE resolved_at IS NULL GROUP BY rule ORDER BY rule').all() as { rule: string; count: number }[];
}
