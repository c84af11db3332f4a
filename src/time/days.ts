/**
 * Instants and Kyiv calendar days. Everything odmon decides is decided on Kyiv calendar days, and Kyiv
 * has days of 23 and 25 hours (last Sunday of March and of October), so days are counted on the Kyiv calendar,
 * never by dividing milliseconds: luxon's calendar arithmetic in the zone KYIV (Europe/Kyiv with offsets from a
 * table, kyiv-zone.ts), and for the common cases — an instant of a year 1000–9999 in the stored form, a day
 * shown as 30.06.2019, days between two instants — the same results from day numbers (kyiv-dates.ts), without
 * building a luxon object. test/time/kyiv-calendar.test.ts holds both to luxon's own Europe/Kyiv.
 */
import { DateTime } from 'luxon';
import { DAY_MS, dayNumber, FIRST_FAST_DAY, LAST_FAST_DAY, kyivDayOfMs, kyivMidnightMsOf, parseStoredInstant, shownDateOf } from './kyiv-dates';
import { kyivOffset, KYIV } from './kyiv-zone';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UA_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
/** `30.06.2019 14:30` or `30.06.2019 14:30:15`, Kyiv time, as Ukrainian registers and portals print it. */
const UA_DATE_TIME = /^(\d{1,2})\.(\d{1,2})\.(\d{4})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
// Only the shapes we promise; luxon alone would also take week dates, ordinals and bare years.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** UTC offsets in use run from −12:00 to +14:00, in whole minutes below 60: `+25:00` is a typing error. */
function plausibleOffset(s: string): boolean {
  const m = /([+-])(\d{2}):?(\d{2})?$/.exec(s.slice(10));
  if (m === null) return true;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  return minutes < 60 && (m[1] === '+' ? hours * 60 + minutes <= 14 * 60 : hours * 60 + minutes <= 12 * 60);
}

function calendarDate(year: number, month: number, day: number): DateTime | null {
  // fromObject rejects 31.02 instead of rolling it over to March.
  const dt = DateTime.fromObject({ year, month, day }, { zone: KYIV });
  return dt.isValid ? dt : null;
}

/**
 * Reads a date or a date-time typed by a person or stored by a portal. A date alone means 00:00 Kyiv
 * of that day; a date-time with `Z` or an offset keeps its instant; a naive date-time is Kyiv local time
 * (callers holding naive UTC, such as CKAN's timestamps, append `Z` first).
 */
export function parseInstant(text: string): DateTime | null {
  const s = text.trim();
  let m = ISO_DATE.exec(s);
  if (m) return calendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = UA_DATE.exec(s);
  if (m) return calendarDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = UA_DATE_TIME.exec(s);
  if (m) {
    const [, d, mo, y, h, mi, sec] = m.map(Number);
    const dt = DateTime.fromObject({ year: y, month: mo, day: d, hour: h, minute: mi, second: sec || 0 }, { zone: KYIV });
    return dt.isValid ? dt : null;
  }
  if (!ISO_DATE_TIME.test(s) || !plausibleOffset(s)) return null;
  const dt = DateTime.fromISO(s.replace(' ', 'T').replace(',', '.'), { zone: KYIV });
  return dt.isValid ? dt.setZone(KYIV) : null;
}

/** The `--now` of a command line: the same forms as parseInstant (a date means 00:00 Kyiv). */
export function parseNow(text: string): DateTime | null {
  return parseInstant(text);
}

/** A DateTime made with luxon's default locale, numbering system and calendar: what a fast path may stand in for. */
const DEFAULTS = DateTime.fromMillis(0, { zone: KYIV });
const plain = (dt: DateTime): boolean =>
  dt.locale === DEFAULTS.locale && dt.numberingSystem === DEFAULTS.numberingSystem && dt.outputCalendar === DEFAULTS.outputCalendar;

/** The instant of a valid DateTime of a year 1000–9999 (where day numbers stand in for luxon), else NaN. */
function fastMs(dt: DateTime): number {
  if (!dt.isValid) return NaN;
  const ms = dt.toMillis();
  return ms >= FIRST_FAST_DAY * DAY_MS && ms < (LAST_FAST_DAY + 1) * DAY_MS ? ms : NaN;
}

