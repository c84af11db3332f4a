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
import { calendarDaysBetween, formatDate, fromStoredInstant } from '../time/days';
import { plural } from '../uk';

export interface TaskRow {
  readonly id: string;
  readonly goal: string;
  readonly title: string;
  readonly deadline: string;
  readonly deadlineText: string;
  readonly status: string;
  readonly done: boolean;
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

export function taskStatus(t: PlanTask, asOf: DateTime): { status: string; done: boolean } {
  const done = t.doneAt ? fromStoredInstant(t.doneAt) : null;
  const due = t.dueAt ? fromStoredInstant(t.dueAt) : null;
  if (done && done <= asOf) return { status: due && done >= due ? 'виконано із запізненням' : 'виконано', done: true };
  if (due === null) return { status: 'виконується постійно', done: false };
  if (due <= asOf) {
    const days = calendarDaysBetween(due.minus({ days: 1 }), asOf);
    return { status: `не виконано, прострочено на ${days} ${plural(days, 'день', 'дні', 'днів')}`, done: false };
  }
  return { status: 'у роботі, термін не настав', done: false };
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
    list.push({
      id: t.id,
      goal: t.goal,
      title: t.title,
      deadline: t.dueAt ? formatDate(fromStoredInstant(t.dueAt).minus({ days: 1 })) : '—',
      deadlineText: t.deadlineText,
      status: s.status,
      done: s.done,
      doneAt: s.done && t.doneAt ? formatDate(fromStoredInstant(t.doneAt)) : '',
      evidence: evidence.get(t.id)?.evidence ?? '',
      responsible: responsibleText(t, names),
      stewardIds: t.responsible.map((r) => r.stewardId ?? (r.allStewards ? '*' : '')).filter(Boolean).join(';'),
    });
    byPlan.set(t.planId, list);
  }
  return [...byPlan].map(([id, tasks]) => ({ id, title: plans.get(id)?.title ?? id, tasks }));
}
