import { Engine } from 'json-rules-engine';
import { SEVERITIES, type Finding, type SubjectType } from '../domain';
import { compileRule, plainFacts, type Predicate } from './compile';
import { bounded, TEXT_LIMITS } from '../text';
import { Turns } from './turns';
import type { Subject } from './subjects';
import type { RuleDefinition } from './validate';

export interface Evaluation {
  readonly findings: Finding[];
  /** Rules that ran on every subject without an error: only their stale findings may be resolved. */
  readonly evaluatedRules: Set<string>;
  /** One line per rule that failed, naming its file. */
  readonly errors: string[];
}

export interface EvaluateOptions {
  /** false: every rule by json-rules-engine runs, memoised, as before rules were compiled (the bench's reference). */
  readonly compile?: boolean;
}

/** Facts whose presence in a rule makes the finding carry the subject's deadline. */
const DEADLINE_FACTS = ['daysOverdue', 'daysUntilDue'];
const MESSAGE_VAR = /\{\{\s*([^}\s]*)\s*\}\}/;

/** A placeholder's value in a finding's message: a register or portal text is cut to a title's length. */
const varText = (v: string | undefined): string => (v === undefined ? '' : v.length > TEXT_LIMITS.title ? bounded(v, TEXT_LIMITS.title) : v);

export function renderMessage(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*([^}\s]*)\s*\}\}/g, (_, name: string) => varText(vars[name]));
}

/** renderMessage for one template, split once into text and placeholder names: the same string, without a regex per finding. */
export function messageRenderer(template: string): (vars: Readonly<Record<string, string>>) => string {
  const parts = template.split(MESSAGE_VAR); // text, name, text, name, …, text
  if (parts.length === 1) return () => template;
  return (vars) => {
    let out = parts[0];
    for (let i = 1; i < parts.length; i += 2) out += varText(vars[parts[i]]) + parts[i + 1];
    return out;
  };
}

function engineFor(rules: readonly RuleDefinition[]): Engine {
  const engine = new Engine([], { allowUndefinedFacts: false });
  for (const r of rules) engine.addRule({ ...(r.json as object), name: r.name } as never);
  return engine;
}

async function matchingRules(engine: Engine, facts: Subject['facts']): Promise<string[]> {
  const { results } = await engine.run({ ...facts });
  return results.map((r) => String(r.name));
}

/** One rule as evaluation uses it. */
interface Judge {
  readonly rule: RuleDefinition;
  /** Its place among the rules of its subject type: failures found on one subject are reported in this order. */
  readonly index: number;
  /** null: left to json-rules-engine. */
  readonly predicate: Predicate | null;
  readonly render: (vars: Readonly<Record<string, string>>) => string;
  readonly withDeadline: boolean;
  alone?: Engine;
}

interface Failure {
  readonly judge: Judge;
  readonly cause: unknown;
}

