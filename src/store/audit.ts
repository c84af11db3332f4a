import type { Db } from './db';

/** Who did what to which subject, when and why: every exemption and every change of a plan task by hand. */
export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly reason: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

/** Call inside the transaction that makes the change, so the change and its record are kept together. */
export function recordAudit(db: Db, e: NewAuditEntry): number {
  return Number(
    db
      .prepare('INSERT INTO audit_log(at, actor, action, subject_type, subject_id, details, reason) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(e.at, e.actor, e.action, e.subjectType, e.subjectId, JSON.stringify(e.details), e.reason).lastInsertRowid,
  );
}

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  details: string;
  reason: string | null;
}

/** The newest `limit` entries at or after `sinceIso`, oldest first. */
export function listAudit(db: Db, opts: { sinceIso?: string; untilIso?: string; limit?: number } = {}): AuditEntry[] {
  const rows = db
    .prepare(
      `SELECT * FROM (SELECT * FROM audit_log WHERE at >= ? AND at < ? ORDER BY at DESC, id DESC LIMIT ?) ORDER BY at, id`,
    )
    .all(opts.sinceIso ?? '0000', opts.untilIso ?? '9999', opts.limit ?? -1) as AuditRow[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    details: JSON.parse(r.details) as Record<string, unknown>,
    reason: r.reason,
  }));
}
