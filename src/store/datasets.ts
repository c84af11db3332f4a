import type Database from 'better-sqlite3';
import type { Dataset } from '../domain';
import type { Db } from './db';

/** A register entry as stored: the domain's Dataset (with the register's own `last_updated`) and where it came from. */
export interface DatasetRecord extends Dataset {
  readonly source: string;
  readonly legalBasis: string | null;
}

interface DatasetRow {
  id: string;
  title: string;
  steward_id: string | null;
  frequency: string | null;
  frequency_raw: string | null;
  required: number;
  portal_id: string | null;
  suspended: string | null;
  last_update: string | null;
}

/**
 * A register entry's declared frequency, as every count and rule reads it: the register's own; when the
 * register leaves it blank, the one the linked portal dataset declares (its `update_frequency`), so that the
 * entry is still checked for lateness. A register value that is there (even unrecognised) always wins; the
 * portal's differing one is then the `portal-frequency-mismatch` finding. SQL over `datasets d`.
 */
export const EFFECTIVE_FREQUENCY = `CASE WHEN d.frequency IS NULL AND d.frequency_raw IS NULL AND d.portal_id IS NOT NULL
    THEN (SELECT x.frequency FROM portal_datasets x WHERE (x.portal_id = d.portal_id OR x.name = d.portal_id) AND x.first_seen_at IS NOT NULL
           ORDER BY x.portal_id = d.portal_id DESC, x.last_seen_at DESC LIMIT 1)
    ELSE d.frequency END`;

/**
 * The register with each dataset's effective last update — the latest of the register's own `last_updated`
 * and the publication history (UTC ISO strings compare as text) — and its effective frequency (see above).
 */
export function listDatasets(db: Db, only: { readonly id?: string; readonly stewardId?: string } = {}): Dataset[] {
  // One dataset's page, or one steward's, reads the same rows the check reads, without the rest of the register.
  const where = [only.id === undefined ? '' : 'd.id = @id', only.stewardId === undefined ? '' : 'd.steward_id = @stewardId'].filter(Boolean);
  const rows = db
    .prepare(
      `SELECT d.id, d.title, d.steward_id, ${EFFECTIVE_FREQUENCY} AS frequency, d.frequency_raw, d.required, d.portal_id, d.suspended,
              CASE WHEN p.latest IS NULL THEN d.last_updated
                   WHEN d.last_updated IS NULL OR p.latest > d.last_updated THEN p.latest
                   ELSE d.last_updated END AS last_update
         FROM datasets d
         LEFT JOIN (SELECT dataset_id, max(published_at) AS latest FROM publications GROUP BY dataset_id) p
           ON p.dataset_id = d.id
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY d.id`,
    )
    .all({ id: only.id, stewardId: only.stewardId }) as DatasetRow[];
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    stewardId: r.steward_id,
    frequency: r.frequency,
    frequencyRaw: r.frequency_raw,
    required: r.required === 1,
    portalId: r.portal_id,
    suspended: r.suspended,
    lastUpdated: r.last_update,
  }));
}

/** A Dataset's columns in order (publications joined through their index); read raw, without naming every cell. */
const PAGE_SELECT = `SELECT d.id, d.title, d.steward_id, ${EFFECTIVE_FREQUENCY}, d.frequency_raw, d.required, d.portal_id, d.suspended,
          CASE WHEN max(p.published_at) IS NULL THEN d.last_updated
               WHEN d.last_updated IS NULL OR max(p.published_at) > d.last_updated THEN max(p.published_at)
               ELSE d.last_updated END
     FROM datasets d LEFT JOIN publications p ON p.dataset_id = d.id`;
type RawDataset = [string, string, string | null, string | null, string | null, number, string | null, string | null, string | null];
/** Datasets read between two turns of the event loop. */
const PAGE = 1000;

/** Steward ids, frequencies and reasons repeat across the register: one string each instead of one per row. */
function interning(): (s: string | null) => string | null {
  const shared = new Map<string, string>();
  return (s) => {
    if (s === null) return null;
    const known = shared.get(s);
    if (known !== undefined) return known;
    shared.set(s, s);
    return s;
  };
}

function pageOf(rows: readonly RawDataset[], same: (s: string | null) => string | null): Dataset[] {
  return rows.map((r) => ({
    id: r[0],
    title: r[1],
    stewardId: same(r[2]),
    frequency: same(r[3]),
    frequencyRaw: same(r[4]),
    required: r[5] === 1,
    portalId: r[6],
    suspended: same(r[7]),
    lastUpdated: r[8],
  }));
}

/**
 * The register as listDatasets reads it, in pages of PAGE datasets by id, with a turn of the event loop between
 * pages (`pause`): every dataset, or those of `ids` (in the same order; ids not in the register are skipped).
 * Call inside a transaction, so that every page comes from one snapshot.
 */
