import type { Db } from './db';

/** A plan task's progress as marked by hand: when it was done, the evidence, and who marked it. */
export interface TaskProgress {
  readonly id: string;
  readonly doneAt: string | null;
  readonly evidence: string | null;
  /** Who ran `odmon task done`; null when the import or the seed set done_at. */
  readonly doneBy: string | null;
}

export function taskProgress(db: Db, id: string): TaskProgress | null {
  const r = db.prepare('SELECT id, done_at, evidence, done_by FROM plan_tasks WHERE id = ?').get(id) as
    | { id: string; done_at: string | null; evidence: string | null; done_by: string | null }
    | undefined;
  return r ? { id: r.id, doneAt: r.done_at, evidence: r.evidence, doneBy: r.done_by } : null;
}

export function allTaskProgress(db: Db): Map<string, TaskProgress> {
  const rows = db.prepare('SELECT id, done_at, evidence, done_by FROM plan_tasks').all() as {
    id: string;
    done_at: string | null;
    evidence: string | null;
    done_by: string | null;
  }[];
  return new Map(rows.map((r) => [r.id, { id: r.id, doneAt: r.done_at, evidence: r.evidence, doneBy: r.done_by }]));
}

/** Marks a task done. An import with an empty done_at later leaves it done (see upsertTask). */
export function markTaskDone(db: Db, id: string, doneAt: string, evidence: string | null, actor: string): void {
  db.prepare('UPDATE plan_tasks SET done_at = ?, evidence = coalesce(?, evidence), done_by = ? WHERE id = ?').run(doneAt, evidence, actor, id);
}

/** Opens a done task again; its evidence is kept for the record. */
export function reopenTask(db: Db, id: string): void {
  db.prepare('UPDATE plan_tasks SET done_at = NULL, done_by = NULL WHERE id = ?').run(id);
}
