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

/**
 * Inserts or updates one task and replaces its responsible units. Call inside a transaction. With `keepDone`
 * (a file without a done_at column) the task's completion stays as it is.
 */
export function upsertTask(db: Db, t: TaskRecord, keepDone = false): 'inserted' | 'updated' | 'unchanged' {
  const state = (): string | undefined => {
    const row = db.prepare('SELECT plan_id, goal, title, deadline_text, starts_at, due_at, done_at, done_by FROM plan_tasks WHERE id = ?').get(t.id);
    return row === undefined ? undefined : JSON.stringify(row);
  };
  const before = state();
  db.prepare(
    `INSERT INTO plan_tasks(id, plan_id, goal, title, deadline_text, starts_at, due_at, done_at, position)
     VALUES (@id, @planId, @goal, @title, @deadlineText, @startsAt, @dueAt, @doneAt, @position)
     ON CONFLICT(id) DO UPDATE SET plan_id = excluded.plan_id, goal = excluded.goal, title = excluded.title,
       deadline_text = excluded.deadline_text, starts_at = excluded.starts_at, due_at = excluded.due_at,
       -- A task marked done with "odmon task done" stays done when a file leaves done_at empty; a new date wins,
       -- and the same date (a file exported and imported back) keeps who marked it.
       done_at = CASE WHEN @keepDone THEN plan_tasks.done_at
                      WHEN excluded.done_at IS NULL AND plan_tasks.done_by IS NOT NULL THEN plan_tasks.done_at ELSE excluded.done_at END,
       done_by = CASE WHEN @keepDone OR excluded.done_at IS NULL OR excluded.done_at IS plan_tasks.done_at THEN plan_tasks.done_by ELSE NULL END`, // position stays: importing one task must not reorder the plan
  ).run({ ...t, responsible: undefined, keepDone: keepDone ? 1 : 0 });
  const current = db
    .prepare('SELECT unit, steward_id, all_stewards FROM task_responsibles WHERE task_id = ? ORDER BY position')
    .all(t.id) as { unit: string; steward_id: string | null; all_stewards: number }[];
  const same =
    current.length === t.responsible.length &&
    current.every((c, i) => c.unit === t.responsible[i].unit && c.steward_id === t.responsible[i].stewardId && c.all_stewards === (t.responsible[i].allStewards ? 1 : 0));
  const outcome = before === undefined ? 'inserted' : same && before === state() ? 'unchanged' : 'updated';
  if (same) return outcome; // unchanged: leave the rows be
  db.prepare('DELETE FROM task_responsibles WHERE task_id = ?').run(t.id);
  const add = db.prepare(
    'INSERT INTO task_responsibles(task_id, position, unit, steward_id, all_stewards) VALUES (?, ?, ?, ?, ?)',
  );
  t.responsible.forEach((r, i) => add.run(t.id, i, r.unit, r.stewardId, r.allStewards ? 1 : 0));
  return outcome;
}

/** How the plan's units were resolved to stewards so far: unit wording → steward id (for wordings no steward has as its name). */
export function resolvedUnits(db: Db): Map<string, string> {
  const rows = db.prepare('SELECT DISTINCT unit, steward_id FROM task_responsibles WHERE steward_id IS NOT NULL').all() as { unit: string; steward_id: string }[];
  const out = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const r of rows) {
    const known = out.get(r.unit);
    if (known !== undefined && known !== r.steward_id) ambiguous.add(r.unit);
    out.set(r.unit, r.steward_id);
  }
  ambiguous.forEach((u) => out.delete(u));
  return out;
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
