import fc from 'fast-check';
import { Engine } from 'json-rules-engine';
import { operatorFor, type Compare } from '../../src/rules/operators';

/** json-rules-engine's own operator table, as a fresh Engine has it. */
const engineOperators = (new Engine() as unknown as { operators: { get(name: string): { evaluate: Compare } | null } }).operators;

const BASE = ['equal', 'notEqual', 'in', 'notIn', 'contains', 'doesNotContain', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive'];
const DECORATORS = ['someFact', 'someValue', 'everyFact', 'everyValue', 'swap', 'not'];

/** Values of every kind a fact or a condition value can hold, arrays and odd numbers included. */
const scalar = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0.5, -0, NaN, Infinity, -Infinity, 1e21),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom('', '0', '1', '2', '12abc', ' 3', 'abc', 'known', 'null', 'true', 'Infinity'),
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: scalar },
  { weight: 2, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(fc.array(scalar, { maxLength: 2 }), { maxLength: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom({}, { fact: 'x' }, { length: 1 }) },
);
const operatorName = fc
  .tuple(fc.array(fc.constantFrom(...DECORATORS), { maxLength: 3 }), fc.constantFrom(...BASE))
  .map(([decorators, base]) => [...decorators, base].join(':'));

/** What a comparison does: its answer, or the kind of error it throws. */
function outcome(compare: Compare, a: unknown, b: unknown): string {
  try {
    return `returns ${String(compare(a, b))}`;
  } catch (e) {
    return `throws ${(e as Error).constructor.name}`;
  }
}

describe('operatorFor', () => {
  it('answers like json-rules-engine for every operator and decorated operator, throwing where it throws', () => {
    fc.assert(
      fc.property(operatorName, value, value, (name, a, b) => {
        const ours = operatorFor(name);
        const theirs = engineOperators.get(name);
        expect(ours).not.toBeNull();
        expect(outcome(ours as Compare, a, b)).toBe(outcome((x, y) => (theirs as { evaluate: Compare }).evaluate(x, y), a, b));
      }),
      { numRuns: 20000 },
    );
  });

  it.each([
    ['greaterThan', null, 0, false],
    ['greaterThan', '12abc', 5, false],
    ['greaterThan', '7', 5, true],
    ['lessThan', true, 5, false],
    ['greaterThanInclusive', ' 3', 3, true],
    ['in', 'now', 'known', true],
    ['contains', 'abc', 'b', false],
    ['not:in', 1, [1, 2], false],
    ['someValue:equal', 2, [1, 2], true],
    ['everyFact:greaterThan', [1, 2], 0, true],
    ['swap:contains', 2, [1, 2], true],
  ])('reads %s(%j, %j) as json-rules-engine does: %s', (name, a, b, expected) => {
    expect((operatorFor(name) as Compare)(a, b)).toBe(expected);
    expect((engineOperators.get(name) as { evaluate: Compare }).evaluate(a, b)).toBe(expected);
  });

  it.each(['greaterThen', 'nope:equal', ':equal', 'not:', 'not', ''])('knows no operator "%s", as json-rules-engine knows none', (name) => {
    expect(operatorFor(name)).toBeNull();
    expect(engineOperators.get(name)).toBeNull();
  });
});
