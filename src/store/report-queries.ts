import type { Db } from './db';

export interface PlanRow {
  readonly id: string;
  readonly title: string;
  readonly firstYear: number | null;
  readonly lastYear: number | null;
}

export function listPlans(db: Db): PlanRow[] {
  return db.prepare('SELECT id, title, first_year AS firstYear, last_year AS lastYear FROM plans ORDER BY id').all() as PlanRow[];
}

/**
 * The first year odmon has anything on record for: a plan's first year, or the year (UTC is close enough) of the
 * earliest publication. A report for a year before it would state "nothing published" as a fact it cannot know.
 */
export function firstYearOnRecord(db: Db): number | null {
  const plan = db.prepare('SELECT min(first_year) FROM plans').pluck().get() as number | null;
  const pub = db.prepare('SELECT min(published_at) FROM publications').pluck().get() as string | null;
  const years = [plan, pub === null ? null : Number(pub.slice(0, 4))].filter((y): y is number => y !== null);
  return years.length === 0 ? null : Math.min(...years);
}

/** Steward notices delivered in [fromIso, toIso), per steward; trial runs (--redirect-all-to) are not counted. */
export function noticesSentBySteward(db: Db, fromIso: string, toIso: string): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT steward_id AS stewardId, count(*) AS n FROM outbox
        WHERE kind = 'notice' AND status = 'sent' AND sent_at >= ? AND sent_at < ? AND steward_id IS NOT NULL AND key NOT LIKE 'trial:%'
        GROUP BY steward_id`,
    )
    .all(fromIso, toIso) as { stewardId: string; n: number }[];
  return new Map(rows.map((r) => [r.stewardId, r.n]));
}

export interface FindingCounts {
  readonly opened: number;
  /** Ended because it no longer held: fixed. */
  readonly resolved: number;
  /** Ended because its dataset was suspended: not fixed, withheld on purpose. */
  readonly suspended: number;
}

const COUNTS = `coalesce(sum(CASE WHEN f.opened_at >= @from AND f.opened_at < @to THEN 1 ELSE 0 END), 0) AS opened,
              coalesce(sum(CASE WHEN f.resolved_at >= @from AND f.resolved_at < @to AND f.resolved_suspended IS NULL THEN 1 ELSE 0 END), 0) AS resolved,
              coalesce(sum(CASE WHEN f.resolved_at >= @from AND f.resolved_at < @to AND f.resolved_suspended IS NOT NULL THEN 1 ELSE 0 END), 0) AS suspended`;

/** Findings counted once each, by whom they name: one steward, several (a shared plan task), or none. */
export interface FindingCountsByResponsibility {
  /** Findings that name this steward alone. */
  readonly bySteward: ReadonlyMap<string, FindingCounts>;
  /** Findings that name several stewards (a plan task of several units), each once. */
  readonly shared: FindingCounts;
  /** Findings that name no steward (a required dataset assigned to nobody). */
  readonly unassigned: FindingCounts;
  /** What the shared findings counted are about (`task` `2.2`, …), in id order. */
  readonly sharedSubjects: readonly { readonly type: string; readonly id: string }[];
}

const NONE: FindingCounts = { opened: 0, resolved: 0, suspended: 0 };

/**
 * Findings (reminders of severity info left out) opened, resolved, and ended by a suspension (not resolved) in
 * [fromIso, toIso), each counted once: under its one steward, among the shared ones, or among the unassigned ones.
 * The three add up to findingTotals.
 */
export function findingCountsByResponsibility(db: Db, fromIso: string, toIso: string): FindingCountsByResponsibility {
  const rows = db
    .prepare(
      `SELECT json_array_length(f.stewards) AS n, CASE WHEN json_array_length(f.stewards) = 1 THEN json_extract(f.stewards, '$[0]') END AS stewardId, ${COUNTS}
         FROM findings f
        WHERE f.severity <> 'info'
        GROUP BY 1, 2`,
    )
    .all({ from: fromIso, to: toIso }) as ({ n: number; stewardId: string | null } & FindingCounts)[];
  const add = (a: FindingCounts, b: FindingCounts): FindingCounts => ({ opened: a.opened + b.opened, resolved: a.resolved + b.resolved, suspended: a.suspended + b.suspended });
  const bySteward = new Map<string, FindingCounts>();
  let shared = NONE;
  let unassigned = NONE;
  for (const r of rows) {
    const c: FindingCounts = { opened: r.opened, resolved: r.resolved, suspended: r.suspended };
    if (r.n === 0) unassigned = add(unassigned, c);
    else if (r.n > 1) shared = add(shared, c);
    else if (r.stewardId !== null) bySteward.set(r.stewardId, add(bySteward.get(r.stewardId) ?? NONE, c));
  }
  const sharedSubjects = db
    .prepare(
      `SELECT DISTINCT subject_type AS type, subject_id AS id FROM findings f
        WHERE f.severity <> 'info' AND json_array_length(f.stewards) > 1
          AND ((f.opened_at >= @from AND f.opened_at < @to) OR (f.resolved_at >= @from AND f.resolved_at < @to))
        ORDER BY subject_type, subject_id`,
    )
    .all({ from: fromIso, to: toIso }) as { type: string; id: string }[];
  return { bySteward, shared, unassigned, sharedSubjects };
}

/** The same counts for the whole council (each finding once, with or without a steward). */
export function findingTotals(db: Db, fromIso: string, toIso: string): FindingCounts {
  return db.prepare(`SELECT ${COUNTS} FROM findings f WHERE f.severity <> 'info'`).get({ from: fromIso, to: toIso }) as FindingCounts;
}
