/** Running the CLI from tests with an evaluation time: `--now` goes only to the commands that declare it. */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
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

/** The environment a CLI process gets in tests: this one's without any ODMON_ setting (each test sets its own). */
export const cleanEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ODMON_')));

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built CLI (`cli`, from ensureBuilt) as its own process and waits for it: `env` is added to cleanEnv.
 * Other spawnSync options (uid, timeout…) pass through.
 */
export function runCliProcess(cli: string, args: readonly string[], opts: { cwd: string; env?: NodeJS.ProcessEnv } & Omit<SpawnSyncOptions, 'cwd' | 'env' | 'encoding'>): CliRun {
  const { cwd, env = {}, ...rest } = opts;
  const r = spawnSync(process.execPath, [cli, ...args], { timeout: 60_000, ...rest, cwd, env: { ...cleanEnv, ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
