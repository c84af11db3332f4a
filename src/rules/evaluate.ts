import { Engine } from 'json-rules-engine';
import { SEVERITIES, type Finding, type SubjectType } from '../domain';
import type { Subject } from './subjects';
import type { RuleDefinition } from './validate';

export interface Evaluation {
  readonly findings: Finding[];
  /** Rules that ran on every subject without an error: only their stale findings may be resolved. */
  readonly evaluatedRules: Set<string>;
  /** One line per rule that failed, naming its file. */
  readonly errors: string[];
}

/** Facts whose presence in a rule makes the finding carry the subject's deadline. */
const DEADLINE_FACTS = ['daysOverdue', 'daysUntilDue'];
/** Subjects evaluated between two yields to the event loop, so timers and SMTP timeouts keep running. */
const CHUNK = 256;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function renderMessage(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*([^}\s]*)\s*\}\}/g, (_, name: string) => vars[name] ?? '');
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

/**
 * Evaluates every rule on every subject of its type with json-rules-engine, one `run()` at a time (parallel
 * runs on one engine can skip rules). json-rules-engine is a pure function of the facts, so the outcome is
 * memoised on the values of the facts the rules read: a register of thousands of datasets has far fewer
 * distinct fact sets. If a run fails, each rule is tried alone to find the broken one, which is reported and
 * dropped; the others still run.
 */
export async function evaluate(
  rules: readonly RuleDefinition[],
  subjects: Readonly<Record<SubjectType, readonly Subject[]>>,
): Promise<Evaluation> {
  const findings: Finding[] = [];
  const failed = new Map<string, string>();
  const byName = new Map(rules.map((r) => [r.name, r]));
  for (const type of Object.keys(subjects) as SubjectType[]) {
    let active = rules.filter((r) => r.subject === type);
    if (active.length === 0) continue;
    let engine = engineFor(active);
    let factNames = [...new Set(active.flatMap((r) => r.facts))].sort();
    let cache = new Map<string, string[]>();
    let work = 0;
    for (const subject of subjects[type]) {
      const key = JSON.stringify(factNames.map((f) => subject.facts[f]));
      let matched = cache.get(key);
      if (matched === undefined) {
        if (++work % CHUNK === 0) await yieldToEventLoop();
        try {
          matched = await matchingRules(engine, subject.facts);
        } catch {
          for (const r of active) {
            try {
              await matchingRules(engineFor([r]), subject.facts);
            } catch (cause) {
              failed.set(r.name, `${r.file}: rule "${r.name}" failed on ${type} "${subject.id}": ${(cause as Error).message}`);
            }
          }
          active = active.filter((r) => !failed.has(r.name));
          engine = engineFor(active);
          factNames = [...new Set(active.flatMap((r) => r.facts))].sort();
          cache = new Map();
          matched = await matchingRules(engine, subject.facts);
        }
        cache.set(key, matched);
      }
      for (const name of matched) {
        const rule = byName.get(name) as RuleDefinition;
        const withDeadline = rule.facts.some((f) => DEADLINE_FACTS.includes(f));
        findings.push({
          rule: name,
          severity: rule.severity,
          subject: { type, id: subject.id },
          steward: subject.steward,
          stewards: subject.stewards,
          dueAt: withDeadline ? subject.dueAt : null,
          daysOverdue: withDeadline ? subject.daysOverdue : null,
          message: renderMessage(rule.message, subject.vars),
        });
      }
    }
  }
  const kept = findings.filter((f) => !failed.has(f.rule));
  const evaluatedRules = new Set(rules.filter((r) => !failed.has(r.name)).map((r) => r.name));
  return { findings: sortWorstFirst(kept), evaluatedRules, errors: [...failed.values()] };
}

/** Worst first: severity, then the longest overdue, then a stable order by rule and subject. */
export function sortWorstFirst<T extends Finding>(list: readonly T[]): T[] {
  const rank = (s: string): number => SEVERITIES.indexOf(s as never);
  return [...list].sort(
    (a, b) =>
      rank(a.severity) - rank(b.severity) ||
      (b.daysOverdue ?? -Infinity) - (a.daysOverdue ?? -Infinity) ||
      a.rule.localeCompare(b.rule) ||
      a.subject.id.localeCompare(b.subject.id, undefined, { numeric: true }),
  );
}
