import { DateTime } from 'luxon';
import { parseCron } from '../../src/schedule/cron';
import { decide, isOverdue, periodAfter, type Decision, type JobState } from '../../src/schedule/plan';
import { toStoredInstant } from '../../src/time/days';
import { kyiv } from '../helpers/clock';

/** A job's stored state whose next due moment is the Kyiv time `due` (null: the daemon never saw it). */
const state = (due: string | null, lastRun: string | null = null): JobState => ({
  name: 'notify',
  lastRunAt: lastRun === null ? null : toStoredInstant(kyiv(lastRun)),
  nextDueAt: due === null ? null : toStoredInstant(kyiv(due)),
});
const iso = (d: DateTime): string | null => d.toISO({ suppressMilliseconds: true });
/** A decision in a comparable form: the next due moment as Kyiv ISO with its offset. */
const shown = (d: Decision): Record<string, unknown> =>
  d.run ? { run: true, missed: d.missed, nextDueAt: iso(d.nextDueAt) } : { run: false, reason: d.reason, nextDueAt: iso(d.nextDueAt) };

const WORKING_DAYS = '0 9 * * 1-5';
const MONDAYS = '0 9 * * 1';

// 01.07.2019 is a Monday; 05.07.2019 a Friday.
describe('decide', () => {
  // [what, expression, stored state, now (Kyiv), expected decision]
  const cases: [string, string, JobState | null, string, Record<string, unknown>][] = [
    [
      'schedules a job seen for the first time without running it',
      WORKING_DAYS, null, '2019-07-01T10:00',
      { run: false, reason: 'first-seen', nextDueAt: '2019-07-02T09:00:00+03:00' },
    ],
    [
      'schedules a job seen for the first time even exactly at its time',
      WORKING_DAYS, null, '2019-07-01T09:00',
      { run: false, reason: 'first-seen', nextDueAt: '2019-07-02T09:00:00+03:00' },
    ],
    [
      'treats a stored job with no due moment as first seen',
      WORKING_DAYS, state(null, '2019-06-28T09:00'), '2019-07-05T10:00',
      { run: false, reason: 'first-seen', nextDueAt: '2019-07-08T09:00:00+03:00' },
    ],
    [
      'does not run a job one second before it is due',
      WORKING_DAYS, state('2019-07-05T09:00'), '2019-07-05T08:59:59',
      { run: false, reason: 'not-due', nextDueAt: '2019-07-05T09:00:00+03:00' },
    ],
    [
      'runs a job at its due moment and schedules the next working day',
      WORKING_DAYS, state('2019-07-05T09:00'), '2019-07-05T09:00',
      { run: true, missed: 1, nextDueAt: '2019-07-08T09:00:00+03:00' },
    ],
    [
      'runs a job woken a little late, once',
      WORKING_DAYS, state('2019-07-01T09:00'), '2019-07-01T09:00:30',
      { run: true, missed: 1, nextDueAt: '2019-07-02T09:00:00+03:00' },
    ],
    [
      'runs once after 5 missed working days, and schedules the next slot after now',
      WORKING_DAYS, state('2019-07-01T09:00'), '2019-07-08T08:00',
      { run: true, missed: 5, nextDueAt: '2019-07-08T09:00:00+03:00' },
    ],
    [
      'runs once after a week down, counting 6 missed working days',
      WORKING_DAYS, state('2019-07-01T09:00'), '2019-07-08T12:00',
      { run: true, missed: 6, nextDueAt: '2019-07-09T09:00:00+03:00' },
    ],
    [
      'runs a weekly job once after three missed Mondays',
      MONDAYS, state('2019-07-01T09:00'), '2019-07-20T09:00',
      { run: true, missed: 3, nextDueAt: '2019-07-22T09:00:00+03:00' },
    ],
    [
      'runs once after a year down, with the missed slots counted up to 1000',
      '* * * * *', state('2019-01-01T00:00'), '2019-12-31T00:00',
      { run: true, missed: 1000, nextDueAt: '2019-12-31T00:01:00+02:00' },
    ],
    [
      'runs a seconds job once after a 10-second pause',
      '*/2 * * * * *', state('2019-07-01T09:00:02'), '2019-07-01T09:00:11',
      { run: true, missed: 5, nextDueAt: '2019-07-01T09:00:12+03:00' },
    ],
    [
      'runs once when the stored due moment was moved back',
      WORKING_DAYS, state('2019-06-03T09:00'), '2019-07-01T08:00',
      { run: true, missed: 20, nextDueAt: '2019-07-01T09:00:00+03:00' },
    ],
    [
      'reschedules to the sooner slot when the expression changed to something sooner',
      '0 9 * * *', state('2019-07-08T09:00'), '2019-07-02T10:00',
      { run: false, reason: 'rescheduled', nextDueAt: '2019-07-03T09:00:00+03:00' },
    ],
    [
      'reschedules a weekly job changed to working days',
      WORKING_DAYS, state('2019-07-08T09:00'), '2019-07-01T10:00',
      { run: false, reason: 'rescheduled', nextDueAt: '2019-07-02T09:00:00+03:00' },
    ],
    [
      'reschedules to the later slot when the expression changed to something later',
      MONDAYS, state('2019-07-02T09:00'), '2019-07-01T10:00',
      { run: false, reason: 'rescheduled', nextDueAt: '2019-07-08T09:00:00+03:00' },
    ],
    [
      'reschedules when the time of day changed',
      '0 10 * * 1-5', state('2019-07-02T09:00'), '2019-07-01T12:00',
      { run: false, reason: 'rescheduled', nextDueAt: '2019-07-02T10:00:00+03:00' },
    ],
    [
      'still runs, once, a job that fell due under an expression since changed',
      MONDAYS, state('2019-07-02T09:00'), '2019-07-03T10:00',
      { run: true, missed: 1, nextDueAt: '2019-07-08T09:00:00+03:00' },
    ],
    // The DST days: 31.03.2019 (+02 → +03) and 27.10.2019 (+03 → +02).
    [
      'runs on the Monday after the spring change at 09:00 +03',
      WORKING_DAYS, state('2019-04-01T09:00'), '2019-04-01T09:00',
      { run: true, missed: 1, nextDueAt: '2019-04-02T09:00:00+03:00' },
    ],
    [
      'runs once on Monday after missing Friday before the spring change',
      WORKING_DAYS, state('2019-03-29T09:00'), '2019-04-01T09:00',
      { run: true, missed: 2, nextDueAt: '2019-04-02T09:00:00+03:00' },
    ],
    [
      'does not run early when the spring change shortened the weekend by an hour',
      WORKING_DAYS, state('2019-04-01T09:00'), '2019-04-01T08:00',
      { run: false, reason: 'not-due', nextDueAt: '2019-04-01T09:00:00+03:00' },
    ],
    [
      'does not run early after the autumn change (08:00 +02 is 09:00 of the old offset)',
      WORKING_DAYS, state('2019-10-28T09:00'), '2019-10-28T08:00',
      { run: false, reason: 'not-due', nextDueAt: '2019-10-28T09:00:00+02:00' },
    ],
    [
      'runs on the Monday after the autumn change at 09:00 +02',
      WORKING_DAYS, state('2019-10-28T09:00'), '2019-10-28T09:00',
      { run: true, missed: 1, nextDueAt: '2019-10-29T09:00:00+02:00' },
    ],
    [
      'runs once on Monday after missing Friday before the autumn change',
      WORKING_DAYS, state('2019-10-25T09:00'), '2019-10-28T09:00',
      { run: true, missed: 2, nextDueAt: '2019-10-29T09:00:00+02:00' },
    ],
    [
      'runs 02:30 on the spring change day, before the change',
      '30 2 * * *', state('2019-03-31T02:30'), '2019-03-31T02:30',
      { run: true, missed: 1, nextDueAt: '2019-04-01T02:30:00+03:00' },
    ],
    [
      'runs an hourly job across the spring gap once, from 02:00 to 04:00',
      '0 * * * *', state('2019-03-31T02:00'), '2019-03-31T04:00',
      { run: true, missed: 2, nextDueAt: '2019-03-31T05:00:00+03:00' },
    ],
  ];

  it.each(cases)('%s', (_what, expr, stored, now, expected) => {
    expect(shown(decide(stored, parseCron(expr), kyiv(now)))).toEqual(expected);
  });

  it('runs an hourly job in the repeated autumn hour once, then at 04:00 +02', () => {
    const fields = parseCron('0 * * * *');
    // 03:00 +03 (00:00 UTC) is due; now is the second 03:00, +02 (01:00 UTC).
    const now = DateTime.fromISO('2019-10-27T01:00:00Z').setZone('Europe/Kyiv');
    const d = decide({ name: 'hourly', lastRunAt: null, nextDueAt: '2019-10-27T00:00:00.000Z' }, fields, now);
    expect(shown(d)).toEqual({ run: true, missed: 1, nextDueAt: '2019-10-27T04:00:00+02:00' });
    // The second 03:00 is the same wall-clock slot: it does not make the job due again.
    const after = decide({ name: 'hourly', lastRunAt: null, nextDueAt: toStoredInstant(d.nextDueAt) }, fields, now.plus({ minutes: 30 }));
    expect(shown(after)).toEqual({ run: false, reason: 'not-due', nextDueAt: '2019-10-27T04:00:00+02:00' });
  });

  /** Applies decisions as the daemon does (a run stores the next due moment) and counts the runs. */
  function runsBetween(expr: string, stored: JobState | null, wakeUps: readonly DateTime[]): number {
    const fields = parseCron(expr);
    let s = stored;
    let runs = 0;
    for (const now of wakeUps) {
      const d = decide(s, fields, now);
      if (d.run) runs++;
      s = { name: 'notify', lastRunAt: d.run ? toStoredInstant(now) : (s?.lastRunAt ?? null), nextDueAt: toStoredInstant(d.nextDueAt) };
    }
    return runs;
  }

  it('runs a job whose due moment was moved back once, however often it is woken', () => {
    const now = kyiv('2019-07-03T12:00');
    const wakeUps = [0, 1, 30, 60, 3600].map((s) => now.plus({ seconds: s }));
    expect(runsBetween(WORKING_DAYS, state('2019-06-03T09:00'), wakeUps)).toBe(1);
  });

  it('runs a working-days job 5 times in a week of wake-ups every 5 minutes, including the spring change', () => {
    const start = kyiv('2019-03-25T00:00:07');
    const wakeUps = Array.from({ length: 7 * 24 * 12 }, (_, i) => start.plus({ minutes: 5 * i }));
    expect(runsBetween(WORKING_DAYS, null, wakeUps)).toBe(5);
  });

  it('runs a daily job once per day across the autumn change, woken every 5 minutes', () => {
    const start = kyiv('2019-10-26T00:00:07');
    const wakeUps = Array.from({ length: 3 * 24 * 12 }, (_, i) => start.plus({ minutes: 5 * i }));
    expect(runsBetween('0 9 * * *', null, wakeUps)).toBe(3);
  });
});

