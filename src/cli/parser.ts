/**
 * argv → one declared command (src/cli/spec.ts), through commander. commander parses; odmon words what people
 * read: the help in Ukrainian, and every parse error as an E_USAGE error with a "did you mean" where one fits.
 * commander's own English messages never reach the terminal: the methods that would print them are replaced
 * below, and each throws an OdmonError instead.
 */
import { Command, CommanderError, Option } from 'commander';
import { OdmonError } from '../errors';
import { closest } from '../text';
import { commandHelp, groupHelp, programHelp } from './help';
import { GLOBAL_OPTIONS, HELP_OPTION, PARENTS, longFlag, optionUsage, usageOf, type CommandSpec, type OptionSpec } from './spec';

export { closest } from '../text';

const usage = (message: string, hint?: string): OdmonError => new OdmonError('E_USAGE', message, { hint });

/** A commander command that knows its declaration and words its own errors. */
export class OdmonCommand extends Command {
  spec?: CommandSpec;
  /** Every declaration, on the program: for suggestions across commands. */
  specs: readonly CommandSpec[] = [];

  createCommand(name?: string): OdmonCommand {
    return new OdmonCommand(name);
  }

  /** `task done`; empty for the program. */
  path(): string {
    const words: string[] = [];
    for (let c: Command | null = this; c?.parent; c = c.parent) words.unshift(c.name());
    return words.join(' ');
  }

  private top(): OdmonCommand {
    let c: Command = this;
    while (c.parent) c = c.parent;
    return c as OdmonCommand;
  }

  private helpHint(): string {
    return `довідка: odmon ${this.path() ? `${this.path()} ` : ''}--help`;
  }

  /** The long flags this command takes, its own and everyone's. */
  private flags(): string[] {
    return [...this.options, ...this.top().options].map((o) => o.long).filter((f): f is string => f !== undefined);
  }

  // --- commander's parse errors, worded for people (these override commander's methods of the same names) ---

  unknownOption(flag: string): never {
    // `odmon report monthly --year 2019`: the word that names no command is the mistake, not the option after it.
    // Only a word before the option: in `odmon outbox --steward X`, X is the option's value, not a command.
    const at = this.args.findIndex((a) => a === flag || a.startsWith(`${flag.replace(/=.*$/, '')}=`));
    const word = this.commands.length > 0 ? this.args.slice(0, at < 0 ? this.args.length : at).find((a) => !a.startsWith('-')) : undefined;
    if (word !== undefined && !this.commands.some((c) => c.name() === word)) this.refuseCommand(word);
    const name = flag.replace(/=.*$/, '');
    const here = this.path() ? `команда "${this.path()}"` : 'odmon без команди';
    const takers = this.top()
      .specs.filter((s) => s.options.some((o) => longFlag(o) === name))
      .map((s) => `odmon ${s.name}`);
    if (takers.length > 0 && this.spec !== undefined) {
      const some = takers.length > 3 ? `${takers.slice(0, 3).join(', ')} та інші` : takers.join(', ');
      throw usage(`${here} не приймає опцію "${name}"`, `"${name}" приймають: ${some}; опції цієї команди: odmon ${this.path()} --help`);
    }
    const near = name.startsWith('--') ? closest(name, this.flags()) : null;
    throw usage(`невідома опція "${name}"${near ? `; можливо, "${near}"?` : ''}`, this.helpHint());
  }

  unknownCommand(): never {
    return this.refuseCommand(this.args[0]);
  }

  /** `word` is none of this command's subcommands (of the program: no command). */
  refuseCommand(word: string): never {
    const prefix = this.path() ? `${this.path()} ` : '';
    let near = closest(word, this.commands.map((c) => c.name()));
    // `odmon done`: a command's last word typed alone.
    if (near === null && prefix === '') near = this.specs.map((s) => s.name).find((n) => n.split(' ').pop() === word) ?? null;
    // A group of one command (`rules check`): that is what was meant.
    else if (near === null && this.commands.length === 1) near = prefix + this.commands[0].name();
    else if (near !== null) near = prefix + near;
    throw usage(
      `невідома команда "${prefix}${word}"${near ? `; можливо, "${near}"?` : ''}`,
      prefix === '' ? 'перелік команд: odmon --help' : `команди групи: odmon ${this.path()} --help`,
    );
  }

