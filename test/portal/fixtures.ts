/** Small shared pieces of the portal tests. */
import fs from 'node:fs';
import path from 'node:path';
import { SEED_DIR } from '../../src/paths';
import { loadFrequencyCatalogue, type FrequencyCatalogue } from '../../src/time/frequency';
import type { App } from '../../src/app';
import type { Clock } from '../../src/clock';
import { runSync, type SyncOptions } from '../../src/app';
import type { SyncReport } from '../../src/portal/sync';
import { importCsv, NOW, openTestApp, STEWARD_COLUMNS } from '../helpers/rules-app';
import type { FakeCkan } from './ckan-server';

/** The shipped frequency table, as the app loads it. */
export function readFrequenciesForTest(): FrequencyCatalogue {
  return loadFrequencyCatalogue(fs.readFileSync(path.join(SEED_DIR, 'update-frequencies.csv'), 'utf8'));
}


export const REGISTER_COLUMNS = ['id', 'title', 'steward_id', 'frequency', 'last_updated', 'required', 'suspended', 'portal_id'] as const;

/** A seeded app whose config points at the fake portal, with one steward and the given register rows. */
export function portalApp(root: string, name: string, ckan: FakeCkan, portal: Record<string, unknown>, rows: readonly (readonly string[])[], clock?: Clock): App {
  const app = openTestApp(root, name, { configFile: { portal: { url: ckan.url, timeoutMs: 1000, maxRetries: 2, ...portal } }, clock });
  importCsv(app, 'stewards', STEWARD_COLUMNS, [['transport', "Управління транспорту та зв'язку", 'transport.data@example.org', 'department']]);
  if (rows.length > 0) importCsv(app, 'datasets', REGISTER_COLUMNS, rows);
  return app;
}

/** runSync on the fake clock, with short back-offs. */
export function syncNow(app: App, ckan: FakeCkan, opts: SyncOptions = {}, now = NOW): Promise<SyncReport> {
  return runSync(app, now, { timer: ckan.timer, backoffMs: () => 500, ...opts });
}

/** The counts of a report, for compact expectations. */
export function totals(r: SyncReport): Record<string, number | boolean> {
  return { read: r.read, linked: r.linked, updated: r.updated, new: r.new, gone: r.gone, failed: r.failed, publications: r.publications, complete: r.complete };
}
