import fc from 'fast-check';
import { DateTime, Duration } from 'luxon';
import { kyivDayOf } from '../../src/time/days';
import { DAY_MS, dayNumber, kyivMidnightOf, parseStoredInstant } from '../../src/time/kyiv-dates';
import { PublicationCalendar } from '../../src/time/publication-calendar';
import { refAddPeriod, refCalendarDaysBetween, refDaysOverdue, refFormatDate, refFromStoredInstant, refKyivDay, refPublicationDeadline, refToStoredInstant } from '../helpers/luxon-kyiv';

/**
 * The fast Kyiv calendar (day numbers, one zone lookup per UTC date, date arithmetic for calendar periods)
 * against luxon and publication.ts, which it replaces on the hot path: the same days, deadlines and instants.
 */

const ZONE = 'Europe/Kyiv';
const ms = (iso: string): number => Date.parse(iso);

/** Instants all over, and many next to Kyiv's DST changes and midnights (in Kyiv and in UTC). */
const lastSunday = (year: number, month: number): number => {
  const last = new Date(Date.UTC(year, month, 0, 1));
  return last.getTime() - last.getUTCDay() * DAY_MS;
};
const instant = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: ms('1880-01-01T00:00:00Z'), max: ms('2150-01-01T00:00:00Z') }) },
  { weight: 3, arbitrary: fc.integer({ min: ms('2015-01-01T00:00:00Z'), max: ms('2035-01-01T00:00:00Z') }) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.integer({ min: 1981, max: 2040 }), fc.constantFrom(3, 10), fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }))
      .map(([y, m, off]) => lastSunday(y, m) + off),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: ms('1990-01-01T00:00:00Z') / DAY_MS, max: ms('2040-01-01T00:00:00Z') / DAY_MS }), fc.constantFrom(-2, -3, 0, 21, 22), fc.integer({ min: -2, max: 1 }))
      .map(([day, hour, off]) => day * DAY_MS + hour * 3_600_000 + off),
  },
  { weight: 1, arbitrary: fc.constantFrom(ms('1924-05-01T21:57:55.999Z'), ms('1924-05-01T21:57:56Z'), ms('1930-06-20T22:00:00Z'), ms('1941-09-19T21:00:00Z'), ms('1990-06-30T22:00:00Z')) },
);
const stored = instant.map((t) => new Date(t).toISOString());
// The reference is luxon's own Europe/Kyiv (test/helpers/luxon-kyiv.ts): days.ts itself now uses day numbers.
const luxonDay = (s: string): number => {
  const d = refKyivDay(refFromStoredInstant(s));
  return dayNumber(d.year, d.month, d.day);
};
const isoOfDay = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

describe('parseStoredInstant', () => {
  it('reads the stored form exactly as luxon does', () => {
    fc.assert(fc.property(instant, (t) => {
      const s = new Date(t).toISOString();
      const got = parseStoredInstant(s);
      if (!Number.isNaN(got)) expect(got).toBe(DateTime.fromISO(s).toMillis());
      if (s.length === 24 && Number(s.slice(0, 4)) >= 1000) expect(got).toBe(t);
    }), { numRuns: 5000 });
  });

  it.each(['2019-02-30T00:00:00.000Z', '2019-02-29T00:00:00.000Z', '2019-13-01T00:00:00.000Z', '2019-01-01T24:00:00.000Z', '2019-01-01T23:60:00.000Z',
    '2019-06-30T21:00:00Z', '2019-06-30T21:00:00.000+03:00', '2019-06-30', '0999-06-30T21:00:00.000Z', ' 2019-06-30T21:00:00.000Z', '2019-06-3xT21:00:00.000Z'])(
    'refuses "%s", which is not an instant in the stored form of a year from 1000 on',
    (s) => {
      expect(parseStoredInstant(s)).toBeNaN();
    },
  );
});

