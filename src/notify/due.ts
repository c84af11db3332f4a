import type { DateTime } from 'luxon';
import type { NoticeCandidate, NoticeReason } from '../domain';

export type { NoticeCandidate, NoticeReason, NoticeState } from '../domain';
import { calendarDaysBetween, fromStoredInstant } from '../time/days';

/**
 * When to tell a steward about a finding: one pure function of (what was sent before, now, what changed),
 * like alertmanager's dedup stage. Identity is (finding episode, steward): a plan task given to several units
 * is told to each of them on its own schedule.
 */
export interface NoticePolicy {
  readonly repeatDays: number;
  readonly escalateAfterDays: number;
}

/**
 * How long a finding has dragged on: days past its deadline when it has one, otherwise days since it was
 * first found (a dataset never published has no deadline of its own).
 */
export function daysDragging(c: Pick<NoticeCandidate, 'daysOverdue' | 'openedAt'>, now: DateTime): number {
  if (c.daysOverdue !== null) return c.daysOverdue;
  return calendarDaysBetween(fromStoredInstant(c.openedAt), now);
}

export function isEscalated(c: NoticeCandidate, now: DateTime, policy: NoticePolicy): boolean {
  return c.resolvedAt === null && daysDragging(c, now) > policy.escalateAfterDays;
}

/** Why this finding is due for notice now, or null if it is not. */
export function noticeReason(c: NoticeCandidate, now: DateTime, policy: NoticePolicy): NoticeReason | null {
  if (c.resolvedAt !== null) {
    // Only what the steward was told about is worth a "resolved" line, and only once. An info finding is a
    // reminder ("due in 5 days"), not a violation: it also ends when the task turns overdue, and thanking
    // the steward for that would be wrong.
    return c.severity !== 'info' && c.state !== null && c.state.resolvedNotifiedAt === null ? 'resolved' : null;
  }
  if (c.state === null) return 'new';
  if (isEscalated(c, now, policy) && c.state.escalatedAt === null) return 'escalated';
  const since = calendarDaysBetween(fromStoredInstant(c.state.lastNotifiedAt), now);
  return since >= policy.repeatDays ? 'repeat' : null;
}

export interface DueItem extends NoticeCandidate {
  readonly reason: NoticeReason;
  readonly escalated: boolean;
}

/** The items due per steward, in a stable order; stewards with nothing due are absent. */
export function dueNotices(candidates: readonly NoticeCandidate[], now: DateTime, policy: NoticePolicy): Map<string, DueItem[]> {
  const out = new Map<string, DueItem[]>();
  for (const c of candidates) {
    const reason = noticeReason(c, now, policy);
    if (reason === null) continue;
    const list = out.get(c.stewardId) ?? [];
    list.push({ ...c, reason, escalated: isEscalated(c, now, policy) });
    out.set(c.stewardId, list);
  }
  return out;
}
