import type { Finding, Severity, SubjectType } from '../domain';
import type { Db } from './db';

export interface StoredFinding extends Finding {
  readonly id: number;
  readonly openedAt: string;
  readonly lastSeenAt: string;
  readonly resolvedAt: string | null;
}

interface FindingRow {
  id: number;
  rule: string;
  subject_type: SubjectType;
  subject_id: string;
  steward_id: string | null;
  stewards: string;
  severity: Severity;
  message: string;
  due_at: string | null;
  days_overdue: number | null;
  opened_at: string;
  last_seen_at: string;
  resolved_at: string | null;
}

function fromRow(r: FindingRow): StoredFinding {
  return {
    id: r.id,
    rule: r.rule,
    severity: r.severity,
    subject: { type: r.subject_type, id: r.subject_id },
    steward: r.steward_id,
    stewards: JSON.parse(r.stewards) as string[],
    dueAt: r.due_at,
    daysOverdue: r.days_overdue,
    message: r.message,
    openedAt: r.opened_at,
    lastSeenAt: r.last_seen_at,
    resolvedAt: r.resolved_at,
  };
}

export function startRun(db: Db, startedAt: string, asOf: string): number {
  return Number(db.prepare('INSERT INTO evaluation_runs(started_at, as_of) VALUES (?, ?)').run(startedAt, asOf).lastInsertRowid);
}

export interface RecordOutcome {
  readonly opened: number;
  readonly resolved: number;
  readonly open: number;
}

/**
 * Records one evaluation in one transaction. A finding's identity is (rule, subject): an open episode is
 * refreshed, a new one is opened, and an open episode that no longer holds is resolved — but only for rules
 * that ran successfully this time (`evaluatedRules`), so a broken rule never "resolves" its findings.
 */
export function recordFindings(
  db: Db,
  runId: number,
  findings: readonly Finding[],
  evaluatedRules: ReadonlySet<string>,
  nowIso: string,
  errors: readonly string[],
  /** When every rule file loaded, the names of all rules: open findings of a rule that is gone are resolved. */
  allRules: ReadonlySet<string> | null = null,
): RecordOutcome {
  const refresh = db.prepare(
    `UPDATE findings SET last_seen_at = @now, last_seen_run = @run, severity = @severity, message = @message,
            due_at = @dueAt, days_overdue = @daysOverdue, steward_id = @steward, stewards = @stewards
      WHERE rule = @rule AND subject_type = @type AND subject_id = @id AND resolved_at IS NULL`,
  );
  const open = db.prepare(
    `INSERT INTO findings(rule, subject_type, subject_id, steward_id, stewards, severity, message, due_at, days_overdue,
                          opened_at, opened_run, last_seen_at, last_seen_run)
     VALUES (@rule, @type, @id, @steward, @stewards, @severity, @message, @dueAt, @daysOverdue, @now, @run, @now, @run)`,
  );
  const openNow = db.prepare('SELECT id, rule, subject_type, subject_id FROM findings WHERE resolved_at IS NULL');
  const resolve = db.prepare('UPDATE findings SET resolved_at = ?, resolved_run = ? WHERE id = ?');
  return db.transaction((): RecordOutcome => {
    let opened = 0;
    const seen = new Set<string>();
    for (const f of findings) {
      const params = {
        now: nowIso,
        run: runId,
        rule: f.rule,
        type: f.subject.type,
        id: f.subject.id,
        steward: f.steward,
        stewards: JSON.stringify(f.stewards),
        severity: f.severity,
        message: f.message,
        dueAt: f.dueAt,
        daysOverdue: f.daysOverdue,
      };
      seen.add(`${f.rule}\u0000${f.subject.type}\u0000${f.subject.id}`);
      if (refresh.run(params).changes === 0) {
        open.run(params);
        opened++;
      }
    }
    let resolved = 0;
    for (const row of openNow.all() as { id: number; rule: string; subject_type: string; subject_id: string }[]) {
      const retired = allRules !== null && !allRules.has(row.rule);
      if (!evaluatedRules.has(row.rule) && !retired) continue;
      if (seen.has(`${row.rule}\u0000${row.subject_type}\u0000${row.subject_id}`)) continue;
      resolve.run(nowIso, runId, row.id);
      resolved++;
    }
    db.prepare(
      `UPDATE evaluation_runs SET finished_at = ?, rules_ok = ?, rules_failed = ?, findings_open = ?, opened = ?,
              resolved = ?, errors = ? WHERE id = ?`,
    ).run(nowIso, evaluatedRules.size, errors.length, seen.size, opened, resolved, errors.length ? JSON.stringify(errors) : null, runId);
    return { opened, resolved, open: seen.size };
  })();
}

export function listOpenFindings(db: Db): StoredFinding[] {
  return (db.prepare('SELECT * FROM findings WHERE resolved_at IS NULL ORDER BY id').all() as FindingRow[]).map(fromRow);
}

export function listFindingsResolvedIn(db: Db, runId: number): StoredFinding[] {
  return (db.prepare('SELECT * FROM findings WHERE resolved_run = ? ORDER BY id').all(runId) as FindingRow[]).map(fromRow);
}

export function listAllFindings(db: Db): StoredFinding[] {
  return (db.prepare('SELECT * FROM findings ORDER BY id').all() as FindingRow[]).map(fromRow);
}

/** Findings resolved after `iso` (exclusive), for "resolved since the previous digest". */
export function listFindingsResolvedSince(db: Db, iso: string): StoredFinding[] {
  return (db.prepare('SELECT * FROM findings WHERE resolved_at > ? ORDER BY resolved_at, id').all(iso) as FindingRow[]).map(fromRow);
}
