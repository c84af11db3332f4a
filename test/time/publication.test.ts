import { DateTime, Duration } from 'luxon';
import { daysOverdue, publicationDeadline } from '../../src/time/publication';
import { kyiv, NOW } from '../helpers/clock';

const MONTH = Duration.fromISO('P1M');

describe('publicationDeadline', () => {
  it.each([
    ['a monthly dataset updated on 30.03 across the spring DST day', '2019-03-30T15:00', 'P1M', 0, '2019-04-30T00:00:00.000+03:00', '2019-05-01T00:00:00.000+03:00'],
    ['a monthly dataset updated late at night', '2019-05-31T23:59', 'P1M', 0, '2019-06-30T00:00:00.000+03:00', '2019-07-01T00:00:00.000+03:00'],
    ['a monthly dataset updated on 31.01', '2019-01-31T10:00', 'P1M', 0, '2019-02-28T00:00:00.000+02:00', '2019-03-01T00:00:00.000+02:00'],
    ['a monthly dataset with 3 grace days', '2019-05-31T10:00', 'P1M', 3, '2019-07-03T00:00:00.000+03:00', '2019-07-04T00:00:00.000+03:00'],
    ['a dataset with a 31-day month', '2019-03-30T10:00', 'P31D', 0, '2019-04-30T00:00:00.000+03:00', '2019-05-01T00:00:00.000+03:00'],
    ['a daily dataset updated on the autumn DST day', '2019-10-27T02:30', 'P1D', 0, '2019-10-28T00:00:00.000+02:00', '2019-10-29T00:00:00.000+02:00'],
    ['a weekly dataset across the autumn DST day', '2019-10-24T12:00', 'P1W', 0, '2019-10-31T00:00:00.000+02:00', '2019-11-01T00:00:00.000+02:00'],
    ['a dataset with a period in hours', '2019-06-29T20:00', 'PT36H', 0, '2019-06-30T00:00:00.000+03:00', '2019-07-01T00:00:00.000+03:00'],
  ])('sets the deadline of %s', (_what, updated, period, grace, deadlineDay, dueAt) => {
    const d = publicationDeadline(kyiv(updated), Duration.fromISO(period), grace);
    expect([d.deadlineDay.toISO(), d.dueAt.toISO()]).toEqual([deadlineDay, dueAt]);
  });

  it('takes the Kyiv day of an update stored in UTC', () => {
    const updated = DateTime.fromISO('2019-05-31T21:30Z', { zone: 'utc' }); // 01.06.2019 00:30 Kyiv
    expect(publicationDeadline(updated, MONTH, 0).deadlineDay.toISODate()).toBe('2019-07-01');
  });

  it.each([-1, 1.5, Number.NaN])('refuses %p grace days', (grace) => {
    expect(() => publicationDeadline(NOW, MONTH, grace)).toThrow(
      `grace days must be a whole number of days, 0 or more (got ${grace})`,
    );
  });
});

describe('daysOverdue', () => {
  const deadlineDay = publicationDeadline(kyiv('2019-03-30T15:00'), MONTH, 0).deadlineDay;

  it.each([
    ['is not late on its deadline day', '2019-04-30T23:59', 0],
    ['is 1 day late on the day after', '2019-05-01T00:00', 1],
    ['is 1 day late late in the day after', '2019-05-01T23:59', 1],
    ['is not late a day early', '2019-04-29T09:00', -1],
    ['is 62 days late on 01.07.2019', '2019-07-01T09:00', 62],
  ])('says a monthly dataset updated 30.03.2019 %s', (_what, now, days) => {
    expect(daysOverdue(deadlineDay, kyiv(now))).toBe(days);
  });

  it.each([
    ['the spring DST day', '2019-03-30', '2019-03-31T12:00', 1],
    ['the day after the spring DST day', '2019-03-31', '2019-04-01T00:00', 1],
    ['the autumn DST day', '2019-10-26', '2019-10-27T23:30', 1],
    ['two days over the autumn DST day', '2019-10-26', '2019-10-28T00:30', 2],
  ])('counts whole calendar days onto %s', (_what, day, now, days) => {
    expect(daysOverdue(kyiv(day), kyiv(now))).toBe(days);
  });

  it('agrees with dueAt: the first overdue instant is 1 day overdue and the one before is not', () => {
    const d = publicationDeadline(kyiv('2019-10-26T10:00'), Duration.fromISO('P1D'), 0);
    expect(daysOverdue(d.deadlineDay, d.dueAt)).toBe(1);
    expect(daysOverdue(d.deadlineDay, d.dueAt.minus({ milliseconds: 1 }))).toBe(0);
  });
});
