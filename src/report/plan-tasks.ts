/**
 * The plan tasks of the yearly report: which belong to the year, their status as of a moment, and who is
 * responsible, in words.
 */
import type { DateTime } from 'luxon';
import type { PlanTask } from '../domain';
import type { Db } from '../store/db';
import { listTasks } from '../store/plan';
import { listPlans, type PlanRow } from '../store/report-queries';
import { allTaskProgress } from '../store/task-progress';
import { calendarDaysBetween, formatDate, fromStoredInstant, kyivDay } from '../time/days';
import { plural } from '../uk';

export interface TaskRow {
  readonly id: string;
  readonly goal: string;
  readonly title: string;
  readonly deadline: string;
  readonly deadlineText: string;
  readonly status: string;
  /** «Стан виконання» as printed: the status, the completion date and the evidence in one cell (no column left empty). */
  readonly state: string;
  readonly done: boolean;
  readonly overdue: boolean;
  readonly dueToday: boolean;
  readonly continuous: boolean;
  readonly doneAt: string;
  readonly evidence: string;
  readonly responsible: string;
  readonly stewardIds: string;
}

export interface PlanSection {
  readonly id: string;
  readonly title: string;
  readonly tasks: readonly TaskRow[];
}

/** A task belongs to the year's report when its plan covers the year, or it was open in or done during the year. */
function taskInYear(t: PlanTask, plan: PlanRow | undefined, from: DateTime, to: DateTime): boolean {
  if (!plan || plan.firstYear === null || plan.lastYear === null) return true;
  if (plan.firstYear <= from.year && from.year <= plan.lastYear) return true;
  const done = t.doneAt ? fromStoredInstant(t.doneAt) : null;
  if (done && done >= from && done < to) return true;
  const started = t.startsAt === null || fromStoredInstant(t.startsAt) < to;
  return (done === null || done >= to) && started && (t.dueAt === null || fromStoredInstant(t.dueAt) < to);
}

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

export function planSections(db: Db, names: ReadonlyMap<string, string>, from: DateTime, to: DateTime, asOf: DateTime): PlanSection[] {
  const plans = new Map(listPlans(db).map((p) => [p.id, p]));
  const evidence = allTaskProgress(db);
  const byPlan = new Map<string, TaskRow[]>();
  for (const t of listTasks(db)) {
    if (!taskInYear(t, plans.get(t.planId), from, to)) continue;
    const s = taskStatus(t, asOf);
    const list = byPlan.get(t.planId) ?? [];
    const doneAt = s.done && t.doneAt ? formatDate(fromStoredInstant(t.doneAt)) : '';
    const proof = evidence.get(t.id)?.evidence ?? '';
    list.push({
      id: t.id,
      goal: t.goal,
      title: t.title,
      deadline: t.dueAt ? formatDate(fromStoredInstant(t.dueAt).minus({ days: 1 })) : '—',
      deadlineText: t.deadlineText,
      status: s.status,
      state: [s.status + (doneAt ? ` ${doneAt}` : ''), proof ? `підтвердження: ${proof}` : ''].filter(Boolean).join('; '),
      done: s.done,
      overdue: s.overdue,
      dueToday: s.dueToday,
      continuous: !s.done && t.dueAt === null,
      doneAt,
      evidence: proof,
      responsible: responsibleText(t, names),
      stewardIds: t.responsible.map((r) => r.stewardId ?? (r.allStewards ? '*' : '')).filter(Boolean).join(';'),
    });
    byPlan.set(t.planId, list);
  }
  return [...byPlan].map(([id, tasks]) => ({ id, title: plans.get(id)?.title ?? id, tasks }));
}
