import { FACTS, MESSAGE_VARS } from '../../src/rules/catalogue';
import { validateRule, type RuleDefinition } from '../../src/rules/validate';

const OPERATORS =
  'equal, notEqual, in, notIn, contains, doesNotContain, lessThan, lessThanInclusive, greaterThan, greaterThanInclusive; ' +
  'префікси: not:, someFact:, someValue:, everyFact:, everyValue:, swap:';
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
      'rules/x.json: descripton: невідомий ключ "descripton" (відомі: name, description, priority, conditions, event)',
      'rules/x.json: event.params.severity: "critical" — невідома важливість (відомі: high, medium, low, info)',
      `rules/x.json: event.params.message: заповнювач {{foo}} невідомий для предмета "dataset" (відомі: ${DATASET_VARS})`,
      `rules/x.json: conditions.all[1].operator: "greaterThen" — невідомий оператор; можливо, "greaterThan"?`,
      `rules/x.json: conditions.all[2].any[0].fact: факт "colour" невідомий для предмета "dataset" (відомі: ${DATASET_FACTS})`,
    ]);
  });

  it('reports an unknown subject, a missing message and a misspelt "conditions" together', () => {
    const json = goodRule();
    json.condtions = json.conditions;
    delete json.conditions;
    json.event.params.subject = 'datasets';
    delete json.event.params.message;
    expect(problemsOf(json)).toEqual([
      'rules/x.json: condtions: невідомий ключ "condtions" (відомі: name, description, priority, conditions, event)',
      'rules/x.json: event.params.subject: "datasets" — невідомий предмет (відомі: dataset, task, steward)',
      'rules/x.json: event.params.message: має бути непорожнім шаблоном повідомлення українською',
      'rules/x.json: conditions: має бути об’єктом з ключем "all", "any" або "not"',
    ]);
  });

  it('does not guess which facts are wrong when the subject is unknown', () => {
    const json = goodRule();
    json.event.params.subject = 'person';
    json.conditions.all[0].fact = 'colour';
    expect(problemsOf(json)).toEqual(['rules/x.json: event.params.subject: "person" — невідомий предмет (відомі: dataset, task, steward)']);
  });

  it.each([
    ['a blank message', '   '],
    ['a message that is not a string', 42],
  ])('reports %s as a missing message', (_what, message) => {
    const json = goodRule();
    json.event.params.message = message;
    expect(problemsOf(json)).toEqual(['rules/x.json: event.params.message: має бути непорожнім шаблоном повідомлення українською']);
  });

  it('prefixes the paths of a rule inside an array with its index', () => {
    const json = goodRule();
    json.conditions.all[0].operator = 'greaterThen';
    expect(problemsOf(json, '[2]')).toEqual([`rules/x.json: [2].conditions.all[0].operator: "greaterThen" — невідомий оператор; можливо, "greaterThan"?`]);
  });

  it.each(['not:equal', 'not:in', 'everyValue:in', 'swap:in', 'not:greaterThan'])('accepts the decorated operator %s', (operator) => {
    const json = goodRule();
    json.conditions.all[0].operator = operator;
    expect(accepted(json).name).toBe('stale-monthly');
  });

  it.each(['bogus:equal', 'not:', ''])('refuses the operator %p, listing the known ones', (operator) => {
    const json = goodRule();
    json.conditions.all[0].operator = operator;
    expect(problemsOf(json)).toEqual([
      `rules/x.json: conditions.all[0].operator: ${JSON.stringify(operator)} — невідомий оператор (відомі: ${OPERATORS})`,
    ]);
  });

  it.each([
    ['not:greaterThen', 'not:greaterThan'],
    ['Equal', 'equal'],
    ['lessThanInclusiv', 'lessThanInclusive'],
  ])('refuses the operator %p, suggesting %p', (operator, meant) => {
    const json = goodRule();
    json.conditions.all[0].operator = operator;
    expect(problemsOf(json)).toEqual([`rules/x.json: conditions.all[0].operator: "${operator}" — невідомий оператор; можливо, "${meant}"?`]);
  });

  it('refuses a condition without an operator', () => {
    const json = goodRule();
    delete json.conditions.all[0].operator;
    expect(problemsOf(json)).toEqual([`rules/x.json: conditions.all[0].operator: оператора не вказано (відомі: ${OPERATORS})`]);
  });

  it.each(['toString', 'constructor', 'hasOwnProperty', '__proto__'])(
    'refuses %s, which every object inherits, as a fact',
    (fact) => {
      const json = goodRule();
      json.conditions.all[0].fact = fact;
      expect(problemsOf(json)).toEqual([
        `rules/x.json: conditions.all[0].fact: факт "${fact}" невідомий для предмета "dataset" (відомі: ${DATASET_FACTS})`,
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
      `rules/x.json: conditions.all[0].value.fact: факт "dueSoon" невідомий для предмета "task" (відомі: ${TASK_FACTS})`,
      'rules/x.json: conditions.all[1].value: значення-об’єкт має мати вигляд {"fact": "назва факту"}',
      'rules/x.json: conditions.all[2].value.fact: має бути назвою факту',
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
      'rules/x.json: conditions.all[0]: бракує ключа "value"',
      'rules/x.json: conditions.all[1].path: факти — прості значення; "path" не підтримується',
      'rules/x.json: conditions.all[2].vaule: невідомий ключ "vaule" (відомі: fact, operator, value, params, path, name, priority)',
    ]);
  });

  it.each([
    ['no group', {}, 'rules/x.json: conditions: має містити рівно один із ключів "all", "any", "not" (знайдено: жодного)'],
    ['two groups', { all: [], any: [] }, 'rules/x.json: conditions: має містити рівно один із ключів "all", "any", "not" (знайдено: all, any)'],
    ['a group that is not a list', { all: { fact: 'published' } }, 'rules/x.json: conditions.all: має бути масивом умов'],
    ['a shared condition', { condition: 'other' }, 'rules/x.json: conditions.condition: спільні умови не підтримуються; випишіть умови повністю'],
    ['a condition that is not an object', { any: ['published'] }, 'rules/x.json: conditions.any[0]: умова має бути об’єктом'],
    ['an unknown key beside the group', { all: [], mode: 'strict' }, 'rules/x.json: conditions.mode: невідомий ключ "mode"'],
  ])('reports conditions with %s', (_what, conditions, problem) => {
    const json = goodRule();
    json.conditions = conditions;
    expect(problemsOf(json)).toEqual([problem]);
  });

  it('checks a condition under "not" with its path', () => {
    const json = goodRule();
    json.conditions = { not: { fact: 'publishd', operator: 'equal', value: true } };
    expect(problemsOf(json)).toEqual([
      `rules/x.json: conditions.not.fact: факт "publishd" невідомий для предмета "dataset"; можливо, "published"?`,
    ]);
  });

  it.each([
    ['a name that is not kebab-case', { name: 'Stale_Publication' }, 'rules/x.json: name: має бути рядком у kebab-case на зразок "stale-publication"; отримано: "Stale_Publication"'],
    ['a missing name', { name: undefined }, 'rules/x.json: name: має бути рядком у kebab-case на зразок "stale-publication"; отримано: нічого'],
    ['a priority of 0', { priority: 0 }, 'rules/x.json: priority: має бути цілим числом від 1; отримано: 0'],
    ['a fractional priority', { priority: 1.5 }, 'rules/x.json: priority: має бути цілим числом від 1; отримано: 1.5'],
    ['an event that is not an object', { event: 'stale' }, 'rules/x.json: event: має бути об’єктом {type, params}'],
  ])('reports %s', (_what, patch, problem) => {
    expect(problemsOf({ ...goodRule(), ...patch })).toEqual([problem]);
  });

  it('reports an event without a type or params', () => {
    expect(problemsOf({ ...goodRule(), event: { type: '' } })).toEqual([
      'rules/x.json: event.type: має бути непорожнім рядком',
      'rules/x.json: event.params: має бути об’єктом {subject, severity, message}',
    ]);
  });

  it.each([
    ['an array', []],
    ['a string', 'stale'],
    ['null', null],
  ])('refuses %s as a rule', (_what, json) => {
    expect(problemsOf(json)).toEqual(['rules/x.json: (верхній рівень): правило має бути об’єктом JSON']);
  });
});
