import path from 'node:path';
import type { DateTime } from 'luxon';
import { systemClock, trialOf, type Clock, type Trial } from './clock';
import type { Config } from './config/config';
import type { Finding, Steward } from './domain';
import { importFile, importFileAsync, type ImportKind, type ImportReport } from './import/import';
import { OdmonError } from './errors';
import { enqueueAll, guardKey, planBriefs, planDigest, planGuard, planNotices, type PlannedMessage } from './notify/notify';
import { loadTemplates, type TemplateSet } from './notify/templates';
import { channelNamed, openChannels } from './notify/channels';
import type { Brief } from './notify/channels/types';
import { deliverDue, type DeliveryReport } from './notify/sender';
import { readFrequencyTable } from './config/frequency-table';
import { DEFAULT_TEMPLATES_DIR, EXAMPLE_DIR, SEED_DIR } from './paths';
import { countOutbox, messageIdFor, type NewOutboxMessage } from './store/outbox';
import { loadRules } from './rules/load';
import { buildSubjects, type SubjectInputs } from './rules/subjects';
import { checkRegister, type RegisterCheck } from './check/run';
import { Turns } from './rules/turns';
import { seedCorrections, seedIfNew, type SeedReport } from './seed/seed';
import { getMeta, openDb, setMeta, type Db } from './store/db';
import { countDatasets, listDatasets, listDatasetsInTurns } from './store/datasets';
import { lastRecordedAsOf, type RecordOutcome } from './store/findings';
import { listTasks } from './store/plan';
import { listStewards } from './store/stewards';
import { fromStoredInstant, toStoredInstant } from './time/days';
import { loadFrequencyCatalogue, type FrequencyCatalogue } from './time/frequency';
import { CkanClient } from './portal/ckan-client';
import type { Timer } from './portal/pace';
import { syncPortal, type SyncEvent, type SyncReport } from './portal/sync';
import { adoptFromPortal, type AdoptionReport } from './portal/adopt';
import type { OrgListing } from './portal/listing';
import { portalEvidenceByDataset } from './store/portal';
import { takeDueSnapshots } from './history/snapshots';
import { recordRegisterSuspensions } from './store/suspensions';
import { withoutTrace as storeWithoutTrace } from './store/without-trace';

/** The composition root: the store, the frequency table and the config, built once and handed down. */
export interface App {
  readonly config: Config;
  readonly db: Db;
  readonly frequencies: FrequencyCatalogue;
  readonly created: boolean;
  readonly seed: SeedReport;
  /** True once a stop was asked for: long loops finish the item in hand and return. */
  readonly stopping: () => boolean;
  /** The real clock (src/clock.ts): when things really happen, whatever `now` a run evaluates as of. */
  readonly clock: Clock;
  close(): void;
}

export function openApp(config: Config, now: DateTime, opts: { stopping?: () => boolean; clock?: Clock } = {}): App {
  const { db, created } = openDb(config.db, { busyTimeoutMs: config.busyTimeoutMs });
  try {
    const frequencies = loadFrequencyCatalogue(readFrequencyTable(), config.frequencies);
    const seed = seedIfNew(db, SEED_DIR, now);
    const clock = opts.clock ?? systemClock;
    return { config, db, frequencies, created, seed, stopping: opts.stopping ?? (() => false), clock, close: () => db.close() };
  } catch (e) {
    db.close();
    throw e;
  }
}

/** `odmon import KIND FILE`: any format, a workbook's sheet by name. */
export async function runImport(app: App, kind: ImportKind, file: string, now: DateTime, opts: { sheet?: string; actor?: string; shownAs?: string } = {}): Promise<ImportReport> {
  const ctx = { now, realNow: app.clock.now(), frequencies: app.frequencies, actor: opts.actor, corrections: seedCorrections(SEED_DIR) };
  const report = await importFileAsync(app.db, kind, file, ctx, { sheet: opts.sheet, shownAs: opts.shownAs });
  // A suspension the file marks without a start begins now, by the real clock: never earlier.
  if (kind === 'datasets') recordRegisterSuspensions(app.db, toStoredInstant(app.clock.now()));
  return report;
}

