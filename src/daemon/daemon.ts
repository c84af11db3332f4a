import { randomUUID } from 'node:crypto';
import type { DateTime } from 'luxon';
import { alertItHead, deliverQueued, openApp, pendingMessages, runDigest, runNotify, runSync, type App, type MailRunReport } from '../app';
import { channelNamesOf, userErrorOf } from '../app/settings';
import type { Clock } from '../clock';
import { secretsOf, type Config } from '../config/config';
import { redact } from '../redact';
import { exitCodeOf, OdmonError } from '../errors';
import type { Logger } from '../log';
import { nextOccurrence, parseCron, scheduleWakeups, type CronFields } from '../schedule/cron';
import { decide } from '../schedule/plan';
import { acquireLock, clearInterruptedRuns, getJob, heartbeat, markJobFinished, markJobStarted, releaseLock, setNextDue } from '../store/jobs';
import { formatDateTime, fromStoredInstant, toStoredInstant } from '../time/days';

/** One scheduled unit of work: the very functions the CLI commands run. */
export interface Job {
  readonly name: string;
  readonly cron: string;
  /** A reason not to run it now (it still counts as done for this slot), or null. */
  skip(app: App, now: DateTime): string | null;
  run(app: App, now: DateTime): Promise<Record<string, unknown>>;
}

function mailSummary(r: MailRunReport): Record<string, unknown> {
  return {
    queued: r.messages.length,
    sent: r.delivery?.sent ?? 0,
    retried: r.delivery?.retried ?? 0,
    failed: r.delivery?.failed ?? 0,
    ruleProblems: r.ruleProblems.length,
    ...(r.heldBack ? { heldBack: r.heldBack } : {}),
    ...(r.delivery?.configError ? { mailError: r.delivery.configError } : {}),
  };
}

/** Reads the portal before the notices, so they judge what is really published. A partial sync keeps what was known. */
export function portalSyncJob(config: Config): Job {
  return {
    name: 'sync',
    cron: config.schedule.sync,
    skip: () => null,
    run: async (app, now) => {
      const r = await runSync(app, now);
      return { read: r.read, linked: r.linked, updated: r.updated, new: r.new, failed: r.failed, complete: r.complete, errors: r.errors.length };
    },
  };
}

/** The daemon's jobs, in the order they run when several are due: fresh evidence first, then notices, then the digest. */
export function defaultJobs(config: Config, extra: { sync?: Job } = {}): Job[] {
  const jobs: Job[] = [];
  const sync = extra.sync ?? (config.portal.url !== null ? portalSyncJob(config) : undefined);
  if (sync) jobs.push(sync);
  jobs.push({
    name: 'notify',
    cron: config.schedule.notify,
    skip: (_app, now) => (config.schedule.holidays.includes(now.toISODate() ?? '') ? `holiday ${now.toISODate()}` : null),
    run: async (app, now) => mailSummary(await runNotify(app, now)),
  });
  jobs.push({
    name: 'digest',
    cron: config.schedule.digest,
    skip: () => (config.mail.itHead.length === 0 ? 'mail.itHead is not set' : null),
    run: async (app, now) => mailSummary(await runDigest(app, now)),
  });
  return jobs;
}

export interface DaemonOptions {
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Logger;
  readonly jobs?: readonly Job[];
}

/**
 * The unattended loop. node-cron only wakes it (at each job's times, and on a heartbeat); every decision
 * comes from the due moments stored in SQLite, so a restart or a suspended machine catches up by itself,
 * once. Jobs run one at a time, never overlapping; a stop signal lets the job in flight finish.
 */
export class Daemon {
  private readonly app: App;
  private readonly token = randomUUID();
  private readonly jobs: readonly { job: Job; fields: CronFields }[];
  private stopWakeups: () => void = () => undefined;
  /** Runs a previous daemon left unfinished, found when the lock was taken. */
  private readonly interrupted: readonly { name: string; runningSince: string }[];
  private running: Promise<void> | null = null;
  private again = false;
  private stopping = false;
  private resolveStopped: (code: number) => void = () => undefined;
  /** The exit code, once the daemon has stopped: on a signal, or by itself when its lock was taken over. */
  readonly stopped: Promise<number> = new Promise((resolve) => {
    this.resolveStopped = resolve;
  });

