import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Engine } from 'json-rules-engine';
import { SUBJECT_TYPES, type Dataset, type PlanTask, type Steward, type SubjectType } from '../../src/domain';
import { SEED_DIR } from '../../src/paths';
import { FACTS, type FactSpec } from '../../src/rules/catalogue';
import { evaluate, renderMessage } from '../../src/rules/evaluate';
import { buildSubjects, type Subject } from '../../src/rules/subjects';
import { validateRule, type RuleDefinition } from '../../src/rules/validate';
import { loadFrequencyCatalogue } from '../../src/time/frequency';
import { NOW } from '../helpers/rules-app';

type FactValue = number | boolean | string | null;

const OPERATORS = ['equal', 'notEqual', 'greaterThan', 'lessThanInclusive', 'in'] as const;
const STRINGS = ['once a month', 'known', 'blank', 'it', ''];

/** A value of a fact's type, from a small domain so that subjects often share their facts. */
function valueOf(spec: FactSpec): fc.Arbitrary<FactValue> {
  const base: fc.Arbitrary<FactValue> =
    spec.type === 'number' ? fc.integer({ min: -3, max: 3 }) : spec.type === 'boolean' ? fc.boolean() : fc.constantFrom(...STRINGS);
  return spec.nullable ? fc.option(base, { nil: null, freq: 4 }) : base;
}

function conditionArb(type: SubjectType): fc.Arbitrary<Record<string, unknown>> {
  const facts = Object.entries(FACTS[type]);
  const leaf = fc
    .record({ fact: fc.constantFrom(...facts), operator: fc.constantFrom(...OPERATORS), otherFact: fc.boolean() })
    .chain(({ fact: [name, spec], operator, otherFact }) => {
      const sameType = facts.filter(([, s]) => s.type === spec.type).map(([n]) => n);
      const value =
        operator === 'in'
          ? fc.array(valueOf(spec), { maxLength: 3 })
          : otherFact
            ? fc.constantFrom(...sameType).map((f) => ({ fact: f }))
            : valueOf(spec);
      return value.map((v) => ({ fact: name, operator, value: v }));
    });
  const { node } = fc.letrec<{ node: Record<string, unknown> }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('node'), { maxLength: 3 }).map((all) => ({ all })),
      fc.array(tie('node'), { maxLength: 3 }).map((any) => ({ any })),
      tie('node').map((not) => ({ not })),
    ),
  }));
  return fc.oneof(
    fc.array(node, { maxLength: 4 }).map((all) => ({ all })),
    fc.array(node, { maxLength: 4 }).map((any) => ({ any })),
    node.map((not) => ({ not })),
  );
}

/** A rule of `type` as a user would write it, run through the validator like every loaded rule. */
function ruleArb(type: SubjectType, index: number): fc.Arbitrary<RuleDefinition> {
  return fc.record({ conditions: conditionArb(type), priority: fc.integer({ min: 1, max: 3 }) }).map(({ conditions, priority }) => {
    const name = `${type}-rule-${index}`;
    const res = validateRule(
      { name, priority, conditions, event: { type: name, params: { subject: type, severity: 'low', message: `${name} {{id}}` } } },
      'generated.json',
      '',
    );
    if (!res.ok) throw new Error(`the generator made an invalid rule:\n${res.problems.join('\n')}`);
    return res.rule;
  });
}

/** Subjects of `type` drawn from a small pool of fact sets, so the memo is hit and missed. */
function subjectsArb(type: SubjectType): fc.Arbitrary<Subject[]> {
  const factSet = fc.record(
    Object.fromEntries(Object.entries(FACTS[type]).map(([name, spec]) => [name, valueOf(spec)])) as Record<string, fc.Arbitrary<FactValue>>,
  );
  return fc
    .tuple(fc.array(factSet, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 20 }))
    .map(([pool, picks]) =>
      picks.map((p, i) => ({
        type,
        id: `${type}-${i}`,
        steward: null,
        stewards: [],
        facts: pool[p % pool.length],
        vars: { id: `${type}-${i}` },
        dueAt: null,
        daysOverdue: null,
      })),
    );
}

