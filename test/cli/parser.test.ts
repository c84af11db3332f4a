/**
 * A CLI people can discover: every command's own help (also as `odmon help COMMAND`) with its usage, options
 * and examples, in Ukrainian; an option a command does not take refused; a misspelt command or option answered
 * with what was probably meant; the exit codes as before (64 for usage).
 */
import fs from 'node:fs';
import path from 'node:path';
import { allCommands } from '../../src/cli/commands';
import type { Io } from '../../src/cli/io';
import { run } from '../../src/cli/main';
import { closest, parse } from '../../src/cli/parser';
import { makeTempDir, removeDir } from '../helpers/rules-app';

let cwd = '';
beforeAll(() => {
  cwd = makeTempDir('cli-parser');
  fs.writeFileSync(path.join(cwd, 'odmon.config.json'), '{}');
});
afterAll(() => removeDir(cwd));

async function odmon(argv: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), env: {}, cwd };
  const code = await run([...argv], io);
  return { code, out, err };
}

/** A command line as a shell splits it (double quotes), up to the first redirection or pipe. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|(\S+)/g)) {
    if (m[2] !== undefined && /^(>|\||\|\||>\/dev\/null)$/.test(m[2])) break;
    out.push(m[1] ?? m[2]);
  }
  return out;
}

const COMMANDS = allCommands();

describe('help', () => {
  it.each(COMMANDS.map((c) => [c.name]))('odmon %s --help prints its usage, what it does, its options and an example, and exits 0', async (name) => {
    const spec = COMMANDS.find((c) => c.name === name);
    const r = await odmon([...name.split(' '), '--help']);
    expect([r.code, r.err]).toEqual([0, '']);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(`odmon ${name} — ${spec?.summary}`);
    expect(lines[2]).toBe('Використання:');
    expect(lines[3]).toMatch(new RegExp(`^  odmon ${name}( |$)`));
    for (const o of spec?.options ?? []) expect(r.out).toContain(o.description);
    expect(r.out).toContain('Спільні опції:\n  --db FILE ');
    expect(r.out).toMatch(/\nПриклади?:\n {2}odmon /);
    // The same text as `odmon help COMMAND`.
    expect(await odmon(['help', ...name.split(' ')])).toEqual(r);
  });

  it('shows a command\'s usage with its required options bare and the others in brackets', async () => {
    const r = await odmon(['suspend', '--help']);
    expect(r.out.split('\n').slice(0, 4)).toEqual([
      'odmon suspend — призупинити набір навмисно (воєнний стан)',
      '',
      'Використання:',
      '  odmon suspend DATASET_ID --basis TEXT --review-by DATE [--since DATE] [--by NAME] [--now T]',
    ]);
    expect(r.out).toContain('\nОпції:\n  --basis TEXT      правова підстава обмеження (обов’язкова)\n  --review-by DATE  день, коли переглянути призупинення (обов’язкова)\n');
    expect(r.out).toContain('Приклад:\n  odmon suspend shelters --basis "Постанова КМУ № 263 від 12.03.2022" --review-by 2026-12-31\n');
  });

  it('lists a group\'s commands (odmon task --help) and every command in odmon --help, grouped', async () => {
    const task = await odmon(['task', '--help']);
    expect(task.out).toBe(
      [
        'odmon task — завдання плану: перелік, виконання, повторне відкриття',
        '',
        'Команди:',
        '  task list       завдання плану: термін, стан, виконання, відповідальні',
        '  task done ID    позначити завдання плану виконаним',
        '  task reopen ID  знову відкрити виконане завдання (підтвердження зберігається)',
        '',
        'Довідка про команду: odmon task COMMAND --help.',
        '',
      ].join('\n'),
    );
    const all = await odmon(['--help']);
    expect(all.code).toBe(0);
    for (const c of COMMANDS) expect(all.out).toMatch(new RegExp(`\\n  ${c.name}[ A-Z_\\[\\]…]* {2,}${c.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
    expect(all.out).toContain('\nРеєстр:\n  init ');
    // A placeholder the command list does not show is not named in a summary (snooze once said «до DATE включно»).
    for (const c of COMMANDS) {
      const shown = `${c.name} ${c.args ?? ''}`;
      for (const word of c.summary.match(/\b[A-Z][A-Z_]{2,}\b/g) ?? []) if (!['CKAN', 'SIGTERM', 'SIGINT', 'HTML', 'CSV', 'PDF', 'ODMON_WEB_ADMIN_PASSWORD'].includes(word)) expect([c.name, word, shown.includes(word)]).toEqual([c.name, word, true]);
    }
    expect(all.out.trimEnd().split('\n').pop()).toBe('Довідка про команду: odmon COMMAND --help (або odmon help COMMAND).');
    expect(await odmon(['help'])).toEqual(all);
  });

  it('odmon help help says what help does, as any command\'s help', async () => {
    const r = await odmon(['help', 'help']);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out.split('\n').slice(0, 6)).toEqual([
      'odmon help — довідка про команду',
      '',
      'Використання:',
      '  odmon help [COMMAND …]',
      '',
      'Те саме, що odmon COMMAND --help; без COMMAND — перелік усіх команд.',
    ]);
    expect(await odmon(['help', 'outbox', 'send'])).toEqual(await odmon(['outbox', 'send', '--help']));
  });

  it('prints odmon\'s version with --version or -V, from its package.json', async () => {
    const version = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
    expect(await odmon(['--version'])).toEqual({ code: 0, out: `${version}\n`, err: '' });
    expect(await odmon(['-V'])).toEqual({ code: 0, out: `${version}\n`, err: '' });
  });

  it('prints the command list with exit 64 when no command is given', async () => {
    const r = await odmon([]);
    expect(r.code).toBe(64);
    expect(r.out).toBe((await odmon(['--help'])).out);
  });

  it.each(COMMANDS.flatMap((c) => c.examples.map((e) => [e])))('example "odmon %s" parses as its command', async (example) => {
    const parsed = await parse(words(example), COMMANDS);
    expect(parsed.kind).toBe('run');
    if (parsed.kind === 'run') expect(`${example} `.startsWith(`${parsed.spec.name} `)).toBe(true);
  });
});

describe('options a command does not take', () => {
  it.each<[string[], string]>([
    [['digest', '--force'], 'error[E_USAGE]: команда "digest" не приймає опцію "--force"\nhint: "--force" приймають: odmon notify; опції цієї команди: odmon digest --help\n'],
    [['log', '--now', '2019-07-01'], 'error[E_USAGE]: команда "log" не приймає опцію "--now"\nhint: "--now" приймають: odmon init, odmon import, odmon check та інші; опції цієї команди: odmon log --help\n'],
    [['daemon', '--dry-run'], 'error[E_USAGE]: команда "daemon" не приймає опцію "--dry-run"\nhint: "--dry-run" приймають: odmon steward merge, odmon notify, odmon digest та інші; опції цієї команди: odmon daemon --help\n'],
    [['status', '--json'], 'error[E_USAGE]: команда "status" не приймає опцію "--json"\nhint: "--json" приймають: odmon check, odmon findings, odmon sync та інші; опції цієї команди: odmon status --help\n'],
    // An option no subcommand of the group takes: its value is not read as a command.
    [['outbox', '--steward', 'X'], 'error[E_USAGE]: команда "outbox" не приймає опцію "--steward"\nhint: "--steward" приймають: odmon check, odmon findings, odmon snooze та інші; опції цієї команди: odmon outbox --help\n'],
    // `--all` is `outbox`'s, not `outbox send`'s (which would ignore it), wherever it is put.
    [['outbox', 'send', '--all'], 'error[E_USAGE]: команда "outbox send" не приймає опцію "--all"\nhint: "--all" приймають: odmon outbox, odmon suspensions; опції цієї команди: odmon outbox send --help\n'],
    [['outbox', '--all', 'send'], 'error[E_USAGE]: команда "outbox send" не приймає опцію "--all"\nhint: "--all" приймають: odmon outbox, odmon suspensions; опції цієї команди: odmon outbox send --help\n'],
    // Before the command's name as after it.
    [['--now', '2019-07-01', 'log'], 'error[E_USAGE]: команда "log" не приймає опцію "--now"\nhint: "--now" приймають: odmon init, odmon import, odmon check та інші; опції цієї команди: odmon log --help\n'],
  ])('odmon %j is refused with exit 64, naming the commands that take it', async (argv, err) => {
    expect(await odmon(argv)).toEqual({ code: 64, out: '', err });
  });
});

describe('a command\'s options before its name', () => {
  it.each<[string[], string[]]>([
    [['--now', '2019-07-01', 'check', '--json'], ['check', '--json', '--now', '2019-07-01']],
    [['--now=2019-07-01T09:00', '--db', 'x.sqlite', 'outbox', 'send'], ['outbox', 'send', '--now', '2019-07-01T09:00', '--db', 'x.sqlite']],
    [['--json', '--now', '2019-07-01', 'check', '--steward', 'hr'], ['check', '--steward', 'hr', '--json', '--now', '2019-07-01']],
    [['--dry-run', 'steward', 'merge', 'a', 'b'], ['steward', 'merge', 'a', 'b', '--dry-run']],
  ])('odmon %j runs as odmon %j', async (before, after) => {
    const [a, b] = [await parse(before, COMMANDS), await parse(after, COMMANDS)];
    expect(a.kind).toBe('run');
    if (a.kind === 'run' && b.kind === 'run') {
      expect([a.spec.name, a.positionals, a.options]).toEqual([b.spec.name, b.positionals, b.options]);
    }
  });

  it('still names a misspelt command after them', async () => {
    expect(await odmon(['--now', '2019-07-01', 'chek'])).toEqual({ code: 64, out: '', err: 'error[E_USAGE]: невідома команда "chek"; можливо, "check"?\nhint: перелік команд: odmon --help\n' });
  });
});

describe('did you mean', () => {
  it.each<[string[], string]>([
    [['findings', '--stewart', 'x'], 'error[E_USAGE]: невідома опція "--stewart"; можливо, "--steward"?\nhint: довідка: odmon findings --help\n'],
    [['check', '--jsno'], 'error[E_USAGE]: невідома опція "--jsno"; можливо, "--json"?\nhint: довідка: odmon check --help\n'],
    [['check', '--verbos'], 'error[E_USAGE]: невідома опція "--verbos"; можливо, "--verbose"?\nhint: довідка: odmon check --help\n'],
    [['notify', '--dryrun'], 'error[E_USAGE]: невідома опція "--dryrun"; можливо, "--dry-run"?\nhint: довідка: odmon notify --help\n'],
    [['check', '--colour'], 'error[E_USAGE]: невідома опція "--colour"\nhint: довідка: odmon check --help\n'],
    [['chek'], 'error[E_USAGE]: невідома команда "chek"; можливо, "check"?\nhint: перелік команд: odmon --help\n'],
    [['snoze', '12'], 'error[E_USAGE]: невідома команда "snoze"; можливо, "snooze"?\nhint: перелік команд: odmon --help\n'],
    [['done', '1.3'], 'error[E_USAGE]: невідома команда "done"; можливо, "task done"?\nhint: перелік команд: odmon --help\n'],
    [['task', 'lst'], 'error[E_USAGE]: невідома команда "task lst"; можливо, "task list"?\nhint: команди групи: odmon task --help\n'],
    [['outbox', 'sned'], 'error[E_USAGE]: невідома команда "outbox sned"; можливо, "outbox send"?\nhint: команди групи: odmon outbox --help\n'],
    [['rules', 'lint'], 'error[E_USAGE]: невідома команда "rules lint"; можливо, "rules check"?\nhint: команди групи: odmon rules --help\n'],
    [['report', 'monthly', '--year', '2019'], 'error[E_USAGE]: невідома команда "report monthly"; можливо, "report annual"?\nhint: команди групи: odmon report --help\n'],
    [['help', 'repotr'], 'error[E_USAGE]: невідома команда "repotr"; можливо, "report"?\nhint: перелік команд: odmon --help\n'],
    [['frobnicate'], 'error[E_USAGE]: невідома команда "frobnicate"\nhint: перелік команд: odmon --help\n'],
  ])('odmon %j', async (argv, err) => {
    expect(await odmon(argv)).toEqual({ code: 64, out: '', err });
  });

  it('says a misspelt option before a missing required one it may be', async () => {
    const r = await odmon(['suspend', 'shelters', '--basis', 'x', '--reviewby', '2026-12-31']);
    expect(r.err).toBe('error[E_USAGE]: невідома опція "--reviewby"; можливо, "--review-by"?\nhint: довідка: odmon suspend --help\n');
  });

  it('suggests only within three edits and 40 % alike, the nearest first', () => {
    expect(closest('--stewrad', ['--steward', '--json'])).toBe('--steward');
    expect(closest('--xyz', ['--steward', '--json'])).toBeNull();
    expect(closest('digets', ['digest', 'daemon', 'init'])).toBe('digest');
  });
});

describe('arguments and values', () => {
  it.each<[string[], string]>([
    [['link'], 'error[E_USAGE]: бракує аргументу DATASET_ID: odmon link DATASET_ID [PORTAL_ID] [--unlink] [--now T]\nhint: наприклад: odmon link stops zupynky-2019\n'],
    [['check', 'extra'], 'error[E_USAGE]: зайвий аргумент "extra" для odmon check\nhint: використання: odmon check [--now T] [--json] [--steward ID]\n'],
    [['backup', 'a.sqlite', 'b.sqlite'], 'error[E_USAGE]: зайвий аргумент "b.sqlite" для odmon backup\nhint: використання: odmon backup FILE\n'],
    [['check', '--now'], 'error[E_USAGE]: опції "--now" бракує значення: --now T\nhint: --now T — оцінювати станом на T: 2019-07-01 (00:00 за Києвом), 2019-07-01T09:00 або момент зі зсувом; T пізніше за поточний час — пробний запуск\n'],
    [['report', 'annual'], 'error[E_USAGE]: бракує обов’язкової опції "--year Y"\nhint: наприклад: odmon report annual --year 2019 --out zvit-2019.pdf\n'],
    [['task'], 'error[E_USAGE]: укажіть, що зробити: odmon task list | done | reopen\nhint: довідка: odmon task --help\n'],
  ])('odmon %j is a usage error (64) that says what is missing and shows the usage or an example', async (argv, err) => {
    expect(await odmon(argv)).toEqual({ code: 64, out: '', err });
  });

  it('takes the options every command takes before or after the command, and repeated --org values in order', async () => {
    const before = await parse(['--db', 'x.sqlite', 'sync', '--org', 'a', '--org', 'b'], COMMANDS);
    const after = await parse(['sync', '--org', 'a', '--db', 'x.sqlite', '--org', 'b'], COMMANDS);
    for (const p of [before, after]) {
      expect(p.kind).toBe('run');
      if (p.kind === 'run') expect(p.options).toMatchObject({ db: 'x.sqlite', org: ['a', 'b'] });
    }
  });
});
