#!/usr/bin/env node
import { odmonVersion, userErrorOf } from '../app/settings';
import { fixedClock, systemClock } from '../clock';
import { OdmonError } from '../errors';
import { redact } from '../redact';
import { terminalSafe } from '../text';
import { parseNow } from '../time/days';
import type { CliArgs } from './args';
import { allCommands } from './commands';
import type { Io } from './io';
import { parse } from './parser';
import { longFlag, OPT } from './spec';

/**
 * What reaches the terminal is text: a NUL or an escape sequence in a title (from a register or a portal) is
 * dropped on the way out, whatever printed it.
 */
function terminalIo(io: Io): Io {
  return { ...io, out: (t) => io.out(terminalSafe(t)), err: (t) => io.err(terminalSafe(t)) };
}

/** argv → one command function; prints, and returns the exit code. */
export async function run(argv: readonly string[], given: Io): Promise<number> {
  return (await runCommand(argv, given)).code;
}

/** run, also saying which command ran (the daemon's process ends at once when it returns). */
async function runCommand(argv: readonly string[], given: Io): Promise<{ code: number; command?: string }> {
  let command: string | undefined;
  // Before the parse: a usage error still gets its stack trace with --verbose.
  const verbose = argv.some((a) => a === '-v' || a === '--verbose');
  // The real clock is read once: every part of the command sees the same "when it really happened".
  const real = (given.clock ?? systemClock).now();
  const io: Io = terminalIo({ ...given, clock: fixedClock(real) });
  try {
    const parsed = await parse(argv, allCommands(), odmonVersion());
    if (parsed.kind === 'help') {
      io.out(parsed.text);
      return { code: parsed.exitCode };
    }
    const { spec, positionals, options } = parsed;
    const args = { ...options, command: [...spec.name.split(' '), ...positionals] } as CliArgs;
    const takesNow = spec.options.some((o) => longFlag(o) === longFlag(OPT.now));
    const now = args.now === undefined || !takesNow ? real : parseNow(args.now);
    if (now === null) {
      throw new OdmonError('E_USAGE', `--now "${args.now}" — не дата`, { hint: 'наприклад: 2019-07-01 (00:00 за Києвом) або 2019-07-01T09:00' });
    }
    command = spec.name;
    return { code: await spec.run(args, io, now), command };
  } catch (e) {
    // Every error text goes through the redactor: a message may quote a URL with its password.
    const err = (text: string): void => io.err(redact(text));
    e = userErrorOf(e) ?? e;
    if (e instanceof OdmonError) {
      err(`error[${e.code}]: ${e.message}\n`);
      if (e.hint) err(`hint: ${e.hint}\n`);
      if (verbose && e.stack) err(`${e.stack}\n`);
      return { code: e.exitCode, command };
    }
    err(`error[E_INTERNAL]: ${(e as Error).message}\n`);
    err(verbose ? `${(e as Error).stack}\n` : 'hint: запустіть ще раз із --verbose, щоб побачити стек викликів, і повідомте про помилку\n');
    return { code: 70, command };
  }
}

if (require.main === module) {
  // `odmon check | head -1`: once the reader has gone, the rest of the output goes nowhere, quietly; the command
  // still finishes (what it records is recorded) and exits with its own code.
  const closed = { stdout: false, stderr: false };
  for (const name of ['stdout', 'stderr'] as const) {
    process[name].on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      closed[name] = true;
    });
  }
  const io: Io = {
    out: (t) => void (closed.stdout || process.stdout.write(t)),
    err: (t) => void (closed.stderr || process.stderr.write(t)),
    env: process.env,
    cwd: process.cwd(),
  };
  runCommand(process.argv.slice(2), io).then(
    ({ code, command }) => {
      process.exitCode = code;
      // The daemon's timers are stopped, but a library may still hold a handle: end the process at once.
      if (command === 'daemon' || command === 'serve') process.exit(code);
    },
    (e: unknown) => {
      process.stderr.write(redact(`error[E_INTERNAL]: ${String(e)}\n`));
      process.exitCode = 70;
    },
  );
}
