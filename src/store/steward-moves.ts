/**
 * A steward's id appears wherever the steward does: its datasets, the plan tasks it answers for, the findings
 * addressed to it (and those about it), what it was told and when, its snoozes and acknowledgements, its
 * quarterly history and its messages. Two moves keep all of that together:
 * - `renameSteward`: a unit takes a new id (the seed's `it` becomes the council's `itd`);
 * - `mergeSteward`: one unit is folded into another (departments are merged in real councils).
 * Both run inside the caller's transaction. Foreign keys are checked at its end (defer_foreign_keys), when every
 * reference has moved. The audit log is history and keeps the old id.
 */
import type { Db } from './db';

export interface MoveCounts {
  readonly datasets: number;
  readonly tasks: number;
  readonly findings: number;
  readonly notices: number;
  readonly snoozes: number;
  readonly acknowledgements: number;
  readonly snapshots: number;
  readonly messages: number;
}

/**
 * Every table with a `steward_id` column (steward_contacts, datasets, task_responsibles, findings,
 * finding_notices, snoozes, acknowledgements, quarter_snapshots, outbox), and any a later version adds.
 */
function tablesWithStewardId(db: Db): string[] {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  return tables.filter((t) => (db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).some((c) => c.name === 'steward_id'));
}

const count = (db: Db, sql: string, ...args: unknown[]): number => db.prepare(sql).pluck().get(...args) as number;

/** How much of the steward's record each move would carry. */
export function stewardFootprint(db: Db, id: string): MoveCounts {
  return {
    datasets: count(db, 'SELECT count(*) FROM datasets WHERE steward_id = ?', id),
    tasks: count(db, 'SELECT count(DISTINCT task_id) FROM task_responsibles WHERE steward_id = ?', id),
    findings: count(
      db,
      `SELECT count(*) FROM findings WHERE steward_id = ? OR (subject_type = 'steward' AND subject_id = ?)
          OR EXISTS (SELECT 1 FROM json_each(findings.stewards) j WHERE j.value = ?)`,
      id,
      id,
      id,
    ),
    notices: count(db, 'SELECT count(*) FROM finding_notices WHERE steward_id = ?', id),
    snoozes: count(db, 'SELECT count(*) FROM snoozes WHERE steward_id = ?', id),
    acknowledgements: count(db, 'SELECT count(*) FROM acknowledgements WHERE steward_id = ?', id),
    snapshots: count(db, 'SELECT count(*) FROM quarter_snapshots WHERE steward_id = ?', id),
    messages: count(db, 'SELECT count(*) FROM outbox WHERE steward_id = ?', id),
  };
}

/** findings.stewards (a JSON array) with `from` replaced by `to`, order kept, no id twice. */
function moveInFindingLists(db: Db, from: string, to: string): void {
  const rows = db
    .prepare("SELECT id, stewards FROM findings WHERE EXISTS (SELECT 1 FROM json_each(findings.stewards) j WHERE j.value = ?)")
    .all(from) as { id: number; stewards: string }[];
  const update = db.prepare('UPDATE findings SET stewards = ? WHERE id = ?');
  for (const r of rows) {
    const list = (JSON.parse(r.stewards) as string[]).map((s) => (s === from ? to : s));
    update.run(JSON.stringify([...new Set(list)]), r.id);
  }
}

/** Findings about the steward itself follow it, unless the other already has the same open finding. */
function moveFindingSubjects(db: Db, from: string, to: string): void {
  db.prepare(
    `UPDATE findings SET subject_id = ?
      WHERE subject_type = 'steward' AND subject_id = ?
        AND (resolved_at IS NOT NULL OR NOT EXISTS (
             SELECT 1 FROM findings o WHERE o.rule = findings.rule AND o.subject_type = 'steward' AND o.subject_id = ? AND o.resolved_at IS NULL))`,
  ).run(to, from, to);
}