  constructor(private readonly opts: DaemonOptions) {
    const now = opts.clock.now();
    // The daemon's clock is the real clock: its runs move forward with it and always record.
    this.app = openApp(opts.config, now, { stopping: () => this.stopping, clock: opts.clock });
    this.jobs = (opts.jobs ?? defaultJobs(opts.config)).map((job) => ({ job, fields: parseCron(job.cron) }));
    const staleBefore = toStoredInstant(now.minus({ minutes: 3 }));
    const holder = acquireLock(this.app.db, this.token, toStoredInstant(now), staleBefore);
    if (holder) {
      this.app.close();
      throw new OdmonError(
        'E_LOCKED',
        `базою ${opts.config.db} уже користується інший демон odmon: pid ${holder.pid} на ${holder.host}, запущено ${formatDateTime(fromStoredInstant(holder.startedAt))}, останній сигнал ${formatDateTime(fromStoredInstant(holder.heartbeatAt))}`,
        { hint: `спершу зупиніть той процес (kill ${holder.pid}); блокування процесу, що завершився аварійно, перебирається само` },
      );
    }
    this.interrupted = clearInterruptedRuns(this.app.db);
  }

  /** Runs what is due now (catch-up), then wakes at each job's time and on the heartbeat. */
  start(): Promise<void> {
    this.opts.log.info('daemon.started', {
      pid: process.pid,
      db: this.opts.config.db,
      jobs: this.jobs.map(({ job }) => ({ name: job.name, cron: job.cron })),
      mail: this.opts.config.mail.smtpUrl ? 'smtp' : `files in ${this.opts.config.mail.outboxDir}`,
      channels: channelNamesOf(this.opts.config, this.opts.clock),
    });
    // Such a job is still due (its next due moment was not moved), so the catch-up below runs it again.
    for (const r of this.interrupted) this.opts.log.warn('job.interrupted', { job: r.name, startedAt: r.runningSince });
    const stopCron = scheduleWakeups([...this.jobs.map(({ job }) => job.cron), this.opts.config.schedule.heartbeat], () => this.wake(), this.opts.log);
    // The lock's heartbeat also beats while a long job runs (a slow sync or SMTP server), so a daemon on
    // another host never mistakes this one for dead; a SQLite write every 30 s costs nothing.
    const beat = setInterval(() => {
      if (!this.stopping) heartbeat(this.app.db, this.token, toStoredInstant(this.opts.clock.now()));
    }, 30_000);
    beat.unref();
    this.stopWakeups = () => {
      clearInterval(beat);
      stopCron();
    };
    return this.wake();
  }

  /** A wake-up while work is in flight is remembered, not run beside it: jobs never overlap. */
  wake(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.tick();
      } while (this.again && !this.stopping);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async tick(): Promise<void> {
    const db = this.app.db;
    if (!heartbeat(db, this.token, toStoredInstant(this.opts.clock.now()))) {
      // Another process took the lock over (we looked dead to it): stop rather than run twice.
      this.opts.log.error('daemon.lock-lost', { db: this.opts.config.db });
      void this.stop('lock lost', exitCodeOf('E_LOCKED'));
      return;
    }
    for (const { job, fields } of this.jobs) {
      if (this.stopping) return;
      const now = this.opts.clock.now();
      const d = decide(getJob(db, job.name), fields, now);
      if (!d.run) {
        if (d.reason !== 'not-due') {
          setNextDue(db, job.name, toStoredInstant(d.nextDueAt));
          this.opts.log.info('job.scheduled', { job: job.name, reason: d.reason, nextDueAt: d.nextDueAt.toISO() });
        }
        continue;
      }
      await this.runJob(job, fields, now, d.missed);
    }
    await this.deliverRetries();
  }

