import type { DateTime } from 'luxon';
import { systemClock } from '../clock';
import type { Steward, StewardKind, TaskResponsible } from '../domain';
import { OdmonError } from '../errors';
import { isAllStewardsGroup, normaliseUnitName } from '../plan/responsible';
import { recordAudit } from '../store/audit';
import { addPublication, importDataset, type DatasetImport } from '../store/datasets';
import type { Db } from '../store/db';
import { getPlan, resolvedUnits, taskIds, upsertPlan, upsertTask, type TaskRecord } from '../store/plan';
import { renameSteward } from '../store/steward-moves';
import { listStewards, stewardSources, upsertSteward } from '../store/stewards';
import { parseDeadline, parsePlanPeriod, type PlanPeriod } from '../time/deadline';
import { toStoredInstant } from '../time/days';
import type { FrequencyCatalogue } from '../time/frequency';
import { normaliseName } from './columns';
import * as f from './fields';
import type { ImportKind } from './kinds';
import { collectGarbage, RELIEF } from './memory';
import { importError, readTable, readTableSync, type InputRow, type ReadOptions, type TableSummary, type TableVisitor } from './read';

export { IMPORT_KINDS, type ImportKind } from './kinds';

export interface ImportContext {
  /** What the run is evaluated as of (--now). It is never the time something happened. */
  readonly now: DateTime;
  readonly frequencies: FrequencyCatalogue;
  /** The real clock: last updates and publications later than it (plus a day) are refused. Default: the system clock. */
  readonly realNow?: DateTime;
  /** Who is named in the audit log for what an import changes beyond its rows (a seeded unit taking the council's id). */
  readonly actor?: string;
}

/** A seeded unit that took the id the council's register gives it. */
export interface StewardRename {
  readonly from: string;
  readonly to: string;
  readonly name: string;
}

export interface ImportReport {
  readonly kind: ImportKind;
  readonly file: string;
  /** What was detected: `separator ";", Windows-1251`, `sheet "Набори даних"`, `JSON`. */
  readonly detected: string;
  readonly rows: number;
  readonly inserted: number;
  readonly updated: number;
  /** Publications appended to the history (from `last_updated` or a publications file). */
  readonly publications: number;
  readonly renamed: readonly StewardRename[];
}

/** The seeded plan: imported tasks belong to it unless a `plan` column names another. */
export const SEED_PLAN_ID = 'decree-154-2018';

interface Counts {
  inserted: number;
  updated: number;
  publications: number;
  renamed?: StewardRename[];
}

interface WriteContext {
  readonly nowIso: string;
  readonly realNowIso: string;
  readonly actor: string;
}

type Write = (db: Db, w: WriteContext) => Counts;

/** A kind's checks, fed one row at a time, and the writing they lead to. */
interface Plan {
  row(r: InputRow): void;
  finish(): Write;
}

interface PlanContext extends ImportContext {
  readonly realNow: DateTime;
}

type Planner = (db: Db, columns: readonly string[], p: f.RowProblems, ctx: PlanContext) => Plan;

/** Collects the rows of one file while it is read, then writes them all or nothing. */
class ImportRun implements TableVisitor {
  readonly problems: string[] = [];
  private plan: Plan | null = null;
  private rows = 0;
  private readonly ctx: PlanContext;

  constructor(
    private readonly db: Db,
    private readonly kind: ImportKind,
    ctx: ImportContext,
  ) {
    this.ctx = { ...ctx, realNow: ctx.realNow ?? systemClock.now() };
  }

  header(columns: readonly string[], place: (line: number, key?: string) => string, lineWord: 'line' | 'row'): void {
    this.plan = PLANNERS[this.kind](this.db, columns, new f.RowProblems(this.problems, place, lineWord), this.ctx);
  }

  row(r: InputRow): void {
    this.rows++;
    this.plan?.row(r);
    if (this.rows % RELIEF === 0) collectGarbage();
  }

  finish(t: TableSummary): ImportReport {
    const write = this.plan?.finish();
    if (this.problems.length > 0 || write === undefined) throw importError(t.file, this.problems.length > 0 ? this.problems : [`${t.file}: the file has no header row`]);
    const w: WriteContext = { nowIso: toStoredInstant(this.ctx.now), realNowIso: toStoredInstant(this.ctx.realNow), actor: this.ctx.actor ?? 'import' };
    try {
      const counts = this.db.transaction(() => write(this.db, w)).immediate();
      return { kind: this.kind, file: t.file, detected: t.detected, rows: this.rows, inserted: counts.inserted, updated: counts.updated, publications: counts.publications, renamed: counts.renamed ?? [] };
    } catch (cause) {
      throw new OdmonError('E_DB', `${t.file}: the database refused the import: ${(cause as Error).message}`, {
        hint: 'nothing was imported; report this with the file if it persists',
        cause,
      });
    }
  }
}

