/**
 * One sync with the portal: read every configured organization, keep what was read, mark as gone only what a
 * complete listing proves gone, and hand the portal's dates to the register's publication history so that the
 * existing rules (stale-publication, missing-dataset) judge the portal's truth.
 *
 * Invariants:
 * - each organization's datasets are written in their own transaction as soon as they are read, so a sync
 *   interrupted part-way keeps what it got; nothing is ever deleted;
 * - a failed or partial listing marks nothing gone, and linked datasets are only looked up one by one
 *   (package_show) when every listing was complete;
 * - `--dry-run` runs the same writes inside one transaction and rolls it back.
 */
import type { DateTime } from 'luxon';
import { OdmonError } from '../errors';
import type { Db } from '../store/db';
import { addPublication, listDatasets } from '../store/datasets';
import {
  findPortalDataset,
  finishSyncRun,
  markGone,
  portalEvidenceByDataset,
  recordMissing,
  registerPortalIds,
  startSyncRun,
  unlinkedPortalDatasets,
  unlinkedRegisterEntries,
  upsertPortalDataset,
  type SyncRunTotals,
} from '../store/portal';
import { withoutTrace } from '../store/without-trace';
import { toStoredInstant } from '../time/days';
import type { FrequencyCatalogue } from '../time/frequency';
import { PortalError, type CkanClient } from './ckan-client';
import { listAllOrganizations, readOrganization, type ListingEvent, type Organization, type OrgListing } from './listing';
import { mapPackage, type PortalDataset } from './mapping';
import { suggester, type Suggestion } from './similarity';

export type LastUpdateFrom = 'resources' | 'metadata';

export interface SyncSettings {
  readonly portal: string;
  /** Ids or names; empty = every organization of the portal. */
  readonly organizations: readonly string[];
  readonly lastUpdateFrom: LastUpdateFrom;
  readonly dryRun: boolean;
  /** The real clock (default: `now`): a portal date later than it by more than a day never enters the history. */
  readonly real?: DateTime;
  /** Most pages of one organization's listing (see listing.ts). */
  readonly maxPages?: number;
}

/** A portal's last update later than the real clock by more than this (time zones, a skewed server) is not believed. */
export const FUTURE_TOLERANCE_DAYS = 1;

/** Whether a portal date (stored ISO) can be a real update as of the real clock `real`. */
export function believablePortalDate(at: string, real: DateTime): boolean {
  return at <= toStoredInstant(real.plus({ days: FUTURE_TOLERANCE_DAYS }));
}

/** A portal last update later than the real clock: skipped, reported in the sync summary, never in the history. */
export interface FutureDate {
  readonly datasetId: string;
  readonly portalId: string;
  readonly at: string;
}

export type SyncEvent =
  | ListingEvent
  | { kind: 'organization'; index: number; total: number; org: string }
  | { kind: 'organization-done'; org: string; read: number; complete: boolean; errors: readonly string[] }
  | { kind: 'retry'; what: string; attempt: number; delayMs: number; reason: string }
  | { kind: 'lookup'; total: number };

export interface UnlinkedPortalDataset {
  readonly portalId: string;
  readonly name: string | null;
  readonly title: string | null;
  readonly organization: string | null;
  readonly suggestions: readonly Suggestion[];
}

export interface SyncReport extends SyncRunTotals {
  /** null for a dry run (nothing was recorded). */
  readonly runId: number | null;
  readonly portal: string;
  readonly organizations: readonly string[];
  readonly dryRun: boolean;
  /** Every organization was read completely and nothing failed. */
  readonly complete: boolean;
  readonly errors: readonly string[];
  readonly goneIds: readonly string[];
  readonly unlinked: readonly UnlinkedPortalDataset[];
  /** Linked datasets whose portal last update lies in the future: not added to the history. */
  readonly future: readonly FutureDate[];
}

export interface SyncHooks {
  readonly progress?: (e: SyncEvent) => void;
  /** The moment the sync finished (default: `now`). */
  readonly finishedAt?: () => DateTime;
  /** Each organization's listing as it was read (adoption plans from these, dry run or not). */
  readonly listing?: (l: OrgListing) => void;
}

