/**
 * The floor: the two findings that matter most on the portal — `missing-dataset` and `stale-publication` —
 * computed without rules, once in one hand-written SQL query and once in a plain JS loop. odmon's evaluation
 * is measured against these.
 */
import { DateTime, type Duration } from 'luxon';
import type { Dataset } from '../src/domain';
import type { Db } from '../src/store/db';
import type { FrequencyCatalogue } from '../src/time/frequency';
import { PublicationCalendar } from '../src/time/publication-calendar';
import { ZONE } from '../src/time/zone';

/** One finding as every method can state it: rule, dataset, deadline and lateness. */
export interface FloorFinding {
  readonly rule: 'missing-dataset' | 'stale-publication';
  readonly id: string;
  readonly dueAt: string | null;
  readonly daysOverdue: number | null;
}

export interface FloorOptions {
  readonly now: DateTime;
  readonly graceDays: number;
  readonly frequencies: FrequencyCatalogue;
}

export const FLOOR_RULES: readonly string[] = ['missing-dataset', 'stale-publication'];

export const findingKey = (f: FloorFinding): string => `${f.rule} ${f.id} ${f.dueAt ?? '-'} ${f.daysOverdue ?? '-'}`;

/** A calendar period as SQLite can add it: whole months first (clamped to the month's end, as luxon does), then days. */
function monthsAndDays(period: Duration): { months: number; days: number } {
  const o = period.toObject();
  const rest = (o.hours ?? 0) + (o.minutes ?? 0) + (o.seconds ?? 0) + (o.milliseconds ?? 0);
  const whole = [o.years, o.quarters, o.months, o.weeks, o.days].every((n) => n === undefined || Number.isInteger(n));
  if (rest !== 0 || !whole) throw new Error(`the SQL floor adds whole months and days only, not ${period.toISO()}`);
  return { months: (o.years ?? 0) * 12 + (o.quarters ?? 0) * 3 + (o.months ?? 0), days: (o.weeks ?? 0) * 7 + (o.days ?? 0) };
}

/** 01:00 UTC on the last Sunday of `month` (1-based) of `year`: when the EU changes the clocks. */
function lastSundayOneAm(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month, 0, 1)); // day 0 of the next month: the month's last day
  return last.getTime() - last.getUTCDay() * 86_400_000;
}

/**
 * Kyiv's summer time per year, for SQLite (which knows no time zones): [year, starts, ends, first day, last day]
 * — the summer offset holds from `starts` (inclusive) to `ends` (exclusive), and 00:00 Kyiv is in summer time on
 * the dates after `first day` up to `last day`. The EU rule Ukraine follows, checked against luxon's zone data
 * at every change; a year where it does not hold stops the bench.
 */
function summerTimes(db: Db): [string, string, string, string, string][] {
  const span = db.prepare(`SELECT min(x), max(x) FROM (SELECT min(last_updated) AS x FROM datasets UNION ALL SELECT max(last_updated) FROM datasets
                                                       UNION ALL SELECT min(published_at) FROM publications UNION ALL SELECT max(published_at) FROM publications)`).raw().get() as (string | null)[];
  const first = Number((span[0] ?? '2000').slice(0, 4)) - 1;
  const last = Number((span[1] ?? '2000').slice(0, 4)) + 12; // deadlines run past the last update
  const years: [string, string, string, string, string][] = [];
  const offset = (ms: number): number => DateTime.fromMillis(ms, { zone: ZONE }).offset;
  for (let y = first; y <= last; y++) {
    const [starts, ends] = [lastSundayOneAm(y, 3), lastSundayOneAm(y, 10)];
    if (offset(starts - 1) !== 120 || offset(starts) !== 180 || offset(ends - 1) !== 180 || offset(ends) !== 120) {
      throw new Error(`the SQL floor expects Kyiv's summer time by the EU rule in ${y}; luxon's zone data disagrees`);
    }
    const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10); // the changes are at 03:00/04:00 Kyiv, same date
    years.push([String(y), new Date(starts).toISOString(), new Date(ends).toISOString(), day(starts), day(ends)]);
  }
  return years;
}

/**
 * The SQL floor: one query over the real tables. Kyiv days come from a per-year table of summer time (from
 * luxon: SQLite has no time zones) and the frequency spellings from a VALUES table made from the distinct values
 * in the register; everything else is SQL. A period adds whole months first, clamped to the target month's last
 * day as luxon does (SQLite's own date(x, '+1 month') overflows: 2019-01-31 + 1 month = 2019-03-03, luxon
 * 2019-02-28), done with integer arithmetic on the date, then days with date(). The per-dataset dates are
 * materialised once, so that SQLite does not recompute them for every use.
 */
