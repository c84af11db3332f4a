/**
 * Kyiv calendar days as day numbers (days since 1970-01-01 on the proleptic Gregorian calendar), cheap enough
 * for a national register of 100,000 datasets. A luxon conversion in Europe/Kyiv costs tens of microseconds, so
 * the zone's offset (luxon's own IANAZone.offset) is asked once per UTC date and reused for every instant of
 * that date (on a date when it changes, it is asked for the instant itself). Years outside 1000–9999 and
 * anything not in the stored form are left to luxon.
 */
import { IANAZone } from 'luxon';
import { fromStoredInstant, kyivDay } from './days';
import { ZONE } from './zone';

export const DAY_MS = 86_400_000;
/** Day numbers of 1000-01-02 and 9999-12-30: inside them every date and instant prints with a 4-digit year. */
export const FIRST_FAST_DAY = Date.UTC(1000, 0, 2) / DAY_MS;
export const LAST_FAST_DAY = Date.UTC(9999, 11, 30) / DAY_MS;

const zone = IANAZone.create(ZONE);

/** The day number of a civil date. */
export const dayNumber = (year: number, month: number, day: number): number => Date.UTC(year, month - 1, day) / DAY_MS;

/** `30.06.2019` for a day number, as formatDate prints a day. */
export function shownDateOf(n: number): string {
  const d = new Date(n * DAY_MS);
  return `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`;
}

const STORED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

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
  if (s.length !== 24 || !STORED.test(s)) return NaN;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  const hour = digits(s, 11, 13);
  const minute = digits(s, 14, 16);
  const second = digits(s, 17, 19);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return NaN;
  const n = dayNumber(year, month, day);
  if (day > 28 && new Date(n * DAY_MS).getUTCDate() !== day) return NaN;
  return n * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + digits(s, 20, 23);
}

/** UTC day number → the Kyiv offset in ms that holds for the whole of it, or null: shared, the zone never changes. */
const offsets = new Map<number, number | null>();
/** Offset in minutes at the start of a UTC day number. */
const offsetsAtMidnight = new Map<number, number>();

function offsetAtMidnight(utcDay: number): number {
  let o = offsetsAtMidnight.get(utcDay);
  if (o === undefined) {
    o = zone.offset(utcDay * DAY_MS);
    offsetsAtMidnight.set(utcDay, o);
  }
  return o;
}

/**
 * The offset of a whole UTC day, or null. Kyiv's offset changes at most once a day, so the same offset at the
 * start of this day and of the next means no change in between (a change exactly at the next midnight shows).
 */
function constantOffset(utcDay: number): number | null {
  let o = offsets.get(utcDay);
  if (o === undefined) {
    const first = offsetAtMidnight(utcDay);
    o = first === offsetAtMidnight(utcDay + 1) && first > 0 && first < 24 * 60 ? first * 60_000 : null;
    offsets.set(utcDay, o);
  }
  return o;
}

/** The day number of the Kyiv day holding a stored instant; a damaged one throws as fromStoredInstant does. */
export function kyivDayOf(stored: string): number {
  const ms = parseStoredInstant(stored);
  if (ms >= FIRST_FAST_DAY * DAY_MS && ms < (LAST_FAST_DAY + 1) * DAY_MS) {
    const o = constantOffset(Math.floor(ms / DAY_MS) | 0); // a small integer: Map keys hash fastest as such
    // On a day when the offset changes, the instant's own offset: luxon's local date is the date of ms + offset.
    return Math.floor((ms + (o ?? zone.offset(ms) * 60_000)) / DAY_MS) | 0;
  }
  const d = kyivDay(fromStoredInstant(stored));
  return dayNumber(d.year, d.month, d.day);
}

const midnights = new Map<number, string | null>();

/**
 * The stored form of 00:00 Kyiv on day number `n`, or null when it does not exist once (a DST change at
 * midnight) or lies outside 1000–9999. With offsets between 0 and 24 h, Kyiv's midnight falls inside the UTC day
 * before, whose offsets are the ones at its start and at the next UTC midnight (one change a day at most): the
 * midnight is the one candidate, day start minus such an offset, that the zone confirms.
 */
export function kyivMidnightOf(n: number): string | null {
  let m = midnights.get(n);
  if (m === undefined) {
    m = null;
    if (n - 1 >= FIRST_FAST_DAY && n <= LAST_FAST_DAY) {
      const o = constantOffset(n - 1);
      if (o !== null) m = new Date(n * DAY_MS - o).toISOString();
      else {
        const found = [...new Set([offsetAtMidnight(n - 1), offsetAtMidnight(n)])]
          .filter((off) => off > 0 && off < 24 * 60 && zone.offset(n * DAY_MS - off * 60_000) === off)
          .map((off) => n * DAY_MS - off * 60_000);
        if (found.length === 1) m = new Date(found[0]).toISOString();
      }
    }
    midnights.set(n, m);
  }
  return m;
}