/**
 * Imports one .csv or .json file in one transaction: every row is checked first, and if any is bad nothing is
 * written and every problem is reported as `FILE:LINE: column: problem` (exit code 2).
 */
export function importFile(db: Db, kind: ImportKind, file: string, ctx: ImportContext, opts: ReadOptions = {}): ImportReport {
  const run = new ImportRun(db, kind, ctx);
  return run.finish(readTableSync(file, kind, run.problems, run, opts));
}

/** importFile for every format, a workbook (.xlsx) included: the sheet is read row by row. */
export async function importFileAsync(db: Db, kind: ImportKind, file: string, ctx: ImportContext, opts: ReadOptions = {}): Promise<ImportReport> {
  const run = new ImportRun(db, kind, ctx);
  return run.finish(await readTable(file, kind, run.problems, run, opts));
}

const KINDS: Record<string, StewardKind> = {
  department: 'department',
  external: 'external',
  'підрозділ': 'department',
  'структурний підрозділ': 'department',
  'зовнішній': 'external',
  'зовнішня': 'external',
};

/** The word odmon writes for a steward's kind in a workbook or CSV. */
export const KIND_UK: Record<StewardKind, string> = { department: 'підрозділ', external: 'зовнішній' };

interface StewardItem {
  readonly row: InputRow;
  readonly id: string;
  readonly name: string;
  readonly kind: StewardKind | undefined;
  readonly emails: string[] | undefined;
  readonly headEmail: string | null | undefined;
}

/**
 * Stewards. A name is one unit: two stewards cannot share it (case, spaces and apostrophes ignored). When the
 * council names a unit the seed created under another id (`itd` for the seed's `it`), the seeded unit takes the
 * council's id, its plan tasks and everything else with it; a name the council itself gave another steward stays
 * an error.
 */
const planStewards: Planner = (db, _columns, p) => {
  const existing = new Map(listStewards(db).map((s) => [s.id, s]));
  const sources = stewardSources(db);
  const byName = new Map([...existing.values()].map((s) => [normaliseName(s.name), s.id]));
  const seen = new Map<string, number>();
  const names = new Map<string, number>();
  const items: StewardItem[] = [];
  return {
    row(row) {
      const id = f.id(row, 'id', p);
      f.trackDuplicate(seen, id, row, 'id', p);
      const name = f.requiredText(row, 'name', p);
      if (name !== null) {
        const key = normaliseName(name);
        if (names.has(key)) p.add(row, 'name', `"${name}" is already used on ${p.lineWord} ${names.get(key)}`);
        else names.set(key, row.line);
      }
      const emails = f.has(row, 'email') ? f.emails(row, 'email', p) : undefined;
      const headEmail = f.has(row, 'head_email') ? f.optionalEmail(row, 'head_email', p) : undefined;
      let kind: StewardKind | undefined;
      if (f.has(row, 'kind')) {
        const text = f.cell(row, 'kind');
        kind = text === '' ? 'department' : KINDS[normaliseName(text)];
        if (kind === undefined) p.add(row, 'kind', `"${text}" is not department or external (підрозділ або зовнішній)`);
      }
      if (id !== null && name !== null) items.push({ row, id, name, kind, emails, headEmail });
    },
    finish() {
      const fileNames = new Map(items.map((s) => [s.id, normaliseName(s.name)]));
      const renames: StewardRename[] = [];
      for (const s of items) {
        const owner = byName.get(normaliseName(s.name));
        if (owner === undefined || owner === s.id) continue;
        // The owner is given another name in this same file: the name is free.
        if (fileNames.has(owner) && fileNames.get(owner) !== normaliseName(s.name)) continue;
        if (sources.get(owner) !== 'seed' || fileNames.has(owner)) {
          p.add(s.row, 'name', `"${s.name}" already belongs to steward "${owner}"`);
        } else if (existing.has(s.id)) {
          p.add(s.row, 'name', `"${s.name}" is the name of the seeded unit "${owner}", and steward "${s.id}" exists too: fold one into the other with "odmon steward merge ${owner} ${s.id}"`);
        } else renames.push({ from: owner, to: s.id, name: s.name });
      }
      const renamedFrom = new Map(renames.map((r) => [r.to, r.from]));
      return (db2, w) => {
        for (const r of renames) {
          const moved = renameSteward(db2, r.from, r.to);
          recordAudit(db2, {
            at: w.realNowIso,
            actor: w.actor,
            action: 'steward-id',
            subjectType: 'steward',
            subjectId: r.to,
            details: { from: r.from, to: r.to, name: r.name, moved },
            reason: `the council's register names the unit "${r.name}" ${r.to}; the seed called it ${r.from}`,
          });
        }
        let inserted = 0;
        for (const s of items) {
          const old = existing.get(s.id) ?? existing.get(renamedFrom.get(s.id) ?? '');
          if (old === undefined) inserted++;
          const steward: Steward = {
            id: s.id,
            name: s.name,
            kind: s.kind ?? old?.kind ?? 'department',
            emails: s.emails ?? [...(old?.emails ?? [])],
            headEmail: s.headEmail === undefined ? (old?.headEmail ?? null) : s.headEmail,
          };
          upsertSteward(db2, steward, w.nowIso);
        }
        return { inserted, updated: items.length - inserted, publications: 0, renamed: renames };
      };
    },
  };
};

