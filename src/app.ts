import fs from 'node:fs';
import path from 'node:path';
import type { DateTime } from 'luxon';
import type { Config } from './config/config';
import type { Finding, Steward } from './domain';
import { importFile, type ImportKind, type ImportReport } from './import/import';
import { OdmonError } from './errors';
import { enqueueAll, planDigest, planNotices, type PlannedMessage } from './notify/notify';
import { loadTemplates, type TemplateSet } from './notify/templates';
import { FileTransport } from './notify/transport/file';
import { deliverDue, type DeliveryReport } from './notify/transport/sender';
import { SmtpTransport } from './notify/transport/smtp';
import type { MailTransport } from './notify/transport/types';
import { DEFAULT_TEMPLATES_DIR, EXAMPLE_DIR, SEED_DIR } from './paths';
import { messageIdFor, type NewOutboxMessage } from './store/outbox';
import { evaluate } from './rules/evaluate';
import { loadRules } from './rules/load';
import { buildSubjects } from './rules/subjects';
import { seedIfNew, type SeedReport } from './seed/seed';
import { openDb, type Db } from './store/db';
import { listDatasets } from './store/datasets';
import { recordFindings, startRun, type RecordOutcome } from './store/findings';
import { listTasks } from './store/plan';
import { listStewards } from './store/stewards';
import { toStoredInstant } from './time/days';
import { loadFrequencyCatalogue, type FrequencyCatalogue } from './time/frequency';

/** The composition root: the store, the frequency table and the config, built once and handed down. */
export interface App {
  readonly config: Config;
  readonly db: Db;
  readonly frequencies: FrequencyCatalogue;
  readonly created: boolean;
  readonly seed: SeedReport;
  close(): void;
}

export function openApp(config: Config, now: DateTime): App {
  const { db, created } = openDb(config.db);
  try {
    const frequencies = loadFrequencyCatalogue(fs.readFileSync(path.join(SEED_DIR, 'update-frequencies.csv'), 'utf8'), config.frequencies);
    const seed = seedIfNew(db, SEED_DIR, now);
    return { config, db, frequencies, created, seed, close: () => db.close() };
  } catch (e) {
    db.close();
    throw e;
  }
}

export function runImport(app: App, kind: ImportKind, file: string, now: DateTime): ImportReport {
  return importFile(app.db, kind, file, { now, frequencies: app.frequencies });
}

/** The example register, in dependency order (stewards before the datasets and plan that name them). */
export const EXAMPLE_FILES: readonly [ImportKind, string][] = [
  ['stewards', 'stewards.csv'],
  ['datasets', 'datasets.csv'],
  ['publications', 'publications.csv'],
  ['plan', 'plan.csv'],
];

export function importExample(app: App, now: DateTime): ImportReport[] {
  return EXAMPLE_FILES.map(([kind, name]) => runImport(app, kind, path.join(EXAMPLE_DIR, name), now));
}

export interface CheckResult {
  readonly asOf: DateTime;
  readonly runId: number;
  readonly findings: readonly Finding[];
  readonly outcome: RecordOutcome;
  /** Rule files that could not be loaded, and rules that failed while running: reported, the rest ran. */
  readonly ruleProblems: readonly string[];
  readonly stewards: readonly Steward[];
}

/** Evaluates every rule as of `now` and records the findings: the one code path for `check`, `notify` and the daemon. */
export async function runCheck(app: App, now: DateTime, startedAt: DateTime = now): Promise<CheckResult> {
  const loaded = loadRules(app.config.rulesDir);
  const stewards = listStewards(app.db);
  const subjects = buildSubjects({
    now,
    graceDays: app.config.graceDays,
    dueSoonDays: app.config.dueSoonDays,
    frequencies: app.frequencies,
    stewards,
    datasets: listDatasets(app.db),
    tasks: listTasks(app.db),
  });
  const evaluation = await evaluate(loaded.rules, subjects);
  const problems = [...loaded.problems, ...evaluation.errors];
  const runId = startRun(app.db, toStoredInstant(startedAt), toStoredInstant(now));
  const outcome = recordFindings(app.db, runId, evaluation.findings, evaluation.evaluatedRules, toStoredInstant(now), problems,
    loaded.problems.length === 0 ? new Set(loaded.rules.map((r) => r.name)) : null);
  return { asOf: now, runId, findings: evaluation.findings, outcome, ruleProblems: problems, stewards };
}

