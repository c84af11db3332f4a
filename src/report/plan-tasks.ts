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
import { responsibleText, taskStatus } from '../plan/task-status';
import { deadlineShownOf, formatDate, fromStoredInstant } from '../time/days';

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
      deadline: t.dueAt ? deadlineShownOf(t.dueAt) : '—',
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
