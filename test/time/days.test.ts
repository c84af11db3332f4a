import { DateTime } from 'luxon';
import {
  calendarDaysBetween,
  formatDate,
  formatDateTime,
  fromStoredInstant,
  kyivDay,
  parseInstant,
  parseNow,
  toStoredInstant,
} from '../../src/time/days';
import { kyiv } from '../helpers/clock';


describe('parseInstant', () => {
  it.each([
    ['an ISO date as 00:00 Kyiv that day', '2019-06-30', '2019-06-30T00:00:00.000+03:00'],
    ['a Ukrainian date as 00:00 Kyiv that day', '30.06.2019', '2019-06-30T00:00:00.000+03:00'],
    ['a Ukrainian date in winter at the winter offset', '01.01.2019', '2019-01-01T00:00:00.000+02:00'],
    ['a naive date-time as Kyiv local time', '2019-06-30T14:05', '2019-06-30T14:05:00.000+03:00'],
    ['a naive date-time with seconds', '2019-06-30T14:05:07', '2019-06-30T14:05:07.000+03:00'],
    ['a naive date-time with milliseconds', '2019-06-30T14:05:07.250', '2019-06-30T14:05:07.250+03:00'],
    ['a naive date-time with microseconds as CKAN stores them', '2019-06-30T14:05:07.123456', '2019-06-30T14:05:07.123+03:00'],
    ['a date-time with a space instead of T', '2019-06-30 14:05', '2019-06-30T14:05:00.000+03:00'],
    ['a UTC date-time at its instant', '2019-06-30T14:05Z', '2019-06-30T17:05:00.000+03:00'],
    ['a date-time with an offset at its instant', '2019-06-30T14:05:00+01:00', '2019-06-30T16:05:00.000+03:00'],
    ['the largest offset in use, +14:00', '2019-06-30T14:05+14:00', '2019-06-30T03:05:00.000+03:00'],
    ['the smallest offset in use, −12:00', '2019-06-30T14:05-1200', '2019-07-01T05:05:00.000+03:00'],
    ['a stored instant', '2019-06-29T21:00:00.000Z', '2019-06-30T00:00:00.000+03:00'],
    ['surrounding spaces', '  30.06.2019 ', '2019-06-30T00:00:00.000+03:00'],
    ['the Kyiv midnight of the spring DST day', '2019-03-31', '2019-03-31T00:00:00.000+02:00'],
    ['the Kyiv midnight of the autumn DST day', '27.10.2019', '2019-10-27T00:00:00.000+03:00'],
  ])('reads %s', (_what, text, expected) => {
    const dt = parseInstant(text);
    expect(dt?.toISO()).toBe(expected);
    expect(dt?.zoneName).toBe('Europe/Kyiv');
  });

  it.each([
    ['a day that does not exist in ISO form', '2024-02-31'],
    ['a day that does not exist in Ukrainian form', '31.02.2024'],
    ['a month 13', '2019-13-01'],
    ['an empty string', ''],
    ['spaces only', '   '],
    ['words', 'вчора'],
    ['a year alone', '2019'],
    ['a week date that luxon would otherwise accept', '2019-W26-7'],
    ['an hour 25', '2019-06-30T25:00'],
    ['an offset of +25:00', '2019-06-30T14:05+25:00'],
    ['an offset beyond −12:00', '2019-06-30T14:05-13:00'],
    ['an offset of 75 minutes', '2019-06-30T14:05+03:75'],
  ])('rejects %s', (_what, text) => {
    expect(parseInstant(text)).toBeNull();
  });
});

describe('parseNow', () => {
  it('reads a date as 00:00 Kyiv that day', () => {
    expect(parseNow('2019-07-01')?.toISO()).toBe('2019-07-01T00:00:00.000+03:00');
  });

  it('reads a date-time like parseInstant', () => {
    expect(parseNow('2019-07-01T09:00')?.toISO()).toBe('2019-07-01T09:00:00.000+03:00');
  });

  it('returns null for a date that does not exist', () => {
    expect(parseNow('31.02.2024')).toBeNull();
  });
});

describe('kyivDay', () => {
  it.each([
    ['a Kyiv afternoon', kyiv('2019-07-01T09:00'), '2019-07-01T00:00:00.000+03:00'],
    ['a UTC instant that is already the next day in Kyiv', DateTime.fromISO('2019-06-30T22:30Z', { zone: 'utc' }), '2019-07-01T00:00:00.000+03:00'],
    ['a late hour of the 23-hour spring day', kyiv('2019-03-31T23:30'), '2019-03-31T00:00:00.000+02:00'],
    ['a late hour of the 25-hour autumn day', kyiv('2019-10-27T23:30'), '2019-10-27T00:00:00.000+03:00'],
  ])('starts the day of %s at 00:00 Kyiv', (_what, dt, expected) => {
    expect(kyivDay(dt).toISO()).toBe(expected);
  });
});

