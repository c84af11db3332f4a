/**
 * What a check's findings depend on besides the register and the day: the rules, the settings and the code that
 * judges. Their SHA-256 is kept with the check's state; a check whose key differs judges every dataset again.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RuleDefinition } from '../rules/validate';

export interface KeyInputs {
  readonly rules: readonly RuleDefinition[];
  /** Rule files that could not be loaded (a check with problems never builds on state, but says so in its key). */
  readonly problems: readonly string[];
  readonly graceDays: number;
  readonly dueSoonDays: number;
  /** The frequency overrides of the settings. */
  readonly frequencies: Readonly<Record<string, string>>;
  /** The frequency table (data/seed/update-frequencies.csv) as read. */
  readonly frequencyTable: string;
}

/**
 * The source of the modules that turn rows into findings — rules/, time/, check/ and the few files they read the
 * register through — so that a new version of odmon that judges differently starts with a full check, whether
 * or not anyone remembered to say so. Read once per process.
 */
let codeFingerprint: string | null = null;

function judgingCode(): string {
  if (codeFingerprint !== null) return codeFingerprint;
  const src = path.join(__dirname, '..');
  const hash = createHash('sha256');
  const files = [
    ...['rules', 'time', 'check'].flatMap((dir) => fs.readdirSync(path.join(src, dir)).sort().map((f) => path.join(dir, f))),
    ...['store/datasets', 'store/portal', 'portal/formats', 'text'].flatMap((f) => [`${f}.js`, `${f}.ts`]),
  ].filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts'));
  for (const f of files) {
    const file = path.join(src, f);
    if (fs.existsSync(file)) hash.update(f).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  codeFingerprint = hash.digest('hex');
  return codeFingerprint;
}

export function checkKey(k: KeyInputs): string {
  // Not where a rule's file is: it is named relative to the working directory, which differs between the daemon
  // and a person at the console, and it appears only in error messages, never in a finding.
  const rules = k.rules.map((r) => [r.name, r.subject, r.severity, r.message, r.priority, r.facts, r.json]);
  return createHash('sha256')
    .update(JSON.stringify({ rules, problems: k.problems, graceDays: k.graceDays, dueSoonDays: k.dueSoonDays, frequencies: k.frequencies }))
    .update('\0')
    .update(k.frequencyTable)
    .update('\0')
    // The time-zone data Kyiv's days come from (Node's ICU).
    .update(process.versions.tz ?? '')
    .update('\0')
    .update(judgingCode())
    .digest('hex');
}
