/**
 * Helpers for the rule tests that need a real store: a fresh temp folder per test file, a seeded SQLite
 * file per scenario opened through the real composition root, and small CSV registers imported the way
 * `odmon import` does it.
 */
import { DateTime } from 'luxon';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, runCheck, type App } from '../../src/app';
import type { Clock } from '../../src/clock';
import { loadConfig } from '../../src/config/config';
import type { Finding } from '../../src/domain';
import { importFile, type ImportKind } from '../../src/import/import';


import { kyiv, NOW } from './clock';

export { kyiv, NOW };
export { makeTempDir, removeDir } from './temp-db';


/** Writes a CSV from a header and rows; cells holding a comma or a quote are quoted. */
export function writeCsv(dir: string, name: string, header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const file = path.join(dir, name);
  fs.writeFileSync(file, [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n');
  return file;
}

export interface TestAppOptions {
  /** Extra environment, e.g. ODMON_GRACE_DAYS. */
  readonly env?: NodeJS.ProcessEnv;
  /** The content of the scenario's odmon.config.json (default `{}`, so no config of the package leaks in). */
  readonly configFile?: Record<string, unknown>;
  /** When the database is created and seeded. */
  readonly seededAt?: DateTime;
  /** The real clock (default: the system's). */
  readonly clock?: Clock;
}

/**
 * Opens a new seeded database `NAME.sqlite` in its own folder under `root`, with a Config built by
 * loadConfig exactly as the CLI builds it (the folder is the cwd; ODMON_DB names the file).
 */
export function openTestApp(root: string, name: string, opts: TestAppOptions = {}): App {
  const cwd = path.join(root, name);
  fs.mkdirSync(cwd, { recursive: true });
  fs.writeFileSync(path.join(cwd, 'odmon.config.json'), JSON.stringify(opts.configFile ?? {}));
  const config = loadConfig({ env: { ODMON_DB: path.join(cwd, `${name}.sqlite`), ...opts.env }, cwd });
  return openApp(config, opts.seededAt ?? NOW, { clock: opts.clock });
}

/** Imports a CSV of `kind` written into the app's folder, as `odmon import KIND FILE` does. */
export function importCsv(
  app: App,
  kind: ImportKind,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  now: DateTime = NOW,
): void {
  const dir = path.dirname(app.config.db);
  const file = writeCsv(dir, `${kind}-${fs.readdirSync(dir).length}.csv`, header, rows);
  importFile(app.db, kind, file, { now, frequencies: app.frequencies });
}

export const STEWARD_COLUMNS = ['id', 'name', 'email', 'kind'] as const;
export const DATASET_COLUMNS = ['id', 'title', 'steward_id', 'frequency', 'last_updated', 'required', 'suspended'] as const;

/** The findings of one rule, by subject id. */
export function byRule(findings: readonly Finding[], rule: string): Map<string, Finding> {
  return new Map(findings.filter((f) => f.rule === rule).map((f) => [f.subject.id, f]));
}

/** Runs a check and returns the findings of `rule` keyed by subject id. */
export async function check(app: App, now: DateTime, rule: string): Promise<Map<string, Finding>> {
  return byRule((await runCheck(app, now)).findings, rule);
}