  _excessArguments(received: string[]): never {
    if (this.commands.length > 0) return this.refuseCommand(received[0]);
    const extra = received.slice(this.registeredArguments.length);
    const what = extra.length === 1 ? `зайвий аргумент "${extra[0]}"` : `зайві аргументи ${extra.map((a) => `"${a}"`).join(', ')}`;
    throw usage(`${what} для odmon ${this.path()}`, `використання: ${this.spec ? usageOf(this.spec) : `odmon ${this.path()}`}`);
  }

  missingArgument(name: string): never {
    const spec = this.spec;
    throw usage(
      `бракує аргументу ${name}: ${spec ? usageOf(spec) : `odmon ${this.path()}`}`,
      spec && spec.examples.length > 0 ? `наприклад: odmon ${spec.examples[0]}` : this.helpHint(),
    );
  }

  optionMissingArgument(option: Option): never {
    const spec = this.spec?.options.find((o) => o.flags === option.flags) ?? GLOBAL_OPTIONS.find((o) => o.flags === option.flags);
    const shown = spec ? optionUsage(spec) : option.flags;
    throw usage(`опції "${option.long ?? option.flags}" бракує значення: ${shown}`, spec ? `${shown} — ${spec.description}` : this.helpHint());
  }

  missingMandatoryOptionValue(option: Option): never {
    // A misspelt option is the likelier cause of a missing one: say that first (`--reviewby` for `--review-by`).
    const unknown = this.args.find((a) => a.startsWith('-') && !this.flags().includes(a.replace(/=.*$/, '')) && !['-v', '-h'].includes(a));
    if (unknown !== undefined) this.unknownOption(unknown);
    const spec = this.spec;
    const declared = spec?.options.find((o) => o.flags === option.flags);
    throw usage(
      `бракує обов’язкової опції "${declared ? optionUsage(declared) : option.flags}"`,
      spec && spec.examples.length > 0 ? `наприклад: odmon ${spec.examples[0]}` : this.helpHint(),
    );
  }
}

function addOption(cmd: Command, o: OptionSpec): void {
  const option = new Option(o.flags, o.description);
  if (o.required) option.makeOptionMandatory();
  if (o.multiple) option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
  cmd.addOption(option);
}

/** `odmon help help`: the help command's own help, worded like every other command's. */
const HELP_SPEC: CommandSpec = {
  name: 'help',
  args: '[COMMAND...]',
  summary: 'довідка про команду',
  details: ['Те саме, що odmon COMMAND --help; без COMMAND — перелік усіх команд.'],
  options: [],
  examples: ['help', 'help import', 'help outbox send'],
  group: 'operations',
  run: () => 0,
};

/**
 * A command's options given before its name (`odmon --now 2026-01-01 check`) moved after it, where commander
 * looks for them: `odmon check --now 2026-01-01`. The options every command takes stay where they are; an option
 * no command knows stays too, and is refused as unknown.
 */
export function commandFirst(argv: readonly string[], specs: readonly CommandSpec[]): string[] {
  const global = new Map<string, boolean>([...GLOBAL_OPTIONS, HELP_OPTION].flatMap((o) => o.flags.split(/,\s*/).map((f) => [f.split(' ')[0], f.includes('<')] as [string, boolean])));
  for (const f of ['-V', '--version']) global.set(f, false);
  const known = new Map<string, boolean>(specs.flatMap((s) => s.options.map((o) => [longFlag(o), o.flags.includes('<')] as [string, boolean])));
  const kept: string[] = [];
  const moved: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i].startsWith('-') && argv[i] !== '--') {
    const flag = argv[i].replace(/=.*$/, '');
    const takesValue = !argv[i].includes('=') && (global.get(flag) ?? known.get(flag) ?? false);
    const tokens = argv.slice(i, i + (takesValue ? 2 : 1));
    if (global.has(flag) || !known.has(flag)) kept.push(...tokens);
    else moved.push(...tokens);
    i += tokens.length;
  }
  if (moved.length === 0) return [...argv];
  const rest = argv.slice(i);
  // The command's words: the longest declared name the words start with (`outbox send`), else the first word.
  const names = [...specs.map((s) => s.name.split(' ')), ['help']];
  let words = rest.length > 0 && !rest[0].startsWith('-') ? 1 : 0;
  for (const n of names) if (n.length > words && n.every((w, k) => rest[k] === w)) words = n.length;
  return [...kept, ...rest.slice(0, words), ...moved, ...rest.slice(words)];
}

/** What the parse decided: run a declaration with its parsed values, or print a help text. */
export type Parsed =
  | { readonly kind: 'run'; readonly spec: CommandSpec; readonly positionals: readonly string[]; readonly options: Readonly<Record<string, unknown>> }
  | { readonly kind: 'help'; readonly text: string; readonly exitCode: number };

