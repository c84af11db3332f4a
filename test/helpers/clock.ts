/**
 * The clock of the tests: Kyiv times written as ISO text, and the fixed "now" most tests evaluate at.
 */
import { DateTime, type DurationLike } from 'luxon';
import type { Clock } from '../../src/clock';
import { toStoredInstant } from '../../src/time/days';

/** `kyiv('2019-07-01T09:00')`: that wall-clock time in Kyiv. */
export const kyiv = (iso: string): DateTime => DateTime.fromISO(iso, { zone: 'Europe/Kyiv' });

/** The fixed clock of most tests: Monday 01.07.2019 09:00 Kyiv, the day after the plan's first deadlines. */
export const NOW: DateTime = kyiv('2019-07-01T09:00');

/** A Kyiv time as the store keeps it (UTC ISO). */
export const stored = (iso: string): string => toStoredInstant(kyiv(iso));

/** A clock the test moves: set `at`, or `advance` and `set` it. */
export class FakeClock implements Clock {
  constructor(public at: DateTime) {}
  now(): DateTime {
    return this.at;
  }
  advance(d: DurationLike): void {
    this.at = this.at.plus(d);
  }
  set(iso: string): void {
    this.at = kyiv(iso);
  }
}
