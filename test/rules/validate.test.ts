import { FACTS, MESSAGE_VARS } from '../../src/rules/catalogue';
import { validateRule, type RuleDefinition } from '../../src/rules/validate';

const OPERATORS =
  'equal, notEqual, in, notIn, contains, doesNotContain, lessThan, lessThanInclusive, greaterThan, greaterThanInclusive; ' +
  'prefixes: not:, someFact:, someValue:, everyFact:, everyValue:, swap:';
// The lists come from the catalogue: a fact is declared in one place (src/rules/catalogue.ts).
const DATASET_FACTS = Object.keys(FACTS.dataset).join(', ');
const TASK_FACTS = Object.keys(FACTS.task).join(', ');
const DATASET_VARS = MESSAGE_VARS.dataset.join(', ');

/** A rule that is fine as written; tests spoil one part of it. */
function goodRule(): Record<string, any> {
  return {
    name: 'stale-monthly',
    description: 'A monthly dataset past its deadline.',
    priority: 4,
    conditions: {
      all: [
        { fact: 'frequency', operator: 'equal', value: 'once a month' },
        { fact: 'daysOverdue', operator: 'greaterThan', value: 0 },
        { any: [{ fact: 'required', operator: 'equal', value: true }, { not: { fact: 'suspended', operator: 'equal', value: true } }] },
      ],
    },
    event: {
      type: 'stale-monthly',
      params: { subject: 'dataset', severity: 'medium', message: 'Набір «{{title}}» прострочено на {{ daysOverdue }} дн.' },
    },
  };
}

function problemsOf(json: unknown, at = ''): string[] {
  const res = validateRule(json, 'rules/x.json', at);
  if (res.ok) throw new Error(`expected problems, the rule was accepted: ${JSON.stringify(res.rule)}`);
  return res.problems;
}

function accepted(json: unknown): RuleDefinition {
  const res = validateRule(json, 'rules/x.json', '');
  if (!res.ok) throw new Error(`expected the rule to be accepted:\n${res.problems.join('\n')}`);
  return res.rule;
}

