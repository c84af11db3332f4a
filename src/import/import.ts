import type { DateTime } from 'luxon';
import type { Steward, StewardKind, TaskResponsible } from '../domain';
import { OdmonError } from '../errors';
import { isAllStewardsGroup, normaliseUnitName } from '../plan/responsible';
import { parseDeadline, parsePlanPeriod, type PlanPeriod } from '../time/deadline';
import { toStoredInstant } from '../time/days';
import type { FrequencyCatalogue } from '../time/frequency';
import type { Db } from '../store/db';
import { addPublication, datasetIds, upsertDataset, type DatasetRecord } from '../store/datasets';
import { getPlan, taskIds, upsertPlan, upsertTask, type TaskRecord } from '../store/plan';
import { listStewards, stewardIds, upsertSteward } from '../store/stewards';
import * as f from './fields';
import { importError, readTable, type InputTable } from './read';

export const IMPORT_KINDS = ['stewards', 'datasets', 'plan', 'publications'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportContext {
  readonly now: DateTime;
  readonly frequencies: FrequencyCatalogue;
}

export interface ImportReport {
  readonly kind: ImportKind;
  readonly file: string;
  readonly rows: number;
  readonly inserted: number;
  readonly updated: number;
  /** Publications appended to the history (from `last_updated` or a publications file). */
  readonly publications: number;
}

/** The seeded plan: imported tasks belong to it unless a `plan` column names another. */
export const SEED_PLAN_ID = 'decree-154-2018';

type Write = (db: Db, nowIso: string) => { inserted: number; updated: number; publications: number };

/**
 * Imports one file in one transaction: every row is checked first, and if any is bad nothing is written and
 * every problem is reported as `FILE:LINE: column: problem` (exit code 2).
 */
export function importFile(db: Db, kind: ImportKind, file: string, ctx: ImportContext): ImportReport {
  const table = readTable(file);
  const p = new f.RowProblems(table.file);
  const write = PLANNERS[kind](db, table, p, ctx);
  if (p.list.length > 0) throw importError(table.file, p.list);
  const nowIso = toStoredInstant(ctx.now);
  try {
    const counts = db.transaction(() => write(db, nowIso)).immediate();
    return { kind, file: table.file, rows: table.rows.length, ...counts };
  } catch (cause) {
    throw new OdmonError('E_DB', `${table.file}: the database refused the import: ${(cause as Error).message}`, {
      hint: 'nothing was imported; report this with the file if it persists',
      cause,
    });
  }
}

type Planner = (db: Db, t: InputTable, p: f.RowProblems, ctx: ImportContext) => Write;

const planStewards: Planner = (db, t, p) => {
  f.checkColumns(t.columns, ['id', 'name', 'email'], ['head_email', 'kind'], p);
  const seen = new Map<string, number>();
  const names = new Map<string, number>();
  const existing = listStewards(db);
  const existingByName = new Map(existing.map((s) => [s.name, s.id]));
  const existingKind = new Map(existing.map((s) => [s.id, s.kind]));
  const hasKind = t.columns.includes('kind');
  const items: Steward[] = [];
  for (const row of t.rows) {
    const id = f.id(row, 'id', p);
    f.trackDuplicate(seen, id, row, 'id', p);
    const name = f.requiredText(row, 'name', p);
    if (name !== null) {
      const owner = existingByName.get(name);
      if (names.has(name)) p.add(row, 'name', `"${name}" is already used on line ${names.get(name)}`);
      else if (owner !== undefined && owner !== id) p.add(row, 'name', `"${name}" already belongs to steward "${owner}"`);
      names.set(name, row.line);
    }
    const emails = f.emails(row, 'email', p);
    const headEmail = f.optionalEmail(row, 'head_email', p);
    // Without a kind column a unit keeps the kind it has (the seed marks external experts as external).
    const kindText = f.cell(row, 'kind') || (!hasKind && id !== null ? existingKind.get(id) : undefined) || 'department';
    if (kindText !== 'department' && kindText !== 'external') p.add(row, 'kind', `"${kindText}" is not department or external`);
    if (id !== null && name !== null) items.push({ id, name, kind: kindText as StewardKind, emails, headEmail });
  }
  return (db2, nowIso) => {
    const before = stewardIds(db2);
    items.forEach((s) => upsertSteward(db2, s, nowIso));
    const inserted = items.filter((s) => !before.has(s.id)).length;
    return { inserted, updated: items.length - inserted, publications: 0 };
  };
};

const planDatasets: Planner = (db, t, p, ctx) => {
  f.checkColumns(t.columns, ['id', 'title'], ['steward_id', 'frequency', 'last_updated', 'required', 'portal_id', 'suspended'], p);
  const stewards = stewardIds(db);
  const seen = new Map<string, number>();
  const items: DatasetRecord[] = [];
  for (const row of t.rows) {
    const id = f.id(row, 'id', p);
    f.trackDuplicate(seen, id, row, 'id', p);
    const title = f.requiredText(row, 'title', p);
    const stewardId = f.optionalText(row, 'steward_id');
    if (stewardId !== null && !stewards.has(stewardId)) {
      p.add(row, 'steward_id', `unknown steward "${stewardId}" (import it with "odmon import stewards" first)`);
    }
    const raw = f.optionalText(row, 'frequency');
    const freq = ctx.frequencies.match(raw);
    if (freq.kind === 'unknown') {
      p.add(row, 'frequency', `"${raw}" is not a known update frequency (known: ${ctx.frequencies.values().join(', ')}, or their Ukrainian labels; leave it empty if not declared)`);
    }
    const last = f.optionalInstant(row, 'last_updated', p);
    const required = f.yesNo(row, 'required', true, p);
    if (id === null || title === null) continue;
    items.push({
      id,
      title,
      stewardId,
      frequency: freq.kind === 'known' ? freq.value : null,
      frequencyRaw: raw,
      required,
      portalId: f.optionalText(row, 'portal_id'),
      suspended: f.optionalText(row, 'suspended'),
      lastUpdated: last ? toStoredInstant(last) : null,
      source: 'import',
      legalBasis: null,
    });
  }
  return (db2, nowIso) => {
    const before = datasetIds(db2);
    let publications = 0;
    for (const d of items) {
      upsertDataset(db2, d, nowIso);
      if (d.lastUpdated && addPublication(db2, d.id, d.lastUpdated, 'register', nowIso)) publications++;
    }
    const inserted = items.filter((d) => !before.has(d.id)).length;
    return { inserted, updated: items.length - inserted, publications };
  };
};

const planPublications: Planner = (db, t, p) => {
  f.checkColumns(t.columns, ['dataset_id', 'published_at'], [], p);
  const known = datasetIds(db);
  const items: { id: string; at: string }[] = [];
  for (const row of t.rows) {
    const id = f.requiredText(row, 'dataset_id', p);
    if (id !== null && !known.has(id)) p.add(row, 'dataset_id', `unknown dataset "${id}" (import it with "odmon import datasets" first)`);
    const at = f.optionalInstant(row, 'published_at', p);
    if (at === null && f.cell(row, 'published_at') === '') p.add(row, 'published_at', 'is empty');
    if (id !== null && at !== null) items.push({ id, at: toStoredInstant(at) });
  }
  return (db2, nowIso) => {
    let publications = 0;
    for (const it of items) if (addPublication(db2, it.id, it.at, 'import', nowIso)) publications++;
    return { inserted: publications, updated: 0, publications };
  };
};

/** Resolves a plan's `responsible` cell (`;`-separated unit names or steward ids). */
export function resolveUnits(
  text: string,
  byId: ReadonlySet<string>,
  byName: ReadonlyMap<string, string>,
): { units: TaskResponsible[]; unknown: string[] } {
  const units: TaskResponsible[] = [];
  const unknown: string[] = [];
  for (const part of text.split(';').map((s) => normaliseUnitName(s)).filter(Boolean)) {
    if (isAllStewardsGroup(part)) units.push({ unit: part, stewardId: null, allStewards: true });
    else if (byId.has(part)) units.push({ unit: part, stewardId: part, allStewards: false });
    else if (byName.has(part)) units.push({ unit: part, stewardId: byName.get(part) as string, allStewards: false });
    else unknown.push(part);
  }
  return { units, unknown };
}

const planPlan: Planner = (db, t, p) => {
  f.checkColumns(t.columns, ['id', 'goal', 'task', 'deadline', 'responsible'], ['done_at', 'plan', 'period'], p);
  const stewards = listStewards(db);
  const byId = new Set(stewards.map((s) => s.id));
  const byName = new Map(stewards.map((s) => [normaliseUnitName(s.name), s.id]));
  const seen = new Map<string, number>();
  const plans = new Map<string, PlanPeriod | null>();
  // A plan's period may be given on any of its rows: read them all before the deadlines.
  for (const row of t.rows) {
    const periodText = f.optionalText(row, 'period');
    const period = periodText === null ? null : parsePlanPeriod(periodText);
    const planId = f.optionalText(row, 'plan') ?? SEED_PLAN_ID;
    if (period === null) continue;
    const known = plans.get(planId);
    if (known && (known.firstYear !== period.firstYear || known.lastYear !== period.lastYear)) {
      p.add(row, 'period', `"${periodText}" differs from the period given earlier for plan "${planId}" (${known.firstYear}-${known.lastYear})`);
    } else plans.set(planId, period);
  }
  const items: TaskRecord[] = [];
  t.rows.forEach((row, index) => {
    const id = f.id(row, 'id', p);
    f.trackDuplicate(seen, id, row, 'id', p);
    const goal = f.requiredText(row, 'goal', p);
    const title = f.requiredText(row, 'task', p);
    const planId = f.optionalText(row, 'plan') ?? SEED_PLAN_ID;
    const periodText = f.optionalText(row, 'period');
    let period: PlanPeriod | null = null;
    if (periodText !== null && parsePlanPeriod(periodText) === null) {
      p.add(row, 'period', `"${periodText}" is not a plan period (use e.g. 2020-2021 or 2020)`);
    }
    if (plans.has(planId)) period = plans.get(planId) ?? null;
    else {
      const stored = getPlan(db, planId);
      period = stored?.firstYear && stored.lastYear ? { firstYear: stored.firstYear, lastYear: stored.lastYear } : null;
      plans.set(planId, period);
    }
    const deadlineText = f.requiredText(row, 'deadline', p);
    const parsed = deadlineText === null ? null : parseDeadline(deadlineText, period);
    if (parsed && !parsed.ok) p.add(row, 'deadline', parsed.problem);
    const respText = f.requiredText(row, 'responsible', p);
    const resolved = respText === null ? null : resolveUnits(respText, byId, byName);
    for (const u of resolved?.unknown ?? []) {
      p.add(row, 'responsible', `unknown unit "${u}" (import it with "odmon import stewards", or use a steward id)`);
    }
    const done = f.optionalInstant(row, 'done_at', p);
    if (id === null || goal === null || title === null || deadlineText === null || !parsed?.ok || !resolved) return;
    const d = parsed.deadline;
    items.push({
      id,
      planId,
      goal,
      title,
      deadlineText,
      startsAt: d.kind === 'date' && d.startsAt ? toStoredInstant(d.startsAt) : null,
      dueAt: d.kind === 'date' ? toStoredInstant(d.dueAt) : null,
      doneAt: done ? toStoredInstant(done) : null,
      position: index,
      responsible: resolved.units,
    });
  });
  return (db2) => {
    const before = taskIds(db2);
    for (const [planId, period] of plans) {
      const stored = getPlan(db2, planId);
      upsertPlan(db2, {
        id: planId,
        title: stored?.title ?? planId,
        firstYear: period?.firstYear ?? stored?.firstYear ?? null,
        lastYear: period?.lastYear ?? stored?.lastYear ?? null,
        source: stored?.source ?? 'import',
      });
    }
    items.forEach((task) => upsertTask(db2, task));
    const inserted = items.filter((x) => !before.has(x.id)).length;
    return { inserted, updated: items.length - inserted, publications: 0 };
  };
};

const PLANNERS: Record<ImportKind, Planner> = {
  stewards: planStewards,
  datasets: planDatasets,
  plan: planPlan,
  publications: planPublications,
};