  private async runJob(job: Job, fields: CronFields, now: DateTime, missed: number): Promise<void> {
    const db = this.app.db;
    const skip = job.skip(this.app, now);
    // The next due moment is computed after the run, from the clock then: a long run never schedules into its own past.
    const next = (): string => toStoredInstant(nextOccurrence(fields, this.opts.clock.now()));
    if (skip) {
      markJobFinished(db, job.name, { at: toStoredInstant(now), status: 'skipped', error: skip, summary: {}, nextDueAt: next() });
      this.opts.log.info('job.skipped', { job: job.name, reason: skip });
      return;
    }
    markJobStarted(db, job.name, toStoredInstant(now));
    this.opts.log.info('job.started', { job: job.name, missedSlots: missed });
    const started = Date.now();
    try {
      const summary = await job.run(this.app, now);
      // A run whose mail could not go out (wrong password, no server) did not do its job: `odmon status` says so.
      const mailError = typeof summary.mailError === 'string' ? summary.mailError : null;
      markJobFinished(db, job.name, { at: toStoredInstant(now), status: mailError ? 'failed' : 'ok', error: mailError, summary, nextDueAt: next() });
      // A run that worked but could not deliver (mail settings, permanent rejections) must stand out in the log.
      const troubled = Boolean(summary.mailError) || Number(summary.failed ?? 0) > 0 || Boolean(summary.heldBack);
      this.opts.log.log(troubled ? 'warn' : 'info', 'job.finished', { job: job.name, ms: Date.now() - started, ...summary });
      if (mailError) this.alert(job, now, mailError);
    } catch (thrown) {
      const e = userErrorOf(thrown) ?? thrown;
      const message = e instanceof Error ? e.message : String(e);
      markJobFinished(db, job.name, { at: toStoredInstant(now), status: 'failed', error: message, summary: {}, nextDueAt: next() });
      this.opts.log.error('job.failed', { job: job.name, ms: Date.now() - started, error: message, code: e instanceof OdmonError ? e.code : undefined });
      this.alert(job, now, message);
    }
  }

  /**
   * A failed job is told to the IT head at once on the channels that carry short messages (Telegram), one alert
   * per failed run; the heartbeat's delivery at the end of this wake-up sends it. A store that cannot take the
   * alert leaves it to the log and `odmon status`.
   */
  private alert(job: Job, now: DateTime, error: string): void {
    try {
      const brief = { kind: 'job-failed', key: `alert:${job.name}:${toStoredInstant(now)}`, at: now, job: job.name, error: redact(error, secretsOf(this.opts.config)) } as const;
      const queued = alertItHead(this.app, brief);
      if (queued > 0) this.opts.log.info('alert.queued', { job: job.name, messages: queued });
    } catch (thrown) {
      this.opts.log.error('alert.failed', { job: job.name, error: thrown instanceof Error ? thrown.message : String(thrown) });
    }
  }

  /** Messages waiting for a retry go out on the heartbeat, not only when a job runs. */
  private async deliverRetries(): Promise<void> {
    if (this.stopping || pendingMessages(this.app) === 0) return;
    const { delivery, target } = await deliverQueued(this.app, this.opts.clock.now());
    if (delivery.sent + delivery.retried + delivery.failed > 0 || delivery.configError) {
      this.opts.log.log(delivery.configError || delivery.failed > 0 ? 'warn' : 'info', 'outbox.delivered', { target, sent: delivery.sent, retried: delivery.retried, failed: delivery.failed, remaining: delivery.remaining, error: delivery.configError });
    }
  }

  /**
   * No new work, the job in flight finishes (at most stopTimeoutMs), the lock is released and the database
   * closed. Resolves to the exit code: 0 after a clean stop (or `code`), 1 when the job in flight had to be
   * abandoned. A second call (a second signal) waits for the same stop rather than reporting a clean one early.
   */
  async stop(reason: string, code = 0): Promise<number> {
    if (this.stopping) return this.stopped;
    this.stopping = true;
    this.stopWakeups();
    this.opts.log.info('daemon.stopping', { reason, jobInFlight: this.running !== null });
    if (this.running) {
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), this.opts.config.schedule.stopTimeoutMs).unref());
      if ((await Promise.race([this.running.then(() => 'done' as const), timeout])) === 'timeout') {
        this.opts.log.error('daemon.stop-timeout', { ms: this.opts.config.schedule.stopTimeoutMs });
        code = 1;
      }
    }
    try {
      releaseLock(this.app.db, this.token);
    } finally {
      this.app.close();
    }
    this.opts.log.info('daemon.stopped', { code });
    this.resolveStopped(code);
    return code;
  }
}
