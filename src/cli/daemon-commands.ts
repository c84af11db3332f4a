import os from 'node:os';
import type { DateTime } from 'luxon';
import { openApp } from '../app';
import { systemClock } from '../clock';
import { Daemon } from '../daemon/daemon';
import { jsonLogger } from '../log';
import { parseCron } from '../schedule/cron';
import { isOverdue } from '../schedule/plan';
import { listOpenFindings } from '../store/findings';
import { getLock, listJobs, processAlive } from '../store/jobs';
import { countOutbox } from '../store/outbox';
import { formatDateTime, fromStoredInstant } from '../time/days';
import type { CliArgs } from './args';
import type { Io } from './commands';
import { configOf } from './context';
import { secretsOf } from '../config/config';

/** `odmon daemon` (and `npm start`): runs until SIGTERM or SIGINT; resolves to the exit code. */
export async function cmdDaemon(args: CliArgs, io: Io): Promise<number> {
  const config = configOf(args, io);
  const log = jsonLogger((line) => io.err(line), {}, secretsOf(config));
  const daemon = new Daemon({ config, clock: systemClock, log });
  const onSignal = (signal: NodeJS.Signals): void => {
    void daemon.stop(signal);
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    // The exit waits for the stop, not for start(): a signal during the first catch-up must still end the
    // process within stopTimeoutMs, and a daemon that stops by itself (its lock was taken over) must end it too.
    return await Promise.race([daemon.start().then(() => daemon.stopped), daemon.stopped]);
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

const JOB_NAMES = ['sync', 'notify', 'digest'] as const;

/**
 * `odmon status`: the last and next run of every job, open findings by rule, the outbox; exits 2 when a job
 * is overdue by more than its period (the daemon is down or stuck), so an external monitor can call it.
 */
export function cmdStatus(args: CliArgs, io: Io, now: DateTime): number {
  const config = configOf(args, io);
  const app = openApp(config, now);
  try {
    const lock = getLock(app.db);
    const alive = lock !== null && (lock.host !== os.hostname() || processAlive(lock.pid));
    io.out(
      lock && alive
        ? `daemon: running, pid ${lock.pid} on ${lock.host}, since ${formatDateTime(fromStoredInstant(lock.startedAt))}, heartbeat ${formatDateTime(fromStoredInstant(lock.heartbeatAt))}\n`
        : 'daemon: not running\n',
    );
    const crons: Record<string, string> = { notify: config.schedule.notify, digest: config.schedule.digest, sync: config.schedule.sync };
    let unhealthy = 0;
    const jobs = listJobs(app.db).filter((j) => (JOB_NAMES as readonly string[]).includes(j.name));
    if (jobs.length === 0) io.out('jobs: none has run yet (start the daemon with "npm start" or "odmon daemon")\n');
    for (const j of jobs) {
      const overdue = isOverdue(j, parseCron(crons[j.name]), now);
      if (overdue) unhealthy++;
      const last = j.lastRunAt ? `${formatDateTime(fromStoredInstant(j.lastRunAt))} ${j.lastStatus ?? ''}`.trim() : 'never';
      const next = j.nextDueAt ? formatDateTime(fromStoredInstant(j.nextDueAt)) : '—';
      io.out(`job ${j.name.padEnd(6)} last ${last}${j.lastError ? ` (${j.lastError})` : ''} · next ${next}${overdue ? ' · OVERDUE' : ''}${j.runningSince ? ' · running' : ''}\n`);
    }
    const byRule = new Map<string, number>();
    for (const f of listOpenFindings(app.db)) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
    io.out(`open findings: ${[...byRule.values()].reduce((a, b) => a + b, 0)}\n`);
    for (const [rule, n] of [...byRule.entries()].sort()) io.out(`  ${rule}: ${n}\n`);
    const o = countOutbox(app.db);
    io.out(`outbox: ${o.pending} pending, ${o.sending} sending, ${o.failed} failed, ${o.sent} sent\n`);
    if (unhealthy > 0) {
      io.err(`error: ${unhealthy} job(s) overdue by more than their period: is the daemon running?\n`);
      return 2;
    }
    return 0;
  } finally {
    app.close();
  }
}
