import fs from 'node:fs';
import path from 'node:path';
import { OdmonError } from '../../src/errors';
import { DEFAULT_RULES_DIR } from '../../src/paths';
import { loadRules } from '../../src/rules/load';
import { makeTempDir, removeDir } from '../helpers/rules-app';

let root: string;
let n = 0;

beforeAll(() => {
  root = makeTempDir('rules-load');
});
afterAll(() => removeDir(root));

/** A new rules folder holding these files (objects are written as pretty JSON, strings as they are). */
function rulesDir(files: Record<string, unknown>): string {
  const dir = path.join(root, `rules-${++n}`);
  fs.mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2) + '\n');
  }
  return dir;
}

/** How loadRules names a file in its messages: relative to the working directory. */
const shown = (dir: string, name: string): string => path.relative(process.cwd(), path.join(dir, name));

function rule(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    conditions: { all: [{ fact: 'published', operator: 'equal', value: false }] },
    event: { type: name, params: { subject: 'dataset', severity: 'high', message: 'Набір «{{title}}» не оприлюднено.' } },
    ...overrides,
  };
}

describe('loadRules', () => {
  it('loads the shipped rules without a problem', () => {
    const loaded = loadRules(DEFAULT_RULES_DIR);
    expect(loaded.problems).toEqual([]);
    expect(loaded.rules.map((r) => `${r.name} ${r.subject} ${r.severity}`)).toEqual([
      'missing-dataset dataset high',
      'overdue-plan-task task high',
      'plan-task-due-soon task info',
      'portal-dataset-gone dataset high',
      'portal-document-formats-only dataset medium',
      'portal-frequency-mismatch dataset low',
      'portal-missing-contact dataset low',
      'portal-no-resources dataset high',
      'stale-publication dataset medium',
      'steward-without-contact steward high',
      'unassigned-dataset dataset medium',
      'unknown-frequency dataset low',
    ]);
  });

  it('loads every .json file in name order, a file holding one rule or an array of them, and ignores other files', () => {
    const dir = rulesDir({ 'b.json': [rule('second'), rule('third')], 'a.json': rule('first'), 'notes.txt': 'not a rule' });
    const loaded = loadRules(dir);
    expect(loaded.problems).toEqual([]);
    expect(loaded.files).toEqual([shown(dir, 'a.json'), shown(dir, 'b.json')]);
    expect(loaded.rules.map((r) => [r.name, r.file, r.at])).toEqual([
      ['first', shown(dir, 'a.json'), ''],
      ['second', shown(dir, 'b.json'), '[0]'],
      ['third', shown(dir, 'b.json'), '[1]'],
    ]);
  });

  it('still loads the good files when one file is broken, and names the broken one', () => {
    const dir = rulesDir({
      'a-good.json': rule('a-good'),
      'b-broken.json': rule('b-broken', { conditions: { all: [{ fact: 'daysOverdue', operator: 'greaterThen', value: 0 }] } }),
      'c-good.json': rule('c-good'),
    });
    const loaded = loadRules(dir);
    expect(loaded.rules.map((r) => r.name)).toEqual(['a-good', 'c-good']);
    expect(loaded.problems).toEqual([
      `${shown(dir, 'b-broken.json')}: conditions.all[0].operator: "greaterThen" — невідомий оператор; можливо, "greaterThan"?`,
    ]);
  });

  it('reports every problem of every file at once', () => {
    const dir = rulesDir({
      'a.json': rule('a', { condtions: {} }),
      'b.json': rule('b', { event: { type: 'b', params: { subject: 'dataset', severity: 'urgent', message: '{{foo}}' } } }),
      'c.json': '{ "name": ',
    });
    const loaded = loadRules(dir);
    expect(loaded.rules).toEqual([]);
    expect(loaded.problems).toEqual([
      `${shown(dir, 'a.json')}: condtions: невідомий ключ "condtions" (відомі: name, description, priority, conditions, event)`,
      `${shown(dir, 'b.json')}: event.params.severity: "urgent" — невідома важливість (відомі: high, medium, low, info)`,
      `${shown(dir, 'b.json')}: event.params.message: заповнювач {{foo}} невідомий для предмета "dataset" ` +
        '(відомі: id, title, steward, frequency, lastUpdated, deadline, daysOverdue, daysOverdueText, daysSinceUpdate, daysSinceUpdateText, suspended, portalId, portalFrequency, portalFormats, portalResourceCount, portalGoneAt)',
      `${shown(dir, 'c.json')}:1:11: помилка синтаксису JSON (рядок 1, стовпець 11): «Unexpected end of JSON input»`,
    ]);
  });

  it.each([
    ['a trailing comma in an object', '{\n  "name": "x",\n}\n', 3, 1, `Expected double-quoted property name`],
    ['a missing comma', '{\n  "name": "x"\n  "priority": 1\n}\n', 3, 3, `Expected ',' or '}' after property value`],
    ['a trailing comma in an array', '{\n  "conditions": { "all": [\n    { "fact": "published" },\n  ] }\n}\n', 4, 3, null],
    ['a missing value', '{\n  "name": \n}\n', 3, 1, null],
    ['a misspelt literal, at its first wrong letter', '{\n  "required": ture\n}\n', 2, 16, null],
    ['single quotes', "{\n  'name': 'x'\n}\n", 2, 3, `Expected property name or '}'`],
    ['a file cut short', '{\n  "name": "x",\n  "event": {', 3, 13, `Expected property name or '}'`],
    ['a file cut short before a value', '{\n  "name": ', 2, 11, 'Unexpected end of JSON input'],
    ['an empty file', '', 1, 1, 'Unexpected end of JSON input'],
  ])('reports %s as FILE:LINE:COLUMN', (_what, text, line, column, v8Message) => {
    const dir = rulesDir({ 'bad.json': text, 'good.json': rule('good') });
    const loaded = loadRules(dir);
    expect(loaded.rules.map((r) => r.name)).toEqual(['good']);
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]).toMatch(new RegExp(`^${escape(shown(dir, 'bad.json'))}:${line}:${column}: помилка синтаксису JSON \\(рядок ${line}, стовпець ${column}\\): «[^«»]+»$`));
    if (v8Message !== null) {
      expect(loaded.problems[0]).toBe(`${shown(dir, 'bad.json')}:${line}:${column}: помилка синтаксису JSON (рядок ${line}, стовпець ${column}): «${v8Message}»`);
    }
  });

  it('reports a rule name used in two files, naming both, and keeps the first', () => {
    const dir = rulesDir({ 'a.json': rule('stale'), 'b.json': [rule('other'), rule('stale')] });
    const loaded = loadRules(dir);
    expect(loaded.rules.map((r) => `${r.name} ${r.file}`)).toEqual([`stale ${shown(dir, 'a.json')}`, `other ${shown(dir, 'b.json')}`]);
    expect(loaded.problems).toEqual([
      `${shown(dir, 'b.json')}: [1].name: назву "stale" вже має правило з ${shown(dir, 'a.json')}; назви правил мають бути різними`,
    ]);
  });

  it('reports a rule name used twice in two single-rule files', () => {
    const dir = rulesDir({ 'a.json': rule('stale'), 'b.json': rule('stale') });
    expect(loadRules(dir).problems).toEqual([
      `${shown(dir, 'b.json')}: name: назву "stale" вже має правило з ${shown(dir, 'a.json')}; назви правил мають бути різними`,
    ]);
  });

  it('keeps the good rules of an array that holds a broken one', () => {
    const dir = rulesDir({ 'a.json': [rule('one'), rule('two', { priority: 0 }), rule('three')] });
    const loaded = loadRules(dir);
    expect(loaded.rules.map((r) => r.name)).toEqual(['one', 'three']);
    expect(loaded.problems).toEqual([`${shown(dir, 'a.json')}: [1].priority: має бути цілим числом від 1; отримано: 0`]);
  });

  it('refuses a folder that cannot be read with E_RULES and a hint', () => {
    const missing = path.join(root, 'no-such-folder');
    let error: unknown;
    try {
      loadRules(missing);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OdmonError);
    expect((error as OdmonError).code).toBe('E_RULES');
    expect((error as OdmonError).message).toMatch(new RegExp(`^не вдалося прочитати теку правил ${escape(missing)} \\(«ENOENT`));
    expect((error as OdmonError).hint).toBe('укажіть у rulesDir (odmon.config.json) або ODMON_RULES_DIR теку з файлами rules/*.json');
  });

  it('refuses a folder with no rule files, which would otherwise resolve every finding', () => {
    const empty = rulesDir({ 'notes.txt': 'not a rule' });
    expect(() => loadRules(empty)).toThrow(expect.objectContaining({ code: 'E_RULES', message: `у теці правил ${empty} немає жодного файлу правил (*.json)` }));
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
