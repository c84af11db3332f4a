import fs from 'node:fs';
import path from 'node:path';
import { OdmonError } from '../errors';
import { DEFAULT_DB, DEFAULT_RULES_DIR, PACKAGE_ROOT, SEED_DIR } from '../paths';
import { validateFrequencyOverrides } from '../time/frequency';

/** Everything odmon can be told, after defaults, the config file, the environment and flags are merged. */
export interface Config {
  readonly db: string;
  readonly rulesDir: string;
  /** Days added to every publication deadline. */
  readonly graceDays: number;
  /** `plan-task-due-soon` looks this many days ahead. */
  readonly dueSoonDays: number;
  /** Portal frequency value → ISO 8601 duration, overriding the calendar defaults. */
  readonly frequencies: Readonly<Record<string, string>>;
  /** Where the settings came from, for `odmon config` and error messages. */
  readonly sources: readonly string[];
}

export interface ConfigInputs {
  /** --config FILE */
  readonly configFile?: string;
  /** --db FILE */
  readonly db?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

const FILE_KEYS = ['db', 'rulesDir', 'graceDays', 'dueSoonDays', 'frequencies'] as const;

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

function nonNegativeInteger(value: unknown, where: string, problems: string[]): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    problems.push(`${where}: ${JSON.stringify(value)} is not a whole number of days (0 or more)`);
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
  const graceDays =
    nonNegativeInteger(env.ODMON_GRACE_DAYS, 'ODMON_GRACE_DAYS', problems) ??
    nonNegativeInteger(fromFile.graceDays, `${file}: graceDays`, problems) ??
    0;
  const dueSoonDays =
    nonNegativeInteger(env.ODMON_DUE_SOON_DAYS, 'ODMON_DUE_SOON_DAYS', problems) ??
    nonNegativeInteger(fromFile.dueSoonDays, `${file}: dueSoonDays`, problems) ??
    30;
  let frequencies: Record<string, string> = {};
  if (fromFile.frequencies !== undefined) {
    const freqProblems = validateFrequencyOverrides(readFrequencyCsv(), fromFile.frequencies);
    problems.push(...freqProblems.map((p) => `${file}: frequencies: ${p}`));
    if (freqProblems.length === 0) frequencies = fromFile.frequencies as Record<string, string>;
  }
  if (env.ODMON_DB || env.ODMON_GRACE_DAYS || env.ODMON_DUE_SOON_DAYS || env.ODMON_RULES_DIR) sources.push('environment');
  if (problems.length > 0) {
    throw new OdmonError('E_CONFIG', `the configuration has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`, {
      problems,
      hint: 'fix these settings; the README lists every setting with its type and default',
    });
  }
  return Object.freeze({ db, rulesDir, graceDays, dueSoonDays, frequencies: Object.freeze({ ...frequencies }), sources });
}
