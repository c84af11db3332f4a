import { daysSinceFirstNotice, dueNotices, isEscalated, noticeReason, type NoticeCandidate, type NoticePolicy } from '../../src/notify/due';
import { candidate, kyiv, stored, told, toldSince } from '../helpers/notice-candidate';
import { NOW } from '../helpers/clock';

const POLICY: NoticePolicy = { repeatDays: 7, escalateAfterDays: 30 };

describe('noticeReason: when a steward is told about a finding', () => {
  it.each<[string, Partial<NoticeCandidate>, string, ReturnType<typeof noticeReason>]>([
    // what, the candidate, now (Kyiv), the reason
    ['tells about an open finding never told before as new', {}, '2019-07-01T09:00', 'new'],
    ['tells about a finding already long overdue as new (not as escalated) the first time', { daysOverdue: 45 }, '2019-07-01T09:00', 'new'],
    ['says nothing again on the day it was told', { state: told('2019-07-01T08:00') }, '2019-07-01T09:00', null],
    ['says nothing 1 day after it was told', { state: told('2019-06-30T09:00') }, '2019-07-01T09:00', null],
    ['says nothing 6 days after it was told', { state: told('2019-06-25T09:00') }, '2019-07-01T09:00', null],
    ['repeats exactly 7 days after it was told', { state: told('2019-06-24T09:00') }, '2019-07-01T09:00', 'repeat'],
    ['repeats on the 7th calendar day even when fewer than 7 × 24 hours have passed', { state: told('2019-06-24T20:00') }, '2019-07-01T00:05', 'repeat'],
    ['does not repeat on the 6th calendar day even when more than 6 × 24 hours have passed', { state: told('2019-06-25T00:05') }, '2019-07-01T23:55', null],
    ['repeats 20 days after it was told (a missed week is not made up twice)', { state: told('2019-06-11T09:00') }, '2019-07-01T09:00', 'repeat'],
    ['says nothing when the clock is behind the last notice', { state: told('2019-07-08T09:00') }, '2019-07-01T09:00', null],
    ['does not copy the head on the first notice of an item 2,523 days overdue (going live on an old backlog)', { daysOverdue: 2523 }, '2019-07-01T09:00', 'new'],
    ['does not escalate 29 days after the first notice, however long overdue', { daysOverdue: 400, state: toldSince('2019-06-02T09:00', '2019-06-30T09:00') }, '2019-07-01T09:00', null],
    ['escalates 30 days after the first notice', { daysOverdue: 31, state: toldSince('2019-06-01T09:00', '2019-06-30T09:00') }, '2019-07-01T09:00', 'escalated'],
    ['escalates 30 calendar days after the first notice even when fewer than 30 × 24 hours have passed', { daysOverdue: 31, state: toldSince('2019-06-01T20:00', '2019-06-30T09:00') }, '2019-07-01T00:05', 'escalated'],
    ['escalates 30 days after the first notice an item that was only 1 day overdue then', { daysOverdue: 31, state: toldSince('2019-06-01T09:00', '2019-06-24T09:00') }, '2019-07-01T09:00', 'escalated'],
    ['does not escalate twice', { daysOverdue: 32, state: toldSince('2019-05-01T09:00', '2019-06-30T09:00', { escalatedAt: stored('2019-06-30T09:00') }) }, '2019-07-01T09:00', null],
    ['repeats an escalated finding every 7 days', { daysOverdue: 40, state: toldSince('2019-05-01T09:00', '2019-06-24T09:00', { escalatedAt: stored('2019-06-20T09:00') }) }, '2019-07-01T09:00', 'repeat'],
    ['escalates rather than repeats when both are due', { daysOverdue: 31, state: toldSince('2019-05-20T09:00', '2019-06-24T09:00') }, '2019-07-01T09:00', 'escalated'],
    ['without a deadline, does not escalate 29 days after the first notice', { dueAt: null, daysOverdue: null, openedAt: stored('2019-01-01T09:00'), state: toldSince('2019-06-02T09:00', '2019-06-30T09:00') }, '2019-07-01T09:00', null],
    ['without a deadline, escalates 30 days after the first notice', { dueAt: null, daysOverdue: null, openedAt: stored('2019-05-31T09:00'), state: toldSince('2019-06-01T09:00', '2019-06-30T09:00') }, '2019-07-01T09:00', 'escalated'],
    ['does not escalate a task still before its deadline, however long it has been told', { daysOverdue: -5, openedAt: stored('2019-01-01T09:00'), state: toldSince('2019-01-01T09:00', '2019-06-30T09:00') }, '2019-07-01T09:00', null],
    ['never tells "resolved" about a finding the steward was never told of', { resolvedAt: stored('2019-07-01T08:00') }, '2019-07-01T09:00', null],
    ['tells "resolved" about a finding the steward was told of', { resolvedAt: stored('2019-07-01T08:00'), state: told('2019-06-30T09:00') }, '2019-07-01T09:00', 'resolved'],
    ['tells "resolved" on the very day of the last notice', { resolvedAt: stored('2019-07-01T08:50'), state: told('2019-07-01T08:00') }, '2019-07-01T09:00', 'resolved'],
    ['tells "resolved" only once', { resolvedAt: stored('2019-06-30T08:00'), state: told('2019-06-20T09:00', { resolvedNotifiedAt: stored('2019-06-30T09:00') }) }, '2019-07-01T09:00', null],
    ['never tells "resolved" about a reminder (info) that ended, e.g. by turning overdue', { severity: 'info', daysOverdue: 0, resolvedAt: stored('2019-07-01T00:00'), state: told('2019-06-30T09:00') }, '2019-07-01T09:00', null],
    ['tells "resolved" rather than escalating a long-overdue finding that is fixed', { daysOverdue: 45, resolvedAt: stored('2019-07-01T08:00'), state: told('2019-06-20T09:00') }, '2019-07-01T09:00', 'resolved'],
  ])('%s', (_what, over, now, reason) => {
    expect(noticeReason(candidate(over), kyiv(now), POLICY)).toBe(reason);
  });

  it.each<[string, string, string, ReturnType<typeof noticeReason>]>([
    // Kyiv's 23-hour day (31.03.2019) and 25-hour day (27.10.2019) are one calendar day each.
    ['repeats 7 calendar days later across the spring DST change', '2019-03-25T09:00', '2019-04-01T00:30', 'repeat'],
    ['does not repeat 6 calendar days later across the spring DST change', '2019-03-26T00:30', '2019-04-01T23:30', null],
    ['repeats 7 calendar days later across the autumn DST change', '2019-10-21T23:30', '2019-10-28T00:10', 'repeat'],
    ['does not repeat 6 calendar days later across the autumn DST change', '2019-10-22T00:10', '2019-10-27T23:59', null],
  ])('%s', (_what, last, now, reason) => {
    expect(noticeReason(candidate({ state: told(last) }), kyiv(now), POLICY)).toBe(reason);
  });

  it.each<[string, NoticePolicy, Partial<NoticeCandidate>, ReturnType<typeof noticeReason>]>([
    ['repeats after 1 day when repeatDays is 1', { repeatDays: 1, escalateAfterDays: 30 }, { state: told('2019-06-30T23:00') }, 'repeat'],
    ['does not repeat after 13 days when repeatDays is 14', { repeatDays: 14, escalateAfterDays: 30 }, { state: told('2019-06-18T09:00') }, null],
    ['escalates 10 days after the first notice when escalateAfterDays is 10', { repeatDays: 7, escalateAfterDays: 10 }, { daysOverdue: 11, state: toldSince('2019-06-21T09:00', '2019-06-30T09:00') }, 'escalated'],
    ['does not escalate 9 days after the first notice when escalateAfterDays is 10', { repeatDays: 7, escalateAfterDays: 10 }, { daysOverdue: 300, state: toldSince('2019-06-22T09:00', '2019-06-30T09:00') }, null],
    ['copies the head from the first notice when escalateAfterDays is 0', { repeatDays: 7, escalateAfterDays: 0 }, { daysOverdue: 1 }, 'new'],
  ])('follows the configured policy: %s', (_what, policy, over, reason) => {
    expect(noticeReason(candidate(over), NOW, policy)).toBe(reason);
  });
});

