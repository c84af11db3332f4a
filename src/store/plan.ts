import type { PlanTask, TaskResponsible } from '../domain';
import type { Db } from './db';

export interface PlanRecord {
  readonly id: string;
  readonly title: string;
  readonly firstYear: number | null;
  readonly lastYear: number | null;
  readonly source: string;
}

/** A plan task as stored: the domain's PlanTask and its place in the plan. */
export interface TaskRecord extends PlanTask {
  readonly position: number;
}

export function upsertPlan(db: Db, p: PlanRecord): void {
  db.prepare(
    `INSERT INTO plans(id, title, first_year, last_year, source) VALUES (@id, @title, @firstYear, @lastYear, @source)
     ON CONFLICT(id) DO UPDATE SET title = excluded.title, first_year = excluded.first_year, last_year = excluded.last_year`,
  ).run(p);
}

export function getPlan(db: Db, id: string): PlanRecord | null {
  const r = db.prepare('SELECT id, title, first_year, last_year, source FROM plans WHERE id = ?').get(id) as
    | { id: string; title: string; first_year: number | null; last_year: number | null; source: string }
    | undefined;
  return r ? { id: r.id, title: r.title, firstYear: r.first_year, lastYear: r.last_year, source: r.source } : null;
}

/** Inserts or updates one task and replaces its responsible units. Call inside a transaction. */
export function upsertTask(db: Db, t: TaskRecord): void {
  db.prepare(
    `INSERT INTO plan_tasks(id, plan_id, goal, title, deadline_text, starts_at, due_at, done_at, position)
     VALUES (@id, @planId, @goal, @title, @deadlineText, @startsAt, @dueAt, @doneAt, @position)
     ON CONFLICT(id) DO UPDATE SET plan_id = excluded.plan_id, goal = excluded.goal, title = excluded.title,
       deadline_text = excluded.deadline_text, starts_at = excluded.starts_at, due_at = excluded.due_at,
       -- A task marked done with "odmon task done" stays done when a file leaves done_at empty; a date wins.
       done_at = CASE WHEN excluded.done_at IS NULL AND plan_tasks.done_by IS NOT NULL THEN plan_tasks.done_at ELSE excluded.done_at END,
       done_by = CASE WHEN excluded.done_at IS NULL THEN plan_tasks.done_by ELSE NULL END`, // position stays: importing one task must not reorder the plan
  ).run({ ...t, responsible: undefined });
  db.prepare('DELETE FROM task_responsibles WHERE task_id = ?').run(t.id);
  const add = db.prepare(
    'INSERT INTO task_responsibles(task_id, position, unit, steward_id, all_stewards) VALUES (?, ?, ?, ?, ?)',
  );
  t.responsible.forEach((r, i) => add.run(t.id, i, r.unit, r.stewardId, r.allStewards ? 1 : 0));
}

export function listTasks(db: Db): PlanTask[] {
  const tasks = db
    .prepare(
      `SELECT id, plan_id, goal, title, deadline_text, starts_at, due_at, done_at FROM plan_tasks ORDER BY plan_id, position, id`,
    )
    .all() as {
    id: string;
    plan_id: string;
    goal: string;
    title: string;
    deadline_text: string;
    starts_at: string | null;
    due_at: string | null;
    done_at: string | null;
  }[];
  const resp = db
    .prepare('SELECT task_id, unit, steward_id, all_stewards FROM task_responsibles ORDER BY task_id, position')
    .all() as { task_id: string; unit: string; steward_id: string | null; all_stewards: number }[];
  const byTask = new Map<string, TaskResponsible[]>();
  for (const r of resp) {
    const list = byTask.get(r.task_id) ?? [];
    list.push({ unit: r.unit, stewardId: r.steward_id, allStewards: r.all_stewards === 1 });
    byTask.set(r.task_id, list);
  }
  return tasks.map((t) => ({
    id: t.id,
    planId: t.plan_id,
    goal: t.goal,
    title: t.title,
    deadlineText: t.deadline_text,
    startsAt: t.starts_at,
    dueAt: t.due_at,
    doneAt: t.done_at,
    responsible: byTask.get(t.id) ?? [],
  }));
}

export function taskIds(db: Db): Set<string> {
  return new Set(db.prepare('SELECT id FROM plan_tasks').pluck().all() as string[]);
}

export function countTasks(db: Db): number {
  return db.prepare('SELECT count(*) FROM plan_tasks').pluck().get() as number;
}
