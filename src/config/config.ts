import fs from 'node:fs';
import path from 'node:path';
import { isEmail } from '../email';
import { OdmonError } from '../errors';
import { redactUrl, urlSecrets, withoutCredentials } from '../redact';
import { DEFAULT_DB, DEFAULT_RULES_DIR, PACKAGE_ROOT, SEED_DIR } from '../paths';
import { validateFrequencyOverrides } from '../time/frequency';
import { readFromName, readOrg, readReport, senderAddress, type OrgConfig, type ReportConfig } from './org';
import { readSchedule, SCHEDULE_KEYS, type ScheduleConfig } from './schedule';

export type { OrgConfig, ReportConfig, Signatory } from './org';

/** Everything odmon can be told, after defaults, the config file, the environment and flags are merged. */
export interface Config {
  readonly db: string;
  /** How long a command waits for another process's write lock on the database before E_BUSY. */
  readonly busyTimeoutMs: number;
  readonly rulesDir: string;
  /** Days added to every publication deadline. */
  readonly graceDays: number;
  /** `plan-task-due-soon` looks this many days ahead. */
  readonly dueSoonDays: number;
  /** Portal frequency value → ISO 8601 duration, overriding the calendar defaults. */
  readonly frequencies: Readonly<Record<string, string>>;
  readonly mail: MailConfig;
  readonly notify: NotifyConfig;
  readonly schedule: ScheduleConfig;
  /** The open data portal, for links to a dataset's page: `{url}/dataset/{portal_id}`. */
  readonly portalUrl: string | null;
  /** Synchronisation with the portal (CKAN): `odmon sync`. */
  readonly portal: PortalConfig;
  /** The council and the unit that sends the letters, with its contact person (src/config/org.ts). */
  readonly org: OrgConfig;
  /** The yearly report's approval and signature blocks. */
  readonly report: ReportConfig;
  /** Where the settings came from, for error messages. */
  readonly sources: readonly string[];
}

export interface MailConfig {
  /** `smtp://user:pass@host:587` or `smtps://…`; null = write `.eml` files to `outboxDir` instead. */
  readonly smtpUrl: string | null;
  /** The From header as sent: `"display name" <address>` (see senderAddress in org.ts). */
  readonly from: string;
  /** `mail.fromName` as configured; null = not set. */
  readonly fromName: string | null;
  /** The IT head's addresses: the weekly digest goes there. */
  readonly itHead: readonly string[];
  readonly outboxDir: string;
  readonly connectionTimeoutMs: number;
  readonly greetingTimeoutMs: number;
  readonly socketTimeoutMs: number;
}

export interface PortalConfig {
  /** The portal's address (as `portalUrl`); null = no portal configured, no sync. */
  readonly url: string | null;
  /** The council's organizations on the portal, ids or names; empty = every organization of the portal. */
  readonly organizations: readonly string[];
  /** Which portal date is a dataset's last update: the latest resource change, or any metadata edit. */
  readonly lastUpdateFrom: 'resources' | 'metadata';
  readonly timeoutMs: number;
  readonly userAgent: string;
  readonly requestsPerSecond: number;
  readonly maxRetries: number;
  /** A portal reply larger than this many megabytes is abandoned. */
  readonly maxReplyMB: number;
  /** Most pages (of up to 1000 datasets) read from one organization. */
  readonly maxPages: number;
}

export interface NotifyConfig {
  /** An open finding is repeated to its steward after this many days. */
  readonly repeatDays: number;
  /** Overdue (or open) longer than this: the unit's head is copied. */
  readonly escalateAfterDays: number;
  /** An acknowledged finding is repeated after this many days instead of repeatDays. */
  readonly ackRepeatDays: number;
}