export async function* datasetPages(db: Db, ids: readonly string[] | null, pause: () => Promise<void> | null): AsyncGenerator<Dataset[]> {
  const same = interning();
  if (ids === null) {
    const first = db.prepare(`${PAGE_SELECT} GROUP BY d.id ORDER BY d.id LIMIT ?`).raw();
    const next = db.prepare(`${PAGE_SELECT} WHERE d.id > ? GROUP BY d.id ORDER BY d.id LIMIT ?`).raw();
    for (let page = first.all(PAGE) as RawDataset[]; page.length > 0; ) {
      yield pageOf(page, same);
      if (page.length < PAGE) return;
      const turn = pause();
      if (turn !== null) await turn;
      page = next.all(page[page.length - 1][0], PAGE) as RawDataset[];
    }
    return;
  }
  // Sorted by SQLite, as the ids of the whole register are: the same order, whatever the characters. Many ids are
  // taken from the register's own index, page by page, rather than sorted in one go.
  let sorted: string[];
  if (ids.length <= 5 * PAGE) sorted = db.prepare('SELECT DISTINCT value FROM json_each(?) ORDER BY value').pluck().all(JSON.stringify(ids)) as string[];
  else {
    const wanted = new Set(ids);
    const scan = db.prepare('SELECT id FROM datasets WHERE id > ? ORDER BY id LIMIT ?').pluck();
    sorted = [];
    for (let page = scan.all('', 10 * PAGE) as string[]; page.length > 0; page = scan.all(page[page.length - 1], 10 * PAGE) as string[]) {
      for (const id of page) if (wanted.has(id)) sorted.push(id);
      const turn = pause();
      if (turn !== null) await turn;
    }
  }
  const some = db.prepare(`${PAGE_SELECT} WHERE d.id IN (SELECT value FROM json_each(?)) GROUP BY d.id ORDER BY d.id`).raw();
  for (let i = 0; i < sorted.length; i += PAGE) {
    const turn = pause();
    if (turn !== null) await turn;
    yield pageOf(some.all(JSON.stringify(sorted.slice(i, i + PAGE))) as RawDataset[], same);
  }
}

/**
 * listDatasets for the check on a national register: the same rows in the same order, read by id in pages
 * of PAGE within one read transaction (one snapshot, as one query has), with a turn of the event loop between
 * pages, so that reading 100,000 rows does not stall the daemon.
 */
