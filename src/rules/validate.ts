import { Engine } from 'json-rules-engine';
import { SEVERITIES, SUBJECT_TYPES, type Severity, type SubjectType } from '../domain';
import { FACTS, MESSAGE_VARS } from './catalogue';

/** A rule as odmon runs it: json-rules-engine's own JSON plus what odmon reads from `event.params`. */
export interface RuleDefinition {
  readonly name: string;
  readonly file: string;
  /** JSON path of the rule inside its file (`` for a file holding one rule, `[2]` in an array). */
  readonly at: string;
  readonly subject: SubjectType;
  readonly severity: Severity;
  readonly message: string;
  readonly priority: number;
  /** The facts its conditions read: evaluation is memoised on their values. */
  readonly facts: readonly string[];
  /** The JSON as written, handed to json-rules-engine unchanged. */
  readonly json: Record<string, unknown>;
}

const RULE_KEYS = ['name', 'description', 'priority', 'conditions', 'event'];
const CONDITION_KEYS = ['fact', 'operator', 'value', 'params', 'path', 'name', 'priority'];
const NAME_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** json-rules-engine's own operator table, decorators included (`not:equal`, `everyValue:in`, …). */
const operatorMap = (new Engine() as unknown as { operators: unknown }).operators as { get(name: string): unknown; operators: Map<string, unknown> };
const BASE_OPERATORS = [...operatorMap.operators.keys()].filter((k) => !k.includes(':'));

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const join = (base: string, key: string | number): string =>
  typeof key === 'number' ? `${base}[${key}]` : base === '' ? key : `${base}.${key}`;

/**
 * Checks one rule: shape first, then meaning (known subject, facts, operators, message placeholders).
 * Returns the definition, or every problem found, each as `FILE: PATH: what is wrong`.
 */
export function validateRule(
  json: unknown,
  file: string,
  at: string,
): { ok: true; rule: RuleDefinition } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const where = (p: string): string => `${file}: ${p === '' ? '(top level)' : p}`;
  if (!isObject(json)) return { ok: false, problems: [`${where(at)}: a rule must be a JSON object`] };
  for (const k of Object.keys(json)) {
    if (!RULE_KEYS.includes(k)) problems.push(`${where(join(at, k))}: unknown key "${k}" (known: ${RULE_KEYS.join(', ')})`);
  }
  const name = json.name;
  if (typeof name !== 'string' || !NAME_RE.test(name)) {
    problems.push(`${where(join(at, 'name'))}: must be a kebab-case string like "stale-publication", got ${JSON.stringify(name)}`);
  }
  if (json.priority !== undefined && !(typeof json.priority === 'number' && Number.isInteger(json.priority) && json.priority >= 1)) {
    problems.push(`${where(join(at, 'priority'))}: must be a whole number of 1 or more, got ${JSON.stringify(json.priority)}`);
  }
  const event = json.event;
  let subject: SubjectType | null = null;
  let severity: Severity | null = null;
  let message: string | null = null;
  const ep = join(at, 'event');
  if (!isObject(event)) problems.push(`${where(ep)}: must be an object {type, params}`);
  else {
    if (typeof event.type !== 'string' || event.type === '') problems.push(`${where(join(ep, 'type'))}: must be a non-empty string`);
    const params = event.params;
    const pp = join(ep, 'params');
    if (!isObject(params)) problems.push(`${where(pp)}: must be an object {subject, severity, message}`);
    else {
      if (typeof params.subject === 'string' && (SUBJECT_TYPES as readonly string[]).includes(params.subject)) {
        subject = params.subject as SubjectType;
      } else {
        problems.push(`${where(join(pp, 'subject'))}: ${JSON.stringify(params.subject)} is not a subject (known: ${SUBJECT_TYPES.join(', ')})`);
      }
      if (typeof params.severity === 'string' && (SEVERITIES as readonly string[]).includes(params.severity)) {
        severity = params.severity as Severity;
      } else {
        problems.push(`${where(join(pp, 'severity'))}: ${JSON.stringify(params.severity)} is not a severity (known: ${SEVERITIES.join(', ')})`);
      }
      if (typeof params.message === 'string' && params.message.trim() !== '') message = params.message;
      else problems.push(`${where(join(pp, 'message'))}: must be a non-empty Ukrainian message template`);
      if (message !== null && subject !== null) {
        for (const m of message.matchAll(/\{\{\s*([^}\s]*)\s*\}\}/g)) {
          if (!MESSAGE_VARS[subject].includes(m[1])) {
            problems.push(
              `${where(join(pp, 'message'))}: placeholder {{${m[1]}}} is not known for a ${subject} (known: ${MESSAGE_VARS[subject].join(', ')})`,
            );
          }
        }
      }
    }
  }
  const facts = new Set<string>();
  const cp = join(at, 'conditions');
  if (!isObject(json.conditions)) problems.push(`${where(cp)}: must be an object with "all", "any" or "not"`);
  else checkTop(json.conditions, cp, subject, problems, where, facts);
  if (problems.length > 0 || subject === null || severity === null || message === null) return { ok: false, problems };
  return {
    ok: true,
    rule: {
      name: name as string,
      file,
      at,
      subject,
      severity,
      message,
      priority: (json.priority as number | undefined) ?? 1,
      facts: [...facts].sort(),
      json,
    },
  };
}

