/**
 * When a dataset is late: its last update + its declared period + grace, counted on Kyiv calendar days.
 * The deadline day itself is still on time; the dataset is overdue from 00:00 Kyiv of the next day.
 */
import { DateTime, Duration } from 'luxon';
import { calendarDaysBetween, kyivDay } from './days';
import { addPeriod } from './frequency';

export interface PublicationDeadline {
  /** The last day an update is on time (00:00 Kyiv of that day). */
  readonly deadlineDay: DateTime;
  /** The first overdue instant: 00:00 Kyiv of the day after deadlineDay. */
  readonly dueAt: DateTime;
}

export function publicationDeadline(lastUpdated: DateTime, period: Duration, graceDays: number): PublicationDeadline {
  if (!Number.isInteger(graceDays) || graceDays < 0) {
    throw new RangeError(`grace days must be a whole number of days, 0 or more (got ${graceDays})`);
  }
  // Start from the day, not the instant: an update at 23:59 and one at 00:01 earn the same deadline day.
  // kyivDay again at the end because a period in hours (an override such as PT36H) can land mid-day.
  const deadlineDay = kyivDay(addPeriod(kyivDay(lastUpdated), period).plus({ days: graceDays }));
  return { deadlineDay, dueAt: deadlineDay.plus({ days: 1 }) };
}

/** 0 on the deadline day, 1 on the day after, negative before: whole Kyiv calendar days. */
export function daysOverdue(deadlineDay: DateTime, now: DateTime): number {
  return calendarDaysBetween(deadlineDay, now);
}
