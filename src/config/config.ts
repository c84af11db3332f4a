/**
 * Loads the settings declared in settings.ts: defaults, then the config file, then the environment, then flags,
 * each setting merged the same way, every problem reported at once (E_CONFIG, exit 78).
 */
import fs from 'node:fs';
import path from 'node:path';
import { distance } from 'fastest-levenshtein';
import { OdmonError } from '../errors';
import { PACKAGE_ROOT } from '../paths';
import { withoutCredentials } from '../redact';
import { jsonSyntaxProblem } from '../rules/json-location';
import { declared, keysAt, type Declared, type Tree } from '../setting';
import { senderAddress } from './org';
import { ENVIRONMENT_ONLY, SETTINGS, type Settings } from './settings';

/** Everything odmon can be told, after defaults, the config file, the environment and flags are merged. */
export type Config = Settings & {
  /** `portal.url` without its login: for links people receive (`{portalUrl}/dataset/{portal_id}`). */
  readonly portalUrl: string | null;
  /** Where the settings came from, for error messages. */
  readonly sources: readonly string[];
};
export type MailConfig = Config['mail'];
export type NotifyConfig = Config['notify'];
export type ScheduleConfig = Config['schedule'];
export type PortalConfig = Config['portal'];
export type TelegramConfig = Config['telegram'];
export type { OrgConfig, ReportConfig, Signatory } from './org';

