/**
 * A check: judge the register as of `now` and record what changed — findings opened, resolved, or changed (how
 * late, what a message says). A check builds on the last one when it can: it judges only the datasets changed
 * since (an import, a publication, a suspension, portal evidence, a steward renamed: triggers note them) and those
 * whose findings change by time alone today (src/rules/time-dependence.ts), and leaves the other datasets'
 * findings as recorded — which are then exactly what judging them would give. Every plan task and steward is
 * judged each time (they are few). It judges everything when there is nothing to build on: the first check, new
 * rules or settings (their hash is kept), rule problems, a check that failed, a check as of an earlier day than
 * the last one (a trial), another check recorded meanwhile, or when asked.
 *
 * A trial runs inside a transaction that is rolled back (src/app.ts withoutTrace): the state it would leave goes
 * with it, so a trial never moves the state on.
 */
import type { DateTime } from 'luxon';
import type { Finding, Severity, Steward } from '../domain';
import { sortWorstFirstInTurns } from '../rules/evaluate';
import type { LoadedRules } from '../rules/load';
import { nextTurn, Turns } from '../rules/turns';
import { checkStateRun, clearDatasetChanges, dropCheckState, recordWakeups, writeCheckState } from '../store/check-state';
import type { Db } from '../store/db';
import { recordFindingsInTurns, startRun, type RecordOutcome } from '../store/findings';
import { toStoredInstant } from '../time/days';
import type { FrequencyCatalogue } from '../time/frequency';
import { kyivDayOfMs } from '../time/kyiv-dates';
import { checkKey } from './key';
import { judgeRegister, type JudgedHow } from './judge-register';

export interface CheckContext {
  readonly db: Db;
  readonly graceDays: number;
  readonly dueSoonDays: number;
  readonly frequencyOverrides: Readonly<Record<string, string>>;
  readonly frequencies: FrequencyCatalogue;
  /** The frequency table as read (it is part of the state's key). */
  readonly frequencyTable: string;
}

export interface CheckOptions {
  /** Judge every dataset even when the last check could be built on. */
  readonly full?: boolean;
}

export interface RegisterCheck {
  readonly runId: number;
  /** Every open finding, worst first: what a full check gives. */
  readonly findings: readonly Finding[];
  readonly outcome: RecordOutcome;
  /** Rule files that could not be loaded, and rules that failed while running. */
  readonly ruleProblems: readonly string[];
  readonly stewards: readonly Steward[];
  /** How the register was judged, and how many datasets were (null: every one). */
  readonly judged: { readonly how: JudgedHow; readonly datasets: number | null };
}

/** An open dataset finding as read: id, rule, subject id, steward, stewards (JSON), severity, message, due at, days overdue. */
type OpenDatasetFinding = [number, string, string, string | null, string, Severity, string, string | null, number | null];

/**
 * The open dataset findings as recorded, in the order a full check makes them (datasets by id, a dataset's rules
 * in order), for the rules that ran: with the task and steward findings just made, a full check's list.
 */
async function recordedDatasetFindings(db: Db, rules: readonly string[], pause: () => Promise<void> | null): Promise<Finding[]> {
  const rank = new Map(rules.map((r, i) => [r, i]));
  const page = db
    .prepare(
      `SELECT id, rule, subject_id, steward_id, stewards, severity, message, due_at, days_overdue FROM findings
        WHERE resolved_at IS NULL AND subject_type = 'dataset' AND (subject_id, id) > (?, ?)
        ORDER BY subject_id, id LIMIT 1000`,
    )
    .raw();
  const lists = new Map<string, readonly string[]>();
  const out: Finding[] = [];
  let group: OpenDatasetFinding[] = [];
  const flush = (): void => {
    if (group.length > 1) group.sort((a, b) => (rank.get(a[1]) as number) - (rank.get(b[1]) as number));
    for (const r of group) {
      let stewards = lists.get(r[4]);
      if (stewards === undefined) {
        stewards = Object.freeze(JSON.parse(r[4]) as string[]);
        lists.set(r[4], stewards);
      }
      out.push({ rule: r[1], severity: r[5], subject: { type: 'dataset', id: r[2] }, steward: r[3], stewards, dueAt: r[7], daysOverdue: r[8], message: r[6] });
    }
    group = [];
  };
  for (let rows = page.all('', -1) as OpenDatasetFinding[]; rows.length > 0; ) {
    for (const r of rows) {
      if (!rank.has(r[1])) continue;
      if (group.length > 0 && group[0][2] !== r[2]) flush();
      group.push(r);
    }
    const last = rows[rows.length - 1];
    const turn = pause();
    if (turn !== null) await turn;
    rows = page.all(last[2], last[0]) as OpenDatasetFinding[];
  }
  flush();
  return out;
}

export async function checkRegister(ctx: CheckContext, loaded: LoadedRules, now: DateTime, startedAt: DateTime, opts: CheckOptions = {}): Promise<RegisterCheck> {
  const { db } = ctx;
  const today = kyivDayOfMs(now.toMillis());
  const key = checkKey({ rules: loaded.rules, problems: loaded.problems, graceDays: ctx.graceDays, dueSoonDays: ctx.dueSoonDays, frequencies: ctx.frequencyOverrides, frequencyTable: ctx.frequencyTable });
  const judged = await judgeRegister(ctx, { now, today, rules: loaded.rules, problems: loaded.problems, key, full: opts.full ?? false });
  await nextTurn();
  const { evaluation } = judged;
  const problems = [...loaded.problems, ...evaluation.errors];
  const nowIso = toStoredInstant(now);
  const runId = startRun(db, toStoredInstant(startedAt), nowIso);
  const turns = new Turns(1);
  const pause = (): Promise<void> | null => turns.due();
  const allRules = loaded.problems.length === 0 ? new Set(loaded.rules.map((r) => r.name)) : null;
  const outcome = await recordFindingsInTurns(db, runId, evaluation.findings, evaluation.evaluatedRules, nowIso, problems, allRules, pause, judged.suspended,
    judged.scope === null ? null : { datasets: judged.scope }, async () => {
      // In the same transaction as the findings: the state always says what the recorded findings were judged with.
      await nextTurn();
      clearDatasetChanges(db, judged.changesUpTo);
      await nextTurn();
      // Another check recorded while this one judged: what it left may be newer than what this one read.
      const raced = checkStateRun(db) !== judged.baseRun;
      if (problems.length > 0 || raced) dropCheckState(db);
      else {
        writeCheckState(db, runId, key, today);
        await recordWakeups(db, today, judged.wakeups, judged.scope === null, pause);
      }
    });
  let findings: readonly Finding[] = evaluation.findings;
  if (judged.scope !== null) {
    const others = judged.found.filter((f) => f.subject.type !== 'dataset' && evaluation.evaluatedRules.has(f.rule));
    const datasetRules = judged.datasetRuleOrder.filter((r) => evaluation.evaluatedRules.has(r));
    findings = await sortWorstFirstInTurns([...(await recordedDatasetFindings(db, datasetRules, pause)), ...others], turns);
  }
  return { runId, findings, outcome, ruleProblems: problems, stewards: judged.stewards, judged: { how: judged.how, datasets: judged.scope === null ? null : judged.scope.length } };
}

