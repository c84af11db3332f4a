/**
 * Instants and Kyiv calendar days. Everything odmon decides is decided on Kyiv calendar days, and Kyiv
 * has days of 23 and 25 hours (last Sunday of March and of October), so days are always counted with
 * luxon's calendar arithmetic, never by dividing milliseconds.
 */
import { DateTime } from 'luxon';
import { ZONE } from './zone';

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
  const dt = DateTime.fromObject({ year, month, day }, { zone: ZONE });
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
    const dt = DateTime.fromObject({ year: y, month: mo, day: d, hour: h, minute: mi, second: sec || 0 }, { zone: ZONE });
    return dt.isValid ? dt : null;
  }
  if (!ISO_DATE_TIME.test(s) || !plausibleOffset(s)) return null;
  const dt = DateTime.fromISO(s.replace(' ', 'T').replace(',', '.'), { zone: ZONE });
  return dt.isValid ? dt.setZone(ZONE) : null;
}

/** The `--now` of a command line: the same forms as parseInstant (a date means 00:00 Kyiv). */
export function parseNow(text: string): DateTime | null {
  return parseInstant(text);
}

/** 00:00 Kyiv of the Kyiv calendar day that holds `dt`. */
export function kyivDay(dt: DateTime): DateTime {
  return dt.setZone(ZONE).startOf('day');
}

/**
 * Whole Kyiv calendar days from the day of `from` to the day of `to` (negative when `to` is earlier).
 * luxon's day diff compares local calendar dates, so a 23- or 25-hour day still counts as one.
 */
export function calendarDaysBetween(from: DateTime, to: DateTime): number {
  const days = kyivDay(to).diff(kyivDay(from), 'days').days;
  // Both ends are midnights, so the diff is whole; rounding only guards against -0.
  return Math.round(days) + 0;
}

/** `30.06.2019`, the way every message shows a day. */
export function formatDate(dt: DateTime): string {
  return dt.setZone(ZONE).toFormat('dd.MM.yyyy');
}

/** `30.06.2019 14:05`, Kyiv time. */
export function formatDateTime(dt: DateTime): string {
  return dt.setZone(ZONE).toFormat('dd.MM.yyyy HH:mm');
}

/** The form instants are stored in: UTC ISO 8601 with milliseconds, so stored values sort as text. */
export function toStoredInstant(dt: DateTime): string {
  const iso = dt.toUTC().toISO();
  if (iso === null) throw new Error(`cannot store an invalid instant (${dt.invalidReason ?? 'unknown reason'})`);
  return iso;
}

/** Reads back what toStoredInstant wrote; a value that is not an instant means the store is damaged. */
export function fromStoredInstant(s: string): DateTime {
  const dt = DateTime.fromISO(s, { zone: ZONE });
  if (!dt.isValid) throw new Error(`stored instant "${s}" is not an ISO 8601 instant`);
  return dt.setZone(ZONE);
}
