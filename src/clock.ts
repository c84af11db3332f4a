import { DateTime } from 'luxon';
import { ZONE } from './time/zone';

/** The one place "now" comes from. Read it once per run and pass `now` down. */
export interface Clock {
  now(): DateTime;
}

export const systemClock: Clock = { now: () => DateTime.now().setZone(ZONE) };

export function fixedClock(at: DateTime): Clock {
  return { now: () => at };
}
