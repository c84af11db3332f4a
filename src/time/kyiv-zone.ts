/**
 * Europe/Kyiv's UTC offset from a table of its changes, and a luxon Zone that reads it. luxon asks the zone for
 * an offset at every construction, `plus`, `startOf` and `set`, and its own IANAZone answers each time through
 * Intl.DateTimeFormat#formatToParts (about 7 µs): a third of a national check went there. Here luxon is still the
 * reference — the table holds the offsets luxon's IANAZone gives, found once per year — and the API at the edges,
 * but an offset is an array lookup.
 *
 * The table of a year is built from IANAZone the first time an instant of it is asked about: the offset every
 * SAMPLE_DAYS days through the year, and between two samples that differ, the exact millisecond of the change by
 * bisection. That finds every change as long as two changes are more than SAMPLE_DAYS apart: Kyiv's closest two
 * (1943) are 33 days apart, and a test scans 1900–2100 hour by hour against luxon. Instants of the years 1900–2199
 * are then answered from a table by UTC day: the day's offset, or, on a day with a change, a comparison with the
 * change's instant.
 */
import { IANAZone, Zone, type ZoneOffsetFormat, type ZoneOffsetOptions } from 'luxon';
import { ZONE } from './zone';

const DAY_MS = 86_400_000;
/** Kyiv's offset changes are at least this far apart (the test checks it against luxon): one sample each. */
export const SAMPLE_DAYS = 7;
/** The range of UTC days with an offset per day: 1900-01-01 up to 2200-01-01 (exclusive). */
const FIRST_DAY = Date.UTC(1900, 0, 1) / DAY_MS;
const END_DAY = Date.UTC(2200, 0, 1) / DAY_MS;
/** In the per-day table: not computed yet (NaN), or a day with a change (the change itself tells). */
const CHANGES_TODAY = Infinity;

const reference = IANAZone.create(ZONE);

/** One UTC year of the zone: its first offset and every change after it. */
interface YearTable {
  /** The offset (minutes) from the year's start, and after each change. */
  readonly offsets: readonly number[];
  /** When each change takes effect (ms); offsets[i + 1] holds from changes[i]. */
  readonly changes: readonly number[];
}

const years = new Map<number, YearTable | null>();
const byDay = new Float64Array(END_DAY - FIRST_DAY).fill(NaN);

/** 00:00 UTC of 1 January of `year`, for any year Date can hold (Date.UTC would read 0–99 as 1900–1999). */
function yearStart(year: number): number {
  return new Date(0).setUTCFullYear(year, 0, 1);
}

/** The first instant in (from, to] whose offset is not `before`: the one change between two samples. */
function changeBetween(from: number, to: number, before: number): number {
  let lo = from;
  let hi = to;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (reference.offset(mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The year's table from luxon's IANAZone; null where Date cannot hold the year's ends. */
function buildYear(year: number): YearTable | null {
  const start = yearStart(year);
  const end = yearStart(year + 1);
  if (Number.isNaN(start) || Number.isNaN(end)) return null;
  const offsets = [reference.offset(start)];
  const changes: number[] = [];
  let at = start;
  let offset = offsets[0];
  while (at < end - 1) {
    const next = Math.min(at + SAMPLE_DAYS * DAY_MS, end - 1);
    const o = reference.offset(next);
    if (o !== offset) {
      changes.push(changeBetween(at, next, offset));
      offsets.push(o);
      offset = o;
    }
    at = next;
  }
  return { offsets, changes };
}

function yearTable(year: number): YearTable | null {
  let t = years.get(year);
  if (t === undefined) {
    t = buildYear(year);
    years.set(year, t);
    if (t !== null) fillDays(year, t);
  }
  return t;
}

/** Writes the year's days into the per-day table (those inside it). */
function fillDays(year: number, t: YearTable): void {
  const first = Math.max(yearStart(year) / DAY_MS, FIRST_DAY);
  const end = Math.min(yearStart(year + 1) / DAY_MS, END_DAY);
  let i = 0;
  for (let day = first; day < end; day++) {
    const start = day * DAY_MS;
    while (i < t.changes.length && t.changes[i] <= start) i++;
    byDay[day - FIRST_DAY] = i < t.changes.length && t.changes[i] < start + DAY_MS ? CHANGES_TODAY : t.offsets[i];
  }
}

function offsetInYear(t: YearTable, ms: number): number {
  let i = t.changes.length;
  while (i > 0 && ms < t.changes[i - 1]) i--;
  return t.offsets[i];
}

/**
 * Kyiv's offset from UTC in minutes at `ms` — exactly what luxon's IANAZone('Europe/Kyiv').offset(ms) gives (NaN
 * where that is NaN; before 1924 Kyiv's local mean time is not a whole number of minutes).
 */
export function kyivOffset(ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  if (day >= FIRST_DAY && day < END_DAY) {
    const o = byDay[day - FIRST_DAY];
    if (o === o && o !== CHANGES_TODAY) return o; // o === o: not NaN, i.e. computed
  }
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return NaN;
  const t = yearTable(new Date(ms).getUTCFullYear());
  return t === null ? reference.offset(ms) : offsetInYear(t, ms);
}

/** The changes of Kyiv's offset in a UTC year, as the table holds them: when, and the offsets before and after. */
export function kyivOffsetChanges(year: number): { at: number; before: number; after: number }[] {
  const t = yearTable(year);
  return t === null ? [] : t.changes.map((at, i) => ({ at, before: t.offsets[i], after: t.offsets[i + 1] }));
}

/** The offset as luxon prints it ("+03:00", "+3", "+0300"): luxon's own formatOffset. */
function formatOffset(offset: number, format: string): string {
  const hours = Math.trunc(Math.abs(offset / 60));
  const minutes = Math.trunc(Math.abs(offset % 60));
  const sign = offset >= 0 ? '+' : '-';
  const two = (n: number): string => String(n).padStart(2, '0');
  switch (format) {
    case 'short':
      return `${sign}${two(hours)}:${two(minutes)}`;
    case 'narrow':
      return `${sign}${hours}${minutes > 0 ? `:${minutes}` : ''}`;
    case 'techie':
      return `${sign}${two(hours)}${two(minutes)}`;
    default:
      throw new RangeError(`Value format ${format} is out of range for property format`);
  }
}

/**
 * Europe/Kyiv for luxon, with its offsets from the table. It is the same zone as luxon's own — type `iana`, name
 * Europe/Kyiv, equal to IANAZone('Europe/Kyiv') both ways — so `setZone('Europe/Kyiv')` keeps it, Intl formats
 * it by name, and names of offsets (EEST) still come from Intl.
 */
class KyivZone extends Zone<true> {
  get type(): string {
    return 'iana';
  }

  get name(): string {
    return ZONE;
  }

  get isUniversal(): boolean {
    return false;
  }

  get isValid(): true {
    return true;
  }

  offsetName(ts: number, opts: ZoneOffsetOptions): string {
    return reference.offsetName(ts, opts) as string;
  }

  formatOffset(ts: number, format: ZoneOffsetFormat): string {
    return formatOffset(this.offset(ts), format);
  }

  offset(ts: number): number {
    return kyivOffset(ts);
  }

  equals(other: Zone): boolean {
    return other.type === 'iana' && other.name === ZONE;
  }
}

/** The zone every Kyiv date of odmon's own is made in (src/time): ZONE, with offsets from the table. */
export const KYIV: Zone<true> = new KyivZone();