/** 00:00 Kyiv of the Kyiv calendar day that holds `dt`. */
export function kyivDay(dt: DateTime): DateTime {
  const ms = fastMs(dt);
  if (!Number.isNaN(ms) && plain(dt)) {
    const midnight = kyivMidnightMsOf(kyivDayOfMs(ms));
    if (midnight !== null) return DateTime.fromMillis(midnight, { zone: KYIV });
  }
  return dt.setZone(KYIV).startOf('day');
}

/**
 * Whole Kyiv calendar days from the day of `from` to the day of `to` (negative when `to` is earlier).
 * luxon's day diff compares local calendar dates, so a 23- or 25-hour day still counts as one: the difference
 * of the two days' numbers.
 */
export function calendarDaysBetween(from: DateTime, to: DateTime): number {
  const a = fastMs(from);
  const b = fastMs(to);
  if (!Number.isNaN(a) && !Number.isNaN(b)) return kyivDayOfMs(b) - kyivDayOfMs(a);
  const days = kyivDay(to).diff(kyivDay(from), 'days').days;
  // Both ends are midnights, so the diff is whole; rounding only guards against -0 (and a midnight a DST
  // change moved, as in 1981–1990, to 01:00).
  return Math.round(days) + 0;
}

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `30.06.2019`, the way every message shows a day. */
export function formatDate(dt: DateTime): string {
  const ms = fastMs(dt);
  if (!Number.isNaN(ms) && plain(dt)) return shownDateOf(kyivDayOfMs(ms));
  return dt.setZone(KYIV).toFormat('dd.MM.yyyy');
}

/** `30.06.2019 14:05`, Kyiv time. */
export function formatDateTime(dt: DateTime): string {
  const ms = fastMs(dt);
  if (!Number.isNaN(ms) && plain(dt)) {
    // The Kyiv wall clock as luxon reads it: the UTC fields of the instant plus the offset (truncated as Date does).
    const local = Math.trunc(ms + kyivOffset(ms) * 60 * 1000);
    const day = Math.floor(local / DAY_MS);
    const minutes = Math.floor((local - day * DAY_MS) / 60_000);
    return `${shownDateOf(day)} ${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
  }
  return dt.setZone(KYIV).toFormat('dd.MM.yyyy HH:mm');
}

/** The form instants are stored in: UTC ISO 8601 with milliseconds, so stored values sort as text. */
export function toStoredInstant(dt: DateTime): string {
  const ms = fastMs(dt);
  if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  const iso = dt.toUTC().toISO();
  if (iso === null) throw new Error(`cannot store an invalid instant (${dt.invalidReason ?? 'unknown reason'})`);
  return iso;
}

/** Reads back what toStoredInstant wrote; a value that is not an instant means the store is damaged. */
export function fromStoredInstant(s: string): DateTime {
  const ms = parseStoredInstant(s);
  if (!Number.isNaN(ms)) return DateTime.fromMillis(ms, { zone: KYIV });
  const dt = DateTime.fromISO(s, { zone: KYIV });
  if (!dt.isValid) throw new Error(`stored instant "${s}" is not an ISO 8601 instant`);
  return dt.setZone(KYIV);
}

/**
 * `30.06.2019`: the deadline day of a stored first overdue instant (dueAt is 00:00 Kyiv of the day after it) — what
 * formatDate(fromStoredInstant(dueAt).minus({ days: 1 })) prints, from day numbers when dueAt is in the stored form.
 */
export function deadlineShownOf(dueAt: string): string {
  const ms = parseStoredInstant(dueAt);
  if (ms >= (FIRST_FAST_DAY + 1) * DAY_MS && ms < (LAST_FAST_DAY + 1) * DAY_MS) return shownDateOf(kyivDayOfMs(ms) - 1);
  return formatDate(fromStoredInstant(dueAt).minus({ days: 1 }));
}

/** The day number of the Kyiv day holding a stored instant; a damaged one throws as fromStoredInstant does. */
export function kyivDayOf(stored: string): number {
  const ms = parseStoredInstant(stored);
  if (ms >= FIRST_FAST_DAY * DAY_MS && ms < (LAST_FAST_DAY + 1) * DAY_MS) return kyivDayOfMs(ms);
  const d = kyivDay(fromStoredInstant(stored));
  return dayNumber(d.year, d.month, d.day);
}
