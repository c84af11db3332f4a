/** The audit log: who suspended, snoozed, acknowledged, merged or changed a task, when and why. */
import { listAudit, type AuditEntry } from '../store/audit';
import type { ReadSource } from './source';

export type { AuditEntry };

/** The newest `limit` entries at or after `since` (stored instant), oldest first. */
export function auditLog(src: ReadSource, opts: { readonly since?: string; readonly limit?: number } = {}): AuditEntry[] {
  return listAudit(src.db, { sinceIso: opts.since, limit: opts.limit });
}
