import fs from 'node:fs';
import path from 'node:path';
import type { DateTime } from 'luxon';
import type { Config } from './config/config';
import type { Finding, Steward } from './domain';
import { importFile, type ImportKind, type ImportReport } from './import/import';
import { EXAMPLE_DIR, SEED_DIR } from './paths';
import { evaluate } from './rules/evaluate';
import { loadRules } from './rules/load';
import { buildSubjects } from './rules/subjects';
import { seedIfNew, type SeedReport } from './seed/seed';
import { openDb, type Db } from './store/db';
import { listDatasets } from './store/datasets';
import { recordFindings, startRun, type RecordOutcome } from './store/findings';
import { listTasks } from './store/plan';
import { listStewards } from './store/stewards';
import { toStoredInstant } from './time/days';
import { loadFrequencyCatalogue, type FrequencyCatalogue } from './time/frequency';

/** The composition root: the store, the frequency table and the config, built once and handed down. */
export interface App {
  readonly config: Config;
  readonly db: Db;
  readonly frequencies: FrequencyCatalogue;
  readonly created: boolean;
  readonly seed: SeedReport;
  close(): void;
}

export function openApp(config: Config, now: DateTime): App {
  const { db, created } = openDb(config.db);
  try {
    const frequencies = loadFrequencyCatalogue(fs.readFileSync(path.join(SEED_DIR, 'update-frequencies.csv'), 'utf8'), config.frequencies);
    const seed = seedIfNew(db, SEED_DIR, now);
    return { config, db, frequencies, created, seed, close: () => db.close() };
  } catch (e) {
    db.close();
    throw e;
  }
}

export function runImport(app: App, kind: ImportKind, file: string, now: DateTime): ImportReport {
  return importFile(app.db, kind, file, { now, frequencies: app.frequencies });
}

/** The example register, in dependency order (stewards before the datasets and plan that name them). */
export const EXAMPLE_FILES: readonly [ImportKind, string][] = [
  ['stewards', 'stewards.csv'],
  ['datasets', 'datasets.csv'],
  ['publications', 'publications.csv'],
  ['plan', 'plan.csv'],
];

export function importExample(app: App, now: DateTime): ImportReport[] {
  return EXAMPLE_FILES.map(([kind, name]) => runImport(app, kind, path.join(EXAMPLE_DIR, name), now));
}

export interface CheckResult {
  readonly asOf: DateTime;
  readonly runId: number;
  readonly findings: readonly Finding[];
  readonly outcome: RecordOutcome;
  /** Rule files that could not be loaded, and rules that failed while running: reported, the rest ran. */
  readonly ruleProblems: readonly string[];
  readonly stewards: readonly Steward[];
}

/** Evaluates every rule as of `now` and records the findings: the one code path for `check`, `notify` and the daemon. */
export async function runCheck(app: App, now: DateTime, startedAt: DateTime = now): Promise<CheckResult> {
  const loaded = loadRules(app.config.rulesDir);
  const stewards = listStewards(app.db);
  const subjects = buildSubjects({
    now,
    graceDays: app.config.graceDays,
    dueSoonDays: app.config.dueSoonDays,
    frequencies: app.frequencies,
    stewards,
    datasets: listDatasets(app.db),
    tasks: listTasks(app.db),
  });
  const evaluation = await evaluate(loaded.rules, subjects);
  const problems = [...loaded.problems, ...evaluation.errors];
  const runId = startRun(app.db, toStoredInstant(startedAt), toStoredInstant(now));
  const outcome = recordFindings(app.db, runId, evaluation.findings, evaluation.evaluatedRules, toStoredInstant(now), problems,
    loaded.problems.length === 0 ? new Set(loaded.rules.map((r) => r.name)) : null);
  return { asOf: now, runId, findings: evaluation.findings, outcome, ruleProblems: problems, stewards };
}
