/**
 * Portal evidence: the datasets the open data portal publishes, their resources, every sync run, and the
 * history of what each dataset looked like. Nothing here is ever deleted by a sync: a dataset missing from the
 * portal gets `gone_at`, and only a caller that read a complete listing may set it.
 *
 * A register entry links to a portal dataset through `datasets.portal_id`, which may hold the portal's id or
 * its name (the URL slug): both are resolved, the id first.
 */
import { redact } from '../redact';
import type { Db } from './db';

export interface PortalResourceRecord {
  readonly position: number;
  readonly format: string;
  readonly url: string | null;
  readonly lastModified: string | null;
  readonly created: string | null;
}

export interface PortalDatasetRecord {
  readonly portalId: string;
  readonly name: string | null;
  readonly title: string | null;
  readonly organization: string | null;
  readonly frequencyRaw: string | null;
  readonly frequency: string | null;
  readonly metadataModified: string | null;
  readonly resourcesModified: string | null;
  readonly maintainer: string | null;
  readonly maintainerEmail: string | null;
  readonly resourceCount: number;
  readonly formats: readonly string[];
  readonly resources: readonly PortalResourceRecord[];
}

/** What the rules need to know about a register entry's portal dataset. */
export interface PortalEvidence {
  /** The portal row's id (the register may have named it by its slug). */
  readonly portalId: string;
  /** Seen in a listing at least once. */
  readonly seen: boolean;
  readonly goneAt: string | null;
  readonly resourceCount: number | null;
  readonly formats: readonly string[];
  readonly frequency: string | null;
  readonly frequencyRaw: string | null;
  readonly maintainer: string | null;
  readonly maintainerEmail: string | null;
  readonly metadataModified: string | null;
  readonly resourcesModified: string | null;
  /** The sync run that last saw it. */
  readonly lastSyncRun: number | null;
}

export type UpsertOutcome = 'new' | 'updated' | 'unchanged';

interface PortalRow {
  portal_id: string;
  name: string | null;
  title: string | null;
  organization: string | null;
  frequency_raw: string | null;
  frequency: string | null;
  metadata_modified: string | null;
  resources_modified: string | null;
  maintainer: string | null;
  maintainer_email: string | null;
  resource_count: number | null;
  formats: string;
  first_seen_at: string | null;
  gone_at: string | null;
  last_sync_run: number | null;
}

/** The portal row a register `portal_id` names: by id, else by name (a seen row first). */
const RESOLVE = `coalesce((SELECT x.portal_id FROM portal_datasets x WHERE x.portal_id = d.portal_id),
  (SELECT x.portal_id FROM portal_datasets x WHERE x.name = d.portal_id ORDER BY x.first_seen_at IS NULL, x.last_seen_at DESC LIMIT 1))`;