/** Runs one rule alone in json-rules-engine: its answer, or the failure. */
async function askEngine(j: Judge, facts: Subject['facts']): Promise<boolean | Failure> {
  j.alone ??= engineFor([j.rule]);
  try {
    return (await matchingRules(j.alone, facts)).length > 0;
  } catch (cause) {
    return { judge: j, cause };
  }
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The memo key of the facts the rules read: equal keys mean equal values, missing facts told from null (JSON
 * alone would merge undefined, null and NaN). null — do not memoise — when a fact is not a plain value.
 */
function memoKey(names: readonly string[], facts: Subject['facts']): string | null {
  let key = '';
  for (const name of names) {
    const v: unknown = facts[name];
    if (v === undefined) key += hasOwn.call(facts, name) ? 'u|' : 'm|';
    else if (typeof v === 'string') key += `${JSON.stringify(v)}|`;
    else if (typeof v === 'number') key += `${Object.is(v, -0) ? '-0' : String(v)}|`;
    else if (typeof v === 'boolean' || v === null) key += `${String(v)}|`;
    else return null;
  }
  return key;
}

/**
 * The rules that could not be compiled, run together by json-rules-engine, one `run()` at a time (parallel runs
 * on one engine can skip rules). json-rules-engine is a pure function of the facts, so the outcome is memoised
 * on the values of the facts the rules read (memoKey). If a run fails, each rule is tried alone to find the
 * broken one, which is reported and dropped; the others still run.
 */
class EngineRuns {
  private engine: Engine;
  private factNames: string[];
  private cache = new Map<string, string[]>();

  constructor(private judges: Judge[]) {
    this.engine = engineFor(judges.map((j) => j.rule));
    this.factNames = [...new Set(judges.flatMap((j) => j.rule.facts))].sort();
  }

  /** No rule left to run: every rule was compiled, or failed. */
  get idle(): boolean {
    return this.judges.length === 0;
  }

  async run(facts: Subject['facts'], failures: Failure[]): Promise<Judge[]> {
    if (this.judges.length === 0) return [];
    let key = memoKey(this.factNames, facts);
    let matched = key === null ? undefined : this.cache.get(key);
    if (matched === undefined) {
      try {
        matched = await matchingRules(this.engine, facts);
      } catch {
        const broken = new Set<Judge>();
        for (const j of this.judges) {
          const answer = await askEngine(j, facts);
          if (typeof answer !== 'boolean') {
            failures.push(answer);
            broken.add(j);
          }
        }
        this.judges = this.judges.filter((j) => !broken.has(j));
        this.engine = engineFor(this.judges.map((j) => j.rule));
        this.factNames = [...new Set(this.judges.flatMap((j) => j.rule.facts))].sort();
        this.cache = new Map();
        key = memoKey(this.factNames, facts);
        matched = await matchingRules(this.engine, facts);
      }
      if (key !== null) this.cache.set(key, matched);
    }
    const names = new Set(matched);
    return this.judges.filter((j) => names.has(j.rule.name));
  }
}

/**
 * Evaluates every rule on every subject of its type, with json-rules-engine's meaning. Rules are compiled into
 * plain predicates (compile.ts) where possible; where a predicate cannot answer (a missing fact, an operator
 * that would throw), that rule asks json-rules-engine itself for that subject. Rules that cannot be compiled
 * are run by json-rules-engine, memoised. A rule that fails is reported with its file and dropped; the others
 * still run, and its findings are left out. The event loop gets a turn every TURN_MS or so.
 */
export async function evaluate(
  rules: readonly RuleDefinition[],
  subjects: Readonly<Record<SubjectType, readonly Subject[]>>,
  options: EvaluateOptions = {},
): Promise<Evaluation> {
  const findings: Finding[] = [];
  const failed = new Map<string, string>();
  const turns = new Turns();
  for (const type of Object.keys(subjects) as SubjectType[]) {
    const active = rules.filter((r) => r.subject === type);
    if (active.length === 0) continue;
    engineFor(active); // a rule json-rules-engine refuses throws here, as it always did
    const judges: Judge[] = active.map((rule, index) => ({
      rule,
      index,
      predicate: options.compile === false ? null : compileRule(rule.json),
      render: messageRenderer(rule.message),
      withDeadline: rule.facts.some((f) => DEADLINE_FACTS.includes(f)),
    }));
    const compiled = judges.filter((j) => j.predicate !== null);
    const engineRuns = new EngineRuns(judges.filter((j) => j.predicate === null));
    for (const subject of subjects[type]) {
      const turn = turns.due();
      if (turn !== null) await turn;
      const failures: Failure[] = [];
      const hits: Judge[] = [];
      const plain = plainFacts(subject.facts);
      for (const j of compiled) {
        if (failed.has(j.rule.name)) continue;
        let holds: boolean | Failure | null = null;
        if (plain) {
          try {
            holds = (j.predicate as Predicate)(subject.facts);
          } catch {
            holds = null; // the engine may fail here, or answer after stopping early: ask it
          }
        }
        if (holds === null) holds = await askEngine(j, subject.facts);
        if (typeof holds !== 'boolean') failures.push(holds);
        else if (holds) hits.push(j);
      }
      if (!engineRuns.idle) hits.push(...(await engineRuns.run(subject.facts, failures)));
      for (const { judge, cause } of failures.sort((a, b) => a.judge.index - b.judge.index)) {
        failed.set(judge.rule.name, `${judge.rule.file}: rule "${judge.rule.name}" failed on ${type} "${subject.id}": ${(cause as Error).message}`);
      }
      for (const j of hits) {
        findings.push({
          rule: j.rule.name,
          severity: j.rule.severity,
          subject: { type, id: subject.id },
          steward: subject.steward,
          stewards: subject.stewards,
          dueAt: j.withDeadline ? subject.dueAt : null,
          daysOverdue: j.withDeadline ? subject.daysOverdue : null,
          message: j.render(subject.vars),
        });
      }
    }
  }
  const kept = failed.size === 0 ? findings : findings.filter((f) => !failed.has(f.rule));
  const evaluatedRules = new Set(rules.filter((r) => !failed.has(r.name)).map((r) => r.name));
  return { findings: await sortWorstFirstInTurns(kept, new Turns(1)), evaluatedRules, errors: [...failed.values()] };
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
  const ruleNames = [...new Set(list.map((f) => f.rule))].sort(byRule);
  const ruleRank = new Map(ruleNames.map((r, i) => [r, i]));
  for (let i = 1; i < ruleNames.length; i++) if (byRule(ruleNames[i - 1], ruleNames[i]) === 0) ruleRank.set(ruleNames[i], ruleRank.get(ruleNames[i - 1]) as number);
  const runs = new Map<string, { severity: number; overdue: number; rule: number; list: T[] }>();
  for (const f of list) {
    const severity = rank(f.severity);
    const overdue = f.daysOverdue ?? -Infinity;
    const rule = ruleRank.get(f.rule) as number;
    const key = `${severity} ${overdue} ${rule}`;
    let run = runs.get(key);
    if (run === undefined) {
      run = { severity, overdue, rule, list: [] };
      runs.set(key, run);
    }
    run.list.push(f);
  }
  return [...runs.values()]
    .sort((a, b) => a.severity - b.severity || (a.overdue === b.overdue ? 0 : b.overdue - a.overdue) || a.rule - b.rule)
    .map((r) => r.list);
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
async function sortWorstFirstInTurns<T extends Finding>(list: readonly T[], turns: Turns): Promise<T[]> {
  const sorted: T[] = [];
  for (const run of runsWorstFirst(list)) {
    let inOrder = true;
    for (let i = 1; i < run.length && inOrder; i++) {
      inOrder = bySubjectOf(run[i - 1], run[i]) <= 0;
      const turn = turns.due();
      if (turn !== null) await turn;
    }
    if (!inOrder) run.sort(bySubjectOf);
    for (const f of run) sorted.push(f);
  }
  return sorted;
}
