/**
 * Stored instants as Kyiv days, for lists of 100,000 dates (the open data download, long tables): luxon builds a
 * zoned DateTime per call, tens of microseconds each; here the Kyiv offset is looked up once per UTC hour (it only
 * changes on an hour, at the DST changes) and the day is plain arithmetic. Anything that is not a stored instant
 * (`2026-11-23T16:18:43.900Z`) goes through luxon, as src/time does it. (It belongs in src/time; it lives here
 * while the Kyiv calendar there is being reworked.)
 */
import { DateTime } from 'luxon';
import { formatDate, fromStoredInstant } from '../time/days';
import { ZONE } from '../time/zone';

const STORED = /^(\d{4}-\d{2}-\d{2}T\d{2}):\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
const offsets = new Map<string, number>();
const MAX_CACHED = 200_000;

/** Kyiv's offset from UTC, in minutes, during the UTC hour `hour` (`2026-11-23T16`). */
function offsetOf(hour: string): number {
  let m = offsets.get(hour);
  if (m === undefined) {
    if (offsets.size >= MAX_CACHED) offsets.clear();
    m = DateTime.fromISO(`${hour}:00:00Z`, { zone: ZONE }).offset;
    offsets.set(hour, m);
  }
  return m;
}

/** `2026-11-23`: the Kyiv day of a stored instant. */
export function isoKyivDay(iso: string): string {
  const m = STORED.exec(iso);
  if (m === null) return fromStoredInstant(iso).toISODate() as string;
  return new Date(Date.parse(iso) + offsetOf(m[1]) * 60_000).toISOString().slice(0, 10);
}

/** `23.11.2026`: the Kyiv day of a stored instant, as people read it. */
export function shownKyivDay(iso: string): string {
  const m = STORED.exec(iso);
  if (m === null) return formatDate(fromStoredInstant(iso));
  const d = isoKyivDay(iso);
  return `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
}

/** The day before a Kyiv day (`2026-03-01` → `2026-02-28`). */
export function dayBefore(isoDay: string): string {
  const [y, mo, d] = isoDay.split('-').map(Number);
  return new Date(Date.UTC(y, mo - 1, d - 1)).toISOString().slice(0, 10);
}

/** The deadline day of a `dueAt` (the first overdue instant, 00:00 Kyiv of the day after it): `2026-10-02`. */
export function isoDeadlineDay(dueAt: string): string {
  return dayBefore(isoKyivDay(dueAt));
}

export function shownDeadlineDay(dueAt: string): string {
  const d = isoDeadlineDay(dueAt);
  return `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
}
