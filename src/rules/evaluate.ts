/**
 * Evaluation: every rule on every subject of its type (judge.ts), the findings sorted worst first. A rule that
 * fails is reported with its file and dropped; the others still run, and its findings are left out. The event
 * loop gets a turn every TURN_MS or so.
 */
import { SEVERITIES, type Finding, type SubjectType } from '../domain';
import { TypeJudge, type JudgeOptions } from './judge';
import { Turns } from './turns';
import type { Subject } from './subjects';
import type { RuleDefinition } from './validate';

export { messageRenderer, renderMessage } from './judge';

export interface Evaluation {
  readonly findings: Finding[];
  /** Rules that ran on every subject without an error: only their stale findings may be resolved. */
  readonly evaluatedRules: Set<string>;
  /** One line per rule that failed, naming its file. */
  readonly errors: string[];
}

export type EvaluateOptions = JudgeOptions;

/** The judges of every subject type that has rules, in the order subjects are evaluated (dataset, task, steward). */
export function judgesFor(rules: readonly RuleDefinition[], types: readonly SubjectType[], failed: Map<string, string>, options: EvaluateOptions = {}): Map<SubjectType, TypeJudge> {
  const judges = new Map<SubjectType, TypeJudge>();
  for (const type of types) {
    const active = rules.filter((r) => r.subject === type);
    if (active.length > 0) judges.set(type, new TypeJudge(type, active, failed, options));
  }
  return judges;
}

/**
 * What an evaluation gives once its findings are in, in the order the subjects were judged: the findings of rules
 * that did not fail, worst first; the rules that ran everywhere; the failures.
 */
export async function concludeEvaluation(rules: readonly RuleDefinition[], findings: readonly Finding[], failed: ReadonlyMap<string, string>): Promise<Evaluation> {
  const kept = failed.size === 0 ? findings : findings.filter((f) => !failed.has(f.rule));
  const evaluatedRules = new Set(rules.filter((r) => !failed.has(r.name)).map((r) => r.name));
  return { findings: await sortWorstFirstInTurns(kept, new Turns()), evaluatedRules, errors: [...failed.values()] };
}

/** Evaluates every rule on every subject of its type, with json-rules-engine's meaning (judge.ts). */
export async function evaluate(
  rules: readonly RuleDefinition[],
  subjects: Readonly<Record<SubjectType, readonly Subject[]>>,
  options: EvaluateOptions = {},
): Promise<Evaluation> {
  const findings: Finding[] = [];
  const failed = new Map<string, string>();
  const turns = new Turns();
  for (const [type, judge] of judgesFor(rules, Object.keys(subjects) as SubjectType[], failed, options)) {
    for (const subject of subjects[type]) {
      const turn = turns.due();
      if (turn !== null) await turn;
      const found = judge.hits(subject);
      const hits = Array.isArray(found) ? found : await found;
      for (const j of hits) findings.push(judge.finding(subject, j));
    }
  }
  return concludeEvaluation(rules, findings, failed);
}

// localeCompare(that, locales, options) is specified as new Intl.Collator(locales, options).compare: made once here.
const byRule = new Intl.Collator().compare;
const bySubject = new Intl.Collator(undefined, { numeric: true }).compare;
const rank = (s: string): number => SEVERITIES.indexOf(s as never);

/**
 * The findings in runs of one severity, one lateness and one rule (rules whose names collate alike share a run),
 * worst run first; each run in the findings' order. Sorting each run by subject then gives the order of one
 * stable sort on (severity, lateness, rule, subject): a run holds the findings told apart by their subject only.
 */