describe('validateRule', () => {
  it('accepts a good rule and reads its subject, severity, message, priority and every fact it tests', () => {
    const json = goodRule();
    expect(accepted(json)).toEqual({
      name: 'stale-monthly',
      file: 'rules/x.json',
      at: '',
      subject: 'dataset',
      severity: 'medium',
      message: 'Набір «{{title}}» прострочено на {{ daysOverdue }} дн.',
      priority: 4,
      facts: ['daysOverdue', 'frequency', 'required', 'suspended'],
      json,
    });
  });

  it('gives a rule without a priority the priority 1', () => {
    const json = goodRule();
    delete json.priority;
    expect(accepted(json).priority).toBe(1);
  });

  it('reports every problem of one rule at once, each with the file and its JSON path', () => {
    const json = goodRule();
    json.descripton = 'typo';
    json.conditions.all[1].operator = 'greaterThen';
    json.conditions.all[2].any[0].fact = 'colour';
    json.event.params.severity = 'critical';
    json.event.params.message = 'Набір {{foo}} ({{title}})';
    expect(problemsOf(json)).toEqual([
      'rules/x.json: descripton: unknown key "descripton" (known: name, description, priority, conditions, event)',
      'rules/x.json: event.params.severity: "critical" is not a severity (known: high, medium, low, info)',
      `rules/x.json: event.params.message: placeholder {{foo}} is not known for a dataset (known: ${DATASET_VARS})`,
      `rules/x.json: conditions.all[1].operator: "greaterThen" is not known (known: ${OPERATORS})`,
      `rules/x.json: conditions.all[2].any[0].fact: fact "colour" is not known for a dataset (known: ${DATASET_FACTS})`,
    ]);
  });

  it('reports an unknown subject, a missing message and a misspelt "conditions" together', () => {
    const json = goodRule();
    json.condtions = json.conditions;
    delete json.conditions;
    json.event.params.subject = 'datasets';
    delete json.event.params.message;
    expect(problemsOf(json)).toEqual([
      'rules/x.json: condtions: unknown key "condtions" (known: name, description, priority, conditions, event)',
      'rules/x.json: event.params.subject: "datasets" is not a subject (known: dataset, task, steward)',
      'rules/x.json: event.params.message: must be a non-empty Ukrainian message template',
      'rules/x.json: conditions: must be an object with "all", "any" or "not"',
    ]);
  });

  it('does not guess which facts are wrong when the subject is unknown', () => {
    const json = goodRule();
    json.event.params.subject = 'person';
    json.conditions.all[0].fact = 'colour';
    expect(problemsOf(json)).toEqual(['rules/x.json: event.params.subject: "person" is not a subject (known: dataset, task, steward)']);
  });

  it.each([
    ['a blank message', '   '],
    ['a message that is not a string', 42],
  ])('reports %s as a missing message', (_what, message) => {
    const json = goodRule();
    json.event.params.message = message;
    expect(problemsOf(json)).toEqual(['rules/x.json: event.params.message: must be a non-empty Ukrainian message template']);
  });

  it('prefixes the paths of a rule inside an array with its index', () => {
    const json = goodRule();
    json.conditions.all[0].operator = 'greaterThen';
    expect(problemsOf(json, '[2]')).toEqual([`rules/x.json: [2].conditions.all[0].operator: "greaterThen" is not known (known: ${OPERATORS})`]);
  });

  it.each(['not:equal', 'not:in', 'everyValue:in', 'swap:in', 'not:greaterThan'])('accepts the decorated operator %s', (operator) => {
    const json = goodRule();
    json.conditions.all[0].operator = operator;
    expect(accepted(json).name).toBe('stale-monthly');
  });

  it.each(['bogus:equal', 'not:', 'not:greaterThen', 'Equal', ''])('refuses the operator %p', (operator) => {
    const json = goodRule();
    json.conditions.all[0].operator = operator;
    expect(problemsOf(json)).toEqual([
      `rules/x.json: conditions.all[0].operator: ${JSON.stringify(operator)} is not known (known: ${OPERATORS})`,
    ]);
  });

  it('refuses a condition without an operator', () => {
    const json = goodRule();
    delete json.conditions.all[0].operator;
    expect(problemsOf(json)).toEqual([`rules/x.json: conditions.all[0].operator: undefined is not known (known: ${OPERATORS})`]);
  });

  it.each(['toString', 'constructor', 'hasOwnProperty', '__proto__'])(
    'refuses %s, which every object inherits, as a fact',
    (fact) => {
      const json = goodRule();
      json.conditions.all[0].fact = fact;
      expect(problemsOf(json)).toEqual([
        `rules/x.json: conditions.all[0].fact: fact "${fact}" is not known for a dataset (known: ${DATASET_FACTS})`,
      ]);
    },
  );

  it('accepts a value naming another fact of the subject and counts that fact as read', () => {
    const json = goodRule();
    json.event.params = { subject: 'task', severity: 'info', message: 'Завдання {{id}}: залишилось {{daysLeft}} дн.' };
    json.conditions = { all: [{ fact: 'daysUntilDue', operator: 'lessThanInclusive', value: { fact: 'dueSoonDays' } }] };
    expect(accepted(json).facts).toEqual(['daysUntilDue', 'dueSoonDays']);
  });

  it('checks that a value naming a fact names a known one', () => {
    const json = goodRule();
    json.event.params = { subject: 'task', severity: 'info', message: 'Завдання {{id}}' };
    json.conditions = {
      all: [
        { fact: 'daysUntilDue', operator: 'lessThanInclusive', value: { fact: 'dueSoon' } },
        { fact: 'daysUntilDue', operator: 'lessThanInclusive', value: { days: 30 } },
        { fact: 'daysUntilDue', operator: 'lessThanInclusive', value: { fact: 7 } },
      ],
    };
    expect(problemsOf(json)).toEqual([
      `rules/x.json: conditions.all[0].value.fact: fact "dueSoon" is not known for a task (known: ${TASK_FACTS})`,
      'rules/x.json: conditions.all[1].value: an object value must be {"fact": NAME}',
      'rules/x.json: conditions.all[2].value.fact: must be a fact name',
    ]);
  });

  it('reports a missing value, a "path" and an unknown condition key', () => {
    const json = goodRule();
    json.conditions.all = [
      { fact: 'daysOverdue', operator: 'greaterThan' },
      { fact: 'daysOverdue', operator: 'greaterThan', value: 0, path: '$.x' },
      { fact: 'daysOverdue', operator: 'greaterThan', value: 0, vaule: 1 },
    ];
    expect(problemsOf(json)).toEqual([
      'rules/x.json: conditions.all[0]: "value" is missing',
      'rules/x.json: conditions.all[1].path: facts are plain values; "path" is not supported',
      'rules/x.json: conditions.all[2].vaule: unknown key "vaule" (known: fact, operator, value, params, path, name, priority)',
    ]);
  });

  it.each([
    ['no group', {}, 'rules/x.json: conditions: must have exactly one of "all", "any", "not" (found none)'],
    ['two groups', { all: [], any: [] }, 'rules/x.json: conditions: must have exactly one of "all", "any", "not" (found all, any)'],
    ['a group that is not a list', { all: { fact: 'published' } }, 'rules/x.json: conditions.all: must be an array of conditions'],
    ['a shared condition', { condition: 'other' }, 'rules/x.json: conditions.condition: shared conditions are not supported; write the conditions out'],
    ['a condition that is not an object', { any: ['published'] }, 'rules/x.json: conditions.any[0]: a condition must be an object'],
    ['an unknown key beside the group', { all: [], mode: 'strict' }, 'rules/x.json: conditions.mode: unknown key "mode"'],
  ])('reports conditions with %s', (_what, conditions, problem) => {
    const json = goodRule();
    json.conditions = conditions;
    expect(problemsOf(json)).toEqual([problem]);
  });

  it('checks a condition under "not" with its path', () => {
    const json = goodRule();
    json.conditions = { not: { fact: 'publishd', operator: 'equal', value: true } };
    expect(problemsOf(json)).toEqual([
      `rules/x.json: conditions.not.fact: fact "publishd" is not known for a dataset (known: ${DATASET_FACTS})`,
    ]);
  });

  it.each([
    ['a name that is not kebab-case', { name: 'Stale_Publication' }, 'rules/x.json: name: must be a kebab-case string like "stale-publication", got "Stale_Publication"'],
    ['a missing name', { name: undefined }, 'rules/x.json: name: must be a kebab-case string like "stale-publication", got undefined'],
    ['a priority of 0', { priority: 0 }, 'rules/x.json: priority: must be a whole number of 1 or more, got 0'],
    ['a fractional priority', { priority: 1.5 }, 'rules/x.json: priority: must be a whole number of 1 or more, got 1.5'],
    ['an event that is not an object', { event: 'stale' }, 'rules/x.json: event: must be an object {type, params}'],
  ])('reports %s', (_what, patch, problem) => {
    expect(problemsOf({ ...goodRule(), ...patch })).toEqual([problem]);
  });

  it('reports an event without a type or params', () => {
    expect(problemsOf({ ...goodRule(), event: { type: '' } })).toEqual([
      'rules/x.json: event.type: must be a non-empty string',
      'rules/x.json: event.params: must be an object {subject, severity, message}',
    ]);
  });

  it.each([
    ['an array', []],
    ['a string', 'stale'],
    ['null', null],
  ])('refuses %s as a rule', (_what, json) => {
    expect(problemsOf(json)).toEqual(['rules/x.json: (top level): a rule must be a JSON object']);
  });
});