/** The example register, in dependency order (stewards before the datasets and plan that name them). */
export const EXAMPLE_FILES: readonly [ImportKind, string][] = [
  ['stewards', 'stewards.csv'],
  ['datasets', 'datasets.csv'],
  ['publications', 'publications.csv'],
  ['plan', 'plan.csv'],
];

export function importExample(app: App, now: DateTime): ImportReport[] {
  const ctx = { now, realNow: app.clock.now(), frequencies: app.frequencies, corrections: seedCorrections(SEED_DIR) };
  return EXAMPLE_FILES.map(([kind, name]) => importFile(app.db, kind, path.join(EXAMPLE_DIR, name), ctx));
}

export interface CheckResult {
  readonly asOf: DateTime;
  readonly runId: number;
  readonly findings: readonly Finding[];
  readonly outcome: RecordOutcome;
  /** Rule files that could not be loaded, and rules that failed while running: reported, the rest ran. */
  readonly ruleProblems: readonly string[];
  readonly stewards: readonly Steward[];
  /** How the register was judged: building on the last check (`incremental`) or every dataset, and why; how many datasets. */
  readonly judged?: RegisterCheck['judged'];
}

/**
 * What the rules read, loaded from the store as of `now`: the first step of every check (the bench times it
 * alone). The register is read in pages with turns of the event loop in between: it may hold 100,000 datasets.
 */
export async function checkInputs(app: App, now: DateTime): Promise<SubjectInputs> {
  const stewards = listStewards(app.db);
  const turns = new Turns(1);
  const datasets = await listDatasetsInTurns(app.db, () => turns.due());
  return {
    now,
    graceDays: app.config.graceDays,
    dueSoonDays: app.config.dueSoonDays,
    frequencies: app.frequencies,
    stewards,
    datasets,
    tasks: listTasks(app.db),
    portal: portalEvidenceByDataset(app.db),
  };
}

/**
 * Whether a run evaluated as of `now` is a trial that must record nothing (src/clock.ts): `now` later than the
 * real clock, or earlier than the last recorded evaluation.
 */
export function trialFor(app: App, now: DateTime): Trial | null {
  const last = lastRecordedAsOf(app.db);
  return trialOf(now, app.clock.now(), last === null ? null : fromStoredInstant(last));
}

/** Runs `run` so that nothing it writes is kept (src/store/without-trace.ts: the one rollback of every dry run). */
export function withoutTrace<T>(app: App, run: () => Promise<T> | T): Promise<T> {
  return storeWithoutTrace(app.db, run);
}

/**
 * Evaluates every rule as of `now` and records what changed: the one code path for `check`, `notify` and the
 * daemon. It builds on the last check when it can, judging only what changed since (src/check/run.ts); `full`
 * judges every dataset.
 */
export async function runCheck(app: App, now: DateTime, startedAt: DateTime = app.clock.now(), opts: { full?: boolean } = {}): Promise<CheckResult> {
  const loaded = loadRules(app.config.rulesDir);
  const ctx = {
    db: app.db,
    graceDays: app.config.graceDays,
    dueSoonDays: app.config.dueSoonDays,
    frequencyOverrides: app.config.frequencies,
    frequencies: app.frequencies,
    frequencyTable: readFrequencyTable(),
  };
  const r = await checkRegister(ctx, loaded, now, startedAt, opts);
  return { asOf: now, runId: r.runId, findings: r.findings, outcome: r.outcome, ruleProblems: r.ruleProblems, stewards: r.stewards, judged: r.judged };
}

/**
 * Keeps the history: every quarter that ended since the first evaluation and has no snapshot yet gets one,
 * rebuilt from the history as of its end. Called at the start of every check, notify and digest run. A trial
 * takes none, and a quarter is closed only once the real clock has passed its end.
 */
export function recordQuarterHistory(app: App, now: DateTime): string[] {
  if (trialFor(app, now) !== null) return [];
  const real = app.clock.now();
  // A register suspension imported some other way (not through runImport) is recorded now, before any quarter closes.
  recordRegisterSuspensions(app.db, toStoredInstant(real));
  return takeDueSnapshots(app.db, { graceDays: app.config.graceDays, dueSoonDays: app.config.dueSoonDays, frequencies: app.frequencies }, now < real ? now : real);
}

