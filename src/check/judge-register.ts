/**
 * Judging the register for a check, in one read snapshot: every dataset (a full check), or only those that
 * changed since the last check and those whose findings change by time alone today (an incremental check) — and
 * every plan task and steward, which are few. Datasets are read in pages and judged as they come, so a national
 * register is never held in memory whole, and the event loop gets a turn every few milliseconds.
 */
import type { DateTime } from 'luxon';
import type { Dataset, Finding, Steward } from '../domain';
import { concludeEvaluation, judgesFor, type EvaluateOptions, type Evaluation } from '../rules/evaluate';
import { DatasetJudging } from '../rules/dataset-subject';
import { DEADLINE_FACTS, type Judge, type TypeJudge } from '../rules/judge';
import { stewardSubjects, taskSubjects, type Subject, type SubjectInputs } from '../rules/subjects';
import { DatasetClock } from '../rules/time-dependence';
import { nextTurn, Turns } from '../rules/turns';
import type { RuleDefinition } from '../rules/validate';
import { dueWakeups, lastDatasetChange, readCheckState, readDatasetChanges, type DatasetWakeups } from '../store/check-state';
import { datasetCountsBySteward, datasetPages } from '../store/datasets';
import type { Db } from '../store/db';
import { listTasks } from '../store/plan';
import { portalEvidenceByDataset, type PortalEvidence } from '../store/portal';
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
  /** The datasets judged whose findings change by time alone on a later day, by that day. */
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

/**
 * Judges what a check must judge — everything, or what changed since the last check and what time changes today —
 * in one read transaction, and says how it decided.
 */
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
      const turns = new Turns(1);
      const due = await dueWakeups(db, req.today, () => turns.due());
      scope = [...new Set([...changes.ids, ...due])];
      await nextTurn();
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
  // One turn check per page of datasets (reading one takes about a millisecond), as between pages of judging.
  const turns = new Turns(1);
  // Each read takes a few tens of milliseconds on a national register: a turn of the event loop between them.
  const stewards = listStewards(db);
  await nextTurn();
  const tasks = listTasks(db);
  await nextTurn();
  const datasetCounts = datasetCountsBySteward(db);
  await nextTurn();
  const inputs: SubjectInputs = {
    now: req.now,
    graceDays: ctx.graceDays,
    dueSoonDays: ctx.dueSoonDays,
    frequencies: ctx.frequencies,
    stewards,
    datasets: [],
    tasks,
    datasetCounts,
  };
  // The portal evidence of each page's linked datasets, read with the page: a synchronised national register
  // links tens of thousands of datasets, too many to read in one go between two turns of the event loop. None
  // to read before the first sync.
  const synced = db.prepare('SELECT EXISTS (SELECT 1 FROM portal_datasets)').pluck().get() === 1;
  const none = new Map<string, PortalEvidence>();
  const evidence = (page: readonly Dataset[]): ReadonlyMap<string, PortalEvidence> => {
    if (!synced) return none;
    const linked = page.filter((d) => d.portalId !== null).map((d) => d.id);
    return linked.length === 0 ? none : portalEvidenceByDataset(db, linked);
  };
  return judgeSubjects(inputs, req.rules, req.today, datasetPages(db, scope, () => turns.due()), turns, {}, evidence);
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
  /** Asked once a page: a page of datasets is judged in a few milliseconds. */
  turns: Turns = new Turns(1),
  options: EvaluateOptions = {},
  /** The portal evidence of a page's datasets, when not in `inputs.portal`. */
  evidenceOf?: (page: readonly Dataset[]) => ReadonlyMap<string, PortalEvidence>,
): Promise<Judged> {
  const failed = new Map<string, string>();
  // A dataset's facts are complete and plain (DatasetJudging writes every fact of the catalogue): its rules may stop early.
  const judges = new Map([
    ...judgesFor(rules, ['dataset'], failed, { ...options, completeFacts: true }),
    ...judgesFor(rules, ['task', 'steward'], failed, options),
  ]);
  const found: Finding[] = [];
  const suspended = new Map<string, string>();
  const wakeups = new Map<number, string[]>();
  const datasets = judges.get('dataset');
  const clock = datasets === undefined ? null : new DatasetClock(datasets.rules, DEADLINE_FACTS);
  const judging = new DatasetJudging(inputs);
  /** Judges one dataset; a promise only when json-rules-engine must answer for it. */
  const judgeOne = (d: Dataset, j: TypeJudge, clock: DatasetClock): Promise<void> | null => {
    const facts = judging.facts(d);
    const answer = j.hits({ id: d.id, facts });
    if (!Array.isArray(answer)) return answer.then((hits) => record(d, facts, hits, j, clock));
    record(d, facts, answer, j, clock);
    return null;
  };
  const record = (d: Dataset, facts: Subject['facts'], hits: readonly Judge[], j: TypeJudge, clock: DatasetClock): void => {
    // A subject (and the placeholders of its messages) only for a dataset some rule holds for.
    if (hits.length > 0) {
      const subject = judging.subject(facts, true);
      for (const h of hits) found.push(j.finding(subject, h));
    }
    const wake = clock.nextChangeDay(facts, hits, today);
    if (wake !== null) {
      const list = wakeups.get(wake);
      if (list === undefined) wakeups.set(wake, [d.id]);
      else list.push(d.id);
    }
  };
  for await (const page of pages) {
    if (evidenceOf !== undefined) judging.useEvidence(evidenceOf(page));
    // A promise only where json-rules-engine must answer; a turn of the event loop when one is due (asked every
    // 128 datasets: until the code is optimised, the first pages take far longer than the later ones).
    for (let i = 0; i < page.length; i++) {
      const d = page[i];
      if (d.suspended !== null) suspended.set(d.id, d.suspended);
      if (datasets !== undefined) {
        const waiting = judgeOne(d, datasets, clock as DatasetClock);
        if (waiting !== null) await waiting;
      }
      if ((i & 127) === 127) {
        const turn = turns.due();
        if (turn !== null) await turn;
      }
    }
    const turn = turns.due();
    if (turn !== null) await turn;
  }
  for (const [type, make] of [['task', taskSubjects], ['steward', stewardSubjects]] as const) {
    await nextTurn();
    const j = judges.get(type);
    if (j !== undefined) await judgeAll(j, make(inputs), found, new Turns(64));
  }
  await nextTurn();
  const order = datasets === undefined ? [] : [...datasets.judges].sort((a, b) => Number(a.predicate === null) - Number(b.predicate === null) || a.index - b.index);
  return {
    found,
    evaluation: await concludeEvaluation(rules, found, failed),
    stewards: inputs.stewards,
    suspended,
    wakeups,
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
