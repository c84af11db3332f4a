import type { DateTime } from 'luxon';
import type { JobState } from '../domain';
import { fromStoredInstant } from '../time/days';
import { nextOccurrence, type CronFields } from './cron';

export type { JobState };

/**
 * Scheduling decisions as pure functions of (stored state, now), like node-cron v4's planBeat: a restart,
 * a power cut or a suspended VM find the due moment already passed and run the job once — not once per
 * missed slot — and no special catch-up code exists.
 */
export type Decision =
  | { readonly run: false; readonly nextDueAt: DateTime; readonly reason: 'first-seen' | 'not-due' | 'rescheduled' }
  | { readonly run: true; readonly nextDueAt: DateTime; readonly missed: number };

/**
 * What to do with one job now. First sight: schedule the next occurrence, run nothing. Due (or overdue by
 * any number of slots): run once and schedule the first occurrence after now. A stored due moment that the
 * schedule can no longer produce (the cron expression changed) is replaced by the next one.
 */
export function decide(state: JobState | null, fields: CronFields, now: DateTime): Decision {
  if (state === null || state.nextDueAt === null) return { run: false, nextDueAt: nextOccurrence(fields, now), reason: 'first-seen' };
  const due = fromStoredInstant(state.nextDueAt);
  if (due > now) {
    const expected = nextOccurrence(fields, now);
    // The daemon stores the schedule's next moment, so a future due moment that is not the schedule's next one
    // means the expression changed (to something sooner or later) or the clock went back: follow the schedule.
    return expected.toMillis() !== due.toMillis() ? { run: false, nextDueAt: expected, reason: 'rescheduled' } : { run: false, nextDueAt: due, reason: 'not-due' };
  }
  let missed = 0;
  for (let t = due; t <= now && missed < 1000; t = nextOccurrence(fields, t)) missed++;
  return { run: true, nextDueAt: nextOccurrence(fields, now), missed };
}

/** The job's period at a due moment: the gap until the schedule's following occurrence. */
export function periodAfter(fields: CronFields, due: DateTime): number {
  return nextOccurrence(fields, due).toMillis() - due.toMillis();
}

/** True when the job is overdue by more than one period: the daemon is not running or is stuck. */
export function isOverdue(state: JobState | null, fields: CronFields, now: DateTime): boolean {
  if (state === null || state.nextDueAt === null) return false;
  const due = fromStoredInstant(state.nextDueAt);
  return now.toMillis() - due.toMillis() > periodAfter(fields, due);
}