export interface ConfigInputs {
  /** --config FILE */
  readonly configFile?: string;
  /** --db FILE */
  readonly db?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export const CONFIG_FILE_NAME = 'odmon.config.json';

/** Every setting, in declaration order. */
export const DECLARED: readonly Declared[] = declared(SETTINGS as unknown as Tree);

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

/** The file's top-level object; a file that is not JSON cannot be checked any further, so it stops here. */
function readConfigFile(file: string, explicit: boolean, problems: string[]): Record<string, unknown> {
  if (!fs.existsSync(file)) {
    throw new OdmonError('E_CONFIG', `файлу налаштувань ${file} немає`, {
      hint: explicit ? 'перевірте шлях у --config / ODMON_CONFIG' : 'перевірте, чи файл налаштувань на місці',
    });
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (cause) {
    throw new OdmonError('E_CONFIG', `не вдалося прочитати файл налаштувань ${file} («${(cause as Error).message}»)`, {
      hint: 'перевірте, що це файл і що odmon може його читати',
      cause,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new OdmonError('E_CONFIG', jsonSyntaxProblem(file, text, cause as Error), {
      hint: 'виправте синтаксис JSON у названому місці (найчастіше це зайва кома після останнього елемента або пропущені лапки)',
      cause,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(`${file}: файл має містити об’єкт JSON ({ … })`);
    return {};
  }
  return parsed as Record<string, unknown>;
}

/** The closest known name, for "did you mean": within two edits (case ignored); ties go to the first. */
function closest(name: string, known: readonly string[]): string | null {
  const best = known.map((k) => ({ k, d: distance(name.toLowerCase(), k.toLowerCase()) })).sort((x, y) => x.d - y.d)[0];
  return best !== undefined && best.d <= 2 ? best.k : null;
}

/**
 * Keys the file holds that no setting declares (typos must not pass silently), each with the key it most likely
 * meant — a neighbour within two edits (`mail.form` → `mail.from`), or the same name in another section
 * (`smtpUrl` → `mail.smtpUrl`) — and sections that are not objects.
 */
function unknownKeys(fromFile: Record<string, unknown>, where: string, problems: string[]): void {
  const visit = (node: Record<string, unknown>, at: string[]): void => {
    const known = keysAt(SETTINGS as unknown as Tree, at) ?? [];
    for (const [key, value] of Object.entries(node)) {
      const p = [...at, key];
      if (!known.includes(key)) {
        const sibling = closest(key, known);
        const elsewhere = DECLARED.find((d) => d.path[d.path.length - 1].toLowerCase() === key.toLowerCase())?.key;
        const near = sibling !== null ? [...at, sibling].join('.') : elsewhere;
        problems.push(
          `${where}: невідоме налаштування "${p.join('.')}"` +
            (near !== undefined ? `; можливо, "${near}"?` : ` (відомі: ${known.map((k) => [...at, k].join('.')).join(', ')})`),
        );
      } else if (keysAt(SETTINGS as unknown as Tree, p) !== null) {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) problems.push(`${where}: ${p.join('.')}: має бути об’єктом ({ … })`);
        else visit(value as Record<string, unknown>, p);
      }
    }
  };
  visit(fromFile, []);
}

/** An ODMON_ variable that names no setting is a typo: a mistyped ODMON_SMTP_URL would otherwise write files forever. */
function unknownVariables(env: NodeJS.ProcessEnv, problems: string[]): void {
  const known = [...DECLARED.flatMap((s) => (s.envName === null ? [] : [s.envName])), ...ENVIRONMENT_ONLY.map((v) => v.env)];
  for (const name of Object.keys(env).filter((k) => k.startsWith('ODMON_')).sort()) {
    if (known.includes(name)) continue;
    const near = closest(name, known);
    problems.push(`${name}: такої змінної odmon не знає${near ? ` (можливо, ${near}?)` : ''}; усі змінні перелічено в docs/settings.md`);
  }
}

function valueAt(tree: Record<string, unknown>, at: readonly string[]): unknown {
  let node: unknown = tree;
  for (const p of at) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[p];
  }
  return node;
}

function put(tree: Record<string, unknown>, at: readonly string[], value: unknown): void {
  let node = tree;
  for (const p of at.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
  node[at[at.length - 1]] = value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** One place a value may come from, highest priority first. */
interface Candidate {
  readonly value: unknown;
  /** What a message names: `--db`, `ODMON_DB`, `odmon.config.json: db`. */
  readonly where: string;
  /** Relative paths from it are taken from here. */
  readonly base: string;
}

/**
 * One setting's value: the first of flag, environment and file that gives one, else the default. Every source
 * is checked, so a bad file value is reported even while the environment overrides it (it would break the next
 * run without that variable).
 */
function resolve(s: Declared, candidates: readonly Candidate[], problems: string[]): { value: unknown; given: boolean; refused: boolean } {
  let chosen: { value: unknown; base: string } | null = null;
  let refused = false;
  for (const c of candidates) {
    const parsed = s.kind.schema.safeParse(c.value);
    if (!parsed.success) {
      refused = true;
      // The first problem of each place in the value: one message per bad value (or list item), not one per check.
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const at = issue.path.join('.');
        if (seen.has(at) && issue.code !== 'custom') continue;
        seen.add(at);
        problems.push(`${c.where}: ${issue.message}`);
      }
    } else if (chosen === null) chosen = { value: parsed.data, base: c.base };
  }
  if (chosen === null) return { value: s.default, given: false, refused };
  const value = s.kind.isPath && typeof chosen.value === 'string' ? path.resolve(chosen.base, chosen.value) : chosen.value;
  return { value, given: value !== null, refused };
}

/** Loads and validates the configuration, reporting every problem at once. */
export function loadConfig(inputs: ConfigInputs): Config {
  const problems: string[] = [];
  const sources: string[] = ['defaults'];
  const { file, explicit } = locateConfigFile(inputs);
  const fromFile = file === null ? {} : readConfigFile(file, explicit, problems);
  if (file !== null) sources.push(file);
  const where = file ?? CONFIG_FILE_NAME;
  const fileDir = file === null ? inputs.cwd : path.dirname(file);
  unknownKeys(fromFile, where, problems);
  unknownVariables(inputs.env, problems);

  const flags: Readonly<Record<string, string | undefined>> = { db: inputs.db || undefined };
  const values: Record<string, unknown> = {};
  const given = new Set<string>();
  // Settings with a value refused above: a pair is not reported incomplete for them, their problem is already said.
  const refused = new Set<string>();
  for (const s of DECLARED) {
    const candidates: Candidate[] = [];
    const flag = flags[s.key];
    if (flag !== undefined) candidates.push({ value: flag, where: s.flag ?? s.key, base: inputs.cwd });
    const envText = s.envName === null ? undefined : inputs.env[s.envName];
    const fromEnv = envText === undefined ? undefined : s.kind.fromEnv(envText);
    if (fromEnv !== undefined) candidates.push({ value: fromEnv, where: s.envName as string, base: inputs.cwd });
    const inFile = valueAt(fromFile, s.path);
    if (inFile !== undefined) candidates.push({ value: inFile, where: `${where}: ${s.key}`, base: fileDir });
    const r = resolve(s, candidates, problems);
    put(values, s.path, r.value);
    if (r.given) given.add(s.key);
    if (r.refused) refused.add(s.key);
  }
  for (const s of DECLARED) {
    if (!given.has(s.key)) continue;
    for (const needed of s.requires ?? []) {
      if (given.has(needed) || refused.has(needed)) continue;
      const other = DECLARED.find((d) => d.key === needed);
      problems.push(`${needed}${other?.envName ? ` / ${other.envName}` : ''}: обов’язкове, коли задано ${s.key}`);
    }
  }
  if (Object.keys(inputs.env).some((k) => k.startsWith('ODMON_'))) sources.push('environment');
  if (problems.length > 0) {
    throw new OdmonError('E_CONFIG', `у налаштуваннях проблем — ${problems.length}:\n  ${problems.join('\n  ')}`, {
      problems,
      hint: 'виправте ці налаштування; у docs/settings.md описано кожне налаштування, його тип і типове значення',
    });
  }
  const settings = values as Settings;
  // Links people receive never carry the portal's login.
  const portalUrl = settings.portal.url === null ? null : withoutCredentials(settings.portal.url);
  // The From header as sent: a display name from mail.fromName, the one mail.from gives, or the sending unit.
  const from = senderAddress(settings.mail.from, settings.mail.fromName, settings.org.unit, !given.has('mail.from'));
  return deepFreeze({ ...settings, mail: { ...settings.mail, from }, portalUrl, sources });
}

/** The secrets the settings hold (SMTP and portal passwords, the Telegram token), for the redactor. */
export function secretsOf(config: Config): string[] {
  return DECLARED.flatMap((s) => s.kind.secrets?.(valueAt(config as unknown as Record<string, unknown>, s.path)) ?? []);
}