/**
 * Datasets. A column the file does not have leaves that field of an existing entry as it is; an empty cell in a
 * column the file has clears it (see DatasetImport for the two exceptions). The steward may be named by its id
 * or its name.
 */
const planDatasets: Planner = (db, _columns, p, ctx) => {
  const stewards = new f.StewardFinder(listStewards(db));
  const seen = new Map<string, number>();
  const items: DatasetImport[] = [];
  return {
    row(row) {
      const id = f.id(row, 'id', p);
      f.trackDuplicate(seen, id, row, 'id', p);
      const title = f.requiredText(row, 'title', p);
      let stewardId: string | null | undefined;
      if (f.has(row, 'steward_id')) {
        const text = f.optionalText(row, 'steward_id');
        stewardId = text === null ? null : stewards.find(text);
        if (text !== null && stewardId === null) {
          p.add(row, 'steward_id', `unknown steward "${text}" (give a steward's id or its name; import it with "odmon import stewards" first)`);
        }
      }
      let frequency: DatasetImport['frequency'];
      if (f.has(row, 'frequency')) {
        const raw = f.optionalText(row, 'frequency');
        const freq = ctx.frequencies.match(raw);
        if (freq.kind === 'unknown') {
          p.add(row, 'frequency', `"${raw}" is not a known update frequency (known: ${ctx.frequencies.values().join(', ')}, or their Ukrainian labels; leave it empty if not declared)`);
        }
        frequency = { value: freq.kind === 'known' ? freq.value : null, raw };
      }
      const last = f.has(row, 'last_updated') ? f.pastInstant(row, 'last_updated', ctx.realNow, p) : undefined;
      const required = f.has(row, 'required') ? f.yesNo(row, 'required', true, p) : undefined;
      if (id === null || title === null) return;
      items.push({
        id,
        title,
        stewardId: stewardId ?? (f.has(row, 'steward_id') ? null : undefined),
        frequency,
        required,
        portalId: f.has(row, 'portal_id') ? f.optionalText(row, 'portal_id') : undefined,
        suspended: f.has(row, 'suspended') ? f.optionalText(row, 'suspended') : undefined,
        lastUpdated: last === undefined ? undefined : last === null ? null : toStoredInstant(last),
        source: 'import',
      });
    },
    finish() {
      return (db2, w) => {
        let inserted = 0;
        let publications = 0;
        items.forEach((d, i) => {
          if (importDataset(db2, d, w.nowIso) === 'inserted') inserted++;
          if (d.lastUpdated && addPublication(db2, d.id, d.lastUpdated, 'register', w.nowIso)) publications++;
          if ((i + 1) % RELIEF === 0) collectGarbage();
        });
        return { inserted, updated: items.length - inserted, publications };
      };
    },
  };
};