function checkTop(
  c: Record<string, unknown>,
  path: string,
  subject: SubjectType | null,
  problems: string[],
  where: (p: string) => string,
  facts: Set<string>,
): void {
  const groups = ['all', 'any', 'not'].filter((k) => k in c);
  if ('condition' in c) {
    problems.push(`${where(join(path, 'condition'))}: shared conditions are not supported; write the conditions out`);
    return;
  }
  if (groups.length !== 1) {
    problems.push(`${where(path)}: must have exactly one of "all", "any", "not" (found ${groups.length ? groups.join(', ') : 'none'})`);
    return;
  }
  for (const k of Object.keys(c)) {
    if (!['all', 'any', 'not', 'name', 'priority'].includes(k)) problems.push(`${where(join(path, k))}: unknown key "${k}"`);
  }
  const g = groups[0];
  const gp = join(path, g);
  if (g === 'not') {
    checkCondition(c.not, gp, subject, problems, where, facts);
    return;
  }
  const list = c[g];
  if (!Array.isArray(list)) {
    problems.push(`${where(gp)}: must be an array of conditions`);
    return;
  }
  list.forEach((item, i) => checkCondition(item, join(gp, i), subject, problems, where, facts));
}

function checkCondition(
  c: unknown,
  path: string,
  subject: SubjectType | null,
  problems: string[],
  where: (p: string) => string,
  facts: Set<string>,
): void {
  if (!isObject(c)) {
    problems.push(`${where(path)}: a condition must be an object`);
    return;
  }
  if ('all' in c || 'any' in c || 'not' in c || 'condition' in c) {
    checkTop(c, path, subject, problems, where, facts);
    return;
  }
  for (const k of Object.keys(c)) {
    if (!CONDITION_KEYS.includes(k)) problems.push(`${where(join(path, k))}: unknown key "${k}" (known: ${CONDITION_KEYS.join(', ')})`);
  }
  checkFact(c.fact, join(path, 'fact'), subject, problems, where, facts);
  if ('path' in c) problems.push(`${where(join(path, 'path'))}: facts are plain values; "path" is not supported`);
  if (typeof c.operator !== 'string' || operatorMap.get(c.operator) === null) {
    problems.push(
      `${where(join(path, 'operator'))}: ${JSON.stringify(c.operator)} is not known (known: ${BASE_OPERATORS.join(', ')}; prefixes: not:, someFact:, someValue:, everyFact:, everyValue:, swap:)`,
    );
  }
  if (!('value' in c)) problems.push(`${where(path)}: "value" is missing`);
  else if (isObject(c.value)) {
    if ('fact' in c.value) checkFact(c.value.fact, join(join(path, 'value'), 'fact'), subject, problems, where, facts);
    else problems.push(`${where(join(path, 'value'))}: an object value must be {"fact": NAME}`);
  }
}

function checkFact(
  fact: unknown,
  path: string,
  subject: SubjectType | null,
  problems: string[],
  where: (p: string) => string,
  facts: Set<string>,
): void {
  if (typeof fact !== 'string') {
    problems.push(`${where(path)}: must be a fact name`);
    return;
  }
  if (subject === null) return; // already reported: cannot tell which facts are known
  // Own keys only: `in` would also accept "toString" or "constructor" from Object.prototype, which then
  // fail as undefined facts at run time instead of here.
  if (!Object.hasOwn(FACTS[subject], fact)) {
    problems.push(`${where(path)}: fact "${fact}" is not known for a ${subject} (known: ${Object.keys(FACTS[subject]).join(', ')})`);
    return;
  }
  facts.add(fact);
}