export async function listDatasetsInTurns(db: Db, pause: () => Promise<void> | null): Promise<Dataset[]> {
  const own = !db.inTransaction;
  if (own) db.exec('BEGIN');
  try {
    const all: Dataset[] = [];
    for await (const page of datasetPages(db, null, pause)) for (const d of page) all.push(d);
    if (own) db.exec('COMMIT');
    return all;
  } catch (e) {
    if (own && db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}

/** Steward id → its datasets and required datasets (the steward facts datasetCount and requiredDatasetCount). */
export function datasetCountsBySteward(db: Db): Map<string, { all: number; required: number }> {
  const rows = db
    .prepare("SELECT steward_id, count(*), sum(required = 1) FROM datasets WHERE steward_id IS NOT NULL AND steward_id <> '' GROUP BY steward_id")
    .raw()
    .all() as [string, number, number][];
  return new Map(rows.map(([id, all, required]) => [id, { all, required }]));
}

export function datasetIds(db: Db): Set<string> {
  return new Set(db.prepare('SELECT id FROM datasets').pluck().all() as string[]);
}

/** Inserts or updates one register entry. Call inside a transaction. */
export function upsertDataset(db: Db, d: DatasetRecord, nowIso: string): void {
  db.prepare(
    `INSERT INTO datasets(id, title, steward_id, frequency, frequency_raw, required, portal_id, suspended, last_updated,
                          source, legal_basis, created_at, updated_at)
     VALUES (@id, @title, @stewardId, @frequency, @frequencyRaw, @required, @portalId, @suspended, @lastUpdated,
             @source, @legalBasis, @now, @now)
     ON CONFLICT(id) DO UPDATE SET title = excluded.title, steward_id = excluded.steward_id,
       frequency = excluded.frequency, frequency_raw = excluded.frequency_raw, required = excluded.required,
       portal_id = coalesce(excluded.portal_id, datasets.portal_id), suspended = coalesce(
         -- while "odmon suspend" is in force the file cannot lift or reword it; "odmon resume" lifts it
         (SELECT s.basis FROM dataset_suspensions s WHERE s.dataset_id = datasets.id AND s.ended_at IS NULL), excluded.suspended),
       last_updated = excluded.last_updated,
       legal_basis = coalesce(excluded.legal_basis, datasets.legal_basis), updated_at = excluded.updated_at`,
  ).run({ ...d, required: d.required ? 1 : 0, now: nowIso });
}

/**
 * A register entry as an import gives it: `undefined` means the file has no such column, and the stored value
 * stays as it is; null (or an empty cell) clears it. Two exceptions keep what was decided by hand: an empty
 * `portalId` keeps the link (`odmon link --unlink` removes it), and a suspension made with `odmon suspend` stays
 * until `odmon resume`.
 */
export interface DatasetImport {
  readonly id: string;
  readonly title: string;
  readonly stewardId?: string | null;
  readonly frequency?: { readonly value: string | null; readonly raw: string | null };
  readonly required?: boolean;
  readonly portalId?: string | null;
  readonly suspended?: string | null;
  readonly lastUpdated?: string | null;
  readonly source: string;
}

interface StoredDataset {
  title: string;
  steward_id: string | null;
  frequency: string | null;
  frequency_raw: string | null;
  required: number;
  portal_id: string | null;
  suspended: string | null;
  last_updated: string | null;
}

const statements = new WeakMap<Db, Record<string, Statement>>();
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Statement = Database.Statement<any[]>;

function prepared(db: Db): Record<string, Statement> {
  let s = statements.get(db);
  if (s === undefined) {
    s = {
      get: db.prepare('SELECT title, steward_id, frequency, frequency_raw, required, portal_id, suspended, last_updated FROM datasets WHERE id = ?'),
      held: db.prepare('SELECT basis FROM dataset_suspensions WHERE dataset_id = ? AND ended_at IS NULL').pluck(),
      insert: db.prepare(
        `INSERT INTO datasets(id, title, steward_id, frequency, frequency_raw, required, portal_id, suspended, last_updated, source, created_at, updated_at)
         VALUES (@id, @title, @steward_id, @frequency, @frequency_raw, @required, @portal_id, @suspended, @last_updated, @source, @now, @now)`,
      ),
      update: db.prepare(
        `UPDATE datasets SET title = @title, steward_id = @steward_id, frequency = @frequency, frequency_raw = @frequency_raw, required = @required,
                portal_id = @portal_id, suspended = @suspended, last_updated = @last_updated, updated_at = @now WHERE id = @id`,
      ),
    };
    statements.set(db, s);
  }
  return s;
}

/** Writes one imported entry; returns what happened to it. Call inside a transaction. */
export function importDataset(db: Db, d: DatasetImport, nowIso: string): 'inserted' | 'updated' | 'unchanged' {
  const st = prepared(db);
  const old = st.get.get(d.id) as StoredDataset | undefined;
  const pick = <T>(given: T | undefined, kept: T): T => (given === undefined ? kept : given);
  const held = old === undefined ? undefined : (st.held.get(d.id) as string | undefined);
  const next: StoredDataset = {
    title: d.title,
    steward_id: pick(d.stewardId, old?.steward_id ?? null),
    frequency: d.frequency === undefined ? (old?.frequency ?? null) : d.frequency.value,
    frequency_raw: d.frequency === undefined ? (old?.frequency_raw ?? null) : d.frequency.raw,
    required: d.required === undefined ? (old?.required ?? 1) : d.required ? 1 : 0,
    portal_id: d.portalId ?? old?.portal_id ?? null,
    // while "odmon suspend" is in force the file cannot lift or reword it; "odmon resume" lifts it
    suspended: held ?? pick(d.suspended, old?.suspended ?? null),
    last_updated: pick(d.lastUpdated, old?.last_updated ?? null),
  };
  if (old === undefined) {
    st.insert.run({ id: d.id, ...next, source: d.source, now: nowIso });
    return 'inserted';
  }
  const same = (Object.keys(next) as (keyof StoredDataset)[]).every((k) => next[k] === old[k]);
  if (same) return 'unchanged';
  st.update.run({ id: d.id, ...next, now: nowIso });
  return 'updated';
}

/** Appends one publication to a dataset's history; the same moment twice is kept once. Returns true if added. */
export function addPublication(db: Db, datasetId: string, publishedAt: string, source: string, nowIso: string): boolean {
  let add = addStatements.get(db);
  if (add === undefined) {
    add = db.prepare('INSERT OR IGNORE INTO publications(dataset_id, published_at, source, recorded_at) VALUES (?, ?, ?, ?)');
    addStatements.set(db, add);
  }
  return add.run(datasetId, publishedAt, source, nowIso).changes === 1;
}

const addStatements = new WeakMap<Db, Statement>();

export function countDatasets(db: Db): number {
  return db.prepare('SELECT count(*) FROM datasets').pluck().get() as number;
}
