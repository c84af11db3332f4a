import type { NoticeCandidate, NoticeReason, Severity, SubjectType } from '../domain';
import type { Db } from './db';
import { SNOOZE_END_SQL } from './snoozes';

interface CandidateRow {
  finding_id: number;
  steward_id: string;
  rule: string;
  severity: Severity;
  subject_type: SubjectType;
  subject_id: string;
  message: string;
  due_at: string | null;
  days_overdue: number | null;
  opened_at: string;
  resolved_at: string | null;
  resolved_suspended: string | null;
  first_notified_at: string | null;
  last_notified_at: string | null;
  count: number | null;
  escalated_at: string | null;
  resolved_notified_at: string | null;
  snoozed_until: string | null;
  ack_at: string | null;
  ack_person: string | null;
  ack_comment: string | null;
}

/**
 * Every (finding, steward) pair that could be due for notice: open findings for each responsible steward
 * (`findings.stewards` is a JSON array), and resolved findings a steward was told about but not yet told resolved.
 * Each carries the end of its latest snooze (of the finding, or of the steward) and its latest acknowledgement.
 */
export function listNoticeCandidates(db: Db): NoticeCandidate[] {
  const rows = db
    .prepare(
      `SELECT f.id AS finding_id, j.value AS steward_id, f.rule, f.severity, f.subject_type, f.subject_id, f.message,
              f.due_at, f.days_overdue, f.opened_at, f.resolved_at, f.resolved_suspended,
              n.first_notified_at, n.last_notified_at, n.count, n.escalated_at, n.resolved_notified_at,
              nullif(max(coalesce(sf.until, ''), coalesce(ss.until, '')), '') AS snoozed_until,
              a.at AS ack_at, a.person AS ack_person, a.comment AS ack_comment
         FROM findings f, json_each(f.stewards) j
         LEFT JOIN finding_notices n ON n.finding_id = f.id AND n.steward_id = j.value
         LEFT JOIN (SELECT finding_id, max(${SNOOZE_END_SQL}) AS until FROM snoozes WHERE finding_id IS NOT NULL GROUP BY finding_id) sf
           ON sf.finding_id = f.id
         LEFT JOIN (SELECT steward_id, max(${SNOOZE_END_SQL}) AS until FROM snoozes WHERE steward_id IS NOT NULL GROUP BY steward_id) ss
           ON ss.steward_id = j.value
         LEFT JOIN acknowledgements a ON a.id = (SELECT max(x.id) FROM acknowledgements x
                                                  WHERE x.finding_id = f.id AND (x.steward_id IS NULL OR x.steward_id = j.value))
        WHERE f.resolved_at IS NULL
           OR (n.finding_id IS NOT NULL AND n.resolved_notified_at IS NULL)
        ORDER BY f.id, j.value`,
    )
    .all() as CandidateRow[];
  return rows.map((r) => ({
    findingId: r.finding_id,
    stewardId: r.steward_id,
    rule: r.rule,
    severity: r.severity,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    message: r.message,
    dueAt: r.due_at,
    daysOverdue: r.days_overdue,
    openedAt: r.opened_at,
    resolvedAt: r.resolved_at,
    endedBySuspension: r.resolved_suspended,
    state:
      r.last_notified_at === null
        ? null
        : {
            firstNotifiedAt: r.first_notified_at ?? r.last_notified_at,
            lastNotifiedAt: r.last_notified_at,
            count: r.count ?? 0,
            escalatedAt: r.escalated_at,
            resolvedNotifiedAt: r.resolved_notified_at,
          },
    snoozedUntil: r.snoozed_until,
    acknowledgement: r.ack_at === null ? null : { at: r.ack_at, person: r.ack_person ?? '', comment: r.ack_comment },
  }));
}

/** Records that these items went out in one message. Call inside the transaction that enqueues it. */
export function recordNoticeItems(
  db: Db,
  stewardId: string,
  items: readonly { findingId: number; reason: NoticeReason; escalated: boolean }[],
  nowIso: string,
  outboxKey: string,
): void {
  const upsert = db.prepare(
    `INSERT INTO finding_notices(finding_id, steward_id, first_notified_at, last_notified_at, count, escalated_at, last_outbox_key)
     VALUES (@findingId, @stewardId, @now, @now, 1, @escalatedAt, @key)
     ON CONFLICT(finding_id, steward_id) DO UPDATE SET last_notified_at = @now, count = count + 1,
       escalated_at = coalesce(finding_notices.escalated_at, @escalatedAt), last_outbox_key = @key`,
  );
  const resolved = db.prepare(
    `UPDATE finding_notices SET resolved_notified_at = ?, last_outbox_key = ? WHERE finding_id = ? AND steward_id = ?`,
  );
  for (const i of items) {
    if (i.reason === 'resolved') resolved.run(nowIso, outboxKey, i.findingId, stewardId);
    else upsert.run({ findingId: i.findingId, stewardId, now: nowIso, escalatedAt: i.escalated ? nowIso : null, key: outboxKey });
  }
}

export function lastDigestAt(db: Db): string | null {
  return (db.prepare('SELECT max(as_of) FROM digests').pluck().get() as string | null) ?? null;
}

export function recordDigest(db: Db, asOfIso: string, nowIso: string, outboxKey: string, runId: number): void {
  db.prepare('INSERT INTO digests(as_of, created_at, outbox_key, run_id) VALUES (?, ?, ?, ?)').run(asOfIso, nowIso, outboxKey, runId);
}
