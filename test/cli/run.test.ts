import fs from 'node:fs';
import path from 'node:path';
import type { Io } from '../../src/cli/io';
import { run } from '../../src/cli/main';
import { DEFAULT_RULES_DIR } from '../../src/paths';
import { makeTempDir, removeDir } from '../helpers/rules-app';

let root: string;
let n = 0;

beforeAll(() => {
  root = makeTempDir('cli-run');
});
afterAll(() => removeDir(root));

interface Captured {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** A new working directory holding an empty odmon.config.json, so no config of the machine leaks in. */
function workDir(): string {
  const dir = path.join(root, `cwd-${++n}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'odmon.config.json'), '{}');
  return dir;
}

async function odmon(cwd: string, argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Captured> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), env, cwd };
  const code = await run(argv, io);
  return { code, out, err };
}

describe('odmon check, run in-process', () => {
  it('prints the overdue tasks of the seeded plan on 01.07.2019, grouped by the unit responsible', async () => {
    const cwd = workDir();
    const rules = path.join(cwd, 'rules');
    fs.mkdirSync(rules);
    fs.copyFileSync(path.join(DEFAULT_RULES_DIR, 'overdue-plan-task.json'), path.join(rules, 'overdue-plan-task.json'));
    expect((await odmon(cwd, ['init', '--db', 'odmon.sqlite', '--now', '2019-01-10'])).code).toBe(0);
    const r = await odmon(cwd, ['check', '--now', '2019-07-01T09:00', '--db', 'odmon.sqlite'], { ODMON_RULES_DIR: 'rules' });
    expect(r.code).toBe(0);
    expect(r.out.split('\n').filter((l) => !l.startsWith('      '))).toEqual([
      'Перевірка станом на 01.07.2019 09:00 (Київ): 4 порушення; нових — 4, усунено — 0.',
      'Завдання плану, доручене кільком розпорядникам, показано в кожного з них.',
      '',
      "Відділ інформаційно-комп'ютерного забезпечення (it) — 4 порушення",
      '  [високий] overdue-plan-task · завдання 1.1 · термін 31.03.2019, прострочено на 92 дні',
      '  [високий] overdue-plan-task · завдання 5.1 · термін 31.03.2019, прострочено на 92 дні · спільне для 4 розпорядників',
      '  [високий] overdue-plan-task · завдання 1.3 · термін 30.06.2019, прострочено на 1 день',
      '  [високий] overdue-plan-task · завдання 6.3 · термін 30.06.2019, прострочено на 1 день',
      '',
      // Task 5.1 is given to the HR department and to every steward: each of them sees it, as each is told.
      'Відділ кадрової роботи (hr) — 1 порушення',
      '  [високий] overdue-plan-task · завдання 5.1 · термін 31.03.2019, прострочено на 92 дні · спільне для 4 розпорядників',
      '',
      'Департамент з питань економічного розвитку, торгівлі та інвестицій (economy) — 1 порушення',
      '  [високий] overdue-plan-task · завдання 5.1 · термін 31.03.2019, прострочено на 92 дні · спільне для 4 розпорядників',
      '',
      'Фінансове управління (finance) — 1 порушення',
      '  [високий] overdue-plan-task · завдання 5.1 · термін 31.03.2019, прострочено на 92 дні · спільне для 4 розпорядників',
      '',
    ]);
    expect(r.err).toBe('Перевірка станом на 01.07.2019 09:00 (Київ): відкритих порушень — 4, нових — 4, усунено — 0.\n');
  });

  it('reads a bare --now date as 00:00 Kyiv', async () => {
    const cwd = workDir();
    const r = await odmon(cwd, ['check', '--now', '2019-07-01', '--json', '--db', 'odmon.sqlite']);
    expect(r.err).toMatch(/^Перевірка станом на 01\.07\.2019 00:00 \(Київ\): /);
  });
});

describe('odmon usage errors, run in-process', () => {
  it.each([
    [['import', 'stewards'], 'error[E_USAGE]: бракує аргументу FILE: odmon import KIND FILE [--sheet NAME] [--by NAME] [--now T]\nhint: наприклад: odmon import stewards stewards.csv\n'],
    [
      ['import', 'people', 'x.csv'],
      'error[E_USAGE]: невідомий вид файлу "people" (відомі: stewards, datasets, plan, publications)\n' +
        'hint: спершу імпортуйте розпорядників, потім набори даних, дати оприлюднення і план, які їх називають\n',
    ],
    [['rules', 'lint'], 'error[E_USAGE]: невідома команда "rules lint"; можливо, "rules check"?\nhint: команди групи: odmon rules --help\n'],
  ])('refuses %j with exit code 64', async (argv, err) => {
    const r = await odmon(workDir(), argv);
    expect(r.code).toBe(64);
    expect(r.err.startsWith(err)).toBe(true);
  });

  it('prints the usage and exits 64 when no command is given', async () => {
    const r = await odmon(workDir(), []);
    expect(r.code).toBe(64);
    expect(r.out).toMatch(/^odmon — моніторинг того, як розпорядники міської ради оприлюднюють відкриті дані\n/);
  });

  it('refuses a database that is a folder with E_DB and exit code 74', async () => {
    const cwd = workDir();
    fs.mkdirSync(path.join(cwd, 'a-folder'));
    const r = await odmon(cwd, ['init', '--db', 'a-folder']);
    expect(r.code).toBe(74);
    expect(r.err).toMatch(new RegExp(`^error\\[E_DB\\]: не вдалося відкрити базу даних ${path.join(cwd, 'a-folder').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(SQLite: «`));
  });

  it('adds the stack trace only with --verbose', async () => {
    const cwd = workDir();
    const quiet = await odmon(cwd, ['check', '--now', 'soon']);
    const verbose = await odmon(cwd, ['check', '--now', 'soon', '--verbose']);
    expect(quiet.err).toBe('error[E_USAGE]: --now "soon" — не дата\nhint: наприклад: 2019-07-01 (00:00 за Києвом) або 2019-07-01T09:00\n');
    expect(verbose.err.startsWith(quiet.err)).toBe(true);
    expect(verbose.err.slice(quiet.err.length)).toMatch(/^OdmonError: --now "soon" — не дата\n\s+at /);
  });
});