export function sqlFloor(db: Db, o: FloorOptions): FloorFinding[] {
  const distinct = db.prepare('SELECT DISTINCT coalesce(frequency, frequency_raw) FROM datasets WHERE coalesce(frequency, frequency_raw) IS NOT NULL').pluck().all() as string[];
  const periods: [string, number, number][] = [];
  for (const raw of distinct) {
    const m = o.frequencies.match(raw);
    if (m.kind === 'known' && m.period !== null) {
      const { months, days } = monthsAndDays(m.period);
      periods.push([raw, months, days]);
    }
  }
  const summer = summerTimes(db);
  const values = (rows: unknown[][], width: number): string =>
    rows.length > 0 ? rows.map(() => `(${Array(width).fill('?').join(', ')})`).join(', ') : `(${Array(width).fill('NULL').join(', ')})`;
  const sql = `
    WITH freq(raw, months, days) AS (VALUES ${values(periods, 3)}),
    summer(y, starts, ends, first_day, last_day) AS (VALUES ${values(summer, 5)}),
    reg AS MATERIALIZED (
      SELECT d.id, d.steward_id, d.required, coalesce(d.frequency, d.frequency_raw) AS f,
             nullif(max(coalesce((SELECT max(published_at) FROM publications p WHERE p.dataset_id = d.id), ''), coalesce(d.last_updated, '')), '') AS lu
        FROM datasets d
       WHERE d.suspended IS NULL
    ),
    periodic AS MATERIALIZED (
      SELECT r.id, q.months, q.days + @grace AS plus,
             date(r.lu, CASE WHEN r.lu >= z.starts AND r.lu < z.ends THEN '+3 hours' ELSE '+2 hours' END) AS day
        FROM reg r JOIN freq q ON q.raw = r.f JOIN summer z ON z.y = substr(r.lu, 1, 4)
    ),
    split AS MATERIALIZED (
      SELECT id, plus, CAST(substr(day, 1, 4) AS INTEGER) + (CAST(substr(day, 6, 2) AS INTEGER) - 1 + months) / 12 AS y,
             (CAST(substr(day, 6, 2) AS INTEGER) - 1 + months) % 12 + 1 AS m, CAST(substr(day, 9, 2) AS INTEGER) AS d
        FROM periodic
    ),
    deadlines AS MATERIALIZED (
      SELECT id, date(printf('%04d-%02d-%02d', y, m, min(d, CASE m WHEN 2 THEN CASE WHEN (y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0 THEN 29 ELSE 28 END
                                                              WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 WHEN 11 THEN 30 ELSE 31 END)),
                      '+' || plus || ' days') AS deadline
        FROM split
    ),
    late AS MATERIALIZED (
      SELECT id, date(deadline, '+1 day') AS next, CAST(julianday(@today) - julianday(deadline) AS INTEGER) AS overdue
        FROM deadlines WHERE deadline < @today
    )
    SELECT 'stale-publication' AS rule, l.id, strftime('%Y-%m-%dT%H:%M:%fZ', l.next, CASE WHEN l.next > z.first_day AND l.next <= z.last_day THEN '-3 hours' ELSE '-2 hours' END) AS dueAt,
           l.overdue AS daysOverdue
      FROM late l JOIN summer z ON z.y = substr(l.next, 1, 4)
    UNION ALL
    SELECT 'missing-dataset', id, NULL, NULL FROM reg WHERE lu IS NULL AND required = 1 AND steward_id IS NOT NULL`;
  const today = o.now.setZone(ZONE).toISODate() as string;
  return db.prepare(sql).all(...periods.flat(), ...summer.flat(), { grace: o.graceDays, today }) as FloorFinding[];
}

/**
 * The plain loop: the same two findings from the rows odmon loads, by hand, with the same luxon calendar
 * (one computation per Kyiv day of last update and period) that the dataset facts use.
 */
export function loopFloor(datasets: readonly Dataset[], o: FloorOptions): FloorFinding[] {
  const calendar = new PublicationCalendar(o.now, o.graceDays);
  const periods = new Map<string | null, Duration | null>();
  const out: FloorFinding[] = [];
  for (const d of datasets) {
    if (d.suspended !== null) continue;
    if (d.lastUpdated === null) {
      if (d.required && d.stewardId !== null) out.push({ rule: 'missing-dataset', id: d.id, dueAt: null, daysOverdue: null });
      continue;
    }
    const raw = d.frequency ?? d.frequencyRaw;
    let period = periods.get(raw);
    if (period === undefined) {
      const m = o.frequencies.match(raw);
      period = m.kind === 'known' ? m.period : null;
      periods.set(raw, period);
    }
    if (period === null) continue;
    const s = calendar.schedule(calendar.lastUpdate(d.lastUpdated), period);
    if (s.daysOverdue > 0) out.push({ rule: 'stale-publication', id: d.id, dueAt: s.dueAt, daysOverdue: s.daysOverdue });
  }
  return out;
}
