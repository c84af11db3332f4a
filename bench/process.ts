/**
 * A command measured as its own process, the way a user runs it: wall time, CPU time and the peak RSS of the
 * process. The peak comes from the kernel's own account when GNU time is installed (`/usr/bin/time`, which reads
 * it from wait4's rusage: exact), else from polling /proc/<pid>/status (VmHWM, the peak so far) every few ms.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface ProcessRun {
  readonly ms: number;
  readonly cpuMs: number;
  readonly peakRssMb: number;
  readonly code: number | null;
  /** How the peak was read: `rusage` (exact) or `VmHWM` (polled). */
  readonly peakFrom: 'rusage' | 'VmHWM';
}

export interface ProcessSpec {
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Files the command's stdout and stderr go to (as `cmd > out 2> err`). */
  readonly stdout: string;
  readonly stderr: string;
}

const GNU_TIME = '/usr/bin/time';
/** What GNU time appends to stderr, on a line of its own: wall seconds, max RSS in KB, user and system seconds. */
const MARK = '@@odmon-bench';
const FORMAT = `${MARK} %e %M %U %S`;

function hasGnuTime(): boolean {
  try {
    fs.accessSync(GNU_TIME, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs `node ARGS` as a child process and measures it. */
export async function runProcess(spec: ProcessSpec): Promise<ProcessRun> {
  const gnu = hasGnuTime();
  const out = fs.openSync(spec.stdout, 'w');
  const err = fs.openSync(spec.stderr, 'w');
  const argv = gnu ? ['-f', FORMAT, process.execPath, ...spec.args] : [...spec.args];
  const start = performance.now();
  const child = spawn(gnu ? GNU_TIME : process.execPath, argv, { cwd: spec.cwd, env: spec.env, stdio: ['ignore', out, err] });
  fs.closeSync(out);
  fs.closeSync(err);
  let polled = 0;
  let cpuTicks = 0;
  const poll = (): void => {
    if (child.pid === undefined) return;
    try {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const m = /VmHWM:\s+(\d+) kB/.exec(status);
      if (m) polled = Math.max(polled, Number(m[1]));
      // utime and stime, in clock ticks (100 a second), are fields 14 and 15; the name in brackets may hold spaces.
      const stat = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpuTicks = Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process has just ended
    }
  };
  const poller = gnu ? null : setInterval(poll, 5);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (c) => resolve(c));
  });
  const ms = performance.now() - start;
  if (poller !== null) clearInterval(poller);
  if (!gnu) return { ms, cpuMs: cpuTicks * 10, peakRssMb: polled / 1024, code, peakFrom: 'VmHWM' };
  // GNU time's line is the last of stderr; the command's own stderr stays in the file above it.
  const text = fs.readFileSync(spec.stderr, 'utf8');
  const at = text.lastIndexOf(MARK);
  if (at < 0) throw new Error(`${GNU_TIME} wrote no figures for node ${spec.args.join(' ')}`);
  const [, , maxKb, user, sys] = text.slice(at).trim().split(/\s+/).map(Number);
  // GNU time adds "Command exited with non-zero status N" above its line: the command's stderr is what came before.
  fs.writeFileSync(spec.stderr, text.slice(0, at).replace(/Command exited with non-zero status \d+\n$/, ''));
  return { ms, cpuMs: (user + sys) * 1000, peakRssMb: maxKb / 1024, code, peakFrom: 'rusage' };
}