describe('kyivDayOf', () => {
  it('gives the Kyiv day luxon gives, for instants all over history and next to every DST change', () => {
    fc.assert(fc.property(stored, (s) => {
      expect(kyivDayOf(s)).toBe(luxonDay(s));
    }), { numRuns: 10000 });
  });

  it('gives luxon\'s day for instants not in the stored form, and throws where fromStoredInstant throws', () => {
    for (const s of ['2019-06-30T21:00:00Z', '2019-06-30T23:30:00+03:00', '2019-10-27T00:59:59.999Z', '0500-01-01T00:00:00.000Z', '+010000-01-01T00:00:00.000Z']) {
      expect(kyivDayOf(s)).toBe(luxonDay(s));
    }
    for (const s of ['2019-02-30T00:00:00.000Z', 'yesterday']) expect(() => kyivDayOf(s)).toThrow(/is not an ISO 8601 instant/);
  });
});

describe('kyivMidnightOf', () => {
  const midnight = (n: number): string => refToStoredInstant(refKyivDay(DateTime.fromISO(isoOfDay(n), { zone: ZONE })));
  it('gives 00:00 Kyiv as luxon does, and knows it for every day of the modern calendar', () => {
    fc.assert(fc.property(fc.integer({ min: -40_000, max: 60_000 }), (n) => {
      const got = kyivMidnightOf(n);
      if (got !== null) expect(got).toBe(midnight(n));
      if (n >= dayNumber(1992, 1, 1) && n <= dayNumber(2100, 1, 1)) expect(got).not.toBeNull();
    }), { numRuns: 5000 });
  });

  it('knows midnight on and around each DST change', () => {
    for (let y = 1996; y <= 2040; y++) {
      for (const m of [3, 10]) {
        const n = Math.floor(lastSunday(y, m) / DAY_MS);
        for (const d of [n - 1, n, n + 1, n + 2]) expect(kyivMidnightOf(d)).toBe(midnight(d));
      }
    }
  });
});

describe('PublicationCalendar', () => {
  const PERIODS = ['P1D', 'P1W', 'P1M', 'P3M', 'P6M', 'P1Y', 'P2M10D', 'P1Y2M', 'P1Q', 'P31D', 'P92D', 'PT36H', 'P1DT12H', 'P1.5D', 'P0.5M', 'PT0S'].map((p) => Duration.fromISO(p));
  const now = instant.map((t) => DateTime.fromMillis(t, { zone: ZONE }));
  const testCase = fc.record({
    now,
    grace: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 5 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, 1.5) }),
    updates: fc.array(fc.tuple(stored, fc.nat({ max: PERIODS.length - 1 })), { minLength: 1, maxLength: 8 }),
  });
  const outcome = (f: () => unknown): unknown => {
    try {
      return f();
    } catch (e) {
      return `throws ${(e as Error).constructor.name}: ${(e as Error).message}`;
    }
  };

  it('gives every date publication.ts and days.ts gave with luxon\'s own Europe/Kyiv, from one calendar per check', () => {
    fc.assert(fc.property(testCase, ({ now: at, grace, updates }) => {
      const calendar = new PublicationCalendar(at, grace);
      for (const [s, p] of updates) {
        const period = PERIODS[p];
        const last = refFromStoredInstant(s);
        const day = calendar.lastUpdate(s);
        expect({ shown: day.shown, daysSinceUpdate: day.daysSinceUpdate }).toEqual({ shown: refFormatDate(last), daysSinceUpdate: refCalendarDaysBetween(last, refKyivDay(at)) });
        const expected = outcome(() => {
          const { deadlineDay, dueAt } = refPublicationDeadline(last, period, grace);
          return {
            deadline: refFormatDate(deadlineDay),
            dueAt: refToStoredInstant(dueAt),
            daysOverdue: refDaysOverdue(deadlineDay, at),
            periodDays: refCalendarDaysBetween(refKyivDay(last), refAddPeriod(refKyivDay(last), period)),
          };
        });
        expect(outcome(() => ({ ...calendar.schedule(day, period) }))).toEqual(expected);
      }
    }), { numRuns: 3000 });
  });

  it('clamps to the end of the month as luxon does: updated 31.01, monthly, the deadline is 28.02', () => {
    const calendar = new PublicationCalendar(DateTime.fromISO('2019-03-01T09:00', { zone: ZONE }), 0);
    const day = calendar.lastUpdate('2019-01-31T10:00:00.000Z');
    expect(calendar.schedule(day, Duration.fromISO('P1M'))).toEqual({ deadline: '28.02.2019', dueAt: '2019-02-28T22:00:00.000Z', daysOverdue: 1, periodDays: 28 });
  });
});
