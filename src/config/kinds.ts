/**
 * The kinds of the core settings that lean on a feature: cron expressions (src/schedule) and frequency overrides
 * (checked against the seed's table). The generic kinds are in src/setting-kinds.ts.
 */
import { Duration } from 'luxon';
import { z } from 'zod';
import { cronProblem } from '../schedule/cron';
import { text, type Kind } from '../setting-kinds';
import { loadFrequencyCatalogue, validateFrequencyOverrides } from '../time/frequency';

/** A cron expression in Kyiv time (see src/schedule/cron.ts for what odmon refuses, and why). */
export function cron(): Kind<string> {
  return {
    schema: z.unknown().transform((v, ctx) => {
      const problem = cronProblem(v);
      if (problem !== null) {
        ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
      return String(v);
    }),
    fromEnv: text,
    type: 'cron expression, Kyiv time',
  };
}

const positive = (d: Duration): boolean => {
  const parts = Object.values(d.toObject()) as number[];
  return parts.every((n) => n >= 0) && parts.some((n) => n > 0);
};

/**
 * What is wrong with the `frequencies` overrides, in Ukrainian: each key must name a frequency of the table (its
 * api value or a label), once, and each value must be a positive ISO 8601 duration. The same rules as the
 * catalogue's own check (src/time/frequency.ts), which stays the guard of loadFrequencyCatalogue; should the two
 * ever disagree, the catalogue's words are passed on quoted rather than lost.
 */
export function frequencyOverrideProblems(table: string, v: unknown): string[] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    const got = v === null ? 'null' : Array.isArray(v) ? 'масив' : typeof v === 'string' ? 'текст' : typeof v === 'number' ? 'число' : typeof v;
    return [`має бути об’єктом, що ставить у відповідність періодичності тривалість ISO 8601, наприклад {"once a month": "P31D"} (отримано: ${got})`];
  }
  const catalogue = loadFrequencyCatalogue(table);
  const known = catalogue.values().join(', ');
  const problems: string[] = [];
  const namedBy = new Map<string, string>();
  for (const [key, raw] of Object.entries(v)) {
    const m = catalogue.match(key);
    if (m.kind !== 'known') {
      problems.push(`"${key}" — невідома періодичність (відомі: ${known}, або їхні українські назви)`);
      continue;
    }
    const earlier = namedBy.get(m.value);
    if (earlier !== undefined) {
      problems.push(`"${earlier}" і "${key}" задають ту саму періодичність "${m.value}"; залиште одне`);
      continue;
    }
    namedBy.set(m.value, key);
    const d = typeof raw === 'string' ? Duration.fromISO(raw.trim()) : null;
    if (d === null || !d.isValid) problems.push(`"${key}": ${JSON.stringify(raw)} — не тривалість ISO 8601 (наприклад, "P31D", "P1M")`);
    else if (!positive(d)) problems.push(`"${key}": ${JSON.stringify(raw)} — тривалість має бути більшою за нуль`);
  }
  if (problems.length === 0) for (const p of validateFrequencyOverrides(table, v)) problems.push(`«${p}»`);
  return problems;
}

/** Portal frequency value (or label) → ISO 8601 duration, checked against the seed's frequency table. */
export function frequencyOverrides(table: () => string): Kind<Readonly<Record<string, string>>> {
  return {
    schema: z.unknown().transform((v, ctx) => {
      const problems = frequencyOverrideProblems(table(), v);
      for (const message of problems) ctx.addIssue({ code: 'custom', message });
      return problems.length > 0 ? z.NEVER : Object.freeze({ ...(v as Record<string, string>) });
    }),
    fromEnv: text,
    type: 'object: frequency → ISO 8601 duration',
  };
}
