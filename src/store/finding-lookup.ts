import type { Severity, SubjectType } from '../domain';
import type { Db } from './db';

/** One finding episode as the exemption commands and listings show it. */
export interface FindingRecord {
  readonly id: number;
  readonly rule: string;
  readonly severity: Severity;
  readonly subjectType: SubjectType;
  readonly subjectId: string;
  readonly stewardId: string | null;
  readonly stewards: readonly string[];
  readonly message: string;
  readonly dueAt: string | null;
  readonly daysOverdue: number | null;
  readonly openedAt: string;
  readonly resolvedAt: string | null;
}

export interface FindingRow {
  id: number;
  rule: string;
  severity: Severity;
  subject_type: SubjectType;
  subject_id: string;
  steward_id: string | null;
  stewards: string;
  message: string;
  due_at: string | null;
  days_overdue: number | null;
  opened_at: string;
  resolved_at: string | null;
}

/** The columns findingFromRow reads, for queries elsewhere in the store (src/store/read-findings.ts). */
export const FINDING_COLUMNS = 'id, rule, severity, subject_type, subject_id, steward_id, stewards, message, due_at, days_overdue, opened_at, resolved_at';

export function findingFromRow(r: FindingRow): FindingRecord {
  return {
    id: r.id,
    rule: r.rule,
    severity: r.severity,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    stewardId: r.steward_id,
    stewards: JSON.parse(r.stewards) as string[],
    message: r.message,
    dueAt: r.due_at,
    daysOverdue: r.days_overdue,
    openedAt: r.opened_at,
    resolvedAt: r.resolved_at,
  };
}

export function findingById(db: Db, id: number): FindingRecord | null {
  const r = db.prepare(`SELECT ${FINDING_COLUMNS} FROM findings WHERE id = ?`).get(id) as FindingRow | undefined;
  return r ? findingFromRow(r) : null;
}

/** The open episode of (rule, subject), or null. */
export function openFindingOf(db: Db, rule: string, subjectType: string, subjectId: string): FindingRecord | null {
  const r = db
    .prepare(`SELECT ${FINDING_COLUMNS} FROM findings WHERE rule = ? AND subject_type = ? AND subject_id = ? AND resolved_at IS NULL`)
    .get(rule, subjectType, subjectId) as FindingRow | undefined;
  return r ? findingFromRow(r) : null;
}

/** Open findings, of one steward when given (as any of its responsible stewards), by id. */
export function openFindings(db: Db, stewardId?: string): FindingRecord[] {
  const rows =
    stewardId === undefined
      ? (db.prepare(`SELECT ${FINDING_COLUMNS} FROM findings WHERE resolved_at IS NULL ORDER BY id`).all() as FindingRow[])
      : (db
          .prepare(
            `SELECT ${FINDING_COLUMNS} FROM findings f WHERE resolved_at IS NULL AND EXISTS (SELECT 1 FROM json_each(f.stewards) j WHERE j.value = ?) ORDER BY id`,
          )
          .all(stewardId) as FindingRow[]);
  return rows.map(findingFromRow);
}

/** Findings by id, for listings that name them (snoozes, acknowledgements). */
export function findingsByIds(db: Db, ids: readonly number[]): Map<number, FindingRecord> {
  if (ids.length === 0) return new Map();
  const rows = db.prepare(`SELECT ${FINDING_COLUMNS} FROM findings WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify([...new Set(ids)])) as FindingRow[];
  return new Map(rows.map((r) => [r.id, findingFromRow(r)]));
}