/** Inserts or refreshes a dataset read from a listing: seen now, not gone. Call inside a transaction. */
export function upsertPortalDataset(db: Db, d: PortalDatasetRecord, runId: number, nowIso: string): UpsertOutcome {
  const old = db.prepare('SELECT * FROM portal_datasets WHERE portal_id = ?').get(d.portalId) as PortalRow | undefined;
  const formats = JSON.stringify(d.formats);
  const observed =
    old === undefined ||
    old.metadata_modified !== d.metadataModified ||
    old.resources_modified !== d.resourcesModified ||
    old.resource_count !== d.resourceCount ||
    old.frequency_raw !== d.frequencyRaw;
  const changed =
    observed ||
    old.first_seen_at === null ||
    old.gone_at !== null ||
    old.name !== d.name ||
    old.title !== d.title ||
    old.organization !== d.organization ||
    old.frequency !== d.frequency ||
    old.maintainer !== d.maintainer ||
    old.maintainer_email !== d.maintainerEmail ||
    old.formats !== formats;
  db.prepare(
    `INSERT INTO portal_datasets(portal_id, name, title, organization, frequency_raw, frequency, metadata_modified, resources_modified,
                                 maintainer, maintainer_email, resource_count, formats, first_seen_at, last_seen_at, gone_at, last_sync_run)
     VALUES (@portalId, @name, @title, @organization, @frequencyRaw, @frequency, @metadataModified, @resourcesModified,
             @maintainer, @maintainerEmail, @resourceCount, @formats, @now, @now, NULL, @runId)
     ON CONFLICT(portal_id) DO UPDATE SET name = excluded.name, title = excluded.title, organization = excluded.organization,
       frequency_raw = excluded.frequency_raw, frequency = excluded.frequency, metadata_modified = excluded.metadata_modified,
       resources_modified = excluded.resources_modified, maintainer = excluded.maintainer, maintainer_email = excluded.maintainer_email,
       resource_count = excluded.resource_count, formats = excluded.formats,
       first_seen_at = coalesce(portal_datasets.first_seen_at, excluded.first_seen_at), last_seen_at = excluded.last_seen_at,
       gone_at = NULL, last_sync_run = excluded.last_sync_run`,
  ).run({
    portalId: d.portalId,
    name: d.name,
    title: d.title,
    organization: d.organization,
    frequencyRaw: d.frequencyRaw,
    frequency: d.frequency,
    metadataModified: d.metadataModified,
    resourcesModified: d.resourcesModified,
    maintainer: d.maintainer,
    maintainerEmail: d.maintainerEmail,
    resourceCount: d.resourceCount,
    formats,
    now: nowIso,
    runId,
  });
  if (changed) {
    db.prepare('DELETE FROM portal_resources WHERE portal_id = ?').run(d.portalId);
    const add = db.prepare('INSERT INTO portal_resources(portal_id, position, format, url, last_modified, created) VALUES (?, ?, ?, ?, ?, ?)');
    for (const r of d.resources) add.run(d.portalId, r.position, r.format, r.url, r.lastModified, r.created);
  }
  if (observed) {
    db.prepare(
      `INSERT OR REPLACE INTO portal_observations(sync_run_id, portal_id, observed_at, metadata_modified, resources_modified, resource_count, frequency_raw)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(runId, d.portalId, nowIso, d.metadataModified, d.resourcesModified, d.resourceCount, d.frequencyRaw);
  }
  return old === undefined || old.first_seen_at === null ? 'new' : changed ? 'updated' : 'unchanged';
}

/**
 * Marks as gone the datasets of these organizations that this run did not see. Only for organizations whose
 * listing was complete: a failed or partial listing proves nothing. Returns the ids newly marked.
 */
export function markGone(db: Db, organizations: readonly string[], seen: ReadonlySet<string>, nowIso: string): string[] {
  const gone: string[] = [];
  const find = db.prepare('SELECT portal_id FROM portal_datasets WHERE organization = ? AND gone_at IS NULL AND first_seen_at IS NOT NULL').pluck();
  const mark = db.prepare('UPDATE portal_datasets SET gone_at = ? WHERE portal_id = ? AND gone_at IS NULL');
  for (const org of organizations) {
    for (const id of find.all(org) as string[]) {
      if (!seen.has(id) && mark.run(nowIso, id).changes === 1) gone.push(id);
    }
  }
  return gone;
}

/** Records that the portal answered "not found" (or "deleted") for an id the register links to. */
export function recordMissing(db: Db, portalId: string, nowIso: string): boolean {
  const info = db
    .prepare(
      `INSERT INTO portal_datasets(portal_id, formats, gone_at) VALUES (?, '[]', ?)
       ON CONFLICT(portal_id) DO UPDATE SET gone_at = coalesce(portal_datasets.gone_at, excluded.gone_at)`,
    )
    .run(portalId, nowIso);
  return info.changes === 1;
}

/** Every id and name of a portal dataset odmon has a row for. */
export function knownPortalKeys(db: Db): Set<string> {
  const rows = db.prepare('SELECT portal_id, name FROM portal_datasets').all() as { portal_id: string; name: string | null }[];
  const keys = new Set<string>();
  for (const r of rows) {
    keys.add(r.portal_id);
    if (r.name) keys.add(r.name);
  }
  return keys;
}

/** The `portal_id` of every register entry that has one. */
export function registerPortalIds(db: Db): Map<string, string> {
  const rows = db.prepare('SELECT id, portal_id FROM datasets WHERE portal_id IS NOT NULL ORDER BY id').all() as { id: string; portal_id: string }[];
  return new Map(rows.map((r) => [r.id, r.portal_id]));
}

/**
 * Register dataset id → the evidence of the portal dataset it links to (entries without a portal row are absent):
 * for every dataset, or for those of `ids`.
 */
export function portalEvidenceByDataset(db: Db, ids?: readonly string[]): Map<string, PortalEvidence> {
  const sql = `SELECT d.id AS dataset_id, p.* FROM datasets d JOIN portal_datasets p ON p.portal_id = ${RESOLVE} WHERE d.portal_id IS NOT NULL`;
  const rows = (
    ids === undefined ? db.prepare(sql).all() : db.prepare(`${sql} AND d.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids))
  ) as (PortalRow & { dataset_id: string })[];
  return new Map(
    rows.map((r) => [
      r.dataset_id,
      {
        portalId: r.portal_id,
        seen: r.first_seen_at !== null,
        goneAt: r.gone_at,
        resourceCount: r.resource_count,
        formats: JSON.parse(r.formats) as string[],
        frequency: r.frequency,
        frequencyRaw: r.frequency_raw,
        maintainer: r.maintainer,
        maintainerEmail: r.maintainer_email,
        metadataModified: r.metadata_modified,
        resourcesModified: r.resources_modified,
        lastSyncRun: r.last_sync_run,
      },
    ]),
  );
}

