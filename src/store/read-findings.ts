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

/** The latest evaluation run whose findings are recorded (a run being recorded has no `finished_at` yet), or null. */
export function latestFinishedRun(db: Db): { id: number; asOf: string; startedAt: string; finishedAt: string } | null {
  const r = db
    .prepare('SELECT id, as_of AS asOf, started_at AS startedAt, finished_at AS finishedAt FROM evaluation_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1')
    .get() as { id: number; asOf: string; startedAt: string; finishedAt: string } | undefined;
  return r ?? null;
}

/** Its id alone: asked on every page, so that a new check is seen at once (an index lookup). */
export function latestFinishedRunId(db: Db): number | null {
  return (db.prepare('SELECT max(id) FROM evaluation_runs WHERE finished_at IS NOT NULL').pluck().get() as number | null) ?? null;
}

/**
 * Every open finding by id, read in pages within one read transaction (one snapshot), with a turn of the event
 * loop between pages: a national register has tens of thousands of them.
 */
export async function openFindingsInTurns(db: Db, pause: () => Promise<void> | null): Promise<FindingRecord[]> {
  const page = db.prepare(`SELECT ${FINDING_COLUMNS} FROM findings WHERE resolved_at IS NULL AND id > ? ORDER BY id LIMIT 1000`);
  const own = !db.inTransaction;
  if (own) db.exec('BEGIN');
  try {
    const all: FindingRecord[] = [];
    for (let rows = page.all(0) as FindingRow[]; rows.length > 0; rows = page.all(rows[rows.length - 1].id) as FindingRow[]) {
      for (const r of rows) all.push(findingFromRow(r));
      const turn = pause();
      if (turn !== null) await turn;
    }
    if (own) db.exec('COMMIT');
    return all;
  } catch (e) {
    if (own && db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}

export interface FindingEpisode {
  readonly id: number;
  readonly rule: string;
  readonly openedAt: string;
  readonly resolvedAt: string | null;
  /** It ended because the dataset was suspended (with this basis), not because it was fixed. */
  readonly resolvedSuspended: string | null;
}

/** The findings a subject has had, newest first, at most `limit`: its changes of state (a dataset's page). */
export function findingEpisodesOf(db: Db, subjectType: string, subjectId: string, limit: number): { total: number; episodes: FindingEpisode[] } {
  const total = db.prepare('SELECT count(*) FROM findings WHERE subject_type = ? AND subject_id = ?').pluck().get(subjectType, subjectId) as number;
  const episodes = db
    .prepare(
      `SELECT id, rule, opened_at AS openedAt, resolved_at AS resolvedAt, resolved_suspended AS resolvedSuspended
         FROM findings WHERE subject_type = ? AND subject_id = ? ORDER BY coalesce(resolved_at, opened_at) DESC, id DESC LIMIT ?`,
    )
    .all(subjectType, subjectId, limit) as FindingEpisode[];
  return { total, episodes };
}
