import fs from 'node:fs';
import path from 'node:path';
import type { DateTime } from 'luxon';
import { OdmonError } from '../errors';
import { parseCsvWithHeader } from '../import/csv';
import { SEED_PLAN_ID, resolveUnits } from '../import/import';
import { parseDecreePlan } from '../plan/decree';
import { normaliseUnitName, splitResponsible } from '../plan/responsible';
import { parseDeadline, parsePlanPeriod } from '../time/deadline';
import { toStoredInstant } from '../time/days';
import { getMeta, setMeta, type Db } from '../store/db';
import { upsertDataset } from '../store/datasets';
import { upsertPlan, upsertTask } from '../store/plan';
import { upsertSteward } from '../store/stewards';

export interface SeedReport {
  readonly seeded: boolean;
  readonly stewards: number;
  readonly tasks: number;
  readonly datasets: number;
}

const R835_SECTIONS: Record<string, string> = {
  'Усі розпорядники інформації (відповідно до компетенції)': 'all',
  'Органи місцевого самоврядування': 'lsg',
};

function read(dir: string, name: string): string {
  try {
    return fs.readFileSync(path.join(dir, name), 'utf8');
  } catch (cause) {
    throw new OdmonError('E_DB', `cannot read the seed file ${path.join(dir, name)}`, {
      hint: 'the data/seed folder ships with odmon; restore it from the repository',
      cause,
    });
  }
}

/**
 * Loads the shipped seed on a new database only (marked by meta `seeded_at`), so `odmon init` run again
 * changes nothing and the IT head's own edits are never overwritten: the units the plan names, the decree's
 * action plan as written, and the 73 datasets Resolution 835 requires of a city council, without a steward.
 */
export function seedIfNew(db: Db, seedDir: string, now: DateTime): SeedReport {
  if (getMeta(db, 'seeded_at') !== null) return { seeded: false, stewards: 0, tasks: 0, datasets: 0 };
  const nowIso = toStoredInstant(now);
  const units = parseCsvWithHeader(read(seedDir, 'units.csv')).rows.map((r) => ({
    id: r.values.id.trim(),
    name: normaliseUnitName(r.values.name),
    kind: r.values.kind.trim() === 'external' ? ('external' as const) : ('department' as const),
  }));
  const decree = parseDecreePlan(read(seedDir, 'decree-154-2018-kropyvnytskyi.txt'));
  const period = parsePlanPeriod(decree.title);
  const problems: string[] = [];
  const byId = new Set(units.map((u) => u.id));
  const byName = new Map(units.map((u) => [u.name, u.id]));
  const tasks = decree.tasks.map((t, i) => {
    const deadline = parseDeadline(t.deadline, period);
    if (!deadline.ok) problems.push(`decree line ${t.line}: task ${t.id}: ${deadline.problem}`);
    const { units: responsible, unknown } = resolveUnits(splitResponsible(t.responsible, [...byName.keys()]).join(';'), byId, byName);
    for (const u of unknown) problems.push(`decree line ${t.line}: task ${t.id}: unit "${u}" is not in units.csv`);
    const d = deadline.ok ? deadline.deadline : null;
    return {
      id: t.id,
      planId: SEED_PLAN_ID,
      goal: `${t.goalNo}. ${t.goal}`,
      title: t.title,
      deadlineText: t.deadline,
      startsAt: d?.kind === 'date' && d.startsAt ? toStoredInstant(d.startsAt) : null,
      dueAt: d?.kind === 'date' ? toStoredInstant(d.dueAt) : null,
      doneAt: null,
      position: i,
      responsible,
    };
  });
  if (problems.length > 0) {
    throw new OdmonError('E_DB', `the shipped seed has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`, { problems });
  }
  const r835 = parseCsvWithHeader(read(seedDir, 'resolution835-city-council.csv')).rows;
  db.transaction(() => {
    for (const u of units) upsertSteward(db, { ...u, emails: [], headEmail: null }, nowIso, 'seed');
    upsertPlan(db, { id: SEED_PLAN_ID, title: decree.title, firstYear: period?.firstYear ?? null, lastYear: period?.lastYear ?? null, source: 'seed' });
    const addGoal = db.prepare('INSERT OR IGNORE INTO plan_goals(plan_id, no, title) VALUES (?, ?, ?)');
    for (const g of decree.goals) addGoal.run(SEED_PLAN_ID, g.no, g.title);
    for (const t of tasks) upsertTask(db, t);
    for (const r of r835) {
      const section = R835_SECTIONS[r.values.section];
      const no = r.values.n_in_section.padStart(2, '0');
      upsertDataset(
        db,
        {
          id: `r835-${section}-${no}`,
          title: r.values.dataset_name_uk,
          stewardId: null,
          frequency: null,
          frequencyRaw: null,
          required: true,
          portalId: null,
          suspended: null,
          lastUpdated: null,
          source: 'resolution835',
          legalBasis: `Постанова КМУ № 835, «${r.values.section}», п. ${r.values.n_in_section}`,
        },
        nowIso,
      );
    }
    setMeta(db, 'seeded_at', nowIso);
  })();
  return { seeded: true, stewards: units.length, tasks: tasks.length, datasets: r835.length };
}