interface Counts {
  read: number;
  updated: number;
  new: number;
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function applyListing(db: Db, listing: OrgListing, runId: number, nowIso: string, counts: Counts): void {
  for (const d of listing.datasets) {
    const outcome = upsertPortalDataset(db, d, runId, nowIso);
    counts.read++;
    if (outcome === 'new') counts.new++;
    else if (outcome === 'updated') counts.updated++;
  }
}

/** Linked datasets that no complete listing of this run can speak for: looked up one by one. */
function lookupCandidates(db: Db, listings: readonly OrgListing[]): string[] {
  const listed = new Set<string>();
  for (const l of listings) for (const d of l.datasets) [d.portalId, d.name].forEach((k) => k && listed.add(k));
  for (const l of listings) l.seen.forEach((id) => listed.add(id));
  const completeOrgs = new Set(listings.filter((l) => l.complete && l.org).map((l) => (l.org as Organization).id));
  const keys = new Set<string>();
  for (const key of registerPortalIds(db).values()) {
    if (listed.has(key)) continue;
    const row = findPortalDataset(db, key);
    if (row !== null && row.organization !== null && completeOrgs.has(row.organization)) continue; // markGone decides
    keys.add(key);
  }
  return [...keys];
}

interface Lookup {
  readonly found: PortalDataset[];
  readonly missing: string[];
  readonly errors: string[];
}

async function lookUp(client: CkanClient, keys: readonly string[], frequencies: FrequencyCatalogue): Promise<Lookup> {
  const out: Lookup = { found: [], missing: [], errors: [] };
  for (const key of keys) {
    try {
      const pkg = await client.packageShow(key);
      const d = pkg.state === 'deleted' ? null : mapPackage(pkg, frequencies);
      if (d === null) out.missing.push(key);
      else out.found.push(d);
    } catch (e) {
      if (e instanceof PortalError && e.notFound) out.missing.push(key);
      else out.errors.push(messageOf(e));
    }
  }
  return out;
}

/**
 * Adds the portal's last update of every linked dataset seen in this run to the publication history, when newer.
 * A date later than the real clock (plus a day) is skipped and returned: the history only grows, so a date from
 * the future would switch lateness off for that dataset for good.
 */
function addEvidence(db: Db, runId: number, from: LastUpdateFrom, nowIso: string, real: DateTime): { linked: number; publications: number; future: FutureDate[] } {
  const evidence = portalEvidenceByDataset(db);
  const linkedIds = new Set<string>();
  const future: FutureDate[] = [];
  let publications = 0;
  for (const d of listDatasets(db)) {
    const ev = evidence.get(d.id);
    if (ev === undefined || ev.lastSyncRun !== runId || ev.goneAt !== null) continue;
    linkedIds.add(ev.portalId);
    const at = from === 'metadata' ? ev.metadataModified : ev.resourcesModified;
    if (at !== null && !believablePortalDate(at, real)) {
      future.push({ datasetId: d.id, portalId: ev.portalId, at });
      continue;
    }
    if (at !== null && (d.lastUpdated === null || at > d.lastUpdated) && addPublication(db, d.id, at, 'portal', nowIso)) publications++;
  }
  return { linked: linkedIds.size, publications, future };
}

/** Portal datasets no register entry links to, each with the closest unlinked register titles. */
export function unlinkedWithSuggestions(db: Db): UnlinkedPortalDataset[] {
  const suggest = suggester(unlinkedRegisterEntries(db));
  return unlinkedPortalDatasets(db).map((p) => ({
    portalId: p.portalId,
    name: p.name,
    title: p.title,
    organization: p.organization,
    suggestions: suggest(p.title ?? p.name ?? ''),
  }));
}

export async function syncPortal(
  db: Db,
  client: CkanClient,
  frequencies: FrequencyCatalogue,
  settings: SyncSettings,
  now: DateTime,
  hooks: SyncHooks = {},
): Promise<SyncReport> {
  const progress = hooks.progress ?? (() => undefined);
  const nowIso = toStoredInstant(now);
  const errors: string[] = [];
  let orgs: (Organization | string)[];
  if (settings.organizations.length > 0) orgs = [...settings.organizations];
  else {
    try {
      orgs = await listAllOrganizations(client);
    } catch (e) {
      if (!(e instanceof PortalError)) throw e;
      orgs = [];
      errors.push(e.message);
    }
  }
  const orgKeys = orgs.map((o) => (typeof o === 'string' ? o : o.key));
  let runId = settings.dryRun ? null : startSyncRun(db, nowIso, client.base, orgKeys);
  const counts: Counts = { read: 0, updated: 0, new: 0 };
  const listings: OrgListing[] = [];
  for (const [i, o] of orgs.entries()) {
    const key = typeof o === 'string' ? o : o.key;
    progress({ kind: 'organization', index: i + 1, total: orgs.length, org: key });
    const listing = await readOrganization(client, key, frequencies, progress, typeof o === 'string' ? undefined : o, settings.maxPages);
    listings.push(listing);
    hooks.listing?.(listing);
    errors.push(...listing.errors);
    if (runId !== null) db.transaction(() => applyListing(db, listing, runId as number, nowIso, counts))();
    progress({ kind: 'organization-done', org: key, read: listing.datasets.length, complete: listing.complete, errors: listing.errors });
  }
  const allComplete = orgs.length > 0 && listings.every((l) => l.complete);
  let lookup: Lookup = { found: [], missing: [], errors: [] };
  if (allComplete) {
    const keys = lookupCandidates(db, listings);
    if (keys.length > 0) {
      progress({ kind: 'lookup', total: keys.length });
      lookup = await lookUp(client, keys, frequencies);
      errors.push(...lookup.errors);
    }
  }
  const failed = listings.reduce((n, l) => n + l.failed, 0) + lookup.errors.length + (orgs.length === 0 && errors.length > 0 ? 1 : 0);
  const finishedIso = toStoredInstant(hooks.finishedAt?.() ?? now);
  const finish = (): SyncReport => {
    if (runId === null) {
      runId = startSyncRun(db, nowIso, client.base, orgKeys);
      for (const l of listings) applyListing(db, l, runId, nowIso, counts);
    }
    for (const d of lookup.found) {
      const outcome = upsertPortalDataset(db, d, runId, nowIso);
      counts.read++;
      if (outcome === 'new') counts.new++;
      else if (outcome === 'updated') counts.updated++;
    }
    const seen = new Set<string>(lookup.found.map((d) => d.portalId));
    for (const l of listings) l.seen.forEach((id) => seen.add(id));
    // A failed or partial sync proves nothing about what is missing.
    const goneIds = allComplete ? markGone(db, listings.map((l) => (l.org as Organization).id), seen, nowIso) : [];
    for (const key of lookup.missing) {
      const row = findPortalDataset(db, key);
      if (row === null || row.goneAt === null) {
        recordMissing(db, row?.portalId ?? key, nowIso);
        goneIds.push(row?.portalId ?? key);
      }
    }
    const { linked, publications, future } = addEvidence(db, runId, settings.lastUpdateFrom, nowIso, settings.real ?? now);
    const totals: SyncRunTotals = { ...counts, linked, gone: goneIds.length, failed, publications };
    const complete = errors.length === 0;
    finishSyncRun(db, runId, finishedIso, totals, errors, complete);
    return {
      ...totals,
      runId: settings.dryRun ? null : runId,
      portal: client.base,
      organizations: orgKeys,
      dryRun: settings.dryRun,
      complete,
      errors,
      goneIds,
      unlinked: unlinkedWithSuggestions(db),
      future,
    };
  };
  // A dry run computes the very report a real sync would give, then rolls every write back.
  const report = settings.dryRun ? await withoutTrace(db, finish) : db.transaction(finish)();
  const readSomething = listings.some((l) => l.org !== null && l.count !== null);
  if (!readSomething && errors.length > 0) {
    throw new OdmonError('E_PORTAL', `з порталу ${client.base} нічого не прочитано:\n  ${errors.join('\n  ')}`, {
      problems: errors,
      hint: 'усе відоме раніше збережено; перевірте portal.url і portal.organizations або спробуйте пізніше (портал може не працювати чи блокувати запити)',
    });
  }
  return report;
}
