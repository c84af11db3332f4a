/**
 * How the end of a quiet period (a snooze) reads to people. Pure: the exemptions that write snoozes and the
 * digest that lists them both need it, and neither may import the other.
 */
import { formatDate, formatDateTime, fromStoredInstant, kyivDay } from './days';

/** `05.07.2019 включно` for a whole day (the end is 00:00 Kyiv of the next day), `05.07.2019 14:30` otherwise. */
export function untilText(untilIso: string): string {
  const until = fromStoredInstant(untilIso);
  if (until.equals(kyivDay(until))) return `${formatDate(until.minus({ days: 1 }))} включно`;
  return formatDateTime(until);
}
