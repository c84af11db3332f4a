import fc from 'fast-check';
import { DateTime, Duration } from 'luxon';
import {
  calendarDaysBetween,
  deadlineShownOf,
  formatDate,
  formatDateTime,
  fromStoredInstant,
  kyivDay,
  parseInstant,
  toStoredInstant,
} from '../../src/time/days';
import { addPeriod } from '../../src/time/frequency';
import { kyivDayOf } from '../../src/time/days';
import { DAY_MS, kyivDayOfMs, kyivMidnightMsOf } from '../../src/time/kyiv-dates';
import { KYIV, kyivOffset, kyivOffsetChanges, SAMPLE_DAYS } from '../../src/time/kyiv-zone';
import { daysOverdue, publicationDeadline } from '../../src/time/publication';
import {
  IANA_KYIV,
  inIana,
  refAddPeriod,
  refCalendarDaysBetween,
  refDayNumber,
  refDaysOverdue,
  refFormatDate,
  refFormatDateTime,
  refFromStoredInstant,
  refKyivDay,
  refPublicationDeadline,
  refToStoredInstant,
} from '../helpers/luxon-kyiv';

/**
 * The Kyiv calendar from a table of offset changes and day numbers against luxon's own Europe/Kyiv (IANAZone, every
 * offset from Intl): the same offsets, days, midnights, deadlines and printed dates, on generated instants all
 * over 2000–2040 and next to every DST change of those years.
 */

const HOUR = 3_600_000;
const at = (iso: string): number => Date.parse(iso);

/** Every change of Kyiv's offset from luxon alone, by an hourly scan and bisection. */
function scannedChanges(from: number, to: number, step: number): { at: number; before: number; after: number }[] {
  const out: { at: number; before: number; after: number }[] = [];
  let prev = IANA_KYIV.offset(from);
  for (let t = from + step; t < to; t += step) {
    const o = IANA_KYIV.offset(t);
    if (o === prev) continue;
    let lo = t - step;
    let hi = t;
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (IANA_KYIV.offset(mid) === prev) lo = mid;
      else hi = mid;
    }
    out.push({ at: hi, before: prev, after: o });
    prev = o;
  }
  return out;
}

const tableChanges = (firstYear: number, lastYear: number): { at: number; before: number; after: number }[] =>
  Array.from({ length: lastYear - firstYear + 1 }, (_, i) => kyivOffsetChanges(firstYear + i)).flat();

describe('the table of Kyiv\'s offset changes', () => {
  it('holds every change luxon knows from 1900 to 2100, to the millisecond, and they are further apart than its samples', () => {
    // Hour by hour where odmon's dates live, every 6 hours before and after.
    const scanned = [
      ...scannedChanges(at('1900-01-01T00:00:00Z'), at('1990-01-01T00:00:00Z'), 6 * HOUR),
      ...scannedChanges(at('1990-01-01T00:00:00Z'), at('2060-01-01T00:00:00Z'), HOUR),
      ...scannedChanges(at('2060-01-01T00:00:00Z'), at('2101-01-01T00:00:00Z'), 6 * HOUR),
    ];
    expect(tableChanges(1900, 2100)).toEqual(scanned);
    // 1924 (the end of local mean time), 1930, the war, 1981–1990 and the 80 changes of 2000–2040.
    expect(scanned.filter((c) => c.at >= at('2000-01-01T00:00:00Z') && c.at < at('2041-01-01T00:00:00Z'))).toHaveLength(82);
    const gaps = scanned.slice(1).map((c, i) => c.at - scanned[i].at);
    expect(Math.min(...gaps)).toBeGreaterThan(SAMPLE_DAYS * DAY_MS);
  });

  it('gives luxon\'s offset at every hour from 2000 to 2040 and every 6 hours from 1900 to 2100', () => {
    const wrong: string[] = [];
    for (let t = at('2000-01-01T00:00:00Z'); t < at('2041-01-01T00:00:00Z'); t += HOUR) {
      if (kyivOffset(t) !== IANA_KYIV.offset(t)) wrong.push(new Date(t).toISOString());
    }
    for (let t = at('1900-01-01T00:00:00Z') + 1234; t < at('2101-01-01T00:00:00Z'); t += 6 * HOUR) {
      if (kyivOffset(t) !== IANA_KYIV.offset(t)) wrong.push(new Date(t).toISOString());
    }
    expect(wrong).toEqual([]);
  });

  it('gives luxon\'s offset outside the years it keeps per day, and NaN where luxon does', () => {
    for (const iso of ['1850-06-01T00:00:00Z', '1880-01-01T00:00:00Z', '2250-07-01T00:00:00Z', '2500-01-01T12:00:00Z', '0500-03-01T00:00:00Z']) {
      expect(kyivOffset(at(iso))).toBe(IANA_KYIV.offset(at(iso)));
    }
    expect(kyivOffset(NaN)).toBeNaN();
    expect(kyivOffset(9e15)).toBeNaN();
  });
});