const planPublications: Planner = (db, _columns, p, ctx) => {
  const known = new Set(db.prepare('SELECT id FROM datasets').pluck().all() as string[]);
  const items: { id: string; at: string }[] = [];
  return {
    row(row) {
      const id = f.requiredText(row, 'dataset_id', p);
      if (id !== null && !known.has(id)) p.add(row, 'dataset_id', `unknown dataset "${id}" (import it with "odmon import datasets" first)`);
      const at = f.pastInstant(row, 'published_at', ctx.realNow, p);
      if (at === null && f.cell(row, 'published_at') === '') p.add(row, 'published_at', 'is empty');
      if (id !== null && at !== null) items.push({ id, at: toStoredInstant(at) });
    },
    finish() {
      return (db2, w) => {
        let publications = 0;
        for (const it of items) if (addPublication(db2, it.id, it.at, 'import', w.nowIso)) publications++;
        return { inserted: publications, updated: 0, publications };
      };
    },
  };
};

/**
 * Resolves a plan's `responsible` cell (`;`-separated unit names or steward ids). `resolved` holds wordings
 * resolved before (a unit folded into another keeps its wording in the plan).
 */
export function resolveUnits(
  text: string,
  byId: ReadonlySet<string>,
  byName: ReadonlyMap<string, string>,
  resolved: ReadonlyMap<string, string> = new Map(),
): { units: TaskResponsible[]; unknown: string[] } {
  const units: TaskResponsible[] = [];
  const unknown: string[] = [];
  for (const part of text.split(/[;\n]/).map((s) => normaliseUnitName(s)).filter(Boolean)) {
    if (isAllStewardsGroup(part)) units.push({ unit: part, stewardId: null, allStewards: true });
    else if (byId.has(part)) units.push({ unit: part, stewardId: part, allStewards: false });
    else if (byName.has(part)) units.push({ unit: part, stewardId: byName.get(part) as string, allStewards: false });
    else if (byName.has(normaliseName(part))) units.push({ unit: part, stewardId: byName.get(normaliseName(part)) as string, allStewards: false });
    else if (resolved.has(part)) units.push({ unit: part, stewardId: resolved.get(part) as string, allStewards: false });
    else unknown.push(part);
  }
  return { units, unknown };
}

const planPlan: Planner = (db, _columns, p) => {
  const stewards = listStewards(db);
  const byId = new Set(stewards.map((s) => s.id));
  const byName = new Map<string, string>();
  for (const s of stewards) {
    byName.set(normaliseUnitName(s.name), s.id);
    byName.set(normaliseName(s.name), s.id);
  }
  const resolved = resolvedUnits(db);
  const rows: InputRow[] = [];
  return {
    row(row) {
      rows.push(row);
    },
    finish() {
      const seen = new Map<string, number>();
      const plans = new Map<string, PlanPeriod | null>();
      // A plan's period may be given on any of its rows: read them all before the deadlines.
      for (const row of rows) {
        const periodText = f.optionalText(row, 'period');
        const period = periodText === null ? null : parsePlanPeriod(periodText);
        const planId = f.optionalText(row, 'plan') ?? SEED_PLAN_ID;
        if (period === null) continue;
        const known = plans.get(planId);
        if (known && (known.firstYear !== period.firstYear || known.lastYear !== period.lastYear)) {
          p.add(row, 'period', `"${periodText}" differs from the period given earlier for plan "${planId}" (${known.firstYear}-${known.lastYear})`);
        } else plans.set(planId, period);
      }
      const items: { task: TaskRecord; keepDone: boolean }[] = [];
      rows.forEach((row, index) => {
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
        const units = respText === null ? null : resolveUnits(respText, byId, byName, resolved);
        for (const u of units?.unknown ?? []) {
          p.add(row, 'responsible', `unknown unit "${u}" (import it with "odmon import stewards", or use a steward id)`);
        }
        const done = f.optionalInstant(row, 'done_at', p);
        if (id === null || goal === null || title === null || deadlineText === null || !parsed?.ok || !units) return;
        const d = parsed.deadline;
        items.push({
          keepDone: !f.has(row, 'done_at'),
          task: {
            id,
            planId,
            goal,
            title,
            deadlineText,
            startsAt: d.kind === 'date' && d.startsAt ? toStoredInstant(d.startsAt) : null,
            dueAt: d.kind === 'date' ? toStoredInstant(d.dueAt) : null,
            doneAt: done ? toStoredInstant(done) : null,
            position: index,
            responsible: units.units,
          },
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
        items.forEach((x) => upsertTask(db2, x.task, x.keepDone));
        const inserted = items.filter((x) => !before.has(x.task.id)).length;
        return { inserted, updated: items.length - inserted, publications: 0 };
      };
    },
  };
};

const PLANNERS: Record<ImportKind, Planner> = {
  stewards: planStewards,
  datasets: planDatasets,
  plan: planPlan,
  publications: planPublications,
};
