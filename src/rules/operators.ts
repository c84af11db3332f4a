/**
 * json-rules-engine 7's default operators and operator decorators, written out as plain functions so that a
 * compiled rule compares without the engine's objects (its numeric validator allocates a string per call).
 * Each line is the engine's own definition (engine-default-operators.js, engine-default-operator-decorators.js,
 * operator.js, operator-decorator.js, operator-map.js), and test/rules/compile-operators.test.ts checks every
 * operator and decorated operator against the engine's on generated values, thrown errors included.
 */

/** (fact value, condition value) → whether the condition holds; may throw where the engine's operator throws. */
export type Compare = (factValue: unknown, jsonValue: unknown) => boolean;

interface Definition {
  /** The engine's callback, as untyped as it is there. */
  readonly cb: (a: any, b: any) => boolean;
  /** The fact-value validator: the operator is false when it says no. */
  readonly valid: (a: unknown) => boolean;
}

const always = (): boolean => true;
/** The engine's numberValidator, `Number.parseFloat(v).toString() !== 'NaN'`, without making a string. */
const numeric = (v: unknown): boolean => !Number.isNaN(Number.parseFloat(v as string));

const OPERATORS: ReadonlyMap<string, Definition> = new Map<string, Definition>([
  ['equal', { cb: (a, b) => a === b, valid: always }],
  ['notEqual', { cb: (a, b) => a !== b, valid: always }],
  ['in', { cb: (a, b) => b.indexOf(a) > -1, valid: always }],
  ['notIn', { cb: (a, b) => b.indexOf(a) === -1, valid: always }],
  ['contains', { cb: (a, b) => a.indexOf(b) > -1, valid: Array.isArray }],
  ['doesNotContain', { cb: (a, b) => a.indexOf(b) === -1, valid: Array.isArray }],
  ['lessThan', { cb: (a, b) => a < b, valid: numeric }],
  ['lessThanInclusive', { cb: (a, b) => a <= b, valid: numeric }],
  ['greaterThan', { cb: (a, b) => a > b, valid: numeric }],
  ['greaterThanInclusive', { cb: (a, b) => a >= b, valid: numeric }],
]);

type Decorator = (a: any, b: any, next: Compare) => boolean;

const DECORATORS: ReadonlyMap<string, { readonly cb: Decorator; readonly valid: (a: unknown) => boolean }> = new Map([
  ['someFact', { cb: ((a, b, next) => a.some((fv: unknown) => next(fv, b))) as Decorator, valid: Array.isArray }],
  ['someValue', { cb: ((a, b, next) => b.some((jv: unknown) => next(a, jv))) as Decorator, valid: always }],
  ['everyFact', { cb: ((a, b, next) => a.every((fv: unknown) => next(fv, b))) as Decorator, valid: Array.isArray }],
  ['everyValue', { cb: ((a, b, next) => b.every((jv: unknown) => next(a, jv))) as Decorator, valid: always }],
  ['swap', { cb: ((a, b, next) => next(b, a)) as Decorator, valid: always }],
  ['not', { cb: ((a, b, next) => !next(a, b)) as Decorator, valid: always }],
]);

/**
 * The comparison an operator name stands for, as OperatorMap.get resolves it: a known operator, or
 * `decorator:rest` with the decorators applied from the inside out; null for an unknown name.
 */
export function operatorFor(name: string): Compare | null {
  const decorators: { cb: Decorator; valid: (a: unknown) => boolean }[] = [];
  let opName = name;
  while (!OPERATORS.has(opName)) {
    const at = opName.indexOf(':');
    if (at <= 0) return null;
    const decorator = DECORATORS.get(opName.slice(0, at));
    if (decorator === undefined) return null;
    decorators.unshift(decorator);
    opName = opName.slice(at + 1);
  }
  const base = OPERATORS.get(opName) as Definition;
  let compare: Compare = (a, b) => base.valid(a) && base.cb(a, b);
  for (const d of decorators) {
    const next = compare;
    compare = (a, b) => d.valid(a) && d.cb(a, b, next);
  }
  return compare;
}
