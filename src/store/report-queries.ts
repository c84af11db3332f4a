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

/**
 * Findings (reminders of severity info left out) opened and resolved in [fromIso, toIso), per responsible
 * steward; a plan task of several units counts for each.
 */
export function findingCountsBySteward(db: Db, fromIso: string, toIso: string): Map<string, { opened: number; resolved: number }> {
  const rows = db
    .prepare(
      `SELECT j.value AS stewardId,
              sum(CASE WHEN f.opened_at >= @from AND f.opened_at < @to THEN 1 ELSE 0 END) AS opened,
              sum(CASE WHEN f.resolved_at >= @from AND f.resolved_at < @to THEN 1 ELSE 0 END) AS resolved
         FROM findings f, json_each(f.stewards) j
        WHERE f.severity <> 'info'
        GROUP BY j.value`,
    )
    .all({ from: fromIso, to: toIso }) as { stewardId: string; opened: number; resolved: number }[];
  return new Map(rows.map((r) => [r.stewardId, { opened: r.opened, resolved: r.resolved }]));
}

/** The same counts for the whole council (each finding once, with or without a steward). */
export function findingTotals(db: Db, fromIso: string, toIso: string): { opened: number; resolved: number } {
  return db
    .prepare(
      `SELECT coalesce(sum(CASE WHEN opened_at >= @from AND opened_at < @to THEN 1 ELSE 0 END), 0) AS opened,
              coalesce(sum(CASE WHEN resolved_at >= @from AND resolved_at < @to THEN 1 ELSE 0 END), 0) AS resolved
         FROM findings WHERE severity <> 'info'`,
    )
    .get({ from: fromIso, to: toIso }) as { opened: number; resolved: number };
}