/**
 * Parses argv against the declarations. Help (`--help`, `help COMMAND`, no command at all) comes back as text;
 * every parse problem is thrown as an E_USAGE OdmonError.
 */
export async function parse(argv: readonly string[], specs: readonly CommandSpec[], version = ''): Promise<Parsed> {
  let parsed: Parsed | null = null;
  let helpText = '';
  const program = new OdmonCommand('odmon');
  program.specs = specs;
  program
    .exitOverride()
    .configureOutput({ writeOut: (t) => void (helpText += t), writeErr: (t) => void (helpText += t) })
    .helpOption(HELP_OPTION.flags, HELP_OPTION.description)
    .helpCommand(false)
    .configureHelp({
      formatHelp: (cmd) => {
        const c = cmd as OdmonCommand;
        if (c.spec !== undefined) return commandHelp(c.spec, specs);
        return c.parent === null ? programHelp(specs) : groupHelp(c.path(), specs);
      },
    });
  for (const o of GLOBAL_OPTIONS) addOption(program, o);
  if (version) program.version(version, '-V, --version', 'версія odmon');
  program.action(() => {
    parsed = { kind: 'help', text: programHelp(specs), exitCode: 64 };
  });

  const commandAt = (words: readonly string[]): OdmonCommand => {
    let cmd: OdmonCommand = program;
    for (const word of words) {
      let next = cmd.commands.find((c) => c.name() === word) as OdmonCommand | undefined;
      if (next === undefined) {
        next = cmd.command(word) as OdmonCommand;
        const group = next;
        next.action(() => {
          const subs = group.commands.map((c) => c.name()).join(' | ');
          throw usage(`укажіть, що зробити: odmon ${group.path()} ${subs}`, `довідка: odmon ${group.path()} --help`);
        });
      }
      cmd = next;
    }
    return cmd;
  };

  // Groups before their commands, so `outbox` (a command of its own) is declared before `outbox send`.
  for (const spec of [...specs].sort((a, b) => a.name.split(' ').length - b.name.split(' ').length)) {
    const cmd = commandAt(spec.name.split(' '));
    cmd.spec = spec;
    cmd.description(spec.summary);
    if (spec.args) cmd.arguments(spec.args);
    for (const o of spec.options) addOption(cmd, o);
    cmd.action((...received: unknown[]) => {
      const self = received[received.length - 1] as OdmonCommand;
      // commander lets a command that has subcommands (`outbox`) take its own options given after the
      // subcommand's name, where the subcommand (`outbox send`) would silently ignore them: refuse them instead.
      for (let up = self.parent; up !== null && up.parent !== null; up = up.parent) {
        const taken = up.options.find((o) => up?.getOptionValueSource(o.attributeName()) === 'cli');
        if (taken !== undefined) self.unknownOption(taken.long ?? taken.flags);
      }
      parsed = { kind: 'run', spec, positionals: self.args, options: self.optsWithGlobals() };
    });
  }
  for (const name of Object.keys(PARENTS)) if (!specs.some((s) => s.name.startsWith(`${name} `))) throw new Error(`group "${name}" has no commands`);

  // `odmon help [COMMAND …]`: the same text as `odmon COMMAND --help`.
  program
    .command('help')
    .argument('[command...]')
    .action((words: string[]) => {
      if (words.length === 0) {
        parsed = { kind: 'help', text: programHelp(specs), exitCode: 0 };
        return;
      }
      if (words.length === 1 && words[0] === 'help') {
        parsed = { kind: 'help', text: commandHelp(HELP_SPEC, specs), exitCode: 0 };
        return;
      }
      let cmd: OdmonCommand = program;
      for (const word of words) {
        const next = cmd.commands.find((c) => c.name() === word && !(cmd === program && word === 'help')) as OdmonCommand | undefined;
        if (next === undefined) cmd.refuseCommand(word);
        cmd = next as OdmonCommand;
      }
      parsed = { kind: 'help', text: cmd.helpInformation(), exitCode: 0 };
    });

  try {
    await program.parseAsync(commandFirst(argv, specs), { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError && (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version')) {
      return { kind: 'help', text: helpText, exitCode: e.code === 'commander.help' ? 64 : 0 };
    }
    if (e instanceof CommanderError) throw usage(e.message.replace(/^error: /, ''), 'перелік команд: odmon --help');
    throw e;
  }
  if (parsed === null) return { kind: 'help', text: programHelp(specs), exitCode: 64 };
  return parsed;
}
