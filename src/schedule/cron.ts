import cron from 'node-cron';
import { DateTime } from 'luxon';
import type { Logger } from '../log';
import { ZONE } from '../time/zone';

/**
 * The only importer of node-cron. node-cron wakes the daemon; it never decides what runs: a wake-up missed
 * while the machine slept is only reported by node-cron, so every decision is made from the due moments
 * stored in SQLite (see plan.ts), and this file only validates expressions and computes next occurrences.
 */
export interface CronFields {
  readonly second: readonly number[];
  readonly minute: readonly number[];
  readonly hour: readonly number[];
  readonly dayOfMonth: readonly number[];
  readonly month: readonly number[];
  /** 0 = Sunday … 6 = Saturday (7 is folded to 0). */
  readonly dayOfWeek: readonly number[];
}

/** Every problem with an expression, empty when it is usable; `where` names the setting. */
export function cronProblems(expr: unknown, where: string): string[] {
  const problem = cronProblem(expr);
  return problem === null ? [] : [`${where}: ${problem}`];
}

/**
 * What is wrong with an expression, as a phrase without the setting's name, in Ukrainian (node-cron's own words
 * quoted); null when it is usable.
 */
export function cronProblem(expr: unknown): string | null {
  if (typeof expr !== 'string' || expr.trim() === '') return 'має бути виразом cron на зразок "0 9 * * 1-5"';
  const v = cron.validateDetailed(expr);
  if (!v.valid) return `"${expr}" — не вираз cron: «${v.errors.map((e) => e.message).join('; ')}»`;
  const f = cron.parse(expr);
  if ([...f.dayOfMonth, ...f.dayOfWeek].some((x) => typeof x !== 'number')) {
    return `"${expr}" задає дні у формі, якої odmon не підтримує (використовуйте числа, діапазони, списки й кроки)`;
  }
  // On the DST change days Kyiv skips 03:00–03:59 (March) and repeats it (October): a job there would
  // run not at all or twice. 04:xx is kept clear too, as the guide for this machine advises.
  // A job running every hour (or more often) just runs once less or more on those days, which is harmless.
  if (f.hour.length < 24 && f.hour.some((h) => h === 3 || h === 4)) {
    return `"${expr}" запускає завдання між 03:00 і 04:59 за київським часом, а ці години переведення годинника пропускає або повторює; виберіть іншу годину`;
  }
  try {
    nextOccurrence(parseCron(expr), DateTime.fromISO('2026-01-01T00:00', { zone: ZONE }));
  } catch {
    return `"${expr}" не відповідає жодному дню в найближчі вісім років (наприклад, 29 лютого, що має припасти на певний день тижня)`;
  }
  return null;
}

export function parseCron(expr: string): CronFields {
  const f = cron.parse(expr);
  return {
    second: f.second,
    minute: f.minute,
    hour: f.hour,
    dayOfMonth: f.dayOfMonth as number[],
    month: f.month,
    dayOfWeek: [...new Set((f.dayOfWeek as number[]).map((d) => d % 7))],
  };
}

/** The first instant strictly after `after` that matches (all fields must match, as node-cron does), in Kyiv time. */
export function nextOccurrence(fields: CronFields, after: DateTime): DateTime {
  const start = after.setZone(ZONE).plus({ seconds: 1 }).startOf('second');
  let day = start.startOf('day');
  for (let i = 0; i < 366 * 8; i++, day = day.plus({ days: 1 })) {
    if (!fields.month.includes(day.month) || !fields.dayOfMonth.includes(day.day) || !fields.dayOfWeek.includes(day.weekday % 7)) continue;
    // On the first day, wall times before start's are passed over without building a DateTime for each (luxon's
    // set() is slow, and a seconds schedule has 86 400 a day). An earlier wall time of the same day is always an
    // earlier instant (or one the spring gap skips), so this only saves work; the `t >= start` test decides.
    const first = i === 0;
    for (const hour of fields.hour) {
      if (first && hour < start.hour) continue;
      for (const minute of fields.minute) {
        if (first && hour === start.hour && minute < start.minute) continue;
        for (const second of fields.second) {
          if (first && hour === start.hour && minute === start.minute && second < start.second) continue;
          const t = day.set({ hour, minute, second, millisecond: 0 });
          // A local time that does not exist (DST gap) is moved by luxon: skip it rather than run at a shifted hour.
          if (t.hour !== hour || t.minute !== minute) continue;
          if (t >= start) return t;
        }
      }
    }
  }
  throw new Error('the schedule matches no moment in the next eight years');
}

/**
 * node-cron wake-ups; returns a function that stops them all. No `noOverlap`: the daemon's wake() already
 * joins a run in flight (and remembers the wake-up), while node-cron's overlap prevention would only drop it
 * and print a warning. Whatever node-cron does say goes to `log`, so stderr stays one JSON object per line.
 */
export function scheduleWakeups(expressions: readonly string[], onWake: () => void, log: Logger): () => void {
  const text = (m: unknown): string => (m instanceof Error ? m.message : String(m));
  const logger = {
    info: (m: string) => log.info('cron.info', { message: m }),
    warn: (m: string) => log.warn('cron.warn', { message: m }),
    error: (m: string | Error, err?: Error) => log.error('cron.error', { message: text(m), ...(err ? { error: text(err) } : {}) }),
    debug: () => undefined,
  };
  const tasks = expressions.map((e) => cron.schedule(e, () => onWake(), { timezone: ZONE, suppressMissedWarning: true, logger }));
  return () => {
    for (const t of tasks) void t.stop();
  };
}
