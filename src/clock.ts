import { DateTime } from 'luxon';
import { ZONE } from './time/zone';

/**
 * The one place "now" comes from. Read it once per run and pass `now` down.
 *
 * Two times meet in every run. The **real clock** says when the run really happens: the audit log, the start
 * of a suspension nobody dated, and the moment a run was started are stored in it. The **evaluation time**
 * (`--now`, the real time when absent) says as of when the register is judged. They differ only in trials.
 */
export interface Clock {
  now(): DateTime;
}

export const systemClock: Clock = { now: () => DateTime.now().setZone(ZONE) };

export function fixedClock(at: DateTime): Clock {
  return { now: () => at };
}

/**
 * Why a run evaluated as of `asOf` must not record anything: `future` when `asOf` is later than the real
 * clock (nothing has happened there yet), `past` when it is earlier than the last recorded evaluation (history
 * is already written past it: recording would resolve today's findings and tell people about it).
 */
export type TrialReason = 'future' | 'past';

export interface Trial {
  readonly reason: TrialReason;
  readonly asOf: DateTime;
  readonly real: DateTime;
  /** The evaluation time of the last recorded run, or null when nothing was recorded yet. */
  readonly lastRecorded: DateTime | null;
}

/**
 * A run records only when it moves forward in time up to the real clock: `lastRecorded ≤ asOf ≤ real`.
 * So runs in increasing time (the daemon, a replay of past weeks) record as they always did, and a trial in
 * the past or the future evaluates and prints but leaves no trace that a later real run would tell people.
 */
export function trialOf(asOf: DateTime, real: DateTime, lastRecorded: DateTime | null): Trial | null {
  if (asOf > real) return { reason: 'future', asOf, real, lastRecorded };
  if (lastRecorded !== null && asOf < lastRecorded) return { reason: 'past', asOf, real, lastRecorded };
  return null;
}