export interface ConfigInputs {
  /** --config FILE */
  readonly configFile?: string;
  /** --db FILE */
  readonly db?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

const FILE_KEYS = ['db', 'rulesDir', 'graceDays', 'dueSoonDays', 'frequencies', 'mail', 'notify', 'portal', 'schedule', 'busyTimeoutMs', 'org', 'report'] as const;
const MAIL_KEYS = ['smtpUrl', 'from', 'fromName', 'itHead', 'outboxDir', 'connectionTimeoutMs', 'greetingTimeoutMs', 'socketTimeoutMs'];
const NOTIFY_KEYS = ['repeatDays', 'escalateAfterDays', 'ackRepeatDays'];
const PORTAL_KEYS = ['url', 'organizations', 'lastUpdateFrom', 'timeoutMs', 'userAgent', 'requestsPerSecond', 'maxRetries', 'maxReplyMB', 'maxPages'];
/** `Name <a@b.c>` or `a@b.c` */
const MAILBOX_RE = /^(?:[^<>]*<\s*[^\s@<>]+@[^\s@<>]+\s*>|[^\s@<>]+@[^\s@<>]+)$/;

export const CONFIG_FILE_NAME = 'odmon.config.json';

function readFrequencyCsv(): string {
  return fs.readFileSync(path.join(SEED_DIR, 'update-frequencies.csv'), 'utf8');
}

/** Finds the config file: --config, then ODMON_CONFIG (both must exist), then odmon.config.json in cwd or the package. */
function locateConfigFile(inputs: ConfigInputs): { file: string | null; explicit: boolean } {
  const explicit = inputs.configFile ?? inputs.env.ODMON_CONFIG;
  if (explicit) return { file: path.resolve(inputs.cwd, explicit), explicit: true };
  for (const dir of [inputs.cwd, PACKAGE_ROOT]) {
    const f = path.join(dir, CONFIG_FILE_NAME);
    if (fs.existsSync(f)) return { file: f, explicit: false };
  }
  return { file: null, explicit: false };
}

/** The largest value of each kind of setting: beyond it a date computed from it is no longer a date. */
const MAXIMUM = { days: 3650, milliseconds: 3_600_000 } as const;

/**
 * A whole number from 0 to the kind's maximum: a JSON number, or decimal digits in the environment (`0x10`,
 * `1e3` or `16.0` are refused, not read as 16, 1000 or 16).
 */
function nonNegativeInteger(value: unknown, where: string, problems: string[], unit: keyof typeof MAXIMUM = 'days'): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' ? (/^\s*\d+\s*$/.test(value) ? Number(value) : NaN) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    problems.push(`${where}: ${JSON.stringify(value)} is not a whole number of ${unit} (0 or more)`);
    return undefined;
  }
  if (n > MAXIMUM[unit]) {
    problems.push(`${where}: ${JSON.stringify(value)} is more than ${MAXIMUM[unit]} ${unit}, the most odmon accepts`);
    return undefined;
  }
  return n;
}