describe('calendarDaysBetween', () => {
  it.each([
    ['the same day', '2019-07-01T00:00', '2019-07-01T23:59', 0],
    ['one minute across midnight', '2019-06-30T23:59', '2019-07-01T00:00', 1],
    ['a week', '2019-07-01T09:00', '2019-07-08T08:00', 7],
    ['backwards', '2019-07-08T09:00', '2019-07-01T09:00', -7],
    ['across the 23-hour spring DST day', '2019-03-30T12:00', '2019-04-01T12:00', 2],
    ['from the spring DST day to the next', '2019-03-31T00:00', '2019-04-01T00:00', 1],
    ['from midnight into the spring DST day late evening', '2019-03-31T00:00', '2019-03-31T23:59', 0],
    ['across the 25-hour autumn DST day', '2019-10-26T12:00', '2019-10-28T12:00', 2],
    ['from the autumn DST day to the next', '2019-10-27T00:00', '2019-10-28T00:00', 1],
    ['backwards across the autumn DST day', '2019-10-28T00:00', '2019-10-26T23:00', -2],
    ['a whole year with both DST days', '2019-01-01T00:00', '2020-01-01T00:00', 365],
    ['a leap year', '2020-01-01T00:00', '2021-01-01T00:00', 366],
  ])('counts %s', (_what, from, to, days) => {
    expect(calendarDaysBetween(kyiv(from), kyiv(to))).toBe(days);
  });

  it('counts Kyiv days even when the instants are given in UTC', () => {
    const from = DateTime.fromISO('2019-06-30T20:00Z', { zone: 'utc' }); // 23:00 Kyiv, 30 June
    const to = DateTime.fromISO('2019-06-30T21:30Z', { zone: 'utc' }); // 00:30 Kyiv, 1 July
    expect(calendarDaysBetween(from, to)).toBe(1);
  });

  it('returns a plain zero, not minus zero, for the same day', () => {
    expect(Object.is(calendarDaysBetween(kyiv('2019-07-01T10:00'), kyiv('2019-07-01T09:00')), 0)).toBe(true);
  });
});

describe('formatting', () => {
  it('formats a day as dd.MM.yyyy in Kyiv', () => {
    expect(formatDate(DateTime.fromISO('2019-06-29T21:00Z', { zone: 'utc' }))).toBe('30.06.2019');
  });

  it('formats a date-time as dd.MM.yyyy HH:mm in Kyiv', () => {
    expect(formatDateTime(DateTime.fromISO('2019-06-30T11:05Z', { zone: 'utc' }))).toBe('30.06.2019 14:05');
  });

  it('formats the autumn DST day in winter time after the change', () => {
    expect(formatDateTime(DateTime.fromISO('2019-10-27T02:30Z', { zone: 'utc' }))).toBe('27.10.2019 04:30');
  });
});

describe('stored instants', () => {
  it('stores an instant as UTC ISO with milliseconds', () => {
    expect(toStoredInstant(kyiv('2019-06-30'))).toBe('2019-06-29T21:00:00.000Z');
  });

  it('reads a stored instant back in Kyiv time', () => {
    const dt = fromStoredInstant('2019-06-29T21:00:00.000Z');
    expect(dt.toISO()).toBe('2019-06-30T00:00:00.000+03:00');
    expect(dt.zoneName).toBe('Europe/Kyiv');
  });

  it.each(['2019-03-31T00:59:59.999Z', '2019-10-27T00:30:00.000Z', '2019-10-27T01:30:00.000Z'])(
    'keeps %s unchanged through a round trip on a DST day',
    (stored) => {
      expect(toStoredInstant(fromStoredInstant(stored))).toBe(stored);
    },
  );

  it('refuses a stored value that is not an instant', () => {
    expect(() => fromStoredInstant('30.06.2019')).toThrow('stored instant "30.06.2019" is not an ISO 8601 instant');
  });
});

describe('parseInstant with a Ukrainian date and time', () => {
  it.each([
    ['30.06.2019 14:30', '2019-06-30T14:30:00.000+03:00'],
    ['1.7.2019 09:05:07', '2019-07-01T09:05:07.000+03:00'],
    ['30.12.2019 23:59', '2019-12-30T23:59:00.000+02:00'],
  ])('reads %s as Kyiv local time', (text, iso) => {
    expect(parseInstant(text)?.toISO()).toBe(iso);
  });

  it.each(['31.02.2024 10:00', '30.06.2019 25:00', '30.06.2019 14:3'])('refuses %s', (text) => {
    expect(parseInstant(text)).toBeNull();
  });
});