describe('periodAfter', () => {
  const cases: [string, string, string, number][] = [
    ['a working day to the next', WORKING_DAYS, '2019-07-01T09:00', 24],
    ['Friday to Monday', WORKING_DAYS, '2019-07-05T09:00', 72],
    ['Friday to Monday across the spring change', WORKING_DAYS, '2019-03-29T09:00', 71],
    ['Friday to Monday across the autumn change', WORKING_DAYS, '2019-10-25T09:00', 73],
    ['a week', MONDAYS, '2019-07-01T09:00', 168],
  ];
  it.each(cases)('%s', (_what, expr, due, hours) => {
    expect(periodAfter(parseCron(expr), kyiv(due)) / 3_600_000).toBe(hours);
  });
});

describe('isOverdue', () => {
  const cases: [string, string, JobState | null, string, boolean][] = [
    ['a job never seen is not overdue', WORKING_DAYS, null, '2030-01-01T00:00', false],
    ['a job with no due moment is not overdue', WORKING_DAYS, state(null), '2030-01-01T00:00', false],
    ['a job not yet due is not overdue', WORKING_DAYS, state('2019-07-02T09:00'), '2019-07-01T12:00', false],
    ['a job due a minute ago is not overdue', WORKING_DAYS, state('2019-07-01T09:00'), '2019-07-01T09:01', false],
    ['a job late by exactly its period is not overdue', WORKING_DAYS, state('2019-07-01T09:00'), '2019-07-02T09:00', false],
    ['a job late by its period and a second is overdue', WORKING_DAYS, state('2019-07-01T09:00'), '2019-07-02T09:00:01', true],
    ['Friday\'s job on Monday morning is not overdue', WORKING_DAYS, state('2019-07-05T09:00'), '2019-07-08T08:00', false],
    ['Friday\'s job on Monday after 09:00 is overdue', WORKING_DAYS, state('2019-07-05T09:00'), '2019-07-08T09:00:01', true],
    ['Friday\'s job is overdue a second after Monday 09:00 +03 (the spring weekend has 71 hours)', WORKING_DAYS, state('2019-03-29T09:00'), '2019-04-01T09:00:01', true],
    ['Friday\'s job is not overdue on Monday 08:30 +02 (the autumn weekend has 73 hours)', WORKING_DAYS, state('2019-10-25T09:00'), '2019-10-28T08:30', false],
    ['Friday\'s job is overdue a second after Monday 09:00 +02', WORKING_DAYS, state('2019-10-25T09:00'), '2019-10-28T09:00:01', true],
    ['a weekly job 6 days late is not overdue', MONDAYS, state('2019-07-01T09:00'), '2019-07-07T09:00', false],
    ['a weekly job 8 days late is overdue', MONDAYS, state('2019-07-01T09:00'), '2019-07-09T09:00', true],
    ['a seconds job 3 seconds late is overdue', '*/2 * * * * *', state('2019-07-01T09:00:00'), '2019-07-01T09:00:03', true],
    ['a job due far in the past is overdue', WORKING_DAYS, state('2000-01-03T09:00'), '2019-07-01T09:00', true],
  ];
  it.each(cases)('%s', (_what, expr, stored, now, expected) => {
    expect(isOverdue(stored, parseCron(expr), kyiv(now))).toBe(expected);
  });
});
