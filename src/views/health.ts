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
import { parseCron } from '../schedule/cron';
import { isOverdue } from '../schedule/plan';
import { getLock, listJobs, processAlive, type LockHolder, type StoredJob } from '../store/jobs';
import { fromStoredInstant } from '../time/days';
import type { ReadSource } from './source';

export type { LockHolder, StoredJob };

/** A heartbeat older than this means the daemon is not working (it beats every 30 s). */
export const STALE_AFTER_MS = 3 * 60_000;

export const JOB_NAMES = ['sync', 'notify', 'digest'] as const;

/** Why a daemon that holds the lock is taken as dead. */
export type DeathSign = { readonly kind: 'process-gone'; readonly pid: number } | { readonly kind: 'silent'; readonly minutes: number };

export type DaemonState =
  | { readonly kind: 'running'; readonly lock: LockHolder }
  | { readonly kind: 'stopped' }
  /** The lock is there, the daemon is not: it did not stop cleanly. */
  | { readonly kind: 'dead'; readonly lock: LockHolder; readonly why: DeathSign };

export interface JobHealth {
  readonly job: StoredJob;
  readonly overdue: boolean;
  readonly failed: boolean;
  /** Running now, in a live daemon. */
  readonly running: boolean;
  /** Marked running by a daemon that is gone. */
  readonly interrupted: boolean;
}

/** One reason the monitor is not healthy. Instants are stored UTC ISO strings. */
export type HealthProblem =
  | { readonly kind: 'daemon-dead'; readonly lock: LockHolder; readonly why: DeathSign }
  | { readonly kind: 'job-failed'; readonly job: string; readonly lastRunAt: string | null; readonly error: string | null }
  | { readonly kind: 'job-interrupted'; readonly job: string; readonly since: string }
  | { readonly kind: 'jobs-overdue'; readonly count: number };

export interface Health {
  readonly daemon: DaemonState;
  readonly jobs: readonly JobHealth[];
  /** Empty when all is well. */
  readonly problems: readonly HealthProblem[];
}

function daemonState(lock: LockHolder | null, realNowMs: number): DaemonState {
  if (lock === null) return { kind: 'stopped' };
  if (lock.host === os.hostname() && !processAlive(lock.pid)) return { kind: 'dead', lock, why: { kind: 'process-gone', pid: lock.pid } };
  const silentMs = realNowMs - fromStoredInstant(lock.heartbeatAt).toMillis();
  if (silentMs > STALE_AFTER_MS) return { kind: 'dead', lock, why: { kind: 'silent', minutes: Math.round(silentMs / 60_000) } };
  return { kind: 'running', lock };
}

/**
 * The health of the daemon and its jobs. `now` decides what is overdue (it may be a trial `--now`); whether the
 * daemon lives is judged on the real clock, `realNowMs`, as its heartbeat is.
 */
export function monitorHealth(src: ReadSource, now: DateTime, realNowMs: number): Health {
  const daemon = daemonState(getLock(src.db), realNowMs);
  const problems: HealthProblem[] = [];
  if (daemon.kind === 'dead') problems.push({ kind: 'daemon-dead', lock: daemon.lock, why: daemon.why });
  const jobs = listJobs(src.db)
    .filter((j) => (JOB_NAMES as readonly string[]).includes(j.name) && src.schedules[j.name] !== undefined)
    .map((job): JobHealth => {
      const live = daemon.kind === 'running';
      const h = {
        job,
        overdue: isOverdue(job, parseCron(src.schedules[job.name]), now),
        failed: job.lastStatus === 'failed',
        running: live && job.runningSince !== null,
        interrupted: !live && job.runningSince !== null,
      };
      if (h.failed) problems.push({ kind: 'job-failed', job: job.name, lastRunAt: job.lastRunAt, error: job.lastError });
      if (h.interrupted) problems.push({ kind: 'job-interrupted', job: job.name, since: job.runningSince as string });
      return h;
    });
  const overdue = jobs.filter((j) => j.overdue).length;
  if (overdue > 0) problems.push({ kind: 'jobs-overdue', count: overdue });
  return { daemon, jobs, problems };
}