export type MailMode = 'send' | 'dry-run' | 'preview' | 'trial';

export interface MailRunReport {
  readonly mode: MailMode;
  readonly messages: readonly NewOutboxMessage[];
  readonly ruleProblems: readonly string[];
  readonly previewDir?: string;
  readonly delivery?: DeliveryReport;
  readonly target?: string;
  /** Why steward notices were held back by the sanity guard. */
  readonly heldBack?: string;
  /** Set when `now` made the run a trial (src/clock.ts): it ran as a dry run, recorded nothing and sent nothing. */
  readonly trial?: Trial;
}

export interface MailOptions {
  readonly dryRun?: boolean;
  readonly preview?: string;
  readonly redirectTo?: string;
  /** Send steward notices even though the register shrank (the change was intended). */
  readonly force?: boolean;
}

/**
 * Delivers every queued message that is due, each through its channel (src/notify/channels): e-mail by SMTP, or
 * as `.eml` files under `mail.outboxDir` when no server is configured; Telegram when it is set up.
 */
export async function deliverQueued(app: App, now: DateTime, keyPrefix?: string): Promise<{ delivery: DeliveryReport; target: string }> {
  const channels = openChannels(app.config, app.clock);
  try {
    const target = [...channels.values()].map((c) => c.sender.target).join('; ');
    return { delivery: await deliverDue(app.db, channels, now, { shouldStop: app.stopping, keyPrefix }), target };
  } finally {
    for (const c of channels.values()) c.sender.close?.();
  }
}

/**
 * Tells the IT head something short on the channels that carry such messages (a daemon job failed): queued and
 * delivered like every message. Returns how many were queued (0 when no channel carries them).
 */
/** Messages waiting in the outbox: the daemon's heartbeat delivers only when there are some. */
export function pendingMessages(app: App): number {
  return countOutbox(app.db).pending;
}

export function alertItHead(app: App, brief: Brief): number {
  const planned = planBriefs({ config: app.config }, brief);
  return planned.length === 0 ? 0 : enqueueAll(app.db, planned, toStoredInstant(app.clock.now()));
}

/**
 * Plans the messages and, unless it is a dry run or a preview, stores them with their records. Planning and
 * enqueueing happen in one IMMEDIATE transaction: a manual `odmon notify` beside the daemon waits for the
 * other's write lock and then sees what it recorded, so the same items are never queued twice.
 */
async function finishMail(app: App, now: DateTime, plan: () => readonly PlannedMessage[], mode: MailOptions, problems: readonly string[]): Promise<MailRunReport> {
  if (mode.dryRun || mode.preview !== undefined) {
    const messages = plan().map((p) => p.message);
    if (mode.dryRun) return { mode: 'dry-run', messages, ruleProblems: problems };
    // Each channel writes what it would send: .eml files for e-mail, text files for Telegram.
    const folder = path.resolve(mode.preview as string);
    try {
      for (const m of messages) {
        const preview = channelNamed(m.channel ?? 'email')?.preview(folder, app.clock);
        await preview?.send({ ...m, key: m.key, messageId: m.from === '' ? m.key : messageIdFor(m.key, m.from) });
      }
    } catch (cause) {
      throw new OdmonError('E_INPUT', `--preview ${folder}: не вдалося записати лист: ${(cause as Error).message}`, {
        hint: 'перевірте теку і вільне місце; нічого не записано',
        cause,
      });
    }
    return { mode: 'preview', messages, ruleProblems: problems, previewDir: folder };
  }
  const nowIso = toStoredInstant(now);
  const planned = app.db
    .transaction(() => {
      const p = plan();
      enqueueAll(app.db, p, nowIso);
      return p;
    })
    .immediate();
  // A trial (--redirect-all-to) delivers only its own messages: the real queue waits for a real run.
  const { delivery, target } = await deliverQueued(app, now, mode.redirectTo ? 'trial:' : undefined);
  return { mode: mode.redirectTo ? 'trial' : 'send', messages: planned.map((p) => p.message), ruleProblems: problems, delivery, target };
}

