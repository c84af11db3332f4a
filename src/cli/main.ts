#!/usr/bin/env node
import { fixedClock, systemClock } from '../clock';
import { OdmonError } from '../errors';
import { redact } from '../redact';
import { storeErrorOf } from '../store/errors';
import { terminalSafe } from '../text';
import { parseNow } from '../time/days';
import { parseCli, USAGE, type CliArgs } from './args';
import { cmdBackup, cmdCheck, cmdImport, cmdInit, cmdRulesCheck, type Io } from './commands';
import { cmdDaemon, cmdStatus } from './daemon-commands';
import { cmdDigest, cmdNotify, cmdOutbox } from './mail-commands';
import { cmdLink, cmdSync } from './portal-commands';
import { cmdAck, cmdFindings, cmdResume, cmdSnooze, cmdSnoozes, cmdSuspend, cmdSuspensions, cmdUnsnooze } from './exemption-commands';
import { cmdHistory, cmdLog, cmdReport } from './report-commands';
import { cmdTask } from './task-commands';
import { cmdExport, cmdSteward } from './register-commands';

/**
 * What reaches the terminal is text: a NUL or an escape sequence in a title (from a register or a portal) is
 * dropped on the way out, whatever printed it.
 */
function terminalIo(io: Io): Io {
  return { ...io, out: (t) => io.out(terminalSafe(t)), err: (t) => io.err(terminalSafe(t)) };
}

/** argv → one command function; prints, and returns the exit code. */
export async function run(argv: readonly string[], given: Io): Promise<number> {
  let args: CliArgs | null = null;
  // The real clock is read once: every part of the command sees the same "when it really happened".
  const real = (given.clock ?? systemClock).now();
  const io: Io = terminalIo({ ...given, clock: fixedClock(real) });
  try {
    args = parseCli(argv);
    const [cmd, sub] = args.command;
    if (args.help || cmd === undefined || cmd === 'help') {
      io.out(USAGE);
      return args.help || cmd === 'help' ? 0 : 64;
    }
    const now = args.now === undefined ? real : parseNow(args.now);
    if (now === null) {
      throw new OdmonError('E_USAGE', `--now "${args.now}" is not a date`, { hint: 'use 2019-07-01 (00:00 Kyiv) or 2019-07-01T09:00' });
    }
    switch (cmd) {
      case 'init':
        return await cmdInit(args, io, now);
      case 'import':
        return await cmdImport(args, io, now);
      case 'export':
        return await cmdExport(args, io, now);
      case 'steward':
        return await cmdSteward(args, io, now);
      case 'check':
        return await cmdCheck(args, io, now);
      case 'notify':
        return await cmdNotify(args, io, now);
      case 'digest':
        return await cmdDigest(args, io, now);
      case 'outbox':
        return await cmdOutbox(args, io, now);
      case 'backup':
        return await cmdBackup(args, io, now);
      case 'daemon':
        return await cmdDaemon(args, io);
      case 'status':
        return cmdStatus(args, io, now);
      case 'sync':
        return await cmdSync(args, io, now);
      case 'link':
        return await cmdLink(args, io, now);
      case 'suspend':
        return await cmdSuspend(args, io, now);
      case 'resume':
        return await cmdResume(args, io, now);
      case 'suspensions':
        return cmdSuspensions(args, io, now);
      case 'snooze':
        return await cmdSnooze(args, io, now);
      case 'unsnooze':
        return await cmdUnsnooze(args, io, now);
      case 'snoozes':
        return cmdSnoozes(args, io, now);
      case 'ack':
        return await cmdAck(args, io, now);
      case 'findings':
        return cmdFindings(args, io, now);
      case 'task':
        return await cmdTask(args, io, now);
      case 'report':
        return await cmdReport(args, io, now);
      case 'history':
        return await cmdHistory(args, io, now);
      case 'log':
        return cmdLog(args, io, now);
      case 'rules':
        if (sub === 'check') return cmdRulesCheck(args, io);
        throw new OdmonError('E_USAGE', `unknown command "rules ${sub ?? ''}"`.trimEnd(), { hint: 'did you mean "odmon rules check"?' });
      default:
        throw new OdmonError('E_USAGE', `unknown command "${cmd}"`, { hint: 'run "odmon --help" for the commands' });
    }
  } catch (e) {
    // Every error text goes through the redactor: a message may quote a URL with its password.
    const err = (text: string): void => io.err(redact(text));
    e = storeErrorOf(e) ?? e;
    if (e instanceof OdmonError) {
      err(`error[${e.code}]: ${e.message}\n`);
      if (e.hint) err(`hint: ${e.hint}\n`);
      if (args?.verbose && e.stack) err(`${e.stack}\n`);
      return e.exitCode;
    }
    err(`error[E_INTERNAL]: ${(e as Error).message}\n`);
    err(args?.verbose ? `${(e as Error).stack}\n` : 'hint: run again with --verbose for the stack trace, and report it\n');
    return 70;
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
  run(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
      // The daemon's timers are stopped, but a library may still hold a handle: end the process at once.
      if (process.argv[2] === 'daemon') process.exit(code);
    },
    (e: unknown) => {
      process.stderr.write(redact(`error[E_INTERNAL]: ${String(e)}\n`));
      process.exitCode = 70;
    },
  );
}