describe('days since the first notice', () => {
  it('counts Kyiv calendar days since the steward was first told, not since the deadline', () => {
    expect(daysSinceFirstNotice(candidate({ daysOverdue: 400, state: toldSince('2019-06-01T23:30', '2019-06-30T09:00') }), NOW)).toBe(30);
  });

  it('is 0 for an item never told', () => {
    expect(daysSinceFirstNotice(candidate({ daysOverdue: 400 }), NOW)).toBe(0);
  });

  it('calls a resolved finding never escalated', () => {
    expect(isEscalated(candidate({ daysOverdue: 90, resolvedAt: stored('2019-07-01T08:00'), state: toldSince('2019-01-01T09:00', '2019-06-30T09:00') }), NOW, POLICY)).toBe(false);
  });

  it('marks a new item escalated only when escalateAfterDays is 0', () => {
    expect(isEscalated(candidate({ daysOverdue: 45 }), NOW, POLICY)).toBe(false);
    expect(isEscalated(candidate({ daysOverdue: 45 }), NOW, { ...POLICY, escalateAfterDays: 0 })).toBe(true);
  });
});

describe('dueNotices: the items due, per steward', () => {
  it('groups what is due by steward, leaves out stewards with nothing due, and marks escalated items', () => {
    const due = dueNotices(
      [
        candidate({ findingId: 1, stewardId: 'finance' }),
        candidate({ findingId: 2, stewardId: 'finance', daysOverdue: 31, state: toldSince('2019-05-30T09:00', '2019-06-30T09:00') }),
        candidate({ findingId: 3, stewardId: 'hr', state: told('2019-06-30T09:00') }),
        candidate({ findingId: 4, stewardId: 'it', daysOverdue: 45 }),
        candidate({ findingId: 5, stewardId: 'it', resolvedAt: stored('2019-07-01T08:00'), state: told('2019-06-28T09:00') }),
      ],
      NOW,
      POLICY,
    );
    const summary = Object.fromEntries([...due].map(([steward, items]) => [steward, items.map((i) => [i.findingId, i.reason, i.escalated])]));
    expect(summary).toEqual({
      finance: [
        [1, 'new', false],
        [2, 'escalated', true],
      ],
      it: [
        [4, 'new', false],
        [5, 'resolved', false],
      ],
    });
  });

  it('tells each steward of a shared plan task on its own schedule', () => {
    const task = { findingId: 7, subjectType: 'task' as const, subjectId: 'm.1', rule: 'overdue-plan-task' };
    const due = dueNotices(
      [
        candidate({ ...task, stewardId: 'finance', state: told('2019-06-24T09:00') }),
        candidate({ ...task, stewardId: 'hr', state: told('2019-06-28T09:00') }),
        candidate({ ...task, stewardId: 'it' }),
      ],
      NOW,
      POLICY,
    );
    expect(Object.fromEntries([...due].map(([s, items]) => [s, items.map((i) => i.reason)]))).toEqual({ finance: ['repeat'], it: ['new'] });
  });
});