function templatesFor(app: App): TemplateSet {
  return loadTemplates(DEFAULT_TEMPLATES_DIR);
}

/**
 * The sanity guard: an empty register, or one that shrank by more than half since the last notices, is far
 * more likely a broken import than a council that published everything. Steward notices are then held
 * back and the IT head is told why, instead of telling every steward that everything is missing or resolved.
 */
export function registerGuard(app: App): string | null {
  const size = countDatasets(app.db);
  const before = Number(getMeta(app.db, REGISTER_SIZE_KEY) ?? 0);
  if (size === 0) return 'реєстр наборів даних порожній';
  if (before > 0 && size * 2 < before) return `реєстр наборів даних зменшився більш ніж удвічі: було ${before}, стало ${size}`;
  return null;
}

const REGISTER_SIZE_KEY = 'register_size_at_last_notice';

/**
 * A dry run or a preview records nothing: the whole run (evaluation, snapshots, planning) happens inside one
 * transaction that is rolled back, so findings, episodes and notice state stay exactly as they were.
 */
function withoutRecording<T>(app: App, mode: MailOptions, run: () => Promise<T>): Promise<T> {
  if (!mode.dryRun && mode.preview === undefined) return run();
  return withoutTrace(app, run);
}

/**
 * A mail run whose `now` makes it a trial runs as a dry run (a preview stays a preview): it plans and prints,
 * records nothing and sends nothing — not even to --redirect-all-to, nor the messages already queued.
 */
async function asTrialIfNeeded(app: App, now: DateTime, mode: MailOptions, run: (mode: MailOptions) => Promise<MailRunReport>): Promise<MailRunReport> {
  const trial = trialFor(app, now);
  if (trial === null) return run(mode);
  const report = await run(mode.preview !== undefined ? mode : { ...mode, dryRun: true });
  return { ...report, trial };
}

/** `odmon notify`: evaluate, queue the notices due, deliver. Run twice in a row, the second run sends nothing. */
export function runNotify(app: App, now: DateTime, mode: MailOptions = {}): Promise<MailRunReport> {
  return asTrialIfNeeded(app, now, mode, (m) => withoutRecording(app, m, () => notifyOnce(app, now, m)));
}

async function notifyOnce(app: App, now: DateTime, mode: MailOptions): Promise<MailRunReport> {
  recordQuarterHistory(app, now);
  const check = await runCheck(app, now);
  const opts = { config: app.config, templates: templatesFor(app), now, runId: check.runId, redirectTo: mode.redirectTo };
  const held = mode.force ? null : registerGuard(app);
  if (held !== null) {
    const planned = [
      ...(app.config.mail.itHead.length > 0 ? [planGuard(opts, held, app.config.db)] : []),
      ...planBriefs(opts, { kind: 'held-back', key: guardKey(now, held), at: now, reason: held }),
    ];
    const report = await finishMail(app, now, () => planned, mode, check.ruleProblems);
    return { ...report, heldBack: held };
  }
  const report = await finishMail(app, now, () => planNotices(app.db, opts), mode, check.ruleProblems);
  if (report.mode === 'send') setMeta(app.db, REGISTER_SIZE_KEY, String(countDatasets(app.db)));
  return report;
}

/** `odmon digest`: evaluate and send the IT head's digest now. */
export function runDigest(app: App, now: DateTime, mode: MailOptions = {}): Promise<MailRunReport> {
  return asTrialIfNeeded(app, now, mode, (m) => withoutRecording(app, m, () => digestOnce(app, now, m)));
}