/** Instants of 2000–2040: anywhere, and within hours of each DST change (and exactly at it, to the millisecond). */
const changes2000to2040 = tableChanges(2000, 2040);
const instant = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: at('2000-01-01T00:00:00Z'), max: at('2041-01-01T00:00:00Z') }) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...changes2000to2040.map((c) => c.at)), fc.integer({ min: -26 * HOUR, max: 26 * HOUR }))
      .map(([t, off]) => t + off),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...changes2000to2040.map((c) => c.at)), fc.constantFrom(-HOUR, -1, 0, 1, HOUR - 1, HOUR)).map(([t, off]) => t + off),
  },
  // Kyiv and UTC midnights, and a millisecond either side.
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: at('2000-01-01T00:00:00Z') / DAY_MS, max: at('2041-01-01T00:00:00Z') / DAY_MS }), fc.constantFrom(-3, -2, 0, 21, 22), fc.integer({ min: -1, max: 1 }))
      .map(([day, hour, off]) => day * DAY_MS + hour * HOUR + off),
  },
);

describe('Kyiv days from the table', () => {
  it('gives each instant luxon\'s offset and Kyiv date', () => {
    fc.assert(fc.property(instant, (t) => {
      expect(kyivOffset(t)).toBe(IANA_KYIV.offset(t));
      expect(kyivDayOfMs(t)).toBe(refDayNumber(t));
      expect(kyivDayOf(new Date(t).toISOString())).toBe(refDayNumber(t));
    }), { numRuns: 10_000 });
  });

  it('gives each day luxon\'s midnight', () => {
    fc.assert(fc.property(instant, (t) => {
      const n = refDayNumber(t);
      expect(kyivMidnightMsOf(n)).toBe(refKyivDay(DateTime.fromMillis(t, { zone: IANA_KYIV })).toMillis());
    }), { numRuns: 10_000 });
  });
});

describe('days.ts against luxon\'s Europe/Kyiv', () => {
  const pair = fc.tuple(instant, instant);

  it('reads, stores, shows and counts days as luxon does', () => {
    fc.assert(fc.property(pair, ([a, b]) => {
      const s = new Date(a).toISOString();
      const mine = fromStoredInstant(s);
      const ref = refFromStoredInstant(s);
      expect(mine.toMillis()).toBe(ref.toMillis());
      expect(mine.offset).toBe(ref.offset);
      expect(mine.toISO()).toBe(ref.toISO());
      expect(mine.equals(ref)).toBe(true);
      expect(toStoredInstant(mine)).toBe(refToStoredInstant(ref));
      expect(formatDate(mine)).toBe(refFormatDate(ref));
      expect(formatDateTime(mine)).toBe(refFormatDateTime(ref));
      expect(kyivDay(mine).toISO()).toBe(refKyivDay(ref).toISO());
      const other = DateTime.fromMillis(b, { zone: IANA_KYIV });
      expect(calendarDaysBetween(mine, other)).toBe(refCalendarDaysBetween(ref, other));
      expect(calendarDaysBetween(other, mine)).toBe(refCalendarDaysBetween(other, ref));
      // A deadline day as messages and listings print it: the day before the first overdue instant.
      expect(deadlineShownOf(s)).toBe(refFormatDate(ref.minus({ days: 1 })));
    }), { numRuns: 3000 });
  });

  it('takes DateTimes of any zone, as luxon did', () => {
    fc.assert(fc.property(instant, fc.constantFrom('UTC', 'America/New_York', 'Asia/Tokyo', 'Europe/Kyiv'), (t, zone) => {
      const dt = DateTime.fromMillis(t, { zone });
      expect(formatDate(dt)).toBe(refFormatDate(dt));
      expect(formatDateTime(dt)).toBe(refFormatDateTime(dt));
      expect(kyivDay(dt).toISO()).toBe(refKyivDay(dt).toISO());
      expect(toStoredInstant(dt)).toBe(refToStoredInstant(dt));
    }), { numRuns: 3000 });
  });

  it('keeps luxon\'s answers for what the day numbers do not cover: other locales, invalid dates, far years', () => {
    const withLocale = DateTime.fromISO('2019-06-30T23:30:00Z', { zone: 'Europe/Kyiv', locale: 'ar-EG' });
    expect(formatDate(withLocale)).toBe(refFormatDate(withLocale));
    expect(kyivDay(withLocale).locale).toBe('ar-EG');
    const invalid = DateTime.invalid('test');
    expect(formatDate(invalid)).toBe(refFormatDate(invalid));
    expect(() => toStoredInstant(invalid)).toThrow('cannot store an invalid instant (test)');
    for (const iso of ['0500-06-30T12:00:00Z', '+012000-01-01T00:00:00Z']) {
      const far = DateTime.fromISO(iso, { zone: 'Europe/Kyiv' });
      expect([formatDate(far), toStoredInstant(far), kyivDay(far).toISO()]).toEqual([refFormatDate(far), refToStoredInstant(far), refKyivDay(far).toISO()]);
    }
  });
});

