import { DateTime } from 'luxon';
import { cronProblems, nextOccurrence, parseCron } from '../../src/schedule/cron';
import { kyiv } from '../helpers/clock';

/** A Kyiv wall-clock time, e.g. `2019-07-05T09:00`. */
/** The next occurrence as ISO with its offset, so a case shows both the local time and the UTC offset. */
const next = (expr: string, after: DateTime): string | null => nextOccurrence(parseCron(expr), after).toISO({ suppressMilliseconds: true });

describe('nextOccurrence', () => {
  // [what, expression, after (Kyiv), expected next (Kyiv, with offset)]
  const cases: [string, string, string, string][] = [
    // Working days at 09:00 (the notify default). 05.07.2019 is a Friday.
    ['runs on Friday at 09:00 when asked one second before', '0 9 * * 1-5', '2019-07-05T08:59:59', '2019-07-05T09:00:00+03:00'],
    ['runs on Friday at 09:00 when asked a millisecond before', '0 9 * * 1-5', '2019-07-05T08:59:59.999', '2019-07-05T09:00:00+03:00'],
    ['skips the weekend: Friday 09:00 → Monday 09:00', '0 9 * * 1-5', '2019-07-05T09:00:00', '2019-07-08T09:00:00+03:00'],
    ['is strictly after: Monday 09:00:00.5 → Tuesday', '0 9 * * 1-5', '2019-07-08T09:00:00.500', '2019-07-09T09:00:00+03:00'],
    ['on Saturday waits for Monday', '0 9 * * 1-5', '2019-07-06T12:00', '2019-07-08T09:00:00+03:00'],
    // Mondays at 09:00 (the digest default).
    ['weekly on Monday: Monday 09:00 → next Monday', '0 9 * * 1', '2019-07-01T09:00', '2019-07-08T09:00:00+03:00'],
    ['weekly on Monday: Sunday evening → Monday morning', '0 9 * * 1', '2019-07-07T23:59:59', '2019-07-08T09:00:00+03:00'],
    ['weekly on Monday, across a new year', '0 9 * * 1', '2019-12-30T09:00', '2020-01-06T09:00:00+02:00'],
    ['a day of week 7 is Sunday, as 0 is', '0 9 * * 7', '2019-07-01T09:00', '2019-07-07T09:00:00+03:00'],
    // A seconds field (6 fields).
    ['every 2 seconds: the next even second', '*/2 * * * * *', '2019-07-01T09:00:00.500', '2019-07-01T09:00:02+03:00'],
    ['every 2 seconds: from an odd second', '*/2 * * * * *', '2019-07-01T09:00:01', '2019-07-01T09:00:02+03:00'],
    ['every 2 seconds: strictly after an even second', '*/2 * * * * *', '2019-07-01T09:00:02', '2019-07-01T09:00:04+03:00'],
    ['every second', '* * * * * *', '2019-07-01T09:00:00', '2019-07-01T09:00:01+03:00'],
    ['at second 30 of every minute', '30 * * * * *', '2019-07-01T09:00:30', '2019-07-01T09:01:30+03:00'],
    ['a list of seconds at 09:00', '15,45 0 9 * * *', '2019-07-01T09:00:15', '2019-07-01T09:00:45+03:00'],
    ['a list of seconds at 09:00, then the next day', '15,45 0 9 * * *', '2019-07-01T09:00:45', '2019-07-02T09:00:15+03:00'],
    ['every second across midnight', '* * * * * *', '2019-07-01T23:59:59', '2019-07-02T00:00:00+03:00'],
    // Month and day restrictions: every field must match, as node-cron does.
    ['the 1st of each month', '0 9 1 * *', '2019-01-31T10:00', '2019-02-01T09:00:00+02:00'],
    ['the 31st skips months without one', '0 9 31 * *', '2019-04-01T00:00', '2019-05-31T09:00:00+03:00'],
    ['29 February waits for a leap year', '0 9 29 2 *', '2019-03-01T00:00', '2020-02-29T09:00:00+02:00'],
    ['January and July only', '0 9 1 1,7 *', '2019-07-01T09:00', '2020-01-01T09:00:00+02:00'],
    ['a range of months', '0 9 15 6-8 *', '2019-08-15T09:00', '2020-06-15T09:00:00+03:00'],
    ['day of month AND day of week: Friday the 13th', '0 9 13 * 5', '2019-01-01T00:00', '2019-09-13T09:00:00+03:00'],
    ['every 15 minutes within working hours', '*/15 9-17 * * 1-5', '2019-07-05T17:45', '2019-07-08T09:00:00+03:00'],
    // The spring change, Sunday 31.03.2019: 03:00 +02:00 becomes 04:00 +03:00.
    ['working days at 09:00 across the spring change: +02 Friday, +03 Monday', '0 9 * * 1-5', '2019-03-29T09:00', '2019-04-01T09:00:00+03:00'],
    ['daily at 09:00 on the spring change day is still 09:00 local', '0 9 * * *', '2019-03-30T09:00', '2019-03-31T09:00:00+03:00'],
    ['daily at 02:30 on the spring change day runs before the change', '30 2 * * *', '2019-03-30T02:30', '2019-03-31T02:30:00+02:00'],
    ['daily at 02:30 the day after the spring change', '30 2 * * *', '2019-03-31T02:30', '2019-04-01T02:30:00+03:00'],
    ['hourly across the spring gap: 02:00 → 04:00, one real hour later', '0 * * * *', '2019-03-31T02:00', '2019-03-31T04:00:00+03:00'],
    ['a time the spring change skips is not run at a shifted hour', '30 3 * * *', '2019-03-30T03:30', '2019-04-01T03:30:00+03:00'],
    // The autumn change, Sunday 27.10.2019: 04:00 +03:00 becomes 03:00 +02:00, so 03:00–03:59 comes twice.
    ['working days at 09:00 across the autumn change: +03 Friday, +02 Monday', '0 9 * * 1-5', '2019-10-25T09:00', '2019-10-28T09:00:00+02:00'],
    ['daily at 09:00 on the autumn change day is still 09:00 local', '0 9 * * *', '2019-10-26T09:00', '2019-10-27T09:00:00+02:00'],
    ['hourly into the repeated hour: its first 03:00 (+03)', '0 * * * *', '2019-10-27T02:00', '2019-10-27T03:00:00+03:00'],
    ['every second late in the day', '* * * * * *', '2019-07-01T23:59:58', '2019-07-01T23:59:59+03:00'],
    ['every 2 seconds late in the day', '*/2 * * * * *', '2019-07-01T23:58:59.500', '2019-07-01T23:59:00+03:00'],
  ];

  it.each(cases)('%s (%s after %s)', (_what, expr, after, expected) => {
    expect(next(expr, kyiv(after))).toBe(expected);
  });

  it('runs an hourly job once in the repeated autumn hour: 03:00 +03 → 04:00 +02, two real hours later', () => {
    const fields = parseCron('0 * * * *');
    const first = nextOccurrence(fields, kyiv('2019-10-27T02:00'));
    const second = nextOccurrence(fields, first);
    expect(first.toUTC().toISO()).toBe('2019-10-27T00:00:00.000Z');
    expect(second.toISO()).toBe('2019-10-27T04:00:00.000+02:00');
    expect(second.diff(first, 'hours').hours).toBe(2);
  });

  it('every 15 minutes within the first pass of the repeated hour (+03) stays in it', () => {
    const firstPass = DateTime.fromISO('2019-10-27T00:20:00Z').setZone('Europe/Kyiv');
    expect(firstPass.toISO()).toBe('2019-10-27T03:20:00.000+03:00');
    expect(next('*/15 * * * *', firstPass)).toBe('2019-10-27T03:30:00+03:00');
  });

  it('from inside the second 03:00–03:59 (+02) goes on to 04:00 +02', () => {
    const secondPass = DateTime.fromISO('2019-10-27T01:30:00Z').setZone('Europe/Kyiv');
    expect(secondPass.toISO()).toBe('2019-10-27T03:30:00.000+02:00');
    expect(next('0 * * * *', secondPass)).toBe('2019-10-27T04:00:00+02:00');
    // 03:45 of the first pass is already behind: the next quarter is 04:00 +02.
    expect(next('*/15 * * * *', secondPass)).toBe('2019-10-27T04:00:00+02:00');
  });

  it('keeps a 09:00 job at 09:00 local over a whole year, whatever the UTC offset', () => {
    const fields = parseCron('0 9 * * 1-5');
    let t = kyiv('2019-01-01T00:00');
    const offsets = new Set<number>();
    for (let i = 0; i < 261; i++) {
      t = nextOccurrence(fields, t);
      expect([t.hour, t.minute, t.second]).toEqual([9, 0, 0]);
      expect(t.weekday).toBeLessThanOrEqual(5);
      offsets.add(t.offset);
    }
    expect([...offsets].sort()).toEqual([120, 180]);
    expect(t.year).toBe(2019);
  });

  it('reads the instant, not the zone, of the moment it is given', () => {
    // 06:59:59 UTC on 05.07.2019 is 09:59:59 in Kyiv: past Friday's 09:00.
    expect(next('0 9 * * 1-5', DateTime.fromISO('2019-07-05T06:59:59Z', { zone: 'utc' }))).toBe('2019-07-08T09:00:00+03:00');
    expect(next('0 9 * * 1-5', DateTime.fromISO('2019-07-05T05:59:59Z', { zone: 'utc' }))).toBe('2019-07-05T09:00:00+03:00');
  });

  it('fails on a schedule that matches no moment in eight years (29 February on a Monday: next in 2044)', () => {
    expect(() => nextOccurrence(parseCron('0 9 29 2 1'), kyiv('2019-01-01T00:00'))).toThrow('the schedule matches no moment in the next eight years');
  });
});