function runsWorstFirst<T extends Finding>(list: readonly T[]): T[][] {
  const steps = runsWorstFirstSteps(list);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** runsWorstFirst as a generator that pauses (yields) every few thousand findings. */
function* runsWorstFirstSteps<T extends Finding>(list: readonly T[]): Generator<void, T[][]> {
  const ruleNames = [...new Set(list.map((f) => f.rule))].sort(byRule);
  const ruleRank = new Map(ruleNames.map((r, i) => [r, i]));
  for (let i = 1; i < ruleNames.length; i++) if (byRule(ruleNames[i - 1], ruleNames[i]) === 0) ruleRank.set(ruleNames[i], ruleRank.get(ruleNames[i - 1]) as number);
  // Runs by severity and rule, then by lateness: number keys, no string per finding.
  const width = ruleNames.length + 1;
  const groups = new Map<number, Map<number, T[]>>();
  for (let i = 0; i < list.length; i++) {
    const f = list[i];
    const group = rank(f.severity) * width + (ruleRank.get(f.rule) as number);
    const overdue = f.daysOverdue ?? -Infinity;
    let byOverdue = groups.get(group);
    if (byOverdue === undefined) {
      byOverdue = new Map();
      groups.set(group, byOverdue);
    }
    const run = byOverdue.get(overdue);
    if (run === undefined) byOverdue.set(overdue, [f]);
    else run.push(f);
    if ((i & 4095) === 4095) yield;
  }
  const runs: { severity: number; overdue: number; rule: number; list: T[] }[] = [];
  for (const [group, byOverdue] of groups) {
    for (const [overdue, run] of byOverdue) runs.push({ severity: Math.floor(group / width), overdue, rule: group % width, list: run });
  }
  return runs
    .sort((a, b) => a.severity - b.severity || (a.overdue === b.overdue ? 0 : b.overdue - a.overdue) || a.rule - b.rule)
    .map((r) => r.list);
}

/**
 * True when bySubject surely puts `a` before `b` (or level), told without the collator for ids such as ds-000123:
 * the same length, the same printable ASCII up to a point and only digits from there. Numeric collation compares
 * the digit runs by value; behind an identical prefix, equally long digit strings compare as text.
 */
function surelyInOrder(a: string, b: string): boolean {
  if (a === b) return true;
  const n = a.length;
  if (n !== b.length) return false;
  let i = 0;
  for (; i < n; i++) {
    const c = a.charCodeAt(i);
    if (c !== b.charCodeAt(i)) break;
    if (c < 0x20 || c > 0x7e) return false;
  }
  for (let k = i; k < n; k++) {
    const x = a.charCodeAt(k);
    const y = b.charCodeAt(k);
    if (x < 48 || x > 57 || y < 48 || y > 57) return false;
  }
  return a.charCodeAt(i) < b.charCodeAt(i);
}

const bySubjectOf = (a: Finding, b: Finding): number => bySubject(a.subject.id, b.subject.id);

/**
 * Worst first: severity, then the longest overdue, then a stable order by rule and subject — as one stable sort
 * on all four would order them, but collating subject ids only within runs (runsWorstFirst), where they are
 * mostly in order already: a merge sort then checks each pair once.
 */
export function sortWorstFirst<T extends Finding>(list: readonly T[]): T[] {
  return runsWorstFirst(list).flatMap((run) => run.sort(bySubjectOf));
}

/**
 * sortWorstFirst taking turns with the event loop: 100,000 findings collate for 100 ms or more. A run already in
 * order (the usual case: subjects are listed by id) is only checked, pair by pair, between turns.
 */
export async function sortWorstFirstInTurns<T extends Finding>(list: readonly T[], turns: Turns): Promise<T[]> {
  // (surelyInOrder stands in for the collator where it can: test/rules/compile-evaluate.test.ts holds it to sortWorstFirst.)
  const steps = runsWorstFirstSteps(list);
  let runs: T[][];
  for (;;) {
    const step = steps.next();
    if (step.done) {
      runs = step.value;
      break;
    }
    const turn = turns.due();
    if (turn !== null) await turn;
  }
  const sorted: T[] = [];
  for (const run of runs) {
    let inOrder = true;
    for (let i = 1; i < run.length && inOrder; i++) {
      const a = run[i - 1].subject.id;
      const b = run[i].subject.id;
      inOrder = surelyInOrder(a, b) || bySubject(a, b) <= 0;
      const turn = turns.due();
      if (turn !== null) await turn;
    }
    if (!inOrder) run.sort(bySubjectOf);
    for (const f of run) sorted.push(f);
  }
  return sorted;
}
