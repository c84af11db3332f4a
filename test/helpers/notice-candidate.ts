/** The notice policy's inputs, built the same way by every test of src/notify/due.ts. */
import type { NoticeCandidate, NoticeState } from '../../src/domain';

import { kyiv, stored } from './clock';

export { kyiv, stored };

/** An open finding of `finance`, 5 days overdue, first found on 27.06.2019, never told, not snoozed or acknowledged. */
export function candidate(over: Partial<NoticeCandidate> = {}): NoticeCandidate {
  return {
    findingId: 1,
    stewardId: 'finance',
    rule: 'stale-publication',
    severity: 'medium',
    subjectType: 'dataset',
    subjectId: 'budget',
    message: 'Набір даних «Бюджет міста» не оновлено вчасно.',
    dueAt: stored('2019-06-27T00:00'),
    daysOverdue: 5,
    openedAt: stored('2019-06-27T09:00'),
    resolvedAt: null,
    state: null,
    snoozedUntil: null,
    acknowledgement: null,
    ...over,
  };
}

/** Told at `lastIso` (Kyiv), first at `over.firstNotifiedAt` (default: the same moment), with the escalation and resolution notices given. */
export function told(lastIso: string, over: Partial<NoticeState> = {}): NoticeState {
  return { firstNotifiedAt: stored(lastIso), lastNotifiedAt: stored(lastIso), count: 1, escalatedAt: null, resolvedNotifiedAt: null, ...over };
}

/** Told first at `firstIso` and last at `lastIso` (Kyiv). */
export function toldSince(firstIso: string, lastIso: string, over: Partial<NoticeState> = {}): NoticeState {
  return told(lastIso, { firstNotifiedAt: stored(firstIso), ...over });
}
