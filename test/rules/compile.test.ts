import fc from 'fast-check';
import { Engine } from 'json-rules-engine';
import { compileRule, plainFacts, type Facts } from '../../src/rules/compile';

/**
 * compileRule against a fresh json-rules-engine Engine, on generated rules and facts: every operator and
 * decorator, facts compared with facts, nested all / any / not (empty ones too), condition priorities (which
 * make the engine stop early), missing facts and values that make operators throw. A compiled predicate must
 * either give the engine's answer or throw (evaluate then asks the engine); it never answers where the engine fails.
 */

const FACTS = ['a', 'b', 'n', 's', 'list'];
const BASE = ['equal', 'notEqual', 'in', 'notIn', 'contains', 'doesNotContain', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive'];
const DECORATORS = ['someFact', 'someValue', 'everyFact', 'everyValue', 'swap', 'not'];

const scalar = fc.oneof(
  fc.integer({ min: -2, max: 2 }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('', '1', 'known', 'blank', 'kno'),
);
const jsonValue: fc.Arbitrary<unknown> = fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 2, arbitrary: fc.array(scalar, { maxLength: 3 }) });
const operatorName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...BASE) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...DECORATORS), fc.constantFrom(...BASE)).map(([d, b]) => `${d}:${b}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...DECORATORS), fc.constantFrom(...DECORATORS), fc.constantFrom(...BASE)).map((p) => p.join(':')) },
);

const leaf = fc
  .record(
    {
      fact: fc.oneof({ weight: 19, arbitrary: fc.constantFrom(...FACTS) }, { weight: 1, arbitrary: fc.constant('missing') }),
      operator: operatorName,
      value: fc.oneof({ weight: 4, arbitrary: jsonValue }, { weight: 1, arbitrary: fc.constantFrom(...FACTS, 'missing').map((f) => ({ fact: f })) }),
      priority: fc.constantFrom(1, 2, 3, 0, '2', 'x', -1),
      params: fc.constant({ ignored: true }),
    },
    { requiredKeys: ['fact', 'operator', 'value'] },
  )
  .map((c) => c as Record<string, unknown>);

const { node } = fc.letrec<{ node: Record<string, unknown> }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(fc.array(tie('node'), { maxLength: 3 }), fc.option(fc.constantFrom(1, 2, 3), { nil: undefined })).map(([all, priority]) => (priority ? { all, priority } : { all })),
    fc.tuple(fc.array(tie('node'), { maxLength: 3 }), fc.option(fc.constantFrom(1, 2, 3), { nil: undefined })).map(([any, priority]) => (priority ? { any, priority } : { any })),
    tie('node').map((not) => ({ not })),
  ),
}));
const conditions = fc.oneof(
  fc.array(node, { maxLength: 4 }).map((all) => ({ all })),
  fc.array(node, { maxLength: 4 }).map((any) => ({ any })),
  node.map((not) => ({ not })),
);

/** Facts as the subject builders write them; now and then one is missing or holds an array, or there is no prototype. */
const facts: fc.Arbitrary<Facts> = fc
  .tuple(
    fc.record(Object.fromEntries(FACTS.map((f) => [f, f === 'list' ? fc.oneof({ weight: 3, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) }) : scalar]))),
    fc.option(fc.constantFrom(...FACTS), { nil: undefined, freq: 5 }),
    fc.boolean(),
  )
  .map(([f, dropped, nullPrototype]) => {
    const copy: Record<string, unknown> = nullPrototype ? (Object.create(null) as Record<string, unknown>) : {};
    for (const [k, v] of Object.entries(f)) if (k !== dropped) copy[k] = v;
    return copy as Facts;
  });

async function engineAnswer(conds: unknown, f: Facts): Promise<string> {
  const engine = new Engine([], { allowUndefinedFacts: false });
  engine.addRule({ name: 'r', conditions: structuredClone(conds), event: { type: 'r' } } as never);
  try {
    const { results } = await engine.run({ ...f });
    return String(results.length > 0);
  } catch {
    return 'error';
  }
}

describe('compileRule', () => {
  it('gives json-rules-engine\'s answer on generated rules and facts, or throws so that the engine is asked', async () => {
    let compared = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(conditions, facts, async (conds, f) => {
        runs++;
        const predicate = compileRule({ conditions: conds });
        expect(predicate).not.toBeNull(); // every generated rule is plain json-rules-engine
        const expected = await engineAnswer(conds, f);
        let got: string;
        try {
          got = String((predicate as (x: Facts) => boolean)(f));
        } catch {
          return; // evaluate asks the engine: tested in compile-evaluate.test.ts
        }
        compared++;
        expect(plainFacts(f)).toBe(true);
        expect(got).toBe(expected);
      }),
      { numRuns: 6000 },
    );
    // Most cases must be answered by the predicate itself, or the test proves little.
    expect(compared / runs).toBeGreaterThan(0.3);
  });

  it('throws where the engine fails on a missing fact even when the engine would stop before it', () => {
    // Priority 2 runs first; `published` is true, so the engine never reads `colour` and answers false.
    const p = compileRule({
      conditions: {
        all: [
          { fact: 'published', operator: 'equal', value: false, priority: 2 },
          { fact: 'colour', operator: 'equal', value: 'red', priority: 1 },
        ],
      },
    });
    expect(() => p?.({ published: true })).toThrow(/colour/);
  });

  it.each([
    ['an empty all', { all: [] }, true],
    ['an empty any', { any: [] }, true],
    ['not of an empty any', { not: { any: [] } }, false],
    ['greaterThan on null', { all: [{ fact: 'n', operator: 'greaterThan', value: -1 }] }, false],
    ['a fact compared with a fact', { all: [{ fact: 'm', operator: 'lessThanInclusive', value: { fact: 'm' } }] }, true],
  ])('reads %s as json-rules-engine does', async (_what, conds, expected) => {
    const f = { n: null, m: 3 };
    const p = compileRule({ conditions: conds });
    if (p === null) throw new Error('not compiled');
    const answer = (() => {
      try {
        return String(p(f));
      } catch {
        return 'throws';
      }
    })();
    const engine = await engineAnswer(conds, f);
    expect(engine).toBe(String(expected));
    if (answer !== 'throws') expect(answer).toBe(engine);
  });

  it.each([
    ['a condition reference', { all: [{ condition: 'shared' }] }],
    ['a path', { all: [{ fact: 'a', operator: 'equal', value: 1, path: '$.x' }] }],
    ['an unknown operator', { all: [{ fact: 'a', operator: 'greaterThen', value: 1 }] }],
    ['two groups in one node', { all: [], any: [] }],
    ['a leaf at the root', { fact: 'a', operator: 'equal', value: 1 }],
  ])('leaves a rule with %s to json-rules-engine', (_what, conds) => {
    expect(compileRule({ conditions: conds })).toBeNull();
  });

  it('stops early on complete plain facts only where nothing skipped could throw: the same answers and the same throws', () => {
    /** Complete plain facts: every fact there, each a number, boolean, string or null (as a check's datasets have them). */
    const complete = fc.record(Object.fromEntries([...FACTS, 'missing'].map((f) => [f, scalar]))) as fc.Arbitrary<Facts>;
    const outcome = (p: ((f: Facts) => boolean) | null, f: Facts): string => {
      try {
        return String(p?.(f));
      } catch {
        return 'throws';
      }
    };
    let early = 0;
    fc.assert(
      fc.property(conditions, complete, (conds, f) => {
        const whole = compileRule({ conditions: conds });
        const short = compileRule({ conditions: conds }, { completeFacts: true });
        expect(outcome(short, f)).toBe(outcome(whole, f));
        if (outcome(whole, f) !== 'throws') early++;
      }),
      { numRuns: 8000 },
    );
    expect(early).toBeGreaterThan(2000);
  });
});