describe('luxon in the table\'s zone', () => {
  /** Kyiv wall-clock times all over, many in the hour a DST change skips or repeats. */
  const wallClock = fc.oneof(
    fc.record({ year: fc.integer({ min: 2000, max: 2040 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }), hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }) }),
    fc.constantFrom(...changes2000to2040).chain((c) => {
      const local = DateTime.fromMillis(c.at, { zone: IANA_KYIV });
      return fc.record({ year: fc.constant(local.year), month: fc.constant(local.month), day: fc.constant(local.day), hour: fc.integer({ min: 2, max: 4 }), minute: fc.integer({ min: 0, max: 59 }) });
    }),
  );
  const step = fc.record({ days: fc.integer({ min: -400, max: 400 }), months: fc.integer({ min: -14, max: 14 }), hours: fc.integer({ min: -50, max: 50 }) });

  it('builds, moves and prints Kyiv times exactly as luxon\'s own zone does, in the hours a change skips or repeats too', () => {
    fc.assert(fc.property(wallClock, step, (obj, by) => {
      const mine = DateTime.fromObject(obj, { zone: KYIV });
      const ref = DateTime.fromObject(obj, { zone: IANA_KYIV });
      expect(mine.toMillis()).toBe(ref.toMillis());
      expect(mine.plus(by).toMillis()).toBe(ref.plus(by).toMillis());
      expect(mine.minus({ days: by.days }).toISO()).toBe(ref.minus({ days: by.days }).toISO());
      expect(mine.startOf('day').toMillis()).toBe(ref.startOf('day').toMillis());
      expect(mine.endOf('month').toMillis()).toBe(ref.endOf('month').toMillis());
      expect(mine.toFormat('dd.MM.yyyy HH:mm ZZ ZZZ ZZZZ')).toBe(ref.toFormat('dd.MM.yyyy HH:mm ZZ ZZZ ZZZZ'));
      expect(mine.toISO()).toBe(ref.toISO());
      expect(mine.equals(ref)).toBe(true);
      expect(mine.setZone('Europe/Kyiv').zone).toBe(KYIV);
    }), { numRuns: 3000 });
  });

  it('parses what users type as luxon\'s own zone does', () => {
    fc.assert(fc.property(wallClock, (o) => {
      const text = `${String(o.day).padStart(2, '0')}.${String(o.month).padStart(2, '0')}.${o.year} ${o.hour}:${String(o.minute).padStart(2, '0')}`;
      const ref = DateTime.fromObject({ ...o, second: 0 }, { zone: IANA_KYIV });
      expect(parseInstant(text)?.toISO()).toBe(ref.toISO());
      expect(parseInstant(text.slice(0, 10))?.toISO()).toBe(DateTime.fromObject({ year: o.year, month: o.month, day: o.day }, { zone: IANA_KYIV }).toISO());
    }), { numRuns: 3000 });
  });
});

describe('publication deadlines across every DST change of 2000–2040', () => {
  const PERIODS = ['P1D', 'P1W', 'P1M', 'P3M', 'P6M', 'P1Y', 'PT36H', 'P31D'].map((p) => Duration.fromISO(p));
  it('gives luxon\'s deadline day, first overdue instant, lateness and period length', () => {
    fc.assert(fc.property(instant, instant, fc.nat({ max: PERIODS.length - 1 }), fc.integer({ min: 0, max: 5 }), (u, now, p, grace) => {
      const period = PERIODS[p];
      const last = fromStoredInstant(new Date(u).toISOString());
      const asOf = DateTime.fromMillis(now, { zone: IANA_KYIV });
      const mine = publicationDeadline(last, period, grace);
      const ref = refPublicationDeadline(inIana(last), period, grace);
      expect([mine.deadlineDay.toISO(), mine.dueAt.toISO()]).toEqual([ref.deadlineDay.toISO(), ref.dueAt.toISO()]);
      expect(daysOverdue(mine.deadlineDay, asOf)).toBe(refDaysOverdue(ref.deadlineDay, asOf));
      expect(calendarDaysBetween(kyivDay(last), addPeriod(kyivDay(last), period))).toBe(refCalendarDaysBetween(refKyivDay(last), refAddPeriod(refKyivDay(last), period)));
    }), { numRuns: 3000 });
  });
});