async function digestOnce(app: App, now: DateTime, mode: MailOptions): Promise<MailRunReport> {
  if (app.config.mail.itHead.length === 0 && mode.redirectTo === undefined && mode.preview === undefined) {
    throw new OdmonError('E_CONFIG', 'зведення нема кому надіслати: не вказано mail.itHead', {
      hint: 'укажіть адресу керівника ІТ у mail.itHead (odmon.config.json) або ODMON_IT_HEAD',
    });
  }
  recordQuarterHistory(app, now);
  const check = await runCheck(app, now);
  const subjects = buildSubjects({
    now,
    graceDays: app.config.graceDays,
    dueSoonDays: app.config.dueSoonDays,
    frequencies: app.frequencies,
    stewards: check.stewards,
    datasets: listDatasets(app.db),
    tasks: [],
  });
  const plan = (): PlannedMessage[] =>
    planDigest(
      app.db,
      {
        config: app.config,
        templates: templatesFor(app),
        now,
        runId: check.runId,
        redirectTo: mode.redirectTo,
        history: { graceDays: app.config.graceDays, dueSoonDays: app.config.dueSoonDays, frequencies: app.frequencies },
      },
      subjects.dataset,
    );
  return finishMail(app, now, plan, mode, check.ruleProblems);
}

export interface SyncOptions {
  /** Overrides portal.url. */
  readonly portal?: string;
  /** Overrides portal.organizations. */
  readonly organizations?: readonly string[];
  /** Read the portal, report what would change, write nothing. */
  readonly dryRun?: boolean;
  readonly progress?: (e: SyncEvent) => void;
  /** Tests: a fake clock for the pace and the back-off. */
  readonly timer?: Timer;
  readonly backoffMs?: (retry: number) => number;
  /** Adopt the organizations' datasets into the register (src/portal/adopt.ts); who is recorded for it. */
  readonly adopt?: boolean;
  readonly actor?: string;
}

/**
 * `odmon sync`, and the daemon's sync job: reads the configured portal organizations and records what they
 * publish. A partial sync returns with `complete: false` and its errors; one that read nothing throws E_PORTAL.
 */
export async function runSync(app: App, now: DateTime, opts: SyncOptions = {}): Promise<SyncReport & { trial?: Trial; adoption?: AdoptionReport }> {
  const p = app.config.portal;
  const url = opts.portal ?? p.url;
  if (url === null) {
    throw new OdmonError('E_CONFIG', 'портал не налаштовано', {
      hint: 'укажіть portal.url в odmon.config.json або ODMON_PORTAL_URL (і portal.organizations) чи передайте --portal URL',
    });
  }
  const client = new CkanClient({
    baseUrl: url,
    userAgent: p.userAgent,
    timeoutMs: p.timeoutMs,
    requestsPerSecond: p.requestsPerSecond,
    maxRetries: p.maxRetries,
    maxReplyBytes: p.maxReplyMB * 1024 * 1024,
    timer: opts.timer,
    backoffMs: opts.backoffMs,
    onRetry: (r) => opts.progress?.({ kind: 'retry', ...r }),
  });
  const started = performance.now();
  // A sync whose `now` makes it a trial reads the portal as a dry run: it records nothing.
  const trial = trialFor(app, now);
  const settings = {
    portal: client.base,
    organizations: opts.organizations ?? p.organizations,
    lastUpdateFrom: p.lastUpdateFrom,
    dryRun: (opts.dryRun ?? false) || trial !== null,
    real: app.clock.now(),
    maxPages: p.maxPages,
  };
  const listings: OrgListing[] = [];
  const report = await syncPortal(app.db, client, app.frequencies, settings, now, {
    progress: opts.progress,
    finishedAt: () => now.plus({ milliseconds: Math.round(performance.now() - started) }),
    listing: (l) => listings.push(l),
  });
  const withTrial = trial === null ? report : { ...report, trial };
  if (!opts.adopt) return withTrial;
  const adoption = adoptFromPortal(app.db, listings, app.frequencies, { dryRun: settings.dryRun, lastUpdateFrom: p.lastUpdateFrom, at: app.clock.now(), actor: opts.actor ?? 'it-head' });
  const decided = new Set(adoption.decisions.map((d) => d.portalId));
  // An adopted entry's last update from the future is listed with the sync's own (it was not linked during the sync).
  const future = [...withTrial.future, ...adoption.future.filter((f) => !withTrial.future.some((x) => x.datasetId === f.datasetId))];
  return { ...withTrial, future, unlinked: report.unlinked.filter((u) => !decided.has(u.portalId)), adoption };
}