const scenarioArb = fc.record({
  rules: fc
    .tuple(...SUBJECT_TYPES.map((t) => fc.array(fc.constant(t), { maxLength: 3 })))
    .chain((types) => fc.tuple(...types.flat().map((t, i) => ruleArb(t, i)))),
  subjects: fc.record({ dataset: subjectsArb('dataset'), task: subjectsArb('task'), steward: subjectsArb('steward') }),
});

/** The plain reading: a fresh engine for every rule and every subject, no memo, no shared engine. */
async function plainRun(rules: readonly RuleDefinition[], subjects: Record<SubjectType, Subject[]>): Promise<string[]> {
  const hits: string[] = [];
  for (const rule of rules) {
    for (const subject of subjects[rule.subject]) {
      const engine = new Engine([], { allowUndefinedFacts: false });
      engine.addRule(rule.json as never);
      const { results } = await engine.run({ ...subject.facts });
      if (results.length > 0) hits.push(`${rule.name} ${subject.id}`);
    }
  }
  return hits.sort();
}

const frequencies = loadFrequencyCatalogue(fs.readFileSync(path.join(SEED_DIR, 'update-frequencies.csv'), 'utf8'));

describe('evaluate', () => {
  it('finds exactly the (rule, subject) pairs that a fresh json-rules-engine per rule and subject finds', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ rules, subjects }) => {
        const evaluation = await evaluate(rules, subjects);
        expect(evaluation.errors).toEqual([]);
        expect([...evaluation.evaluatedRules].sort()).toEqual(rules.map((r) => r.name).sort());
        expect(evaluation.findings.map((f) => `${f.rule} ${f.subject.id}`).sort()).toEqual(await plainRun(rules, subjects));
        for (const f of evaluation.findings) expect(f.message).toBe(`${f.rule} ${f.subject.id}`);
      }),
      { numRuns: 150 },
    );
  });

  describe('with a rule that fails while running', () => {
    const good = (name: string, subject: SubjectType, conditions: unknown): RuleDefinition => {
      const res = validateRule(
        { name, conditions, event: { type: name, params: { subject, severity: 'high', message: `${name}: {{id}}` } } },
        `rules/${name}.json`,
        '',
      );
      if (!res.ok) throw new Error(res.problems.join('\n'));
      return res.rule;
    };
    const neverPublished = good('never-published', 'dataset', { all: [{ fact: 'published', operator: 'equal', value: false }] });
    const noEmail = good('no-email', 'steward', { all: [{ fact: 'hasEmail', operator: 'equal', value: false }] });
    // Built by hand, as validation would refuse it: the fact does not exist, so json-rules-engine throws.
    const broken: RuleDefinition = {
      ...neverPublished,
      name: 'broken-rule',
      file: 'rules/broken.json',
      facts: ['colour'],
      json: { conditions: { all: [{ fact: 'colour', operator: 'equal', value: 'red' }] }, event: { type: 'broken-rule' } },
    };
    const stewards: Steward[] = [
      { id: 'it', name: 'Відділ ІКЗ', kind: 'department', emails: ['it@example.org'], headEmail: null },
      { id: 'hr', name: 'Відділ кадрової роботи', kind: 'department', emails: [], headEmail: null },
    ];
    const dataset = (id: string, lastUpdated: string | null): Dataset => ({
      id,
      title: `Набір ${id}`,
      stewardId: 'it',
      frequency: 'once a month',
      frequencyRaw: 'once a month',
      required: true,
      portalId: null,
      suspended: null,
      lastUpdated,
    });
    const subjects = buildSubjects({
      now: NOW,
      graceDays: 0,
      dueSoonDays: 30,
      frequencies,
      stewards,
      datasets: [dataset('d1', '2019-06-01T09:00:00.000Z'), dataset('d2', null), dataset('d3', null)],
      tasks: [] as PlanTask[],
    });

    it('reports the rule with its file, leaves it out of evaluatedRules and still produces the other findings', async () => {
      const evaluation = await evaluate([neverPublished, broken, noEmail], subjects);
      expect(evaluation.errors).toEqual(['rules/broken.json: rule "broken-rule" failed on dataset "d1": Undefined fact: colour']);
      expect([...evaluation.evaluatedRules].sort()).toEqual(['never-published', 'no-email']);
      expect(evaluation.findings.map((f) => `${f.rule} ${f.subject.type} ${f.subject.id}`)).toEqual([
        'never-published dataset d2',
        'never-published dataset d3',
        'no-email steward hr',
      ]);
    });

    it('gives the same findings whatever the order of the rules', async () => {
      const a = await evaluate([broken, neverPublished, noEmail], subjects);
      const b = await evaluate([noEmail, neverPublished, broken], subjects);
      expect(b.findings).toEqual(a.findings);
      expect(b.errors).toEqual(a.errors);
    });

    it('reports a rule that fails only on a later subject and drops the findings it made before', async () => {
      // The higher-priority condition stops the `all` before the bad fact is read on datasets never published,
      // so the rule runs fine on d2 and d3 and fails only on d9.
      const lateFailure: RuleDefinition = {
        ...neverPublished,
        name: 'late-failure',
        file: 'rules/late.json',
        facts: ['published'],
        json: {
          conditions: {
            any: [
              { fact: 'published', operator: 'equal', value: false },
              {
                all: [
                  { fact: 'published', operator: 'equal', value: true, priority: 2 },
                  { fact: 'colour', operator: 'equal', value: 1, priority: 1 },
                ],
              },
            ],
          },
          event: { type: 'late-failure' },
        },
      };
      const later = buildSubjects({
        now: NOW,
        graceDays: 0,
        dueSoonDays: 30,
        frequencies,
        stewards,
        datasets: [dataset('d2', null), dataset('d3', null), dataset('d9', '2019-06-01T09:00:00.000Z')],
        tasks: [],
      });
      const evaluation = await evaluate([lateFailure, neverPublished], later);
      expect([...evaluation.evaluatedRules]).toEqual(['never-published']);
      expect(evaluation.errors).toEqual(['rules/late.json: rule "late-failure" failed on dataset "d9": Undefined fact: colour']);
      expect(evaluation.findings.map((f) => `${f.rule} ${f.subject.id}`)).toEqual(['never-published d2', 'never-published d3']);
    });
  });

  it('gives a finding the deadline of its subject only when the rule tests a deadline fact', async () => {
    const rule = (name: string, conditions: unknown): RuleDefinition => {
      const res = validateRule({ name, conditions, event: { type: name, params: { subject: 'dataset', severity: 'medium', message: '{{deadline}}' } } }, 'x.json', '');
      if (!res.ok) throw new Error(res.problems.join('\n'));
      return res.rule;
    };
    const subjects = buildSubjects({
      now: NOW,
      graceDays: 0,
      dueSoonDays: 30,
      frequencies,
      stewards: [],
      datasets: [
        { id: 'd1', title: 'Набір', stewardId: null, frequency: 'once a month', frequencyRaw: 'once a month', required: true, portalId: null, suspended: null, lastUpdated: '2019-05-31T09:00:00.000Z' },
      ],
      tasks: [],
    });
    const evaluation = await evaluate(
      [
        rule('late', { all: [{ fact: 'daysOverdue', operator: 'greaterThan', value: 0 }] }),
        rule('periodic', { all: [{ fact: 'periodic', operator: 'equal', value: true }] }),
      ],
      subjects,
    );
    expect(evaluation.findings.map((f) => [f.rule, f.dueAt, f.daysOverdue, f.message])).toEqual([
      ['late', '2019-06-30T21:00:00.000Z', 1, '30.06.2019'],
      ['periodic', null, null, '30.06.2019'],
    ]);
  });
});

describe('renderMessage', () => {
  it.each([
    ['fills placeholders, with or without inner spaces', 'Набір «{{title}}», {{ daysOverdue }} дн.', 'Набір «Бюджет», 3 дн.'],
    ['leaves an unknown placeholder empty', 'x{{foo}}y', 'xy'],
    ['leaves unbalanced braces alone', 'x{{title}y', 'x{{title}y'],
  ])('%s', (_what, template, expected) => {
    expect(renderMessage(template, { title: 'Бюджет', daysOverdue: '3' })).toBe(expected);
  });
});
