/** Running the CLI from tests with an evaluation time: `--now` goes only to the commands that declare it. */
import { allCommands } from '../../src/cli/commands';

/** True when the command `argv` starts with declares `--now` (export, log, backup… do not: they evaluate nothing). */
export function takesNow(argv: readonly string[]): boolean {
  const words = argv.filter((a) => !a.startsWith('-')).join(' ');
  const spec = [...allCommands()].sort((a, b) => b.name.length - a.name.length).find((s) => words === s.name || words.startsWith(`${s.name} `));
  return spec?.options.some((o) => o.flags.startsWith('--now ')) ?? false;
}

/** `argv` with `--now ISO` added when its command takes one. */
export function withNow(argv: readonly string[], iso: string): string[] {
  return takesNow(argv) ? [...argv, '--now', iso] : [...argv];
}
