/**
 * Judging the register for a check, in one read snapshot: every dataset (a full check), or only those that
 * changed since the last check and those whose findings change by time alone today (an incremental check) — and
 * every plan task and steward, which are few. Datasets are read in pages and judged as they come, so a national
 * register is never held in memory whole, and the event loop gets a turn every few milliseconds.
 */
import type { DateTime } from 'luxon';
import { SUBJECT_TYPES, type Dataset, type Finding, type Steward } from '../domain';
import { concludeEvaluation, judgesFor, type EvaluateOptions, type Evaluation } from '../rules/evaluate';
import { datasetSubjectMaker } from '../rules/dataset-subject';
import { DEADLINE_FACTS, type TypeJudge } from '../rules/judge';
import { stewardSubjects, taskSubjects, type Subject, type SubjectInputs } from '../rules/subjects';
import { DatasetClock } from '../rules/time-dependence';
import { Turns } from '../rules/turns';
import type { RuleDefinition } from '../rules/validate';
import { dueWakeups, lastDatasetChange, readCheckState, readDatasetChanges, type DatasetWakeups } from '../store/check-state';
import { datasetCountsBySteward, datasetPages } from '../store/datasets';
import type { Db } from '../store/db';
import { listTasks } from '../store/plan';
import { portalEvidenceByDataset } from '../store/portal';
import { listStewards } from '../store/stewards';
import type { FrequencyCatalogue } from '../time/frequency';

export interface JudgeContext {
  readonly db: Db;
  readonly graceDays: number;
  readonly dueSoonDays: number;
  readonly frequencies: FrequencyCatalogue;
}

/** Why a check judged every dataset (or `incremental`, when it built on the last one). */
export type JudgedHow = 'incremental' | 'asked' | 'first' | 'rules or settings changed' | 'rule problems' | 'earlier than the last check';

export interface JudgedRegister {
  readonly how: JudgedHow;
  /** The datasets judged, or null: all of them. */
  readonly scope: readonly string[] | null;
  /** The findings of every subject judged, rules that failed included, in the order judged. */
  readonly found: readonly Finding[];
  readonly evaluation: Evaluation;
  readonly stewards: readonly Steward[];
  /** Dataset id → basis, for the suspended datasets judged: their findings that end are marked suspended. */
  readonly suspended: ReadonlyMap<string, string>;
  /** The datasets judged whose findings change by time alone on a later day, and that day (the same index). */
  readonly wakeups: DatasetWakeups;
  /** The run whose state this judging built on (null: none), and the last dataset change it answered. */
  readonly baseRun: number | null;
  readonly changesUpTo: number;
  /** The dataset rules in the order a subject's findings are made (compiled first): the order of a full check. */
  readonly datasetRuleOrder: readonly string[];
}

export interface JudgeRequest {
  readonly now: DateTime;
  /** The Kyiv day of `now` (day number). */
  readonly today: number;
  readonly rules: readonly RuleDefinition[];
  readonly problems: readonly string[];
  readonly key: string;
  /** Judge every dataset, whatever the state. */
  readonly full: boolean;
}


