/**
 * The plan's tasks and their progress as of a moment: the status in the yearly report's words (taskStatus), who
 * is responsible, the evidence, and how far the plan has got.
 */
import type { DateTime } from 'luxon';
import type { PlanTask, Steward } from '../domain';
import { responsibleText, taskStatus } from '../plan/task-status';
import { taskStewards } from '../rules/subjects';
import { listTasks } from '../store/plan';
import { listStewards } from '../store/stewards';
import { allTaskProgress } from '../store/task-progress';
import { calendarDaysBetween, fromStoredInstant, kyivDay, toStoredInstant } from '../time/days';
import type { ReadSource } from './source';

export type TaskState = 'done' | 'done-late' | 'overdue' | 'due-today' | 'in-progress' | 'continuous';

export interface TaskResponsibleView {
  /** The unit as the plan names it. */
  readonly unit: string;
  readonly stewardId: string | null;
  /** The group meaning every steward (department). */
  readonly allStewards: boolean;
}

export interface PlanTaskView {
  readonly id: string;
  readonly planId: string;
  readonly goal: string;
  readonly title: string;
  /** The deadline as the plan writes it. */
  readonly deadlineText: string;
  /** 00:00 Kyiv of the deadline day (stored instant); null for a continuous task. */
  readonly deadlineDay: string | null;
  /** The first overdue instant, as findings give it; null for a continuous task. */
  readonly dueAt: string | null;
  readonly state: TaskState;
  /** The state in the yearly report's words: `не виконано, прострочено на 3 дні`. */
  readonly status: string;
  /** Kyiv calendar days past the deadline day, when overdue. */
  readonly daysOverdue: number | null;
  /** When it was done, if it was done by `now`. */
  readonly doneAt: string | null;
  readonly evidence: string | null;
  readonly doneBy: string | null;
  readonly responsible: readonly TaskResponsibleView[];
  /** The responsible units in words, a unit given by steward id as the steward's name. */
  readonly responsibleText: string;
  /** Every steward responsible: the units named, and every department for the group of every steward. */
  readonly stewardIds: readonly string[];
}

export interface PlanProgress {
  readonly total: number;
  /** Done by its deadline (or continuous and marked done). */
  readonly done: number;
  readonly doneLate: number;
  readonly overdue: number;
  /** Not done, and today is its deadline day (still within the term). */
  readonly dueToday: number;
  /** Not done, its deadline day not yet come. */
  readonly inProgress: number;
  /** Not done, with no single deadline ("Постійно"). */
  readonly continuous: number;
}

function stateOf(t: PlanTask, now: DateTime): { state: TaskState; status: string; daysOverdue: number | null } {
  const s = taskStatus(t, now);
  const deadlineDay = t.dueAt === null ? null : kyivDay(fromStoredInstant(t.dueAt).minus({ days: 1 }));
  if (s.done) {
    const late = t.dueAt !== null && t.doneAt !== null && t.doneAt >= t.dueAt;
    return { state: late ? 'done-late' : 'done', status: s.status, daysOverdue: null };
  }
  if (s.overdue) return { state: 'overdue', status: s.status, daysOverdue: calendarDaysBetween(deadlineDay as DateTime, now) };
  if (s.dueToday) return { state: 'due-today', status: s.status, daysOverdue: 0 };
  return { state: deadlineDay === null ? 'continuous' : 'in-progress', status: s.status, daysOverdue: null };
}

/**
 * Every plan task as of `now`, in the plan's order; with `stewardId`, only the tasks that steward is responsible for.
 * `stewards`: the register's stewards when the caller has them already (a national register has thousands).
 */
export function planTasksView(
  src: ReadSource,
  now: DateTime,
  only: { readonly stewardId?: string; readonly stewards?: readonly Pick<Steward, 'id' | 'name' | 'kind'>[] } = {},
): PlanTaskView[] {
  const stewards: readonly Pick<Steward, 'id' | 'name' | 'kind'>[] = only.stewards ?? listStewards(src.db);
  const names = new Map(stewards.map((s) => [s.id, s.name]));
  const departments = stewards.filter((s) => s.kind === 'department').map((s) => s.id);
  const progress = allTaskProgress(src.db);
  const views = listTasks(src.db).map((t): PlanTaskView => {
    const { state, status, daysOverdue } = stateOf(t, now);
    const done = state === 'done' || state === 'done-late';
    return {
      id: t.id,
      planId: t.planId,
      goal: t.goal,
      title: t.title,
      deadlineText: t.deadlineText,
      deadlineDay: t.dueAt === null ? null : toStoredInstant(kyivDay(fromStoredInstant(t.dueAt).minus({ days: 1 }))),
      dueAt: t.dueAt,
      state,
      status,
      daysOverdue,
      doneAt: done ? t.doneAt : null,
      evidence: progress.get(t.id)?.evidence ?? null,
      doneBy: progress.get(t.id)?.doneBy ?? null,
      responsible: t.responsible.map((r) => ({ unit: r.unit, stewardId: r.stewardId, allStewards: r.allStewards })),
      responsibleText: responsibleText(t, names),
      stewardIds: taskStewards(t, departments).all,
    };
  });
  return only.stewardId === undefined ? views : views.filter((t) => t.stewardIds.includes(only.stewardId as string));
}

/** How far the plan has got: every task counted once, by its state. */
export function planProgress(tasks: readonly Pick<PlanTaskView, 'state'>[]): PlanProgress {
  const n = (s: TaskState): number => tasks.filter((t) => t.state === s).length;
  return {
    total: tasks.length,
    done: n('done'),
    doneLate: n('done-late'),
    overdue: n('overdue'),
    dueToday: n('due-today'),
    inProgress: n('in-progress'),
    continuous: n('continuous'),
  };
}
