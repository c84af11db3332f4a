import os from 'node:os';
import type { JobState } from '../domain';
import { redact, redactDeep } from '../redact';
import type { Db } from './db';

interface JobRow {
  name: string;
  last_run_at: string | null;
  last_status: string | null;
  last_error: string | null;
  last_summary: string | null;
  next_due_at: string | null;
  running_since: string | null;
}

export interface StoredJob extends JobState {
  readonly lastStatus: string | null;
  readonly lastError: string | null;
  readonly lastSummary: Record<string, unknown> | null;
  readonly runningSince: string | null;
}

function fromRow(r: JobRow): StoredJob {
  return {
    name: r.name,
    lastRunAt: r.last_run_at,
    nextDueAt: r.next_due_at,
    lastStatus: r.last_status,
    lastError: r.last_error === null ? null : redact(r.last_error),
    lastSummary: r.last_summary ? (JSON.parse(r.last_summary) as Record<string, unknown>) : null,
    runningSince: r.running_since,
  };
}

export function getJob(db: Db, name: string): StoredJob | null {
  const r = db.prepare('SELECT * FROM jobs WHERE name = ?').get(name) as JobRow | undefined;
  return r ? fromRow(r) : null;
}

export function listJobs(db: Db): StoredJob[] {
  return (db.prepare('SELECT * FROM jobs ORDER BY name').all() as JobRow[]).map(fromRow);
}

export function setNextDue(db: Db, name: string, nextDueIso: string): void {
  db.prepare(
    `INSERT INTO jobs(name, next_due_at) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET next_due_at = excluded.next_due_at`,
  ).run(name, nextDueIso);
}

export function markJobStarted(db: Db, name: string, nowIso: string): void {
  db.prepare(`INSERT INTO jobs(name, running_since) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET running_since = excluded.running_since`).run(
    name,
    nowIso,
  );
}

/**
 * Clears the marks of runs a previous daemon began and never finished (it was killed, or abandoned the job at a
 * stop): only the daemon holding the lock calls this, so nothing is running. Returns what was cleared.
 */
export function clearInterruptedRuns(db: Db): { name: string; runningSince: string }[] {
  return db.transaction(() => {
    const left = db.prepare('SELECT name, running_since AS runningSince FROM jobs WHERE running_since IS NOT NULL ORDER BY name').all() as {
      name: string;
      runningSince: string;
    }[];
    db.prepare('UPDATE jobs SET running_since = NULL WHERE running_since IS NOT NULL').run();
    return left;
  }).immediate();
}

/** Records a finished run and the next due moment together, so a crash never leaves one without the other. */
export function markJobFinished(
  db: Db,
  name: string,
  r: { at: string; status: 'ok' | 'failed' | 'skipped'; error: string | null; summary: Record<string, unknown>; nextDueAt: string },
): void {
  db.prepare(
    `INSERT INTO jobs(name, last_run_at, last_status, last_error, last_summary, next_due_at, running_since)
     VALUES (@name, @at, @status, @error, @summary, @next, NULL)
     ON CONFLICT(name) DO UPDATE SET last_run_at = @at, last_status = @status, last_error = @error,
       last_summary = @summary, next_due_at = @next, running_since = NULL`,
  ).run({ name, at: r.at, status: r.status, error: r.error === null ? null : redact(r.error), summary: JSON.stringify(redactDeep(r.summary)), next: r.nextDueAt });
}

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
  readonly startedAt: string;
  readonly heartbeatAt: string;
}

export function getLock(db: Db): LockHolder | null {
  const r = db.prepare('SELECT pid, host, token, started_at, heartbeat_at FROM daemon_lock WHERE id = 1').get() as
    | { pid: number; host: string; token: string; started_at: string; heartbeat_at: string }
    | undefined;
  return r ? { pid: r.pid, host: r.host, token: r.token, startedAt: r.started_at, heartbeatAt: r.heartbeat_at } : null;
}

/** Whether a process with this pid runs on this machine (signal 0 tests without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the single-instance lock in one IMMEDIATE transaction: free, or held by a process that is gone (same
 * host, pid not alive), or by another host whose heartbeat is older than `staleBeforeIso`. Returns the holder
 * that blocks us, or null when the lock is ours.
 */
export function acquireLock(db: Db, token: string, nowIso: string, staleBeforeIso: string): LockHolder | null {
  const host = os.hostname();
  return db.transaction((): LockHolder | null => {
    const held = getLock(db);
    if (held) {
      const sameHost = held.host === host;
      const dead = sameHost ? !processAlive(held.pid) || held.pid === process.pid : held.heartbeatAt < staleBeforeIso;
      if (!dead) return held;
    }
    db.prepare(
      `INSERT INTO daemon_lock(id, pid, host, token, started_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET pid = excluded.pid, host = excluded.host, token = excluded.token,
         started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at`,
    ).run(process.pid, host, token, nowIso, nowIso);
    return null;
  }).immediate();
}

export function heartbeat(db: Db, token: string, nowIso: string): boolean {
  return db.prepare('UPDATE daemon_lock SET heartbeat_at = ? WHERE id = 1 AND token = ?').run(nowIso, token).changes === 1;
}

export function releaseLock(db: Db, token: string): void {
  db.prepare('DELETE FROM daemon_lock WHERE id = 1 AND token = ?').run(token);
}
