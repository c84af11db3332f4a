import type { DateTime } from 'luxon';
import type { NoticeCandidate, NoticeReason } from '../domain';

export type { NoticeAcknowledgement, NoticeCandidate, NoticeReason, NoticeState } from '../domain';
import { calendarDaysBetween, fromStoredInstant, toStoredInstant } from '../time/days';

/**
 * When to tell a steward about a finding: one pure function of (what was sent before, now, what changed),
 * like alertmanager's dedup stage. Identity is (finding episode, steward): a plan task given to several units
 * is told to each of them on its own schedule.
 */
export interface NoticePolicy {
  readonly repeatDays: number;
  readonly escalateAfterDays: number;
  /** An acknowledged finding is repeated after this many days instead of repeatDays (absent: repeatDays). */
  readonly ackRepeatDays?: number;
}

/**
 * Whole Kyiv calendar days since this steward was first told about this finding episode; 0 when it was never
 * told (a first notice is day 0).
 */
export function daysSinceFirstNotice(c: Pick<NoticeCandidate, 'state'>, now: DateTime): number {
  if (c.state === null) return 0;
  return Math.max(0, calendarDaysBetween(fromStoredInstant(c.state.firstNotifiedAt), now));
}

/**
 * The head of the unit is copied once an item has stayed open `escalateAfterDays` days after its first notice
 * to the steward — counted from the first notice, not from the deadline, so going live on an old backlog (plan
 * tasks years overdue) tells the stewards first and copies no head on day one. An item not yet past its
 * deadline (a reminder of a task due soon) is never escalated.
 */
export function isEscalated(c: NoticeCandidate, now: DateTime, policy: NoticePolicy): boolean {
  if (c.resolvedAt !== null) return false;
  if (c.daysOverdue !== null && c.daysOverdue <= 0) return false;
  if (c.state === null) return policy.escalateAfterDays === 0;
  return daysSinceFirstNotice(c, now) >= policy.escalateAfterDays;
}

/** True while a snooze of this finding (or of its steward) runs: its end is a stored instant after now. */
export function isSnoozed(c: Pick<NoticeCandidate, 'snoozedUntil'>, now: DateTime): boolean {
  return c.snoozedUntil != null && c.snoozedUntil > toStoredInstant(now);
}

/** Why this finding is due for notice now, or null if it is not. */
export function noticeReason(c: NoticeCandidate, now: DateTime, policy: NoticePolicy): NoticeReason | null {
  if (c.resolvedAt !== null) {
    // Only what the steward was told about is worth a "resolved" line, and only once. An info finding is a
    // reminder ("due in 5 days"), not a violation: it also ends when the task turns overdue, and thanking
    // the steward for that would be wrong. A snooze never hides a resolution.
    return c.severity !== 'info' && c.state !== null && c.state.resolvedNotifiedAt === null ? 'resolved' : null;
  }
  if (isSnoozed(c, now)) return null;
  if (c.state === null) return 'new';
  if (isEscalated(c, now, policy) && c.state.escalatedAt === null) return 'escalated';
  // A snooze that ended after the last notice: what is still open is told again at once, not a week later.
  if (c.snoozedUntil != null && c.state.lastNotifiedAt < c.snoozedUntil) return 'snooze-ended';
  const every = c.acknowledgement ? (policy.ackRepeatDays ?? policy.repeatDays) : policy.repeatDays;
  const since = calendarDaysBetween(fromStoredInstant(c.state.lastNotifiedAt), now);
  return since >= every ? 'repeat' : null;
}

/**
 * An acknowledgement the steward has not seen in a notice yet: shown in the next notice that goes to it
 * anyway (it never sends a message on its own).
 */
function acknowledgedSinceLastNotice(c: NoticeCandidate, now: DateTime): boolean {
  if (c.resolvedAt !== null || !c.acknowledgement || isSnoozed(c, now)) return false;
  return c.state === null || c.state.lastNotifiedAt < c.acknowledgement.at;
}

export interface DueItem extends NoticeCandidate {
  readonly reason: NoticeReason;
  readonly escalated: boolean;
}

/** The items due per steward, in a stable order; stewards with nothing due are absent. */
export function dueNotices(candidates: readonly NoticeCandidate[], now: DateTime, policy: NoticePolicy): Map<string, DueItem[]> {
  const out = new Map<string, DueItem[]>();
  const riding: NoticeCandidate[] = [];
  for (const c of candidates) {
    const reason = noticeReason(c, now, policy);
    if (reason === null) {
      if (acknowledgedSinceLastNotice(c, now)) riding.push(c);
      continue;
    }
    const list = out.get(c.stewardId) ?? [];
    list.push({ ...c, reason, escalated: isEscalated(c, now, policy) });
    out.set(c.stewardId, list);
  }
  for (const c of riding) out.get(c.stewardId)?.push({ ...c, reason: 'acknowledged', escalated: isEscalated(c, now, policy) });
  return out;
}
