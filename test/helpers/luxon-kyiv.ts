/**
 * The reference for the Kyiv calendar: src/time/days.ts and publication.ts as they were before the table of offset
 * changes and day numbers, on luxon's own IANAZone('Europe/Kyiv') (every offset from Intl). Tests hold the fast
 * calendar to these.
 */
import { DateTime, Duration, IANAZone } from 'luxon';

export const IANA_KYIV = IANAZone.create('Europe/Kyiv');

/** `dt` (its locale kept) as luxon's own Europe/Kyiv sees it, never the table's zone (which luxon takes as equal). */
export const inIana = (dt: DateTime): DateTime => (dt.isValid ? dt.setZone('UTC').setZone(IANA_KYIV) : dt);

export function refKyivDay(dt: DateTime): DateTime {
  return inIana(dt).startOf('day');
}

export function refCalendarDaysBetween(from: DateTime, to: DateTime): number {
  return Math.round(refKyivDay(to).diff(refKyivDay(from), 'days').days) + 0;
}

export const refFormatDate = (dt: DateTime): string => inIana(dt).toFormat('dd.MM.yyyy');
export const refFormatDateTime = (dt: DateTime): string => inIana(dt).toFormat('dd.MM.yyyy HH:mm');

export function refToStoredInstant(dt: DateTime): string {
  const iso = dt.toUTC().toISO();
  if (iso === null) throw new Error(`cannot store an invalid instant (${dt.invalidReason ?? 'unknown reason'})`);
  return iso;
}

export function refFromStoredInstant(s: string): DateTime {
  const dt = DateTime.fromISO(s, { zone: IANA_KYIV });
  if (!dt.isValid) throw new Error(`stored instant "${s}" is not an ISO 8601 instant`);
  return dt.setZone(IANA_KYIV);
}

export const refAddPeriod = (day: DateTime, period: Duration): DateTime => inIana(day).plus(period);

/** publication.ts before: the deadline day and the first overdue instant, on luxon's Europe/Kyiv. */
export function refPublicationDeadline(lastUpdated: DateTime, period: Duration, graceDays: number): { deadlineDay: DateTime; dueAt: DateTime } {
  if (!Number.isInteger(graceDays) || graceDays < 0) {
    throw new RangeError(`grace days must be a whole number of days, 0 or more (got ${graceDays})`);
  }
  const deadlineDay = refKyivDay(refAddPeriod(refKyivDay(lastUpdated), period).plus({ days: graceDays }));
  return { deadlineDay, dueAt: deadlineDay.plus({ days: 1 }) };
}

export const refDaysOverdue = (deadlineDay: DateTime, now: DateTime): number => refCalendarDaysBetween(deadlineDay, now);

/** Day number (days since 1970-01-01) of the Kyiv date luxon's Europe/Kyiv gives an instant. */
export function refDayNumber(ms: number): number {
  const d = DateTime.fromMillis(ms, { zone: IANA_KYIV });
  return Date.UTC(d.year, d.month - 1, d.day) / 86_400_000;
}