export async function judgeRegister(ctx: JudgeContext, req: JudgeRequest): Promise<JudgedRegister> {
  const { db } = ctx;
  const own = !db.inTransaction;
  if (own) db.exec('BEGIN');
  try {
    const state = readCheckState(db);
    let how: JudgedHow = 'incremental';
    if (req.full) how = 'asked';
    else if (req.problems.length > 0) how = 'rule problems';
    else if (state === null) how = 'first';
    else if (state.key !== req.key) how = 'rules or settings changed';
    else if (req.today < state.day) how = 'earlier than the last check';
    let scope: string[] | null = null;
    let changesUpTo: number;
    if (how === 'incremental' && state !== null) {
      const changes = readDatasetChanges(db);
      changesUpTo = changes.upTo;
      // The datasets changed since, and those whose wake-up day has come.
      scope = [...new Set([...changes.ids, ...dueWakeups(db, req.today)])];
    } else changesUpTo = lastDatasetChange(db);
    const judged = await judge(ctx, req, scope);
    if (own) db.exec('COMMIT');
    return { ...judged, how, scope, baseRun: state?.runId ?? null, changesUpTo };
  } catch (e) {
    if (own && db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}

type Judged = Pick<JudgedRegister, 'found' | 'evaluation' | 'stewards' | 'suspended' | 'wakeups' | 'datasetRuleOrder'>;

async function judge(ctx: JudgeContext, req: JudgeRequest, scope: readonly string[] | null): Promise<Judged> {
  const { db } = ctx;
  const turns = new Turns(64);
  const inputs: SubjectInputs = {
    now: req.now,
    graceDays: ctx.graceDays,
    dueSoonDays: ctx.dueSoonDays,
    frequencies: ctx.frequencies,
    stewards: listStewards(db),
    datasets: [],
    tasks: listTasks(db),
    portal: scope === null ? portalEvidenceByDataset(db) : portalEvidenceByDataset(db, scope),
    datasetCounts: datasetCountsBySteward(db),
  };
  return judgeSubjects(inputs, req.rules, req.today, datasetPages(db, scope, () => turns.due()), turns);
}

/**
 * Judges the datasets of `pages` as they come, then every plan task and steward of `inputs` (its `datasets` are
 * not read: `datasetCounts` stands for them): the check's evaluation, which the bench also runs on a register in
 * memory. A dataset's subject, facts and placeholders live only while it is judged.
 */
export async function judgeSubjects(
  inputs: SubjectInputs,
  rules: readonly RuleDefinition[],
  today: number,
  pages: AsyncIterable<readonly Dataset[]>,
  turns: Turns = new Turns(64),
  options: EvaluateOptions = {},
): Promise<Judged> {
  const failed = new Map<string, string>();
  const judges = judgesFor(rules, SUBJECT_TYPES, failed, options);
  const found: Finding[] = [];
  const suspended = new Map<string, string>();
  const wakeIds: string[] = [];
  const wakeDays: number[] = [];
  const datasets = judges.get('dataset');
  const clock = datasets === undefined ? null : new DatasetClock(datasets.rules, DEADLINE_FACTS);
  const make = datasetSubjectMaker(inputs, { lazyVars: true });
  for await (const page of pages) {
    for (const d of page) {
      if (d.suspended !== null) suspended.set(d.id, d.suspended);
      if (datasets === undefined) continue;
      const subject = make(d);
      const answer = datasets.hits(subject);
      const hits = Array.isArray(answer) ? answer : await answer;
      for (const j of hits) found.push(datasets.finding(subject, j));
      const wake = (clock as DatasetClock).nextChangeDay(subject, hits, today);
      if (wake !== null) {
        wakeIds.push(d.id);
        wakeDays.push(wake);
      }
      const turn = turns.due();
      if (turn !== null) await turn;
    }
  }
  for (const [type, subjects] of [['task', taskSubjects(inputs)], ['steward', stewardSubjects(inputs)]] as const) {
    const j = judges.get(type);
    if (j !== undefined) await judgeAll(j, subjects, found, turns);
  }
  const order = datasets === undefined ? [] : [...datasets.judges].sort((a, b) => Number(a.predicate === null) - Number(b.predicate === null) || a.index - b.index);
  return {
    found,
    evaluation: await concludeEvaluation(rules, found, failed),
    stewards: inputs.stewards,
    suspended,
    wakeups: { ids: wakeIds, days: wakeDays },
    datasetRuleOrder: order.map((j) => j.rule.name),
  };
}

async function judgeAll(judge: TypeJudge, subjects: readonly Subject[], into: Finding[], turns: Turns): Promise<void> {
  for (const subject of subjects) {
    const answer = judge.hits(subject);
    for (const j of Array.isArray(answer) ? answer : await answer) into.push(judge.finding(subject, j));
    const turn = turns.due();
    if (turn !== null) await turn;
  }
}
