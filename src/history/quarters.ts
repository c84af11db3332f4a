/**
 * Calendar quarters in Kyiv time: the plan writes its deadlines as quarters, and compliance history is kept
 * per quarter. A quarter is the half-open range [start, end) of Kyiv days; `end` is 00:00 Kyiv of the next
 * quarter's first day, the moment its snapshot describes (just before it).
 */
import { DateTime } from 'luxon';
import { ZONE } from '../time/zone';

export interface Quarter {
  readonly year: number;
  /** 1 to 4. */
  readonly q: number;
}

const ROMAN = ['I', 'II', 'III', 'IV'];

export function quarterOf(dt: DateTime): Quarter {
  const k = dt.setZone(ZONE);
  return { year: k.year, q: Math.floor((k.month - 1) / 3) + 1 };
}

/** `2026-Q3`, the key snapshots are stored under (sorts as text). */
export function quarterKey(q: Quarter): string {
  return `${q.year}-Q${q.q}`;
}

export function parseQuarterKey(key: string): Quarter | null {
  const m = /^(\d{4})-Q([1-4])$/.exec(key);
  return m ? { year: Number(m[1]), q: Number(m[2]) } : null;
}

/** `III кв. 2026`, as the plan writes quarters. */
export function quarterLabel(q: Quarter): string {
  return `${ROMAN[q.q - 1]} кв. ${q.year}`;
}

export function quarterStart(q: Quarter): DateTime {
  return DateTime.fromObject({ year: q.year, month: (q.q - 1) * 3 + 1, day: 1 }, { zone: ZONE });
}

/** The exclusive end: 00:00 Kyiv of the next quarter's first day. */
export function quarterEnd(q: Quarter): DateTime {
  return quarterStart(q).plus({ months: 3 });
}

export function nextQuarter(q: Quarter): Quarter {
  return q.q === 4 ? { year: q.year + 1, q: 1 } : { year: q.year, q: q.q + 1 };
}

export function previousQuarter(q: Quarter): Quarter {
  return q.q === 1 ? { year: q.year - 1, q: 4 } : { year: q.year, q: q.q - 1 };
}

/** The quarters whose end lies in (after, until]: those that ended since `after`, oldest first. */
export function quartersEndedBetween(after: DateTime, until: DateTime): Quarter[] {
  const out: Quarter[] = [];
  for (let q = quarterOf(after); quarterEnd(q) <= until; q = nextQuarter(q)) {
    if (quarterEnd(q) > after) out.push(q);
  }
  return out;
}

/** The four quarters of a year. */
export function quartersOf(year: number): Quarter[] {
  return [1, 2, 3, 4].map((q) => ({ year, q }));
}