export type MailMode = 'send' | 'dry-run' | 'preview' | 'trial';

export interface MailRunReport {
  readonly mode: MailMode;
  readonly messages: readonly NewOutboxMessage[];
  readonly ruleProblems: readonly string[];
  readonly previewDir?: string;
  readonly delivery?: DeliveryReport;
  readonly target?: string;
}

export interface MailOptions {
  readonly dryRun?: boolean;
  readonly preview?: string;
  readonly redirectTo?: string;
}

/** SMTP when a server is configured, otherwise `.eml` files under `mail.outboxDir` (a fresh install shows what it would send). */
export function makeTransport(config: Config): MailTransport {
  const m = config.mail;
  if (m.smtpUrl === null) return new FileTransport(m.outboxDir);
  return new SmtpTransport(m.smtpUrl, {
    timeouts: { connectionMs: m.connectionTimeoutMs, greetingMs: m.greetingTimeoutMs, socketMs: m.socketTimeoutMs },
  });
}

/** Delivers every queued message that is due, through the configured transport. */
export async function deliverQueued(app: App, now: DateTime): Promise<{ delivery: DeliveryReport; target: string }> {
  const transport = makeTransport(app.config);
  try {
    return { delivery: await deliverDue(app.db, transport, now), target: transport.target };
  } finally {
    transport.close?.();
  }
}

async function finishMail(app: App, now: DateTime, planned: readonly PlannedMessage[], mode: MailOptions, problems: readonly string[]): Promise<MailRunReport> {
  const messages = planned.map((p) => p.message);
  if (mode.dryRun) return { mode: 'dry-run', messages, ruleProblems: problems };
  if (mode.preview !== undefined) {
    const preview = new FileTransport(path.resolve(mode.preview));
    for (const m of messages) await preview.send({ ...m, key: m.key, messageId: messageIdFor(m.key, m.from) });
    return { mode: 'preview', messages, ruleProblems: problems, previewDir: preview.folder };
  }
  enqueueAll(app.db, planned, toStoredInstant(now));
  const { delivery, target } = await deliverQueued(app, now);
  return { mode: mode.redirectTo ? 'trial' : 'send', messages, ruleProblems: problems, delivery, target };
}

function templatesFor(app: App): TemplateSet {
  return loadTemplates(DEFAULT_TEMPLATES_DIR);
}

/** `odmon notify`: evaluate, queue the notices due, deliver. Run twice in a row, the second run sends nothing. */
export async function runNotify(app: App, now: DateTime, mode: MailOptions = {}): Promise<MailRunReport> {
  const check = await runCheck(app, now);
  const planned = planNotices(app.db, { config: app.config, templates: templatesFor(app), now, runId: check.runId, redirectTo: mode.redirectTo });
  return finishMail(app, now, planned, mode, check.ruleProblems);
}

/** `odmon digest`: evaluate and send the IT head's digest now. */
export async function runDigest(app: App, now: DateTime, mode: MailOptions = {}): Promise<MailRunReport> {
  if (app.config.mail.itHead.length === 0 && mode.redirectTo === undefined && mode.preview === undefined && !mode.dryRun) {
    throw new OdmonError('E_CONFIG', 'the digest has no recipient: mail.itHead is not set', {
      hint: 'set mail.itHead in odmon.config.json or ODMON_IT_HEAD to the IT head\'s address',
    });
  }
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
  const planned = planDigest(app.db, { config: app.config, templates: templatesFor(app), now, runId: check.runId, redirectTo: mode.redirectTo }, subjects.dataset);
  return finishMail(app, now, [planned], mode, check.ruleProblems);
}