/** Loads and validates the configuration, reporting every problem at once. */
export function loadConfig(inputs: ConfigInputs): Config {
  const problems: string[] = [];
  const sources: string[] = ['defaults'];
  const { file, explicit } = locateConfigFile(inputs);
  let fromFile: Record<string, unknown> = {};
  let fileDir = inputs.cwd;
  if (file) {
    if (!fs.existsSync(file)) {
      throw new OdmonError('E_CONFIG', `config file ${file} does not exist`, {
        hint: explicit ? 'check --config / ODMON_CONFIG' : undefined,
      });
    }
    fileDir = path.dirname(file);
    sources.push(file);
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        problems.push(`${file}: the top level must be a JSON object`);
      } else fromFile = parsed as Record<string, unknown>;
    } catch (cause) {
      throw new OdmonError('E_CONFIG', `${file}: not valid JSON: ${(cause as Error).message}`, {
        hint: 'fix the JSON syntax (a trailing comma or a missing quote is the usual cause)',
        cause,
      });
    }
  }
  for (const key of Object.keys(fromFile)) {
    if (!(FILE_KEYS as readonly string[]).includes(key)) {
      problems.push(`${file}: unknown setting "${key}" (known: ${FILE_KEYS.join(', ')})`);
    }
  }
  const env = inputs.env;
  const str = (v: unknown, where: string): string | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.trim() === '') {
      problems.push(`${where}: ${JSON.stringify(v)} must be a non-empty string`);
      return undefined;
    }
    return v;
  };
  const fileDb = str(fromFile.db, `${file}: db`);
  const fileRules = str(fromFile.rulesDir, `${file}: rulesDir`);
  const db = inputs.db
    ? path.resolve(inputs.cwd, inputs.db)
    : env.ODMON_DB
      ? path.resolve(inputs.cwd, env.ODMON_DB)
      : fileDb
        ? path.resolve(fileDir, fileDb)
        : DEFAULT_DB;
  const rulesDir = env.ODMON_RULES_DIR
    ? path.resolve(inputs.cwd, env.ODMON_RULES_DIR)
    : fileRules
      ? path.resolve(fileDir, fileRules)
      : DEFAULT_RULES_DIR;
  // Both sources are checked before one wins, so a bad file value is reported even while the environment
  // overrides it (it would break the next run without that variable).
  const envBusy = nonNegativeInteger(env.ODMON_BUSY_TIMEOUT_MS, 'ODMON_BUSY_TIMEOUT_MS', problems, 'milliseconds');
  const fileBusy = nonNegativeInteger(fromFile.busyTimeoutMs, `${file}: busyTimeoutMs`, problems, 'milliseconds');
  const busyTimeoutMs = envBusy ?? fileBusy ?? 30_000; // the store's DEFAULT_BUSY_TIMEOUT_MS
  const envGraceDays = nonNegativeInteger(env.ODMON_GRACE_DAYS, 'ODMON_GRACE_DAYS', problems);
  const fileGraceDays = nonNegativeInteger(fromFile.graceDays, `${file}: graceDays`, problems);
  const graceDays = envGraceDays ?? fileGraceDays ?? 0;
  const envDueSoonDays = nonNegativeInteger(env.ODMON_DUE_SOON_DAYS, 'ODMON_DUE_SOON_DAYS', problems);
  const fileDueSoonDays = nonNegativeInteger(fromFile.dueSoonDays, `${file}: dueSoonDays`, problems);
  const dueSoonDays = envDueSoonDays ?? fileDueSoonDays ?? 30;
  let frequencies: Record<string, string> = {};
  if (fromFile.frequencies !== undefined) {
    const freqProblems = validateFrequencyOverrides(readFrequencyCsv(), fromFile.frequencies);
    problems.push(...freqProblems.map((p) => `${file}: frequencies: ${p}`));
    if (freqProblems.length === 0) frequencies = fromFile.frequencies as Record<string, string>;
  }
  const section = (key: string, known: string[]): Record<string, unknown> => {
    const v = fromFile[key];
    if (v === undefined) return {};
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      problems.push(`${file}: ${key}: must be an object`);
      return {};
    }
    for (const k of Object.keys(v)) {
      if (!known.includes(k)) problems.push(`${file}: unknown setting "${key}.${k}" (known: ${known.map((n) => `${key}.${n}`).join(', ')})`);
    }
    return v as Record<string, unknown>;
  };
  const mailFile = section('mail', MAIL_KEYS);
  const notifyFile = section('notify', NOTIFY_KEYS);
  const portalFile = section('portal', PORTAL_KEYS);
  const schedule = readSchedule(section('schedule', SCHEDULE_KEYS), env, file ?? CONFIG_FILE_NAME, problems);
  const smtpUrl = env.ODMON_SMTP_URL ?? str(mailFile.smtpUrl, `${file}: mail.smtpUrl`) ?? null;
  if (smtpUrl !== null && smtpUrl !== '') {
    let ok = false;
    try {
      ok = ['smtp:', 'smtps:'].includes(new URL(smtpUrl).protocol);
    } catch {
      ok = false;
    }
    // Never echo the URL: it may hold the password.
    if (!ok) problems.push(`mail.smtpUrl / ODMON_SMTP_URL: not an smtp:// or smtps:// URL (e.g. smtp://user:pass@mail.example.org:587)`);
  }
  const fromAddr = env.ODMON_MAIL_FROM ?? str(mailFile.from, `${file}: mail.from`) ?? null;
  // A control character in the sender would let mail software read another address than the one checked.
  if (fromAddr !== null && (!MAILBOX_RE.test(fromAddr.trim()) || /[\u0000-\u001f\u007f-\u009f]/.test(fromAddr))) problems.push(`mail.from / ODMON_MAIL_FROM: ${JSON.stringify(fromAddr)} is not an address like "odmon <opendata@city.gov.ua>"`);
  if (smtpUrl && fromAddr === null) problems.push('mail.from / ODMON_MAIL_FROM: required when an SMTP server is configured (the sender address)');
  const itHeadRaw: unknown = env.ODMON_IT_HEAD ?? mailFile.itHead;
  let itHead: string[] = [];
  if (itHeadRaw !== undefined) {
    const list = Array.isArray(itHeadRaw) ? itHeadRaw : typeof itHeadRaw === 'string' ? itHeadRaw.split(/[;,]/) : null;
    if (list === null) problems.push('mail.itHead / ODMON_IT_HEAD: must be an address or a list of addresses');
    else {
      itHead = list.map((a) => String(a).trim()).filter(Boolean);
      for (const a of itHead) if (!isEmail(a)) problems.push(`mail.itHead / ODMON_IT_HEAD: ${JSON.stringify(a)} is not an e-mail address`);
    }
  }
  const outboxDirRaw = env.ODMON_OUTBOX_DIR ?? str(mailFile.outboxDir, `${file}: mail.outboxDir`);
  const outboxDir = outboxDirRaw ? path.resolve(env.ODMON_OUTBOX_DIR ? inputs.cwd : fileDir, outboxDirRaw) : path.join(PACKAGE_ROOT, 'data', 'outbox');
  const ms = (key: string, fallback: number): number => {
    const v = nonNegativeInteger(mailFile[key], `${file}: mail.${key}`, problems, 'milliseconds');
    return v === undefined || v === 0 ? fallback : v;
  };
  // Both sources are checked before one wins, so a bad file value is reported even while env overrides it.
  const envRepeat = nonNegativeInteger(env.ODMON_REPEAT_DAYS, 'ODMON_REPEAT_DAYS', problems);
  const fileRepeat = nonNegativeInteger(notifyFile.repeatDays, `${file}: notify.repeatDays`, problems);
  const repeatDays = envRepeat ?? fileRepeat ?? 7;
  const envEscalate = nonNegativeInteger(env.ODMON_ESCALATE_AFTER_DAYS, 'ODMON_ESCALATE_AFTER_DAYS', problems);
  const fileEscalate = nonNegativeInteger(notifyFile.escalateAfterDays, `${file}: notify.escalateAfterDays`, problems);
  const escalateAfterDays = envEscalate ?? fileEscalate ?? 30;
  if (repeatDays === 0) problems.push('notify.repeatDays: must be 1 or more');
  const envAckRepeat = nonNegativeInteger(env.ODMON_ACK_REPEAT_DAYS, 'ODMON_ACK_REPEAT_DAYS', problems);
  const fileAckRepeat = nonNegativeInteger(notifyFile.ackRepeatDays, `${file}: notify.ackRepeatDays`, problems);
  const ackRepeatDays = envAckRepeat ?? fileAckRepeat ?? 30;
  if (ackRepeatDays === 0) problems.push('notify.ackRepeatDays: must be 1 or more');
  const portalUrl = env.ODMON_PORTAL_URL ?? str(portalFile.url, `${file}: portal.url`) ?? null;
  if (portalUrl !== null && !/^https?:\/\/\S+$/.test(portalUrl)) problems.push(`portal.url / ODMON_PORTAL_URL: "${redactUrl(portalUrl)}" is not an http(s) URL`);
  const where = file ?? CONFIG_FILE_NAME;
  const org = readOrg(fromFile.org, where, problems);
  const report = readReport(fromFile.report, where, problems);
  const fromName = readFromName(mailFile.fromName, where, problems);
  const mail: MailConfig = Object.freeze({
    smtpUrl: smtpUrl === '' ? null : smtpUrl,
    from: senderAddress((fromAddr ?? 'odmon <odmon@localhost>').trim(), fromName, org.unit, fromAddr === null),
    fromName,
    itHead: Object.freeze(itHead),
    outboxDir,
    connectionTimeoutMs: ms('connectionTimeoutMs', 10_000),
    greetingTimeoutMs: ms('greetingTimeoutMs', 10_000),
    socketTimeoutMs: ms('socketTimeoutMs', 30_000),
  });
  const notify: NotifyConfig = Object.freeze({ repeatDays, escalateAfterDays, ackRepeatDays });
  const portal = readPortal(portalFile, env, file ?? CONFIG_FILE_NAME, portalUrl === null ? null : portalUrl.replace(/\/+$/, ''), problems);
  if (Object.keys(env).some((k) => k.startsWith('ODMON_'))) sources.push('environment');
  if (problems.length > 0) {
    throw new OdmonError('E_CONFIG', `the configuration has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`, {
      problems,
      hint: 'fix these settings; the README lists every setting with its type and default',
    });
  }
  return Object.freeze({
    db,
    busyTimeoutMs,
    rulesDir,
    graceDays,
    dueSoonDays,
    frequencies: Object.freeze({ ...frequencies }),
    mail,
    notify,
    schedule,
    // Links people receive never carry the portal's login.
    portalUrl: portalUrl === null ? null : withoutCredentials(portalUrl).replace(/\/+$/, ''),
    portal,
    org,
    report,
    sources,
  });
}

