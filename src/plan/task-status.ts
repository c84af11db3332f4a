/**
 * A plan task's state as of a moment, in the one wording the yearly report, `odmon task list` and the pages use.
 * Pure: below the report and the read models, which both show it.
 */
import type { DateTime } from 'luxon';
import type { PlanTask } from '../domain';
import { calendarDaysBetween, formatDate, fromStoredInstant, kyivDay } from '../time/days';
import { plural } from '../uk';

/** A plan task's state as of a moment, in the words of the report and of `odmon task list`. */
export interface TaskStatus {
  readonly status: string;
  readonly done: boolean;
  /** Not done and its deadline day is over. */
  readonly overdue: boolean;
  /** Not done, and the moment falls on its deadline day: still within the deadline. */
  readonly dueToday: boolean;
}

/**
 * The status as of `asOf`. A deadline day belongs to the deadline: as of any moment of 31.12.2019 a task due that
 * day is "не виконано (термін — 31.12.2019)", overdue only from 01.01.2020, and the days overdue are counted in
 * Kyiv calendar days from the deadline day to the day of `asOf` (a report "as of 31.12" passes the last instant
 * of that day).
 */
export function taskStatus(t: PlanTask, asOf: DateTime): TaskStatus {
  const done = t.doneAt ? fromStoredInstant(t.doneAt) : null;
  const due = t.dueAt ? fromStoredInstant(t.dueAt) : null;
  const none = { done: false, overdue: false, dueToday: false };
  if (done && done <= asOf) return { ...none, status: due && done >= due ? 'виконано із запізненням' : 'виконано', done: true };
  if (due === null) return { ...none, status: 'виконується постійно' };
  const deadlineDay = kyivDay(due.minus({ days: 1 }));
  const days = calendarDaysBetween(deadlineDay, asOf);
  if (days > 0) return { ...none, status: `не виконано, прострочено на ${days} ${plural(days, 'день', 'дні', 'днів')}`, overdue: true };
  if (days === 0) return { ...none, status: `не виконано (термін — ${formatDate(deadlineDay)})`, dueToday: true };
  return { ...none, status: 'у роботі, термін не настав' };
}

/** The responsible units in words: a unit given by steward id reads as the steward's name. */
export function responsibleText(t: PlanTask, names: ReadonlyMap<string, string>): string {
  return t.responsible.map((r) => (r.stewardId !== null && r.unit === r.stewardId ? (names.get(r.stewardId) ?? r.unit) : r.unit)).join('; ');
}
