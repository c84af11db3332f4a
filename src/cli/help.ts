/** The help texts, in Ukrainian, made from the declarations (src/cli/spec.ts). */
import { GLOBAL_OPTIONS, GROUP_TITLES, HELP_OPTION, PARENTS, type CommandGroup, type CommandSpec, type OptionSpec } from './spec';
import { usageOf } from './spec';

/** Two columns: terms padded to the widest (at most 34 characters; a longer term gets its own line). */
function table(rows: readonly (readonly [string, string])[], widest: number = Math.max(0, ...rows.map(([t]) => t.length))): string[] {
  const width = Math.min(34, widest);
  return rows.flatMap(([term, text]) =>
    term.length > width ? [`  ${term}`, `  ${' '.repeat(width)}  ${text}`] : [`  ${term.padEnd(width)}  ${text}`],
  );
}

const optionTerm = (o: OptionSpec): string => o.flags.replace(/[<>]/g, '').replace(/\[([^\]]+)\]/, '$1') + (o.multiple ? ' …' : '');

/** `import KIND FILE`: a command's words and arguments, for lists. */
function termOf(s: Pick<CommandSpec, 'name' | 'args'>): string {
  return [s.name, (s.args ?? '').replace(/[<>]/g, '').replace(/\[([^\]]+)\.\.\.\]/g, '[$1 …]')].filter(Boolean).join(' ');
}

const HOW_TO_HELP = 'Довідка про команду: odmon COMMAND --help (або odmon help COMMAND).';

export function programHelp(specs: readonly CommandSpec[]): string {
  const out = [
    'odmon — моніторинг того, як розпорядники міської ради оприлюднюють відкриті дані',
    '',
    'Використання:',
    '  odmon COMMAND [ARGUMENTS] [OPTIONS]',
  ];
  // One column for every group, so the list reads as one table.
  const widest = Math.max(...specs.map((s) => termOf(s).length));
  for (const group of Object.keys(GROUP_TITLES) as CommandGroup[]) {
    const mine = specs.filter((s) => s.group === group);
    if (mine.length === 0) continue;
    out.push('', `${GROUP_TITLES[group]}:`, ...table(mine.map((s) => [termOf(s), s.summary]), widest));
  }
  out.push('', 'Спільні опції (для кожної команди):', ...table([...GLOBAL_OPTIONS, HELP_OPTION].map((o) => [optionTerm(o), o.description])));
  out.push('', 'odmon -V або odmon --version показує версію.');
  out.push('', HOW_TO_HELP);
  return out.join('\n') + '\n';
}

/** The help of a group of commands (`odmon task`): its commands. */
export function groupHelp(path: string, specs: readonly CommandSpec[]): string {
  const mine = specs.filter((s) => s.name.startsWith(`${path} `));
  const out = [`odmon ${path} — ${PARENTS[path]?.summary ?? ''}`, '', 'Команди:', ...table(mine.map((s) => [termOf(s), s.summary]))];
  out.push('', `Довідка про команду: odmon ${path} COMMAND --help.`);
  return out.join('\n') + '\n';
}

/** One command's help: usage, what it does, its options, the options every command takes, examples. */
export function commandHelp(spec: CommandSpec, specs: readonly CommandSpec[]): string {
  const out = [`odmon ${spec.name} — ${spec.summary}`, '', 'Використання:', `  ${usageOf(spec)}`];
  if (spec.details && spec.details.length > 0) out.push('', ...spec.details);
  const subs = specs.filter((s) => s.name.startsWith(`${spec.name} `));
  if (subs.length > 0) out.push('', 'Команди:', ...table(subs.map((s) => [termOf(s), s.summary])));
  const rows = (list: readonly OptionSpec[]): [string, string][] => list.map((o) => [optionTerm(o), o.required ? `${o.description} (обов’язкова)` : o.description]);
  if (spec.options.length > 0) out.push('', 'Опції:', ...table(rows(spec.options)));
  out.push('', 'Спільні опції:', ...table(rows([...GLOBAL_OPTIONS, HELP_OPTION])));
  if (spec.examples.length > 0) out.push('', spec.examples.length === 1 ? 'Приклад:' : 'Приклади:', ...spec.examples.map((e) => `  odmon ${e}`));
  return out.join('\n') + '\n';
}
