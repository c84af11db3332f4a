import fs from 'node:fs';
import path from 'node:path';
import type { DateTime } from 'luxon';
import { OdmonError } from '../errors';
import { parseCsvWithHeader } from '../csv/read';
import { SEED_PLAN_ID, resolveUnits } from '../import/import';
import { parseDecreePlan } from '../plan/decree';
import { applyCorrections, mixedScriptWords, type Correction } from '../plan/mixed-script';
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
    throw new OdmonError('E_DB', `не вдалося прочитати файл початкових даних ${path.join(dir, name)}`, {
      hint: 'тека data/seed постачається з odmon; відновіть її з репозиторію',
      cause,
    });
  }
}

/**
 * The fixes of `corrections.csv` (columns file, found, corrected, note), applied to the seed files as they are
 * read: the sources stay as published, the database gets the text as meant. A fix that finds nothing is a
 * problem too, so the list never outlives the text it corrects.
 */
/** Every correction of `corrections.csv`, whatever file it names: imported plan text gets the same fixes. */
export function seedCorrections(dir: string): Correction[] {
  return parseCsvWithHeader(read(dir, 'corrections.csv')).rows.map((r) => ({ found: r.values.found.trim(), corrected: r.values.corrected.trim() }));
}

function correctedSeed(dir: string, problems: string[]): (name: string) => string {
  const rows = parseCsvWithHeader(read(dir, 'corrections.csv')).rows;
  const byFile = new Map<string, { line: number; correction: Correction }[]>();
  for (const r of rows) {
    const list = byFile.get(r.values.file.trim()) ?? [];
    list.push({ line: r.line, correction: { found: r.values.found.trim(), corrected: r.values.corrected.trim() } });
    byFile.set(r.values.file.trim(), list);
  }
  return (name) => {
    let text = read(dir, name);
    for (const { line, correction } of byFile.get(name) ?? []) {
      const fixed = applyCorrections(text, [correction]);
      if (fixed.replaced === 0) problems.push(`corrections.csv:${line}: "${correction.found}" does not occur in ${name}`);
      text = fixed.text;
    }
    return text;
  };
}

/** Every word mixing Latin and Cyrillic letters left in the seed's text: each must be listed in corrections.csv. */
function mixedWords(where: string, texts: readonly string[], problems: string[]): void {
  for (const w of mixedScriptWords(texts.join('\n'))) {
    problems.push(`${where}: "${w}" mixes Latin and Cyrillic letters (add its correction to data/seed/corrections.csv)`);
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
  const problems: string[] = [];
  const seedFile = correctedSeed(seedDir, problems);
  const units = parseCsvWithHeader(seedFile('units.csv')).rows.map((r) => ({
    id: r.values.id.trim(),
    name: normaliseUnitName(r.values.name),
    kind: r.values.kind.trim() === 'external' ? ('external' as const) : ('department' as const),
  }));
  const decree = parseDecreePlan(seedFile('decree-154-2018-kropyvnytskyi.txt'));
  const period = parsePlanPeriod(decree.title);
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
  const r835 = parseCsvWithHeader(seedFile('resolution835-city-council.csv')).rows;
  mixedWords('decree-154-2018-kropyvnytskyi.txt', [decree.title, ...decree.goals.map((g) => g.title), ...decree.tasks.flatMap((t) => [t.title, t.deadline, t.responsible])], problems);
  mixedWords('units.csv', units.map((u) => u.name), problems);
  mixedWords('resolution835-city-council.csv', r835.map((r) => `${r.values.section}\n${r.values.dataset_name_uk}`), problems);
  if (problems.length > 0) {
    throw new OdmonError('E_DB', `у початкових даних є проблеми (${problems.length}):\n  ${problems.join('\n  ')}`, { problems, hint: 'відновіть теку data/seed з репозиторію' });
  }
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
