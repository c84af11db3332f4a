import { dueNotices, isSnoozed, noticeReason, type NoticeCandidate, type NoticePolicy } from '../../src/notify/due';
import { candidate, kyiv, stored, told, toldSince } from '../helpers/notice-candidate';

const POLICY: NoticePolicy = { repeatDays: 7, escalateAfterDays: 30, ackRepeatDays: 30 };

const ack = (iso: string) => ({ at: stored(iso), person: 'О. Коваленко', comment: null });

describe('noticeReason with snoozes and acknowledgements', () => {
  it.each<[string, Partial<NoticeCandidate>, string, ReturnType<typeof noticeReason>]>([
    ['says nothing about a finding told before while its snooze runs', { state: told('2019-06-20T09:00'), snoozedUntil: stored('2019-07-06T00:00') }, '2019-07-01T09:00', null],
    ['says nothing about a new finding while its snooze runs', { snoozedUntil: stored('2019-07-06T00:00') }, '2019-07-05T23:59', null],
    ['tells a new finding as new once the snooze is over', { snoozedUntil: stored('2019-07-06T00:00') }, '2019-07-06T00:00', 'new'],
    ['tells again at once when a snooze ended after the last notice, days before the repeat is due', { state: told('2019-07-01T09:00'), snoozedUntil: stored('2019-07-04T00:00') }, '2019-07-04T09:00', 'snooze-ended'],
    ['tells once only after a snooze ended: the notice after it is newer than its end', { state: told('2019-07-04T09:00'), snoozedUntil: stored('2019-07-04T00:00') }, '2019-07-05T09:00', null],
    ['does not count a snooze that ended before the last notice', { state: told('2019-07-01T09:00'), snoozedUntil: stored('2019-06-20T00:00') }, '2019-07-03T09:00', null],
    ['holds an escalation back during a snooze', { daysOverdue: 45, state: toldSince('2019-06-01T09:00', '2019-06-30T09:00'), snoozedUntil: stored('2019-07-10T00:00') }, '2019-07-05T09:00', null],
    ['escalates rather than says "snooze ended" when both are due', { daysOverdue: 45, state: toldSince('2019-06-01T09:00', '2019-06-30T09:00'), snoozedUntil: stored('2019-07-04T00:00') }, '2019-07-05T09:00', 'escalated'],
    ['tells a resolution while the snooze runs: a snooze never hides a resolution', { resolvedAt: stored('2019-07-02T09:00'), state: told('2019-07-01T09:00'), snoozedUntil: stored('2019-07-30T00:00') }, '2019-07-03T09:00', 'resolved'],
    ['does not repeat an acknowledged finding after 7 days', { state: told('2019-07-01T09:00'), acknowledgement: ack('2019-07-02T10:00') }, '2019-07-08T09:00', null],
    ['repeats an acknowledged finding after ackRepeatDays (30)', { state: told('2019-07-01T09:00', { escalatedAt: stored('2019-07-01T09:00') }), acknowledgement: ack('2019-07-02T10:00') }, '2019-07-31T09:00', 'repeat'],
    ['escalates an acknowledged finding all the same', { daysOverdue: 31, state: toldSince('2019-06-01T09:00', '2019-07-01T09:00'), acknowledgement: ack('2019-07-02T10:00') }, '2019-07-03T09:00', 'escalated'],
    ['tells an acknowledged finding that is resolved, once', { resolvedAt: stored('2019-07-03T09:00'), state: told('2019-07-01T09:00'), acknowledgement: ack('2019-07-02T10:00') }, '2019-07-03T10:00', 'resolved'],
  ])('%s', (_what, over, now, reason) => {
    expect(noticeReason(candidate(over), kyiv(now), POLICY)).toBe(reason);
  });

  it('repeats an acknowledged finding every repeatDays when the policy sets no ackRepeatDays', () => {
    const c = candidate({ state: told('2019-07-01T09:00'), acknowledgement: ack('2019-07-02T10:00') });
    expect(noticeReason(c, kyiv('2019-07-08T09:00'), { repeatDays: 7, escalateAfterDays: 30 })).toBe('repeat');
  });

  it('reads a snooze as running up to, not at, its end', () => {
    const c = { snoozedUntil: stored('2019-07-06T00:00') };
    expect([isSnoozed(c, kyiv('2019-07-05T23:59:59')), isSnoozed(c, kyiv('2019-07-06T00:00')), isSnoozed({ snoozedUntil: null }, kyiv('2019-07-01'))]).toEqual([true, false, false]);
  });
});

describe('dueNotices with acknowledgements', () => {
  const acked = candidate({ findingId: 2, subjectId: 'grants', state: told('2019-07-01T09:00'), acknowledgement: ack('2019-07-02T10:00') });
  const repeating = candidate({ findingId: 3, subjectId: 'budget', state: told('2019-07-01T09:00') });

  it('lists a fresh acknowledgement in the next notice that goes to the steward anyway, last', () => {
    const due = dueNotices([acked, repeating], kyiv('2019-07-08T09:00'), POLICY);
    expect(due.get('finance')?.map((i) => [i.findingId, i.reason])).toEqual([
      [3, 'repeat'],
      [2, 'acknowledged'],
    ]);
  });

  it('never sends a notice for an acknowledgement alone', () => {
    expect(dueNotices([acked], kyiv('2019-07-08T09:00'), POLICY).size).toBe(0);
  });

  it('does not list an acknowledgement the steward has already seen in a notice', () => {
    const seen = { ...acked, state: told('2019-07-03T09:00') };
    expect(dueNotices([seen, repeating], kyiv('2019-07-08T09:00'), POLICY).get('finance')?.map((i) => i.findingId)).toEqual([3]);
  });

  it('does not list an acknowledged finding while it is snoozed', () => {
    const snoozed = { ...acked, snoozedUntil: stored('2019-07-20T00:00') };
    expect(dueNotices([snoozed, repeating], kyiv('2019-07-08T09:00'), POLICY).get('finance')?.map((i) => i.findingId)).toEqual([3]);
  });
});
