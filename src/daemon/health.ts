/**
 * Is the monitor working? What `odmon status` shows and what an external monitor acts on, as data.
 *
 * A job is unhealthy when its last run failed (a failed run is rescheduled for its next slot, so a notify that
 * fails every day would never look overdue), or when it is overdue by more than its period (the daemon is down
 * or stuck). The daemon is unhealthy when the database says it runs — its lock row is there — but it does not:
 * the process is gone, or its heartbeat (written every 30 s) is older than STALE_AFTER_MS (killed, crashed,
 * hung, or another host's daemon gone silent). A job is shown as running only while a live daemon runs it; one
 * left `running` by a daemon that stopped mid-run is shown as interrupted.
 */
import os from 'node:os';
import type { DateTime } from 'luxon';
import type { Config } from '../config/config';
import { parseCron } from '../schedule/cron';
import { isOverdue } from '../schedule/plan';
import type { Db } from '../store/db';
import { getLock, listJobs, processAlive, type LockHolder, type StoredJob } from '../store/jobs';
import { formatDateTime, fromStoredInstant } from '../time/days';

/** A heartbeat older than this means the daemon is not working (it beats every 30 s). */
export const STALE_AFTER_MS = 3 * 60_000;

export const JOB_NAMES = ['sync', 'notify', 'digest'] as const;

export type DaemonState =
  | { readonly kind: 'running'; readonly lock: LockHolder }
  | { readonly kind: 'stopped' }
  /** The lock is there, the daemon is not: it did not stop cleanly. */
  | { readonly kind: 'dead'; readonly lock: LockHolder; readonly why: string };

export interface JobHealth {
  readonly job: StoredJob;
  readonly overdue: boolean;
  readonly failed: boolean;
  /** Running now, in a live daemon. */
  readonly running: boolean;
  /** Marked running by a daemon that is gone. */
  readonly interrupted: boolean;
}

export interface Health {
  readonly daemon: DaemonState;
  readonly jobs: readonly JobHealth[];
  /** Why the monitor is not healthy, one sentence each; empty when all is well. */
  readonly problems: readonly string[];
}

function daemonState(lock: LockHolder | null, realNowMs: number): DaemonState {
  if (lock === null) return { kind: 'stopped' };
  if (lock.host === os.hostname() && !processAlive(lock.pid)) return { kind: 'dead', lock, why: `its process (pid ${lock.pid}) is gone` };
  const silentMs = realNowMs - fromStoredInstant(lock.heartbeatAt).toMillis();
  if (silentMs > STALE_AFTER_MS) return { kind: 'dead', lock, why: `its last heartbeat is ${Math.round(silentMs / 60_000)} min old` };
  return { kind: 'running', lock };
}

const at = (iso: string): string => formatDateTime(fromStoredInstant(iso));

/**
 * The health of the daemon and its jobs. `now` decides what is overdue (it may be a trial `--now`); whether the
 * daemon lives is judged on the real clock, `realNowMs`, as its heartbeat is.
 */
export function monitorHealth(db: Db, config: Config, now: DateTime, realNowMs: number): Health {
  const daemon = daemonState(getLock(db), realNowMs);
  const crons: Record<string, string> = { notify: config.schedule.notify, digest: config.schedule.digest, sync: config.schedule.sync };
  const problems: string[] = [];
  if (daemon.kind === 'dead') {
    problems.push(
      `the daemon is not running, but the database says it is (pid ${daemon.lock.pid} on ${daemon.lock.host}, last heartbeat ${at(daemon.lock.heartbeatAt)}): ${daemon.why}`,
    );
  }
  const jobs = listJobs(db)
    .filter((j) => (JOB_NAMES as readonly string[]).includes(j.name))
    .map((job): JobHealth => {
      const live = daemon.kind === 'running';
      const h = {
        job,
        overdue: isOverdue(job, parseCron(crons[job.name]), now),
        failed: job.lastStatus === 'failed',
        running: live && job.runningSince !== null,
        interrupted: !live && job.runningSince !== null,
      };
      if (h.failed) problems.push(`job ${job.name}: the last run (${job.lastRunAt ? at(job.lastRunAt) : '?'}) failed: ${job.lastError ?? 'no reason recorded'}`);
      if (h.interrupted) problems.push(`job ${job.name}: the run begun ${at(job.runningSince as string)} was interrupted (the daemon stopped before it finished)`);
      return h;
    });
  const overdue = jobs.filter((j) => j.overdue).length;
  if (overdue > 0) problems.push(`${overdue} job(s) overdue by more than their period: is the daemon running?`);
  return { daemon, jobs, problems };
}
