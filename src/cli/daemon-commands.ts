import type { DateTime } from 'luxon';
import { openApp } from '../app';
import { systemClock } from '../clock';
import { Daemon } from '../daemon/daemon';
import { jsonLogger } from '../log';
import { monitorHealth } from '../daemon/health';
import { listOpenFindings } from '../store/findings';
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

/** `12.03.2026 09:00` of a stored instant. */
const at = (iso: string): string => formatDateTime(fromStoredInstant(iso));

/**
 * `odmon status`: whether the daemon runs, the last and next run of every job, open findings by rule, the
 * outbox. Exits 2, saying why on stderr, when the monitor is not working (src/daemon/health.ts): a job's last
 * run failed, a job is overdue by more than its period, or the daemon is not running while its lock says it is.
 */
export function cmdStatus(args: CliArgs, io: Io, now: DateTime): number {
  const config = configOf(args, io);
  const app = openApp(config, now);
  try {
    const health = monitorHealth(app.db, config, now, Date.now());
    const d = health.daemon;
    io.out(
      d.kind === 'running'
        ? `daemon: running, pid ${d.lock.pid} on ${d.lock.host}, since ${at(d.lock.startedAt)}, heartbeat ${at(d.lock.heartbeatAt)}\n`
        : d.kind === 'dead'
          ? `daemon: NOT RUNNING, but it did not stop cleanly (pid ${d.lock.pid} on ${d.lock.host}, last heartbeat ${at(d.lock.heartbeatAt)}: ${d.why})\n`
          : 'daemon: not running\n',
    );
    if (health.jobs.length === 0) io.out('jobs: none has run yet (start the daemon with "npm start" or "odmon daemon")\n');
    for (const { job: j, overdue, failed, running, interrupted } of health.jobs) {
      const last = j.lastRunAt ? `${at(j.lastRunAt)} ${j.lastStatus ?? ''}`.trim() : 'never';
      const next = j.nextDueAt ? at(j.nextDueAt) : '—';
      const marks = [
        failed ? ' · LAST RUN FAILED' : '',
        overdue ? ' · OVERDUE' : '',
        running ? ` · running since ${at(j.runningSince as string)}` : '',
        interrupted ? ` · INTERRUPTED at ${at(j.runningSince as string)}` : '',
      ].join('');
      io.out(`job ${j.name.padEnd(6)} last ${last}${j.lastError ? ` (${j.lastError})` : ''} · next ${next}${marks}\n`);
    }
    const byRule = new Map<string, number>();
    for (const f of listOpenFindings(app.db)) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
    io.out(`open findings: ${[...byRule.values()].reduce((a, b) => a + b, 0)}\n`);
    for (const [rule, n] of [...byRule.entries()].sort()) io.out(`  ${rule}: ${n}\n`);
    const o = countOutbox(app.db);
    io.out(`outbox: ${o.pending} pending, ${o.sending} sending, ${o.failed} failed, ${o.sent} sent\n`);
    if (health.problems.length > 0) {
      for (const p of health.problems) io.err(`error: ${p}\n`);
      io.err(
        `hint: ${d.kind === 'running' ? 'see the daemon\'s log' : 'start the daemon (systemctl start odmon, or npm start) and see its log'} (journalctl -u odmon); a job that failed runs again at its next time\n`,
      );
      return 2;
    }
    return 0;
  } finally {
    app.close();
  }
}
