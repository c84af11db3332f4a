/**
 * Kyiv calendar days as day numbers (days since 1970-01-01 on the proleptic Gregorian calendar), cheap enough
 * for a national register of 100,000 datasets: an instant's Kyiv day is the UTC date of the instant plus the
 * offset that Kyiv's table of offset changes gives (kyiv-zone.ts), with no luxon object and no zone lookup per
 * row. Years outside 1000–9999 and anything not in the stored form are left to luxon.
 */
import { kyivOffset } from './kyiv-zone';

export const DAY_MS = 86_400_000;
/** Day numbers of 1000-01-02 and 9999-12-30: inside them every date and instant prints with a 4-digit year. */
export const FIRST_FAST_DAY = Date.UTC(1000, 0, 2) / DAY_MS;
export const LAST_FAST_DAY = Date.UTC(9999, 11, 30) / DAY_MS;

/**
 * The day number of a civil date: Date.UTC(year, month - 1, day) / DAY_MS for every year (0–99 too), with integer
 * arithmetic (days from 0000-03-01 by 400-year eras, H. Hinnant's days_from_civil) instead of a Date, for a day in
 * its month; other days roll over as Date.UTC rolls them.
 */
export function dayNumber(year: number, month: number, day: number): number {
  if (month < 1 || month > 12 || day < 1 || day > 28 || !Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) {
    return new Date(0).setUTCFullYear(year, month - 1, day) / DAY_MS;
  }
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Days in `month` (1–12) of `year`, on the proleptic Gregorian calendar. */
function monthLength(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** `30.06.2019` for a day number, as formatDate prints a day. */
export function shownDateOf(n: number): string {
  const d = new Date(n * DAY_MS);
  return `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`;
}

/** `2019-06-30T21:00:00.000Z`: what stands where (d: a decimal digit). */
const STORED_SHAPE = 'dddd-dd-ddTdd:dd:dd.dddZ';

/** Whether a 24-character string has the stored form (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/), told character by character. */
function storedShape(s: string): boolean {
  for (let i = 0; i < 24; i++) {
    const c = s.charCodeAt(i);
    const want = STORED_SHAPE.charCodeAt(i);
    if (want === 100 /* d */ ? c < 48 || c > 57 : c !== want) return false;
  }
  return true;
}

/** The value of the decimal digits of `s` from `from` to `to` (exclusive): the caller has checked they are digits. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
}

/**
 * The instant of `2019-06-30T21:00:00.000Z` — exactly the form toStoredInstant writes, naming a real day and
 * time of a year from 1000 on (Date.parse would roll 2019-02-30 over into March and take 24:00) — or NaN.
 */
export function parseStoredInstant(s: string): number {
  if (s.length !== 24 || !storedShape(s)) return NaN;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  const hour = digits(s, 11, 13);
  const minute = digits(s, 14, 16);
  const second = digits(s, 17, 19);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return NaN;
  if (day > 28 && day > monthLength(year, month)) return NaN;
  const n = dayNumber(year, month, Math.min(day, 28)) + Math.max(0, day - 28);
  return n * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + digits(s, 20, 23);
}

/**
 * The day number of the Kyiv day holding the instant `ms` (years 1000–9999): the UTC date of ms + Kyiv's offset,
 * computed as luxon computes a local date (the offset in ms as `offset * 60 * 1000`, truncated as Date does).
 */
export function kyivDayOfMs(ms: number): number {
  return Math.floor(Math.trunc(ms + kyivOffset(ms) * 60 * 1000) / DAY_MS);
}

const midnights = new Map<number, number | null>();

/**
 * The instant (ms) of 00:00 Kyiv on day number `n`, or null when it does not exist once (a DST change at
 * midnight, as in 1981–1990) or lies outside 1000–9999. With offsets between 0 and 24 h, Kyiv's midnight falls
 * inside the UTC day before, whose offsets are the ones at its start and at the next UTC midnight (one change a
 * day at most): the midnight is the one candidate, day start minus such an offset, that the zone confirms.
 */
export function kyivMidnightMsOf(n: number): number | null {
  let m = midnights.get(n);
  if (m === undefined) {
    m = null;
    if (n - 1 >= FIRST_FAST_DAY && n <= LAST_FAST_DAY) {
      const found = [...new Set([kyivOffset((n - 1) * DAY_MS), kyivOffset(n * DAY_MS)])]
        .filter((off) => off > 0 && off < 24 * 60 && kyivOffset(n * DAY_MS - off * 60_000) === off)
        .map((off) => n * DAY_MS - off * 60_000);
      if (found.length === 1) m = found[0];
    }
    midnights.set(n, m);
  }
  return m;
}

const stored = new Map<number, string | null>();

/** kyivMidnightMsOf in the stored form (`2019-06-29T21:00:00.000Z`), or null. */
export function kyivMidnightOf(n: number): string | null {
  let s = stored.get(n);
  if (s === undefined) {
    const m = kyivMidnightMsOf(n);
    s = m === null ? null : new Date(m).toISOString();
    stored.set(n, s);
  }
  return s;
}