/** What a steward was told about a finding: when both were told about the same one, the records are combined. */
function moveNotices(db: Db, from: string, to: string): void {
  const both = db
    .prepare('SELECT a.* FROM finding_notices a JOIN finding_notices b ON a.finding_id = b.finding_id WHERE a.steward_id = ? AND b.steward_id = ?')
    .all(from, to) as { finding_id: number; first_notified_at: string; last_notified_at: string; count: number; escalated_at: string | null; resolved_notified_at: string | null; last_outbox_key: string | null }[];
  const combine = db.prepare(
    `UPDATE finding_notices SET
       first_notified_at = min(first_notified_at, @first), count = count + @count,
       last_outbox_key = CASE WHEN @last > last_notified_at THEN @key ELSE last_outbox_key END,
       last_notified_at = max(last_notified_at, @last),
       escalated_at = CASE WHEN escalated_at IS NULL THEN @escalated WHEN @escalated IS NULL THEN escalated_at ELSE min(escalated_at, @escalated) END,
       resolved_notified_at = CASE WHEN resolved_notified_at IS NULL THEN @resolved WHEN @resolved IS NULL THEN resolved_notified_at ELSE max(resolved_notified_at, @resolved) END
     WHERE finding_id = @finding AND steward_id = @to`,
  );
  const drop = db.prepare('DELETE FROM finding_notices WHERE finding_id = ? AND steward_id = ?');
  for (const n of both) {
    combine.run({ first: n.first_notified_at, count: n.count, last: n.last_notified_at, key: n.last_outbox_key, escalated: n.escalated_at, resolved: n.resolved_notified_at, finding: n.finding_id, to });
    drop.run(n.finding_id, from);
  }
}

function moveReferences(db: Db, from: string, to: string): MoveCounts {
  const counts = stewardFootprint(db, from);
  moveNotices(db, from, to);
  moveInFindingLists(db, from, to);
  moveFindingSubjects(db, from, to);
  for (const table of tablesWithStewardId(db)) {
    if (table === 'steward_contacts') continue;
    db.prepare(`UPDATE "${table}" SET steward_id = ? WHERE steward_id = ?`).run(to, from);
  }
  return counts;
}

/** Gives a steward a new id (no steward may have it yet). Call inside a transaction. */
export function renameSteward(db: Db, from: string, to: string): MoveCounts {
  db.pragma('defer_foreign_keys = ON');
  db.prepare('UPDATE stewards SET id = ? WHERE id = ?').run(to, from);
  db.prepare('UPDATE steward_contacts SET steward_id = ? WHERE steward_id = ?').run(to, from);
  return moveReferences(db, from, to);
}

/**
 * Moves everything of `from` to `to` and deletes `from`. The caller has checked that nothing is lost: `from`'s
 * addresses are `to`'s too, and their histories do not overlap. Call inside a transaction.
 */
/**
 * Two snapshots of one quarter become the merged unit's: the counts add up (each counts its own datasets, which
 * now all belong to one unit), and the score is recomputed by its one definition — of the required datasets not
 * suspended, the share published and on time. A snapshot rebuilt later stays marked as reconstructed.
 */
function combineSnapshots(db: Db, from: string, to: string): void {
  db.prepare(
    `UPDATE quarter_snapshots AS t SET
       required = t.required + f.required, published = t.published + f.published, on_time = t.on_time + f.on_time,
       late = t.late + f.late, never_published = t.never_published + f.never_published, suspended = t.suspended + f.suspended,
       score = CASE WHEN t.required + f.required - t.suspended - f.suspended > 0
                    THEN CAST(t.on_time + f.on_time AS REAL) / (t.required + f.required - t.suspended - f.suspended) END,
       taken_at = max(t.taken_at, f.taken_at),
       source = CASE WHEN t.source = 'reconstructed' OR f.source = 'reconstructed' THEN 'reconstructed' ELSE 'live' END
     FROM quarter_snapshots AS f
     WHERE f.quarter = t.quarter AND f.steward_id = @from AND t.steward_id = @to`,
  ).run({ from, to });
  db.prepare('DELETE FROM quarter_snapshots WHERE steward_id = ? AND quarter IN (SELECT quarter FROM quarter_snapshots WHERE steward_id = ?)').run(from, to);
}

export function mergeSteward(db: Db, from: string, to: string): MoveCounts {
  db.pragma('defer_foreign_keys = ON');
  combineSnapshots(db, from, to);
  const counts = moveReferences(db, from, to);
  db.prepare('DELETE FROM steward_contacts WHERE steward_id = ?').run(from);
  db.prepare('DELETE FROM stewards WHERE id = ?').run(from);
  return counts;
}