describe('parseCron', () => {
  it('reads five fields with second 0, and folds day of week 7 into 0', () => {
    const f = parseCron('0 9 * * 5-7');
    expect(f.second).toEqual([0]);
    expect(f.minute).toEqual([0]);
    expect(f.hour).toEqual([9]);
    expect(f.dayOfWeek.slice().sort()).toEqual([0, 5, 6]);
    expect(f.dayOfMonth).toHaveLength(31);
    expect(f.month).toHaveLength(12);
  });
});

describe('cronProblems', () => {
  const W = 'odmon.config.json: schedule.notify';
  const cases: [string, unknown, string[]][] = [
    ['accepts working days at 09:00', '0 9 * * 1-5', []],
    ['accepts Mondays at 09:00', '0 9 * * 1', []],
    ['accepts six fields with seconds', '*/2 * * * * *', []],
    ['accepts every second', '* * * * * *', []],
    ['accepts an hourly job, which also runs in the DST hours', '0 * * * *', []],
    ['accepts every 10 minutes', '*/10 * * * *', []],
    ['accepts 02:30 and 05:00', '30 2,5 * * *', []],
    ['refuses an empty expression', '', [`${W}: must be a cron expression like "0 9 * * 1-5"`]],
    ['refuses a blank expression', '   ', [`${W}: must be a cron expression like "0 9 * * 1-5"`]],
    ['refuses a number', 9, [`${W}: must be a cron expression like "0 9 * * 1-5"`]],
    ['refuses a missing value', undefined, [`${W}: must be a cron expression like "0 9 * * 1-5"`]],
    ['refuses a word', 'daily', [`${W}: "daily" is not a cron expression: expected 5 or 6 fields but got 1`]],
    ['refuses hour 25', '0 25 * * *', [`${W}: "0 25 * * *" is not a cron expression: 25 is a invalid expression for hour`]],
    ['refuses seven fields', '0 0 9 * * 1-5 2019', [`${W}: "0 0 9 * * 1-5 2019" is not a cron expression: expected 5 or 6 fields but got 7`]],
    ['refuses the last-day form', '0 9 L * *', [`${W}: "0 9 L * *" uses a day form odmon does not schedule (use numbers, ranges, lists and steps)`]],
    ['refuses a daily job at 03:30', '30 3 * * *', [`${W}: "30 3 * * *" runs between 03:00 and 04:59 Kyiv time, which DST changes skip or repeat; choose another hour`]],
    ['refuses a daily job at 04:00', '0 4 * * *', [`${W}: "0 4 * * *" runs between 03:00 and 04:59 Kyiv time, which DST changes skip or repeat; choose another hour`]],
    ['refuses a range touching 03:00', '0 2-3 * * 1-5', [`${W}: "0 2-3 * * 1-5" runs between 03:00 and 04:59 Kyiv time, which DST changes skip or repeat; choose another hour`]],
    ['refuses every second within 03:00–03:59', '* * 3 * * *', [`${W}: "* * 3 * * *" runs between 03:00 and 04:59 Kyiv time, which DST changes skip or repeat; choose another hour`]],
    ['refuses a day that never comes', '0 9 30 2 *', [`${W}: "0 9 30 2 *" is not a cron expression: 30 2 is an impossible day of month for the given month`]],
  ];

  it.each(cases)('%s (%p)', (_what, expr, expected) => {
    expect(cronProblems(expr, W)).toEqual(expected);
  });

  it('names the setting it was given', () => {
    expect(cronProblems('0 3 * * *', 'ODMON_SCHEDULE_DIGEST')).toEqual([
      'ODMON_SCHEDULE_DIGEST: "0 3 * * *" runs between 03:00 and 04:59 Kyiv time, which DST changes skip or repeat; choose another hour',
    ]);
  });
});
