/**
 * Every command declared once: its words, arguments, options, a line for the command list, a longer text and
 * examples for its help, and the function that runs it. The parser (src/cli/parser.ts), the help and the
 * "did you mean" suggestions are all made from these declarations.
 */
import type { DateTime } from 'luxon';
import type { CliArgs } from './args';
import type { Io } from './io';

export interface OptionSpec {
  /** commander's flags: `--steward <ID>`, `--json`, `-v, --verbose`. */
  readonly flags: string;
  /** Ukrainian, one line. */
  readonly description: string;
  /** The command refuses to run without it. */
  readonly required?: boolean;
  /** May be given several times; the values are collected in order. */
  readonly multiple?: boolean;
}

export type Run = (args: CliArgs, io: Io, now: DateTime) => Promise<number> | number;

export interface CommandSpec {
  /** The command's words: `check`, `task done`. */
  readonly name: string;
  /** commander's argument syntax: `<DATASET_ID> [PORTAL_ID]`, `[FINDING]`. */
  readonly args?: string;
  /** What it does, in a few words, for the command list. */
  readonly summary: string;
  /** More about it, for its own help: lines of Ukrainian text. */
  readonly details?: readonly string[];
  readonly options: readonly OptionSpec[];
  /** Whole command lines, without the leading `odmon`. */
  readonly examples: readonly string[];
  /** Where it is listed in `odmon --help`. */
  readonly group: CommandGroup;
  readonly run: Run;
}

export type CommandGroup = 'register' | 'check' | 'portal' | 'exemptions' | 'plan' | 'operations';

/** The command list's sections, in order. */
export const GROUP_TITLES: Readonly<Record<CommandGroup, string>> = {
  register: 'Реєстр',
  check: 'Перевірка і повідомлення',
  portal: 'Портал відкритих даних',
  exemptions: 'Винятки: призупинення, відстрочки, підтвердження',
  plan: 'План, історія, звіт, журнал',
  operations: 'Робота на сервері',
};

/** A command whose words are a group of commands (`task list`, `task done`): what the group is about. */
export const PARENTS: Readonly<Record<string, { summary: string; group: CommandGroup }>> = {
  rules: { summary: 'правила в rules/*.json', group: 'check' },
  steward: { summary: 'зміни розпорядників поза імпортом', group: 'register' },
  task: { summary: 'завдання плану: перелік, виконання, повторне відкриття', group: 'plan' },
  report: { summary: 'звіти', group: 'plan' },
};

/** Options every command takes, given before or after the command's words. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { flags: '--db <FILE>', description: 'файл бази даних SQLite (типово data/odmon.sqlite; змінна ODMON_DB)' },
  { flags: '--config <FILE>', description: 'файл налаштувань (типово odmon.config.json; змінна ODMON_CONFIG)' },
  { flags: '-v, --verbose', description: 'разом із помилкою показати стек викликів' },
];

export const HELP_OPTION: OptionSpec = { flags: '-h, --help', description: 'довідка про команду' };

/** Options several commands share: one wording each. */
export const OPT = {
  now: {
    flags: '--now <T>',
    description: 'оцінювати станом на T: 2019-07-01 (00:00 за Києвом), 2019-07-01T09:00 або момент зі зсувом; T пізніше за поточний час — пробний запуск',
  },
  json: { flags: '--json', description: 'вивести JSON для програм (ключі англійською)' },
  stewardFilter: { flags: '--steward <ID>', description: 'лише те, що стосується цього розпорядника' },
  by: { flags: '--by <NAME>', description: 'хто вирішує (типово ODMON_ACTOR, інакше ім’я користувача в системі)' },
  reason: { flags: '--reason <TEXT>', description: 'чому (записується в журнал)' },
  dryRun: { flags: '--dry-run', description: 'показати, що буде зроблено, нічого не записуючи й не надсилаючи' },
  preview: { flags: '--preview <DIR>', description: 'записати листи як файли .eml у теку DIR замість надсилання; нічого не записується в базу' },
  redirect: {
    flags: '--redirect-all-to <ADDRESS>',
    description: 'надіслати всі листи на одну адресу (для спроби); справжніх одержувачів названо в темі; нічого не записується',
  },
  all: { flags: '--all', description: 'показати й завершені' },
} satisfies Record<string, OptionSpec>;

/** The command's words and arguments as a person types them: `task done ID`. */
export function usageOf(spec: Pick<CommandSpec, 'name' | 'args' | 'options'>): string {
  const args = (spec.args ?? '').replace(/[<>]/g, '').replace(/\[([^\]]+)\.\.\.\]/g, '[$1 …]');
  const opts = spec.options.map((o) => {
    const text = optionUsage(o) + (o.multiple ? ' …' : '');
    return o.required ? text : `[${text}]`;
  });
  return ['odmon', spec.name, args, ...opts].filter(Boolean).join(' ');
}

/** `--steward ID` from `--steward <ID>`; the long form when there are two. */
export function optionUsage(o: OptionSpec): string {
  const long = o.flags.split(/,\s*/).find((f) => f.startsWith('--')) ?? o.flags;
  return long.replace(/[<>]/g, '').replace(/\[([^\]]+)\]/, '$1');
}

/** The option's long flag: `--steward`. */
export function longFlag(o: OptionSpec): string {
  return (o.flags.split(/[,\s]+/).find((f) => f.startsWith('--')) ?? o.flags).trim();
}
