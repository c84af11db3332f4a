/**
 * The example register (data/example) as the views tests see it: `odmon init --example` and `odmon check --json`
 * run in-process, as a user would, then the same database opened through the composition root for the views.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { openApp, type App } from '../../src/app';
import { readSource } from '../../src/app/reads';
import { settingsFor } from '../../src/app/settings';
import { fixedClock } from '../../src/clock';
import type { Io } from '../../src/cli/io';
import { run } from '../../src/cli/main';
import type { ReadSource } from '../../src/views/source';
import { withNow } from '../helpers/cli';
import { makeTempDir, removeDir } from '../helpers/rules-app';

/** When the check is evaluated (a Friday) and when it really runs. */
export const AS_OF = DateTime.fromISO('2026-11-27T09:00', { zone: 'Europe/Kyiv' });
export const REAL = DateTime.fromISO('2026-11-28T09:30', { zone: 'Europe/Kyiv' });

export interface JsonFinding {
  readonly rule: string;
  readonly severity: string;
  readonly subject: { readonly type: string; readonly id: string };
  readonly steward: string | null;
  readonly stewards: readonly string[];
  readonly dueAt: string | null;
  readonly daysOverdue: number | null;
}

export interface Council {
  readonly app: App;
  readonly src: ReadSource;
  /** What `odmon check --now AS_OF --json` printed. */
  readonly findings: readonly JsonFinding[];
  /** `odmon ARGS` on this council's database, `--now NOW` (AS_OF) added where the command takes it, the real clock at `real`. */
  odmon(argv: readonly string[], real?: DateTime, now?: DateTime): Promise<{ code: number; out: string; err: string }>;
}

/** One example council per test file (registers beforeAll / afterAll). */
export function useExampleCouncil(prefix: string): () => Council {
  let root = '';
  let council: Council | null = null;
  beforeAll(async () => {
    root = makeTempDir(prefix);
    fs.writeFileSync(path.join(root, 'odmon.config.json'), '{}');
    const odmon = async (argv: readonly string[], real: DateTime = REAL, now: DateTime = AS_OF): Promise<{ code: number; out: string; err: string }> => {
      let out = '';
      let err = '';
      const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), env: { ODMON_ACTOR: 'it-head' }, cwd: root, clock: fixedClock(real) };
      const code = await run([...withNow(argv, now.toISO() as string), '--db', 'odmon.sqlite'], io);
      return { code, out, err };
    };
    expect((await odmon(['init', '--example'])).code).toBe(0);
    const check = await odmon(['check', '--json']);
    expect(check.code).toBe(0);
    const app = openApp(settingsFor({ db: path.join(root, 'odmon.sqlite'), env: {}, cwd: root }), AS_OF, { clock: fixedClock(REAL) });
    council = { app, src: readSource(app), findings: JSON.parse(check.out) as JsonFinding[], odmon };
  });
  afterAll(() => {
    council?.app.close();
    removeDir(root);
  });
  return () => council as Council;
}

/** `rule:type:id`, a finding's identity. */
export const key = (f: { rule: string; subject: { type: string; id: string } }): string => `${f.rule}:${f.subject.type}:${f.subject.id}`;
