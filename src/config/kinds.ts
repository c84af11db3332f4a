/**
 * The kinds of the core settings that lean on a feature: cron expressions (src/schedule) and frequency overrides
 * (checked against the seed's table). The generic kinds are in src/setting-kinds.ts.
 */
import { z } from 'zod';
import { cronProblem } from '../schedule/cron';
import { text, type Kind } from '../setting-kinds';
import { validateFrequencyOverrides } from '../time/frequency';

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

/** Portal frequency value (or label) → ISO 8601 duration, checked against the seed's frequency table. */
export function frequencyOverrides(table: () => string): Kind<Readonly<Record<string, string>>> {
  return {
    schema: z.unknown().transform((v, ctx) => {
      const problems = validateFrequencyOverrides(table(), v);
      for (const message of problems) ctx.addIssue({ code: 'custom', message });
      return problems.length > 0 ? z.NEVER : Object.freeze({ ...(v as Record<string, string>) });
    }),
    fromEnv: text,
    type: 'object: frequency → ISO 8601 duration',
  };
}
