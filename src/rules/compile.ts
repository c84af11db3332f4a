/**
 * json-rules-engine conditions compiled into plain predicates, so that a register of 100,000 datasets is judged
 * in milliseconds instead of one engine.run() (a chain of promises) per dataset. The meaning stays
 * json-rules-engine's: comparisons are json-rules-engine's operators and decorators written out (operators.ts:
 * greaterThan is false on null, `in`/`contains`, `not:`, `someValue:`, …), and `all`, `any` and `not` combine
 * them as Rule.evaluate does (an empty `all` or `any` holds).
 *
 * Where json-rules-engine could fail instead of answering, the predicate throws and the caller asks the engine
 * itself. A compiled predicate evaluates every condition — it never stops early — so if it does not throw, no
 * condition the engine might evaluate (the engine stops early by priority) can fail either, and with no failure
 * the answer does not depend on the order: conditions are pure functions of the facts. Rules using anything
 * else (condition references, `path`, malformed nodes, unknown operators) are not compiled: compileRule returns
 * null and the engine runs them as before.
 */
import { operatorFor } from './operators';

/** The facts of one subject, as handed to engine.run(). */
export type Facts = Readonly<Record<string, unknown>>;
/** True when the rule holds; throws where json-rules-engine might fail (the caller then asks the engine). */
export type Predicate = (facts: Facts) => boolean;

const hasOwn = Object.prototype.hasOwnProperty;
const own = (o: object, key: string): boolean => hasOwn.call(o, key);

function isNode(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Thrown where the engine would have to compute something a predicate does not: the engine must answer. */
export class EngineMustAnswer extends Error {}

/**
 * A fact's value as the engine's almanac gives it: engine.run({...facts}) makes a constant fact of every own
 * enumerable key, and facts are plain data objects (plainFacts), so a key that reads undefined and is not own is
 * missing — an engine error. Inherited keys of Object.prototype read as functions or objects, which are left to
 * the engine like any fact that is not a plain value.
 */
function factValue(facts: Facts, name: string): unknown {
  const v = facts[name];
  if (v === undefined ? !hasOwn.call(facts, name) : (typeof v === 'object' && v !== null) || typeof v === 'function') {
    throw new EngineMustAnswer(`fact ${name} is undefined or not a plain value`);
  }
  return v;
}

/**
 * True when compiled predicates may judge these facts: a plain data object (no prototype but Object's, so no
 * inherited values) that engine.run() can turn into constant facts (a fact id must not be empty).
 */
export function plainFacts(facts: Facts): boolean {
  const proto: unknown = Object.getPrototypeOf(facts);
  return (proto === Object.prototype || proto === null) && !hasOwn.call(facts, '');
}

/** A compiled condition, and whether it can throw on facts that are complete and plain (see CompileOptions). */
interface Compiled {
  readonly p: Predicate;
  readonly safe: boolean;
}

/** Comparisons that answer any two plain values without throwing. */
const PLAIN_COMPARISONS = new Set(['equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);

function compileLeaf(node: Record<string, unknown>, complete: boolean): Compiled | null {
  if (!own(node, 'fact') || !own(node, 'operator') || !own(node, 'value')) return null;
  const { fact, operator, value } = node;
  if (typeof fact !== 'string' || typeof operator !== 'string' || node.path) return null;
  const compare = operatorFor(operator);
  if (compare === null) return null;
  // The almanac reads a value {fact: NAME} as another fact; anything else is compared as written.
  if (typeof value === 'object' && value !== null && own(value, 'fact')) {
    const ref = value as Record<string, unknown>;
    if (typeof ref.fact !== 'string' || ref.path) return null;
    const other = ref.fact;
    return { p: (facts) => compare(factValue(facts, fact), factValue(facts, other)) === true, safe: PLAIN_COMPARISONS.has(operator) };
  }
  // in / notIn call value.indexOf: safe with a list or a text to look in.
  const safe = PLAIN_COMPARISONS.has(operator) || ((operator === 'in' || operator === 'notIn') && (Array.isArray(value) || typeof value === 'string'));
  // The common case, without a call; on complete plain facts (CompileOptions) the fact is surely there and plain.
  if (operator === 'equal') return { p: complete ? (facts) => facts[fact] === value : (facts) => factValue(facts, fact) === value, safe };
  return { p: (facts) => compare(factValue(facts, fact), value) === true, safe };
}

/**
 * Every one of `parts` combined by `every` (all) or `some` (any). In full (no early stop) — unless `early` and no
 * part can throw, when stopping at the first answer that decides gives the same answer.
 */
function combine(parts: readonly Compiled[], every: boolean, early: boolean): Compiled {
  const safe = parts.every((c) => c.safe);
  if (parts.length === 0) return { p: () => true, safe: true }; // json-rules-engine: an empty all or any holds
  if (parts.length === 1) return parts[0];
  const ps = parts.map((c) => c.p);
  if (early && safe) {
    return {
      p: every
        ? (facts) => {
            for (const p of ps) if (!p(facts)) return false;
            return true;
          }
        : (facts) => {
            for (const p of ps) if (p(facts)) return true;
            return false;
          },
      safe,
    };
  }
  return {
    p: (facts) => {
      let all = true;
      let some = false;
      for (const p of ps) {
        if (p(facts)) some = true;
        else all = false;
      }
      return every ? all : some;
    },
    safe,
  };
}

function compileNode(node: unknown, early: boolean): Compiled | null {
  if (!isNode(node) || own(node, 'condition')) return null;
  const groups = ['all', 'any', 'not'].filter((k) => own(node, k));
  if (groups.length === 0) return compileLeaf(node, early);
  if (groups.length > 1) return null;
  const group = groups[0];
  if (group === 'not') {
    const inner = compileNode(node.not, early);
    return inner === null ? null : { p: (facts) => !inner.p(facts), safe: inner.safe };
  }
  const list = node[group];
  if (!Array.isArray(list)) return null;
  const parts: Compiled[] = [];
  for (const item of list) {
    const c = compileNode(item, early);
    if (c === null) return null;
    parts.push(c);
  }
  return combine(parts, group === 'all', early);
}

export interface CompileOptions {
  /**
   * The facts judged are complete and plain — every fact the rule reads is there, a number, boolean, string or
   * null (the catalogue's, as a check's datasets have them) — so a condition that cannot throw on such values
   * (a comparison; `in` with a list) never throws, and a group of such conditions may stop at its first
   * deciding answer: the same answer, sooner. Groups with a condition that might throw are still judged whole.
   */
  readonly completeFacts?: boolean;
}

/** The predicate of a rule's `conditions`, or null when the rule must be left to json-rules-engine. */
export function compileRule(json: Readonly<Record<string, unknown>>, options: CompileOptions = {}): Predicate | null {
  const root = json.conditions;
  if (!isNode(root) || !['all', 'any', 'not'].some((k) => own(root, k))) return null;
  return compileNode(root, options.completeFacts ?? false)?.p ?? null;
}
