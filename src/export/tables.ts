/**
 * The register as tables to hand out: one per import kind, with exactly the columns `odmon import` reads, so a
 * file exported and imported back changes nothing. Values are kept typed here (dates, yes/no, lists); each file
 * format decides how to write them (src/export/write.ts).
 */
import type { Db } from '../store/db';
import { listStewards } from '../store/stewards';
import type { ImportKind } from '../import/kinds';

/** A cell before it is written: text, a stored instant, yes/no, a list (e-mail addresses), or nothing. */
export type ExportValue = string | null | boolean | { readonly instant: string } | readonly string[];

export interface ExportTable {
  readonly kind: ImportKind;
  /** Column keys, as `odmon import` knows them. */
  readonly columns: readonly string[];
  readonly rows: Iterable<Record<string, ExportValue>>;
  readonly count: number;
  /** The steward ids and names, for the name a workbook shows and its drop-down list. */
  readonly stewardNames: ReadonlyMap<string, string>;
}

const at = (s: string | null): ExportValue => (s === null ? null : { instant: s });

function stewards(db: Db): ExportTable {
  const all = listStewards(db);
  return {
    kind: 'stewards',
    columns: ['id', 'name', 'email', 'head_email', 'kind'],
    count: all.length,
    stewardNames: new Map(all.map((s) => [s.id, s.name])),
    rows: all.map((s) => ({ id: s.id, name: s.name, email: s.emails, head_email: s.headEmail, kind: s.kind })),
  };
}

interface DatasetRow {
  id: string;
  title: string;
  steward_id: string | null;
  frequency: string | null;
  frequency_raw: string | null;
  required: number;
  portal_id: string | null;
  suspended: string | null;
  last_updated: string | null;
}

/** The register's own values (not the effective last update nor the portal's frequency): what the file says. */
function datasets(db: Db): ExportTable {
  const query = db.prepare(
    'SELECT id, title, steward_id, frequency, frequency_raw, required, portal_id, suspended, last_updated FROM datasets ORDER BY id',
  );
  const count = db.prepare('SELECT count(*) FROM datasets').pluck().get() as number;
  return {
    kind: 'datasets',
    columns: ['id', 'title', 'steward_id', 'frequency', 'last_updated', 'required', 'portal_id', 'suspended'],
    count,
    stewardNames: new Map(listStewards(db).map((s) => [s.id, s.name])),
    rows: {
      *[Symbol.iterator]() {
        for (const d of query.iterate() as IterableIterator<DatasetRow>) {
          yield {
            id: d.id,
            title: d.title,
            steward_id: d.steward_id,
            frequency: d.frequency_raw ?? d.frequency,
            last_updated: at(d.last_updated),
            required: d.required === 1,
            portal_id: d.portal_id,
            suspended: d.suspended,
          };
        }
      },
    },
  };
}

function publications(db: Db): ExportTable {
  const rows = db.prepare('SELECT dataset_id, published_at FROM publications ORDER BY dataset_id, published_at').all() as { dataset_id: string; published_at: string }[];
  return {
    kind: 'publications',
    columns: ['dataset_id', 'published_at'],
    count: rows.length,
    stewardNames: new Map(),
    rows: rows.map((r) => ({ dataset_id: r.dataset_id, published_at: at(r.published_at) })),
  };
}

function plan(db: Db): ExportTable {
  const tasks = db
    .prepare(
      `SELECT t.id, t.plan_id, t.goal, t.title, t.deadline_text, t.done_at, p.first_year, p.last_year
         FROM plan_tasks t JOIN plans p ON p.id = t.plan_id ORDER BY t.plan_id, t.position, t.id`,
    )
    .all() as { id: string; plan_id: string; goal: string; title: string; deadline_text: string; done_at: string | null; first_year: number | null; last_year: number | null }[];
  const units = db.prepare('SELECT task_id, unit FROM task_responsibles ORDER BY task_id, position').all() as { task_id: string; unit: string }[];
  const byTask = new Map<string, string[]>();
  for (const u of units) byTask.set(u.task_id, [...(byTask.get(u.task_id) ?? []), u.unit]);
  return {
    kind: 'plan',
    columns: ['id', 'goal', 'task', 'deadline', 'responsible', 'done_at', 'plan', 'period'],
    count: tasks.length,
    stewardNames: new Map(listStewards(db).map((s) => [s.id, s.name])),
    rows: tasks.map((t) => ({
      id: t.id,
      goal: t.goal,
      task: t.title,
      deadline: t.deadline_text,
      responsible: (byTask.get(t.id) ?? []).join(';'),
      done_at: at(t.done_at),
      plan: t.plan_id,
      period: t.first_year === null || t.last_year === null ? null : t.first_year === t.last_year ? String(t.first_year) : `${t.first_year}-${t.last_year}`,
    })),
  };
}

export function exportTable(db: Db, kind: ImportKind): ExportTable {
  switch (kind) {
    case 'stewards':
      return stewards(db);
    case 'datasets':
      return datasets(db);
    case 'publications':
      return publications(db);
    case 'plan':
      return plan(db);
  }
}