export interface PortalDatasetSummary {
  readonly portalId: string;
  readonly name: string | null;
  readonly title: string | null;
  readonly organization: string | null;
  readonly goneAt: string | null;
  readonly seen: boolean;
}

const summary = (r: PortalRow): PortalDatasetSummary => ({
  portalId: r.portal_id,
  name: r.name,
  title: r.title,
  organization: r.organization,
  goneAt: r.gone_at,
  seen: r.first_seen_at !== null,
});

/** A portal dataset by id, else by name. */
export function findPortalDataset(db: Db, idOrName: string): PortalDatasetSummary | null {
  const row = (db.prepare('SELECT * FROM portal_datasets WHERE portal_id = ?').get(idOrName) ??
    db.prepare('SELECT * FROM portal_datasets WHERE name = ? ORDER BY first_seen_at IS NULL, last_seen_at DESC LIMIT 1').get(idOrName)) as
    | PortalRow
    | undefined;
  return row ? summary(row) : null;
}

/** Seen, not gone, and no register entry names it by id or name. */
export function unlinkedPortalDatasets(db: Db): PortalDatasetSummary[] {
  return (
    db
      .prepare(
        `SELECT p.* FROM portal_datasets p
          WHERE p.first_seen_at IS NOT NULL AND p.gone_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM datasets d WHERE d.portal_id = p.portal_id OR (p.name IS NOT NULL AND d.portal_id = p.name))
          ORDER BY p.title, p.portal_id`,
      )
      .all() as PortalRow[]
  ).map(summary);
}

/** Register entries that link to no portal dataset odmon has seen: the candidates for suggestions. */
export function unlinkedRegisterEntries(db: Db): { id: string; title: string }[] {
  return db
    .prepare(
      `SELECT d.id, d.title FROM datasets d
        WHERE d.portal_id IS NULL
           OR NOT EXISTS (SELECT 1 FROM portal_datasets p WHERE p.first_seen_at IS NOT NULL AND (p.portal_id = d.portal_id OR p.name = d.portal_id))
        ORDER BY d.id`,
    )
    .all() as { id: string; title: string }[];
}

