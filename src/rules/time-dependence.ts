/**
 * When a dataset's findings can change with nothing but time. A dataset's facts depend on the evaluation day
 * only through its day counts — daysSinceUpdate and daysOverdue, each one more every day (null stays null) —
 * and its messages only through the placeholders of the same names. So with its register entry, history,
 * portal evidence and steward unchanged, the findings a full check would give it stay exactly as recorded until
 * the first day on which
 *   - a condition on a day count changes its answer: `daysOverdue greaterThan 30` turns on the day the count
 *     reaches 31; a comparison with a whole number k can only change when the count reaches k or k + 1, one
 *     with a fraction where it passes it, and a rule's answer only when one of its conditions' does; or
 *   - a finding it has reports a day count: a rule reading daysOverdue carries the lateness, and a message may
 *     print {{daysOverdue}} or {{daysSinceUpdate}} — those findings change every day.
 * nextChangeDay gives that day (null: never, by time alone). A condition it cannot read this way — a day count
 * compared with another, with a decorator (`not:`, `some…`), with a value that is not a number, or a rule left to
 * json-rules-engine — counts as changing every day: never wrong, only slower.
 */
import type { Subject } from './subjects';
import type { Judge } from './judge';
import type { RuleDefinition } from './validate';
import { compileRule } from './compile';
import { placeholders } from './judge';

/** A dataset's facts that count days (each grows by one a day), and the placeholders that print them. */
export const DATASET_DAY_COUNTS: readonly string[] = ['daysSinceUpdate', 'daysOverdue'];
const DAY_COUNT_VARS: Readonly<Record<string, string>> = { daysSinceUpdate: 'daysSinceUpdate', daysOverdue: 'daysOverdue' };

const COMPARISONS = new Set(['equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);
const MEMBERSHIP = new Set(['in', 'notIn']);

/** A day count compared with a number: written in the rule (`value`), or another fact of the subject (`ref`). */
interface Threshold {
  readonly count: string;
  readonly value?: number;
  readonly ref?: string;
}

/** How one rule's answer and findings depend on the day. */
interface RuleClock {
  readonly name: string;
  readonly thresholds: readonly Threshold[];
  /** Day counts read in a way not analysed: while one of them has a value, the answer may change any day. */
  readonly anyDay: readonly string[];
  /** Day counts its findings report (lateness, or placeholders): while one has a value, a finding changes daily. */
  readonly reported: readonly string[];
}

const isNode = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Walks the conditions, collecting thresholds and the day counts read in another way. */
function walk(node: unknown, counts: ReadonlySet<string>, out: { thresholds: Threshold[]; anyDay: Set<string> }): void {
  if (!isNode(node)) return;
  for (const group of ['all', 'any']) {
    if (Array.isArray(node[group])) for (const c of node[group] as unknown[]) walk(c, counts, out);
  }
  if (node.not !== undefined) walk(node.not, counts, out);
  if (typeof node.fact !== 'string') return;
  const fact = node.fact;
  const value = node.value;
  const ref = isNode(value) && typeof value.fact === 'string' ? value.fact : null;
  const factCounts = counts.has(fact);
  const refCounts = ref !== null && counts.has(ref);
  if (!factCounts && !refCounts) return;
  const op = typeof node.operator === 'string' ? node.operator : '';
  if (factCounts && refCounts) {
    out.anyDay.add(fact).add(ref as string);
  } else if (ref !== null) {
    // A day count against another fact (either side): a threshold of that fact's value, if the operator is a plain comparison.
    const count = factCounts ? fact : (ref as string);
    const other = factCounts ? (ref as string) : fact;
    if (COMPARISONS.has(op)) out.thresholds.push({ count, ref: other });
    else out.anyDay.add(count);
  } else if (COMPARISONS.has(op)) {
    if (typeof value === 'number' && Number.isFinite(value)) out.thresholds.push({ count: fact, value });
    // equal / notEqual with anything but a number never changes its answer (strict equality); the others compare loosely.
    else if (op !== 'equal' && op !== 'notEqual') out.anyDay.add(fact);
  } else if (MEMBERSHIP.has(op) && Array.isArray(value)) {
    // indexOf compares strictly: only the numbers of the list can ever match a count.
    for (const v of value) if (typeof v === 'number' && Number.isFinite(v)) out.thresholds.push({ count: fact, value: v });
  } else {
    out.anyDay.add(fact);
  }
}

/** How each dataset rule's answer and findings depend on the day (rules: the dataset rules, in evaluation order). */
export class DatasetClock {
  private readonly clocks: readonly RuleClock[];
  /** By a rule's place among the dataset rules (Judge.index): the day counts its findings report, if any. */
  private readonly reported: readonly (readonly string[] | undefined)[];
  /** The rules whose answer may change with the day. */
  private readonly timed: readonly RuleClock[];

  constructor(rules: readonly RuleDefinition[], deadlineFacts: readonly string[]) {
    const counts = new Set(DATASET_DAY_COUNTS);
    this.clocks = rules.map((r) => {
      const out = { thresholds: [] as Threshold[], anyDay: new Set<string>() };
      if (compileRule(r.json) === null) r.facts.filter((f) => counts.has(f)).forEach((f) => out.anyDay.add(f));
      else walk(r.json.conditions, counts, out);
      const reported = new Set<string>();
      if (r.facts.some((f) => deadlineFacts.includes(f))) reported.add('daysOverdue'); // the finding carries the subject's lateness
      for (const name of placeholders(r.message)) if (DAY_COUNT_VARS[name] !== undefined) reported.add(DAY_COUNT_VARS[name]);
      return { name: r.name, thresholds: out.thresholds, anyDay: [...out.anyDay], reported: [...reported] };
    });
    this.reported = this.clocks.map((c) => (c.reported.length > 0 ? c.reported : undefined));
    this.timed = this.clocks.filter((c) => c.anyDay.length > 0 || c.thresholds.length > 0);
  }

  /**
   * The first day after `today` (a day number) on which the findings of a dataset with `facts`, judged today with
   * `hits` holding, may differ with its inputs unchanged; null when only a change of its inputs can change them.
   */
  nextChangeDay(facts: Subject['facts'], hits: readonly Judge[], today: number): number | null {
    const tomorrow = today + 1;
    for (const j of hits) {
      const reported = this.reported[j.index];
      if (reported !== undefined) for (const f of reported) if (typeof facts[f] === 'number') return tomorrow;
    }
    let next = Infinity;
    for (const c of this.timed) {
      if (c.anyDay.some((f) => typeof facts[f] === 'number')) return tomorrow;
      for (const t of c.thresholds) {
        const now = facts[t.count];
        if (typeof now !== 'number') continue; // null stays null: the condition's answer does not move
        const k = t.ref === undefined ? t.value : facts[t.ref];
        if (typeof k !== 'number' || !Number.isFinite(k)) return tomorrow;
        // The count reaches ⌈k⌉ or ⌊k⌋ + 1: the days a comparison with k can change its answer.
        const ceil = today + (Math.ceil(k) - now);
        const above = today + (Math.floor(k) + 1 - now);
        if (ceil > today && ceil < next) next = ceil;
        if (above > today && above < next) next = above;
      }
    }
    return next === Infinity ? null : next;
  }
}
