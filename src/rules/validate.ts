import { distance } from 'fastest-levenshtein';
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

/** A value as a message quotes it; `нічого` for a missing one. */
const shown = (v: unknown): string => (v === undefined ? 'нічого' : JSON.stringify(v));

/** The known name within two edits of `name` (case ignored), or null. */
function closestName(name: string, known: readonly string[]): string | null {
  const near = known.map((k) => ({ k, d: distance(name.toLowerCase(), k.toLowerCase()) })).sort((a, b) => a.d - b.d)[0];
  return near !== undefined && near.d <= 2 ? near.k : null;
}

/** `; можливо, "daysOverdue"?` for a name close to a known one, else the known names listed. */
function suggestion(name: string, known: readonly string[]): string {
  const near = closestName(name, known);
  return near !== null ? `; можливо, "${near}"?` : ` (відомі: ${known.join(', ')})`;
}

/**
 * Checks one rule: shape first, then meaning (known subject, facts, operators, message placeholders).
 * Returns the definition, or every problem found, each as `FILE: PATH: what is wrong` (in Ukrainian; keys, fact
 * names, operators and paths as they are written).
 */
export function validateRule(
  json: unknown,
  file: string,
  at: string,
): { ok: true; rule: RuleDefinition } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const where = (p: string): string => `${file}: ${p === '' ? '(верхній рівень)' : p}`;
  if (!isObject(json)) return { ok: false, problems: [`${where(at)}: правило має бути об’єктом JSON`] };
  for (const k of Object.keys(json)) {
    if (!RULE_KEYS.includes(k)) problems.push(`${where(join(at, k))}: невідомий ключ "${k}" (відомі: ${RULE_KEYS.join(', ')})`);
  }
  const name = json.name;
  if (typeof name !== 'string' || !NAME_RE.test(name)) {
    problems.push(`${where(join(at, 'name'))}: має бути рядком у kebab-case на зразок "stale-publication"; отримано: ${shown(name)}`);
  }
  if (json.priority !== undefined && !(typeof json.priority === 'number' && Number.isInteger(json.priority) && json.priority >= 1)) {
    problems.push(`${where(join(at, 'priority'))}: має бути цілим числом від 1; отримано: ${shown(json.priority)}`);
  }
  const event = json.event;
  let subject: SubjectType | null = null;
  let severity: Severity | null = null;
  let message: string | null = null;
  const ep = join(at, 'event');
  if (!isObject(event)) problems.push(`${where(ep)}: має бути об’єктом {type, params}`);
  else {
    if (typeof event.type !== 'string' || event.type === '') problems.push(`${where(join(ep, 'type'))}: має бути непорожнім рядком`);
    const params = event.params;
    const pp = join(ep, 'params');
    if (!isObject(params)) problems.push(`${where(pp)}: має бути об’єктом {subject, severity, message}`);
    else {
      if (typeof params.subject === 'string' && (SUBJECT_TYPES as readonly string[]).includes(params.subject)) {
        subject = params.subject as SubjectType;
      } else {
        problems.push(`${where(join(pp, 'subject'))}: ${shown(params.subject)} — невідомий предмет (відомі: ${SUBJECT_TYPES.join(', ')})`);
      }
      if (typeof params.severity === 'string' && (SEVERITIES as readonly string[]).includes(params.severity)) {
        severity = params.severity as Severity;
      } else {
        problems.push(`${where(join(pp, 'severity'))}: ${shown(params.severity)} — невідома важливість (відомі: ${SEVERITIES.join(', ')})`);
      }
      if (typeof params.message === 'string' && params.message.trim() !== '') message = params.message;
      else problems.push(`${where(join(pp, 'message'))}: має бути непорожнім шаблоном повідомлення українською`);
      if (message !== null && subject !== null) {
        for (const m of message.matchAll(/\{\{\s*([^}\s]*)\s*\}\}/g)) {
          if (!MESSAGE_VARS[subject].includes(m[1])) {
            problems.push(
              `${where(join(pp, 'message'))}: заповнювач {{${m[1]}}} невідомий для предмета "${subject}"${suggestion(m[1], MESSAGE_VARS[subject])}`,
            );
          }
        }
      }
    }
  }
  const facts = new Set<string>();
  const cp = join(at, 'conditions');
  if (!isObject(json.conditions)) problems.push(`${where(cp)}: має бути об’єктом з ключем "all", "any" або "not"`);
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
    problems.push(`${where(join(path, 'condition'))}: спільні умови не підтримуються; випишіть умови повністю`);
    return;
  }
  if (groups.length !== 1) {
    problems.push(`${where(path)}: має містити рівно один із ключів "all", "any", "not" (знайдено: ${groups.length ? groups.join(', ') : 'жодного'})`);
    return;
  }
  for (const k of Object.keys(c)) {
    if (!['all', 'any', 'not', 'name', 'priority'].includes(k)) problems.push(`${where(join(path, k))}: невідомий ключ "${k}"`);
  }
  const g = groups[0];
  const gp = join(path, g);
  if (g === 'not') {
    checkCondition(c.not, gp, subject, problems, where, facts);
    return;
  }
  const list = c[g];
  if (!Array.isArray(list)) {
    problems.push(`${where(gp)}: має бути масивом умов`);
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
    problems.push(`${where(path)}: умова має бути об’єктом`);
    return;
  }
  if ('all' in c || 'any' in c || 'not' in c || 'condition' in c) {
    checkTop(c, path, subject, problems, where, facts);
    return;
  }
  for (const k of Object.keys(c)) {
    if (!CONDITION_KEYS.includes(k)) problems.push(`${where(join(path, k))}: невідомий ключ "${k}" (відомі: ${CONDITION_KEYS.join(', ')})`);
  }
  checkFact(c.fact, join(path, 'fact'), subject, problems, where, facts);
  if ('path' in c) problems.push(`${where(join(path, 'path'))}: факти — прості значення; "path" не підтримується`);
  if (typeof c.operator !== 'string' || operatorMap.get(c.operator) === null) {
    // `greaterThen`, `not:greaterThen`: the operator after its decorators, within two edits of a known one.
    const decorators = typeof c.operator === 'string' ? c.operator.slice(0, c.operator.lastIndexOf(':') + 1) : '';
    const base = typeof c.operator === 'string' ? c.operator.slice(decorators.length) : '';
    const near = base === '' ? null : closestName(base, BASE_OPERATORS);
    const meant = near === null || operatorMap.get(decorators + near) === null ? null : decorators + near;
    const known = `(відомі: ${BASE_OPERATORS.join(', ')}; префікси: not:, someFact:, someValue:, everyFact:, everyValue:, swap:)`;
    problems.push(
      `${where(join(path, 'operator'))}: ${c.operator === undefined ? 'оператора не вказано' : `${shown(c.operator)} — невідомий оператор`}` +
        (meant !== null ? `; можливо, "${meant}"?` : ` ${known}`),
    );
  }
  if (!('value' in c)) problems.push(`${where(path)}: бракує ключа "value"`);
  else if (isObject(c.value)) {
    if ('fact' in c.value) checkFact(c.value.fact, join(join(path, 'value'), 'fact'), subject, problems, where, facts);
    else problems.push(`${where(join(path, 'value'))}: значення-об’єкт має мати вигляд {"fact": "назва факту"}`);
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
    problems.push(`${where(path)}: має бути назвою факту`);
    return;
  }
  if (subject === null) return; // already reported: cannot tell which facts are known
  // Own keys only: `in` would also accept "toString" or "constructor" from Object.prototype, which then
  // fail as undefined facts at run time instead of here.
  if (!Object.hasOwn(FACTS[subject], fact)) {
    problems.push(`${where(path)}: факт "${fact}" невідомий для предмета "${subject}"${suggestion(fact, Object.keys(FACTS[subject]))}`);
    return;
  }
  facts.add(fact);
}