/** Sets (or clears, with null) a register entry's link. Returns false when the dataset does not exist. */
export function setDatasetPortalId(db: Db, datasetId: string, portalId: string | null, nowIso: string): boolean {
  return db.prepare('UPDATE datasets SET portal_id = ?, updated_at = ? WHERE id = ?').run(portalId, nowIso, datasetId).changes === 1;
}

/** Register entries other than `except` that link to this portal dataset (by id or name). */
export function datasetsLinkedTo(db: Db, portalId: string, name: string | null, except: string): string[] {
  return db
    .prepare('SELECT id FROM datasets WHERE (portal_id = ? OR portal_id = ?) AND id <> ? ORDER BY id')
    .pluck()
    .all(portalId, name ?? portalId, except) as string[];
}

export interface SyncRunTotals {
  readonly read: number;
  readonly linked: number;
  readonly updated: number;
  readonly new: number;
  readonly gone: number;
  readonly failed: number;
  readonly publications: number;
}

export function startSyncRun(db: Db, startedAt: string, portal: string, organizations: readonly string[]): number {
  return Number(
    db.prepare('INSERT INTO sync_runs(started_at, portal, organizations) VALUES (?, ?, ?)').run(startedAt, redact(portal), JSON.stringify(organizations))
      .lastInsertRowid,
  );
}

export function finishSyncRun(db: Db, id: number, finishedAt: string, totals: SyncRunTotals, errors: readonly string[], complete: boolean): void {
  db.prepare(
    `UPDATE sync_runs SET finished_at = @finishedAt, read = @read, linked = @linked, updated = @updated, new = @new, gone = @gone,
            failed = @failed, publications = @publications, errors = @errors, complete = @complete WHERE id = @id`,
  ).run({ ...totals, id, finishedAt, errors: JSON.stringify(errors.map((e) => redact(e))), complete: complete ? 1 : 0 });
}

export interface SyncRunRecord extends SyncRunTotals {
  readonly id: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly portal: string;
  readonly organizations: readonly string[];
  readonly errors: readonly string[];
  readonly complete: boolean;
}

/** The latest sync runs, newest first. */
export function listSyncRuns(db: Db, limit = 10): SyncRunRecord[] {
  const rows = db.prepare('SELECT * FROM sync_runs ORDER BY id DESC LIMIT ?').all(limit) as Record<string, unknown>[];
  return rows.map((r) => ({
    id: r.id as number,
    startedAt: r.started_at as string,
    finishedAt: r.finished_at as string | null,
    portal: redact(r.portal as string),
    organizations: JSON.parse(r.organizations as string) as string[],
    read: r.read as number,
    linked: r.linked as number,
    updated: r.updated as number,
    new: r.new as number,
    gone: r.gone as number,
    failed: r.failed as number,
    publications: r.publications as number,
    errors: (JSON.parse(r.errors as string) as string[]).map((e) => redact(e)),
    complete: r.complete === 1,
  }));
}

export interface PortalObservation {
  readonly syncRunId: number;
  readonly observedAt: string;
  readonly metadataModified: string | null;
  readonly resourcesModified: string | null;
  readonly resourceCount: number | null;
  readonly frequencyRaw: string | null;
}

/** A portal dataset's history: its state when first seen and at every sync that found it changed. */
export function observationsOf(db: Db, portalId: string): PortalObservation[] {
  return db
    .prepare(
      `SELECT sync_run_id AS syncRunId, observed_at AS observedAt, metadata_modified AS metadataModified,
              resources_modified AS resourcesModified, resource_count AS resourceCount, frequency_raw AS frequencyRaw
         FROM portal_observations WHERE portal_id = ? ORDER BY sync_run_id`,
    )
    .all(portalId) as PortalObservation[];
}