/** The passwords the settings hold (SMTP, portal), for the redactor: masked wherever they would appear. */
export function secretsOf(config: Config): string[] {
  return [...urlSecrets(config.mail.smtpUrl), ...urlSecrets(config.portal.url)];
}

/** Reads `portal.*` beyond the url (file) and ODMON_PORTAL_ORGS (environment, wins), collecting every problem. */
function readPortal(f: Record<string, unknown>, env: NodeJS.ProcessEnv, file: string, url: string | null, problems: string[]): PortalConfig {
  const orgsRaw: unknown = env.ODMON_PORTAL_ORGS ?? f.organizations;
  const list = typeof orgsRaw === 'string' ? orgsRaw.split(/[\s,;]+/) : Array.isArray(orgsRaw) ? orgsRaw : orgsRaw === undefined ? [] : null;
  if (list === null || list.some((o) => typeof o !== 'string')) {
    problems.push(`portal.organizations / ODMON_PORTAL_ORGS: must be a list of organization ids or names, got ${JSON.stringify(orgsRaw)}`);
  }
  const organizations = (list ?? []).filter((o): o is string => typeof o === 'string').map((o) => o.trim()).filter(Boolean);
  const lastUpdateFrom = f.lastUpdateFrom ?? 'resources';
  if (lastUpdateFrom !== 'resources' && lastUpdateFrom !== 'metadata') {
    problems.push(`${file}: portal.lastUpdateFrom: ${JSON.stringify(lastUpdateFrom)} is not "resources" or "metadata"`);
  }
  const number = (key: string, fallback: number, ok: (n: number) => boolean, what: string): number => {
    const v = f[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !ok(v)) {
      problems.push(`${file}: portal.${key}: ${JSON.stringify(v)} ${what}`);
      return fallback;
    }
    return v;
  };
  const userAgent = f.userAgent ?? 'odmon (open data compliance monitor)';
  if (typeof userAgent !== 'string' || userAgent.trim() === '') problems.push(`${file}: portal.userAgent: ${JSON.stringify(userAgent)} must be a non-empty string`);
  return Object.freeze({
    url,
    organizations: Object.freeze(organizations),
    lastUpdateFrom: lastUpdateFrom === 'metadata' ? 'metadata' : 'resources',
    timeoutMs: number('timeoutMs', 30_000, (n) => Number.isInteger(n) && n > 0, 'is not a whole number of milliseconds above 0'),
    userAgent: typeof userAgent === 'string' && userAgent.trim() !== '' ? userAgent.trim() : 'odmon (open data compliance monitor)',
    requestsPerSecond: number('requestsPerSecond', 3, (n) => n > 0 && n <= 10, 'must be more than 0 and at most 10 (the portal blocks clients that hurry)'),
    maxRetries: number('maxRetries', 4, (n) => Number.isInteger(n) && n >= 0 && n <= 10, 'is not a whole number from 0 to 10'),
    maxReplyMB: number('maxReplyMB', 32, (n) => Number.isInteger(n) && n >= 1 && n <= 1024, 'is not a whole number of megabytes from 1 to 1024'),
    maxPages: number('maxPages', 100, (n) => Number.isInteger(n) && n >= 1 && n <= 10_000, 'is not a whole number of pages from 1 to 10000'),
  });
}
