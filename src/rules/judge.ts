/**
 * The rules of one subject type, ready to judge subjects one at a time with json-rules-engine's meaning. Rules
 * are compiled into plain predicates (compile.ts) where possible; where a predicate cannot answer (a missing
 * fact, an operator that would throw), that rule asks json-rules-engine itself for that subject. Rules that
 * cannot be compiled are run by json-rules-engine, memoised. A rule that fails is reported with its file and
 * dropped; the others still run. The common case — every rule compiled, plain facts — answers synchronously.
 */
import { Engine } from 'json-rules-engine';
import type { Finding, SubjectType } from '../domain';
import { bounded, TEXT_LIMITS } from '../text';
import { compileRule, plainFacts, type Predicate } from './compile';
import type { Subject } from './subjects';
import type { RuleDefinition } from './validate';

/** Facts whose presence in a rule makes the finding carry the subject's deadline. */
export const DEADLINE_FACTS: readonly string[] = ['daysOverdue', 'daysUntilDue'];
const MESSAGE_VAR = /\{\{\s*([^}\s]*)\s*\}\}/;

/** A placeholder's value in a finding's message: a register or portal text is cut to a title's length. */
const varText = (v: string | undefined): string => (v === undefined ? '' : v.length > TEXT_LIMITS.title ? bounded(v, TEXT_LIMITS.title) : v);

export function renderMessage(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*([^}\s]*)\s*\}\}/g, (_, name: string) => varText(vars[name]));
}

/** A subject's placeholders: all of them, or something that gives them one at a time. */
export type MessageVars = Readonly<Record<string, string>> | { readonly varOf: (name: string) => string | undefined };

/**
 * renderMessage for one template, split once into text and placeholder names: the same string, without a regex
 * per finding. The placeholders come as an object or a lookup (a dataset's, which need not build them all).
 */
export function messageRenderer(template: string): (vars: MessageVars) => string {
  const parts = template.split(MESSAGE_VAR); // text, name, text, name, …, text
  if (parts.length === 1) return () => template;
  // Joined at once, not added piece by piece: a finding's message is kept, and a flat string is one object where
  // a chain of concatenations is one per piece until something flattens it.
  return (vars) => {
    const pieces = parts.slice();
    if (typeof vars.varOf === 'function') {
      const lookup = vars as { readonly varOf: (name: string) => string | undefined };
      for (let i = 1; i < pieces.length; i += 2) pieces[i] = varText(lookup.varOf(pieces[i]));
    } else for (let i = 1; i < pieces.length; i += 2) pieces[i] = varText((vars as Readonly<Record<string, string>>)[pieces[i]]);
    return pieces.join('');
  };
}

/** The placeholders a message template uses. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{\{\s*([^}\s]*)\s*\}\}/g)].map((m) => m[1]);
}

export function engineFor(rules: readonly RuleDefinition[]): Engine {
  const engine = new Engine([], { allowUndefinedFacts: false });
  for (const r of rules) engine.addRule({ ...(r.json as object), name: r.name } as never);
  return engine;
}

async function matchingRules(engine: Engine, facts: Subject['facts']): Promise<string[]> {
  const { results } = await engine.run({ ...facts });
  return results.map((r) => String(r.name));
}

/** One rule as evaluation uses it. */
export interface Judge {
  readonly rule: RuleDefinition;
  /** Its place among the rules of its subject type: failures found on one subject are reported in this order. */
  readonly index: number;
  /** null: left to json-rules-engine. */
  readonly predicate: Predicate | null;
  readonly render: (vars: MessageVars) => string;
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

/** No rule holds: most subjects' answer, shared (never changed). */
const NONE: Judge[] = Object.freeze([]) as unknown as Judge[];

export interface JudgeOptions {
  /** false: every rule by json-rules-engine runs, memoised, as before rules were compiled (the bench's reference). */
  readonly compile?: boolean;
  /** The subjects' facts are complete and plain (compile.ts CompileOptions): conditions may stop early. */
  readonly completeFacts?: boolean;
}

/**
 * Judges the subjects of one type. `failed` (rule name → what failed, naming its file) is shared by the judges of
 * one evaluation: a rule that failed is not asked again, and its findings are left out at the end.
 */
export class TypeJudge {
  readonly judges: readonly Judge[];
  private readonly compiled: readonly Judge[];
  private readonly engineRuns: EngineRuns;

  constructor(
    readonly type: SubjectType,
    readonly rules: readonly RuleDefinition[],
    private readonly failed: Map<string, string>,
    options: JudgeOptions = {},
  ) {
    engineFor(rules); // a rule json-rules-engine refuses throws here, as it always did
    this.judges = rules.map((rule, index) => ({
      rule,
      index,
      predicate: options.compile === false ? null : compileRule(rule.json, { completeFacts: options.completeFacts }),
      render: messageRenderer(rule.message),
      withDeadline: rule.facts.some((f) => DEADLINE_FACTS.includes(f)),
    }));
    this.compiled = this.judges.filter((j) => j.predicate !== null);
    this.engineRuns = new EngineRuns(this.judges.filter((j) => j.predicate === null));
  }

  /**
   * The rules that hold for `subject`: compiled ones first, in order, then those json-rules-engine ran. Without
   * a promise when every rule is compiled and answers; a predicate that throws sends the subject to the engine.
   */
  hits(subject: Pick<Subject, 'id' | 'facts'>): Judge[] | Promise<Judge[]> {
    if (!this.engineRuns.idle || !plainFacts(subject.facts)) return this.hitsAsked(subject);
    let out: Judge[] = NONE;
    for (const j of this.compiled) {
      if (this.failed.size > 0 && this.failed.has(j.rule.name)) continue;
      let holds: boolean;
      try {
        holds = (j.predicate as Predicate)(subject.facts);
      } catch {
        // The engine may fail here, or answer after stopping early: ask it (predicates are pure, so start over).
        return this.hitsAsked(subject);
      }
      if (holds) {
        if (out === NONE) out = [];
        out.push(j);
      }
    }
    return out;
  }

  private async hitsAsked(subject: Pick<Subject, 'id' | 'facts'>): Promise<Judge[]> {
    const failures: Failure[] = [];
    const hits: Judge[] = [];
    const plain = plainFacts(subject.facts);
    for (const j of this.compiled) {
      if (this.failed.has(j.rule.name)) continue;
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
    if (!this.engineRuns.idle) hits.push(...(await this.engineRuns.run(subject.facts, failures)));
    for (const { judge, cause } of failures.sort((a, b) => a.judge.index - b.judge.index)) {
      this.failed.set(judge.rule.name, `${judge.rule.file}: rule "${judge.rule.name}" failed on ${this.type} "${subject.id}": ${(cause as Error).message}`);
    }
    return hits;
  }

  /** The finding of a rule that holds for `subject`. */
  finding(subject: Subject, j: Judge): Finding {
    return {
      rule: j.rule.name,
      severity: j.rule.severity,
      subject: { type: this.type, id: subject.id },
      steward: subject.steward,
      stewards: subject.stewards,
      dueAt: j.withDeadline ? subject.dueAt : null,
      daysOverdue: j.withDeadline ? subject.daysOverdue : null,
      message: j.render(subject.varOf === undefined ? subject.vars : (subject as MessageVars)),
    };
  }
}
