/** Importing the action plan: tasks, their deadlines as worded, and the units responsible. */
import type { TaskResponsible } from '../domain';
import { applyCorrections } from '../plan/mixed-script';
import { isAllStewardsGroup, normaliseUnitName } from '../plan/responsible';
import { getPlan, resolvedUnits, upsertPlan, upsertTask, type TaskRecord } from '../store/plan';
import { listStewards } from '../store/stewards';
import { parseDeadline, parsePlanPeriod, type PlanPeriod } from '../time/deadline';
import { toStoredInstant } from '../time/days';
import { normaliseName } from './columns';
import * as f from './fields';
import type { Planner } from './planner';
import type { InputRow } from './rows';

/** The seeded plan: imported tasks belong to it unless a `plan` column names another. */
export const SEED_PLAN_ID = 'decree-154-2018';

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

export const planPlan: Planner = (db, _columns, p, ctx) => {
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
          p.add(row, 'period', `"${periodText}" не збігається з періодом, указаним раніше для плану "${planId}" (${known.firstYear}-${known.lastYear})`);
        } else plans.set(planId, period);
      }
      const items: { task: TaskRecord; keepDone: boolean }[] = [];
      rows.forEach((row, index) => {
        const id = f.id(row, 'id', p);
        f.trackDuplicate(seen, id, row, 'id', p);
        // The decree's own misspellings (see data/seed/corrections.csv) are fixed here too: a plan imported in the
        // published wording must not bring back what the seed corrected.
        const asMeant = (t: string | null): string | null => (t === null ? null : applyCorrections(t, ctx.corrections ?? []).text);
        const goal = asMeant(f.requiredText(row, 'goal', p));
        const title = asMeant(f.requiredText(row, 'task', p));
        const planId = f.optionalText(row, 'plan') ?? SEED_PLAN_ID;
        const periodText = f.optionalText(row, 'period');
        let period: PlanPeriod | null = null;
        if (periodText !== null && parsePlanPeriod(periodText) === null) {
          p.add(row, 'period', `"${periodText}" — не період плану (пишіть, наприклад, 2020-2021 або 2020)`);
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
          p.add(row, 'responsible', `підрозділу "${u}" немає в реєстрі (спершу імпортуйте його командою "odmon import stewards" або вкажіть ідентифікатор розпорядника)`);
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
        const tally = { inserted: 0, updated: 0, unchanged: 0 };
        items.forEach((x) => tally[upsertTask(db2, x.task, x.keepDone)]++);
        return { ...tally, publications: 0 };
      };
    },
  };
};

