import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureBuilt, PACKAGE_ROOT } from './build';
import { makeTempDir } from '../helpers/temp-db';

const OPERATORS =
  'equal, notEqual, in, notIn, contains, doesNotContain, lessThan, lessThanInclusive, greaterThan, greaterThanInclusive; ' +
  'prefixes: not:, someFact:, someValue:, everyFact:, everyValue:, swap:';

/**
 * A check of the example register on 2026-11-27, per rule. data/example/README.md lists 5 blank frequencies in
 * the register; the 28 required datasets it leaves unassigned are seeded without a frequency, hence 33.
 */
const EXAMPLE_COUNTS = {
  'stale-publication': 21,
  'missing-dataset': 7,
  'unassigned-dataset': 31,
  'steward-without-contact': 1,
  'overdue-plan-task': 7,
  'unknown-frequency': 33,
};

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface JsonFinding {
  rule: string;
  severity: string;
  subject: { type: string; id: string };
  steward: string | null;
  stewards: string[];
  dueAt: string | null;
  daysOverdue: number | null;
  message: string;
}

let cli: string;
let root: string;
let emptyConfig: string;
let n = 0;

/** The user's environment without any ODMON_ setting of the machine running the tests. */
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ODMON_')));

beforeAll(() => {
  cli = ensureBuilt();
  root = makeTempDir('e2e');
  emptyConfig = path.join(root, 'empty-config.json');
  fs.writeFileSync(emptyConfig, '{}\n');
}, 120_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A new working directory for one scenario. */
function workDir(): string {
  const dir = path.join(root, `cwd-${++n}`);
  fs.mkdirSync(dir);
  return dir;
}

function odmon(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    env: { ...cleanEnv, ODMON_CONFIG: emptyConfig, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function countByRule(findings: readonly JsonFinding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.rule] = (counts[f.rule] ?? 0) + 1;
  return counts;
}

describe('odmon init', () => {
  it('creates and seeds the database, and run again says there is nothing to seed', () => {
    const cwd = workDir();
    const first = odmon(cwd, ['init', '--db', 'odmon.sqlite']);
    expect(first).toEqual({
      status: 0,
      stdout:
        `База даних: ${path.join(cwd, 'odmon.sqlite')} (створено).\n` +
        'Завантажено початкові дані: 6 підрозділів плану, 18 завдань плану, 73 набори даних, обов’язкових за Постановою 835.\n',
      stderr: '',
    });
    const second = odmon(cwd, ['init', '--db', 'odmon.sqlite']);
    expect(second).toEqual({
      status: 0,
      stdout: `База даних: ${path.join(cwd, 'odmon.sqlite')}.\nПочаткові дані вже завантажено раніше: нічого не змінено.\n`,
      stderr: '',
    });
  });
});

describe('odmon check on the example register', () => {
  let cwd: string;
  let findings: JsonFinding[];
  let firstCheck: Run;

  beforeAll(() => {
    cwd = workDir();
    const init = odmon(cwd, ['init', '--example', '--db', 'example.sqlite']);
    expect(init.status).toBe(0);
    firstCheck = odmon(cwd, ['check', '--now', '2026-11-27', '--json', '--db', 'example.sqlite']);
    findings = JSON.parse(firstCheck.stdout) as JsonFinding[];
  });

  it('imports the four example files after seeding', () => {
    const again = odmon(workDir(), ['init', '--example', '--db', 'other.sqlite']);
    expect(again.status).toBe(0);
    expect(again.stdout.split('\n').slice(2, 6).map((l) => l.replace(/^.*data\/example\//, ''))).toEqual([
      'stewards.csv (роздільник ",", UTF-8): розпорядники — 18 рядків: нових — 14, оновлено — 4, без змін — 0.',
      'datasets.csv (роздільник ",", UTF-8): набори даних — 90 рядків: нових — 45, оновлено — 44, без змін — 1; до історії додано 79 дат оприлюднення.',
      'publications.csv (роздільник ",", UTF-8): дати оприлюднення — 31 рядок: нових — 31, оновлено — 0, без змін — 0.',
      'plan.csv (роздільник ",", UTF-8): план — 18 рядків: нових — 0, оновлено — 18, без змін — 0.',
    ]);
  });

  it('prints the findings as a JSON array on stdout and its summary on stderr, exiting 0', () => {
    expect(firstCheck.status).toBe(0);
    expect(Array.isArray(findings)).toBe(true);
    expect(firstCheck.stderr).toBe('Перевірка станом на 27.11.2026 00:00 (Київ): відкритих порушень — 100, нових — 100, усунено — 0.\n');
  });

  it('finds on 27.11.2026 the counts per rule that the example promises', () => {
    expect(countByRule(findings)).toEqual(EXAMPLE_COUNTS);
  });

  it('gives every finding its rule, severity, subject, steward, deadline, days overdue and message', () => {
    for (const f of findings) {
      expect(f).toEqual({
        rule: expect.any(String),
        severity: expect.stringMatching(/^(high|medium|low|info)$/),
        subject: { type: expect.stringMatching(/^(dataset|task|steward)$/), id: expect.any(String) },
        steward: f.steward === null ? null : expect.any(String),
        stewards: expect.any(Array),
        dueAt: f.dueAt === null ? null : expect.stringMatching(/^\d{4}-\d\d-\d\dT00:00:00\.000\+0[23]:00$/),
        daysOverdue: f.daysOverdue === null ? null : expect.any(Number),
        message: expect.stringMatching(/[а-яіїєґ]/),
      });
    }
  });

  it('reports the steward without an e-mail address', () => {
    expect(findings.find((f) => f.rule === 'steward-without-contact')).toMatchObject({
      severity: 'high',
      subject: { type: 'steward', id: 'youth-sport' },
      steward: 'youth-sport',
      dueAt: null,
      daysOverdue: null,
      message: expect.stringContaining('Розпорядник «Управління молоді та спорту» не має адреси електронної пошти'),
    });
  });

  it('lists the worst first: high before medium, low and info, and the longest overdue first', () => {
    const rank = ['high', 'medium', 'low', 'info'];
    const ranks = findings.map((f) => rank.indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const stale = findings.filter((f) => f.rule === 'stale-publication').map((f) => f.daysOverdue as number);
    expect(stale).toEqual([...stale].sort((a, b) => b - a));
  });

  it('with --steward shows only the findings of that steward', () => {
    const r = odmon(cwd, ['check', '--now', '2026-11-27', '--json', '--steward', 'transport', '--db', 'example.sqlite']);
    expect(r.status).toBe(0);
    const mine = JSON.parse(r.stdout) as JsonFinding[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.length).toBeLessThan(findings.length);
    for (const f of mine) expect(f.stewards).toContain('transport');
    expect(mine.map((f) => `${f.rule} ${f.subject.id}`)).toContain('stale-publication transport-e-ticket');
    expect(mine).toEqual(findings.filter((f) => f.stewards.includes('transport')));
  });

  it('refuses a --steward that is not in the register with exit code 66', () => {
    const r = odmon(cwd, ['check', '--now', '2026-11-27', '--steward', 'nobody', '--db', 'example.sqlite']);
    expect(r.status).toBe(66);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error\[E_NOT_FOUND\]: розпорядника "nobody" немає в реєстрі\nhint: відомі розпорядники: .*\btransport\b/m);
  });

  it('prints a Ukrainian table grouped by steward, each finding under every steward it names', () => {
    const r = odmon(cwd, ['check', '--now', '2026-11-27', '--db', 'example.sqlite']);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Перевірка станом на 27.11.2026 00:00 (Київ): 100 порушень; нових — 0, усунено — 0.');
    expect(lines[1]).toBe('Завдання плану, доручене кільком розпорядникам, показано в кожного з них.');
    // A plan task of several stewards is listed (and counted) under each of them, as each of them is told.
    const json = JSON.parse(odmon(cwd, ['check', '--now', '2026-11-27', '--json', '--db', 'example.sqlite']).stdout) as { stewards: string[] }[];
    const placements = json.reduce((n, f) => n + Math.max(1, f.stewards.length), 0);
    expect(placements).toBeGreaterThan(100);
    const groups = lines.map((l) => /^(\S.*) — (\d+) порушен(?:ня|ь)$/.exec(l)).filter((m) => m !== null);
    expect(groups.map((m) => Number(m[2])).reduce((a, b) => a + b, 0)).toBe(placements);
    expect(groups.map((m) => m[1])).toEqual(
      expect.arrayContaining(['Без розпорядника', "Управління транспорту та зв'язку (transport)", 'Управління молоді та спорту (youth-sport)']),
    );
    expect(lines).toContain('  [високий] steward-without-contact · steward youth-sport · термін —');
    expect(lines.filter((l) => /^ {2}\[(високий|середній|низький|до відома)\] /.test(l))).toHaveLength(placements);
    expect(r.stderr).toBe('Перевірка станом на 27.11.2026 00:00 (Київ): відкритих порушень — 100, нових — 0, усунено — 0.\n');
  });
});

describe('odmon import', () => {
  it('refuses a broken file with exit code 2, naming every bad line and column, and imports nothing', () => {
    const cwd = workDir();
    expect(odmon(cwd, ['init', '--db', 'odmon.sqlite']).status).toBe(0);
    fs.writeFileSync(path.join(cwd, 'stewards.csv'), 'id,name,email\ntransport,Управління транспорту,nope\nculture,,culture@example.org\n');
    const r = odmon(cwd, ['import', 'stewards', 'stewards.csv', '--db', 'odmon.sqlite']);
    expect(r).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'error[E_IMPORT]: stewards.csv: проблем — 2, нічого не імпортовано:\n' +
        '  stewards.csv:2: email: "nope" is not an e-mail address\n' +
        '  stewards.csv:3: name: is empty\n' +
        'hint: виправте названі рядки й імпортуйте файл знову; база даних не змінилася\n',
    });
    const check = odmon(cwd, ['check', '--now', '2019-07-01', '--steward', 'transport', '--db', 'odmon.sqlite']);
    expect(check.status).toBe(66);
  });
});

describe('odmon with bad input', () => {
  it('refuses a --now that is not a date with exit code 64', () => {
    const r = odmon(workDir(), ['check', '--now', '2019-13-45', '--db', 'odmon.sqlite']);
    expect(r).toEqual({
      status: 64,
      stdout: '',
      stderr: 'error[E_USAGE]: --now "2019-13-45" — не дата\nhint: наприклад: 2019-07-01 (00:00 за Києвом) або 2019-07-01T09:00\n',
    });
  });

  it('refuses an unknown command and an unknown option with exit code 64', () => {
    const cwd = workDir();
    expect(odmon(cwd, ['chek'])).toMatchObject({ status: 64, stderr: 'error[E_USAGE]: невідома команда "chek"; можливо, "check"?\nhint: перелік команд: odmon --help\n' });
    expect(odmon(cwd, ['check', '--verbos'])).toMatchObject({
      status: 64,
      stderr: 'error[E_USAGE]: невідома опція "--verbos"; можливо, "--verbose"?\nhint: довідка: odmon check --help\n',
    });
    expect(odmon(cwd, ['digest', '--force'])).toMatchObject({ status: 64, stderr: expect.stringMatching(/^error\[E_USAGE\]: команда "digest" не приймає опцію "--force"\n/) });
  });

  it('prints the usage with --help and exits 0', () => {
    const r = odmon(workDir(), ['--help']);
    expect([r.status, r.stdout.split('\n')[0]]).toEqual([0, 'odmon — моніторинг того, як розпорядники міської ради оприлюднюють відкриті дані']);
  });

  it('reports every problem of the config file at once and exits 78', () => {
    const cwd = workDir();
    const config = path.join(cwd, 'odmon.config.json');
    fs.writeFileSync(config, JSON.stringify({ graceDays: -1, colour: 'red' }));
    const r = odmon(cwd, ['check', '--now', '2019-07-01', '--db', 'odmon.sqlite'], { ODMON_CONFIG: config });
    expect(r.status).toBe(78);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe('error[E_CONFIG]: the configuration has 2 problem(s):');
    expect(lines[1]).toMatch(new RegExp(`^  ${escape(config)}: unknown setting "colour" \\(known: db, rulesDir, graceDays, dueSoonDays, frequencies[^)]*\\)$`));
    expect(lines[2]).toBe(`  ${config}: graceDays: -1 is not a whole number of days (0 or more)`);
    expect(lines[3]).toBe('hint: fix these settings; docs/settings.md lists every setting with its type and default');
    expect(fs.existsSync(path.join(cwd, 'odmon.sqlite'))).toBe(false);
  });
});

describe('odmon with one broken rule file', () => {
  let cwd: string;
  const env = { ODMON_RULES_DIR: 'rules' };
  const problem = `rules/broken.json: conditions.all[0].operator: "greaterThen" is not known (known: ${OPERATORS})`;

  beforeAll(() => {
    cwd = workDir();
    const rules = path.join(cwd, 'rules');
    fs.mkdirSync(rules);
    const shipped = path.join(PACKAGE_ROOT, 'rules');
    for (const f of fs.readdirSync(shipped)) fs.copyFileSync(path.join(shipped, f), path.join(rules, f));
    fs.writeFileSync(
      path.join(rules, 'broken.json'),
      JSON.stringify({
        name: 'broken',
        conditions: { all: [{ fact: 'daysOverdue', operator: 'greaterThen', value: 0 }] },
        event: { type: 'broken', params: { subject: 'dataset', severity: 'high', message: 'Набір «{{title}}»' } },
      }),
    );
    expect(odmon(cwd, ['init', '--example', '--db', 'odmon.sqlite']).status).toBe(0);
  });

  it('"rules check" says the shipped rules are fine', () => {
    const r = odmon(workDir(), ['rules', 'check']);
    expect([r.status, r.stdout.split('\n')[0], r.stderr]).toEqual([0, 'Правил: 12, файлів: 12; проблем немає.', '']);
  });

  it('"rules check" exits 2 naming the broken file and what is wrong in it', () => {
    const r = odmon(cwd, ['rules', 'check'], env);
    expect(r).toEqual({
      status: 2,
      stdout: '',
      stderr:
        `error[E_RULES]: 1 проблема у ${path.join(cwd, 'rules')}:\n  ${problem}\n` +
        'hint: правила без проблем однаково працюють; формат правил описано в docs/rules.md\n',
    });
  });

  it('"check" still exits 0, warns naming the file, and reports the findings of every other rule', () => {
    const r = odmon(cwd, ['check', '--now', '2026-11-27', '--json', '--db', 'odmon.sqlite'], env);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`warning: ${problem}\nПеревірка станом на 27.11.2026 00:00 (Київ): відкритих порушень — 100, нових — 100, усунено — 0, проблем у правилах — 1.\n`);
    expect(countByRule(JSON.parse(r.stdout) as JsonFinding[])).toEqual(EXAMPLE_COUNTS);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
