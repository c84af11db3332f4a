import { cronProblems } from '../schedule/cron';
import { parseInstant } from '../time/days';

/** When the daemon works, in Kyiv time. */
export interface ScheduleConfig {
  /** Evaluation and steward notices: working days at 09:00. */
  readonly notify: string;
  /** The IT head's digest: Mondays at 09:00. */
  readonly digest: string;
  /** Portal synchronisation, when a portal is configured: working days at 07:30, before the notices. */
  readonly sync: string;
  /** Wake-ups that catch up after a suspend, retry the outbox and refresh the lock. */
  readonly heartbeat: string;
  /** Days (ISO dates) on which no steward notices go out; empty under martial law, when there are no public holidays. */
  readonly holidays: readonly string[];
  /** How long a stop signal waits for the job in flight. */
  readonly stopTimeoutMs: number;
}

export const SCHEDULE_KEYS = ['notify', 'digest', 'sync', 'heartbeat', 'holidays', 'stopTimeoutMs'];

export const SCHEDULE_DEFAULTS: ScheduleConfig = {
  notify: '0 9 * * 1-5',
  digest: '0 9 * * 1',
  sync: '30 7 * * 1-5',
  heartbeat: '*/30 * * * * *',
  holidays: [],
  stopTimeoutMs: 30_000,
};

const ENV: Record<string, string> = {
  notify: 'ODMON_SCHEDULE_NOTIFY',
  digest: 'ODMON_SCHEDULE_DIGEST',
  sync: 'ODMON_SCHEDULE_SYNC',
  heartbeat: 'ODMON_SCHEDULE_HEARTBEAT',
};

/** Reads `schedule.*` (file) and `ODMON_SCHEDULE_*` (environment, wins), collecting every problem. */
export function readSchedule(fromFile: Record<string, unknown>, env: NodeJS.ProcessEnv, where: string, problems: string[]): ScheduleConfig {
  const pick = (key: 'notify' | 'digest' | 'sync' | 'heartbeat'): string => {
    const fromEnv = env[ENV[key]];
    const value = fromEnv ?? fromFile[key] ?? SCHEDULE_DEFAULTS[key];
    const found = cronProblems(value, fromEnv !== undefined ? ENV[key] : `${where}: schedule.${key}`);
    problems.push(...found);
    return found.length ? SCHEDULE_DEFAULTS[key] : String(value);
  };
  const holidaysRaw = fromFile.holidays ?? [];
  const holidays: string[] = [];
  if (!Array.isArray(holidaysRaw)) problems.push(`${where}: schedule.holidays: must be a list of dates like "2027-01-01"`);
  else {
    for (const h of holidaysRaw) {
      const d = typeof h === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(h) ? parseInstant(h) : null;
      if (d === null) problems.push(`${where}: schedule.holidays: ${JSON.stringify(h)} is not a date like "2027-01-01"`);
      else holidays.push(h);
    }
  }
  const stop = fromFile.stopTimeoutMs ?? SCHEDULE_DEFAULTS.stopTimeoutMs;
  if (typeof stop !== 'number' || !Number.isInteger(stop) || stop < 0) {
    problems.push(`${where}: schedule.stopTimeoutMs: ${JSON.stringify(stop)} is not a whole number of milliseconds`);
  }
  return Object.freeze({
    notify: pick('notify'),
    digest: pick('digest'),
    sync: pick('sync'),
    heartbeat: pick('heartbeat'),
    holidays: Object.freeze(holidays),
    stopTimeoutMs: typeof stop === 'number' && stop >= 0 ? stop : SCHEDULE_DEFAULTS.stopTimeoutMs,
  });
}
