/**
 * `odmon sync --adopt`: a council with no register of its own starts from what its organization publishes on
 * the portal. Every portal dataset of the synced organizations that no register entry links to becomes a
 * register entry linked to it — id = the portal dataset's `name`, its title, its declared frequency, not
 * required, and the steward whose e-mail address is the dataset's `maintainer_email` (none when no steward, or
 * more than one, has it).
 *
 * Two exceptions link an existing entry instead of adding one, and each such decision is listed:
 * - a required entry with no link yet whose title confidently matches the portal's title (a Resolution 835
 *   item published under a close title): the best match must score at least MATCH and lead the next by MARGIN,
 *   and be that entry's best portal dataset too;
 * - an entry with no link whose id is the portal dataset's name.
 *
 * Decisions are made from what the sync read (the same in a dry run, which writes nothing), so adopting twice
 * adds nothing: after the first time, every portal dataset is linked.
 */
import type { DateTime } from 'luxon';
import type { Steward } from '../domain';
import { MAX_TEXT_LENGTH } from '../import/columns';
import { isId } from '../import/fields';
import { recordAudit } from '../store/audit';
import { addPublication, importDataset } from '../store/datasets';
import type { Db } from '../store/db';
import { setDatasetPortalId } from '../store/portal';
import { listStewards } from '../store/stewards';
import { toStoredInstant } from '../time/days';
import type { FrequencyCatalogue } from '../time/frequency';
import type { OrgListing } from './listing';
import type { PortalDataset } from './mapping';
import { dice, titleStems } from './similarity';
import { believablePortalDate, type FutureDate, type LastUpdateFrom } from './sync';

/** A title match this close (Dice on word stems, 0..1) links a required entry… */
export const MATCH = 0.75;
/** …when the next best is at least this much further. */
export const MARGIN = 0.15;

export type AdoptionDecision =
  | {
      readonly kind: 'linked';
      readonly why: 'title' | 'id';
      readonly datasetId: string;
      readonly datasetTitle: string;
      readonly portalId: string;
      readonly portalName: string | null;
      readonly portalTitle: string;
      /** The title match, for `why: 'title'`. */
      readonly score: number | null;
    }
  | {
      readonly kind: 'added';
      readonly datasetId: string;
      readonly title: string;
      readonly portalId: string;
      readonly portalName: string | null;
      readonly stewardId: string | null;
      readonly maintainerEmail: string | null;
      readonly frequency: string | null;
      /** The portal declares a frequency odmon does not know (e.g. a harvester's "More then a day"). */
      readonly frequencyUnknown: string | null;
    };

export interface AdoptionSkip {
  readonly portalId: string;
  readonly portalName: string | null;
  readonly portalTitle: string;
  readonly reason: string;
}

export interface AdoptionReport {
  readonly dryRun: boolean;
  readonly decisions: readonly AdoptionDecision[];
  readonly skipped: readonly AdoptionSkip[];
  /** Portal last updates added (in a dry run: that would be added) to the publication history of the adopted entries. */
  readonly publications: number;
  /** Adopted entries whose portal last update lies in the future: never added to the history. */
  readonly future: readonly FutureDate[];
}

interface RegisterEntry {
  readonly id: string;
  readonly title: string;
  readonly required: boolean;
  readonly portalId: string | null;
}

export interface AdoptionInputs {
  readonly portal: readonly PortalDataset[];
  readonly register: readonly RegisterEntry[];
  readonly stewards: readonly Steward[];
  readonly frequencies: FrequencyCatalogue;
}

const FORBIDDEN = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]+/g;

/** A portal title as a register title: no control characters, within the register's limit. */
function cleanTitle(s: string): string {
  const t = s.replace(FORBIDDEN, ' ').replace(/\s+/g, ' ').trim();
  return t.length > MAX_TEXT_LENGTH ? `${t.slice(0, MAX_TEXT_LENGTH - 1)}…` : t;
}

/** The decisions, without writing anything: a pure function of what the portal lists and what the register holds. */
export function planAdoption(inp: AdoptionInputs): { decisions: AdoptionDecision[]; skipped: AdoptionSkip[] } {
  const linkedKeys = new Set(inp.register.filter((r) => r.portalId !== null).map((r) => r.portalId as string));
  const byId = new Map(inp.register.map((r) => [r.id, r]));
  const seen = new Set<string>();
  const unlinked = inp.portal.filter((p) => {
    if (seen.has(p.portalId)) return false;
    seen.add(p.portalId);
    return !linkedKeys.has(p.portalId) && !(p.name !== null && linkedKeys.has(p.name));
  });
  const titleOf = (p: PortalDataset): string => cleanTitle(p.title ?? p.name ?? p.portalId);

  // Title matches: required entries not linked yet, each portal dataset's best, kept when mutual and clear.
  const candidates = inp.register.filter((r) => r.required && r.portalId === null).map((r) => ({ r, stems: titleStems(r.title) }));
  const best = new Map<string, { entry: RegisterEntry; score: number }>();
  for (const p of unlinked) {
    const stems = titleStems(titleOf(p));
    const scored = candidates.map((c) => ({ entry: c.r, score: dice(stems, c.stems) })).sort((a, b) => b.score - a.score || a.entry.id.localeCompare(b.entry.id));
    const [first, second] = scored;
    if (first !== undefined && first.score >= MATCH && (second === undefined || first.score - second.score >= MARGIN)) best.set(p.portalId, first);
  }
  const winner = new Map<string, { portalId: string; score: number }>();
  for (const [portalId, m] of best) {
    const w = winner.get(m.entry.id);
    if (w === undefined || m.score > w.score || (m.score === w.score && portalId < w.portalId)) winner.set(m.entry.id, { portalId, score: m.score });
  }
  const matched = new Map([...winner].map(([entryId, w]) => [w.portalId, { entryId, score: w.score }]));

  const stewardsByEmail = new Map<string, string[]>();
  for (const s of inp.stewards) for (const e of s.emails) stewardsByEmail.set(e.toLowerCase(), [...(stewardsByEmail.get(e.toLowerCase()) ?? []), s.id]);

  const decisions: AdoptionDecision[] = [];
  const skipped: AdoptionSkip[] = [];
  const taken = new Set(inp.register.map((r) => r.id));
  const claimed = new Set<string>();
  for (const p of unlinked) {
    const portalTitle = titleOf(p);
    const m = matched.get(p.portalId);
    if (m !== undefined) {
      const entry = byId.get(m.entryId) as RegisterEntry;
      claimed.add(entry.id);
      decisions.push({ kind: 'linked', why: 'title', datasetId: entry.id, datasetTitle: entry.title, portalId: p.portalId, portalName: p.name, portalTitle, score: Math.round(m.score * 100) / 100 });
      continue;
    }
    const id = p.name !== null && isId(p.name) ? p.name : isId(p.portalId) ? p.portalId : null;
    if (id === null) {
      skipped.push({ portalId: p.portalId, portalName: p.name, portalTitle, reason: 'його назва не може бути ідентифікатором у реєстрі (лише літери, цифри і . _ : / -)' });
      continue;
    }
    const existing = byId.get(id);
    if (existing !== undefined) {
      if (existing.portalId === null && !claimed.has(existing.id)) {
        claimed.add(existing.id);
        decisions.push({ kind: 'linked', why: 'id', datasetId: existing.id, datasetTitle: existing.title, portalId: p.portalId, portalName: p.name, portalTitle, score: null });
      } else {
        skipped.push({ portalId: p.portalId, portalName: p.name, portalTitle, reason: `ідентифікатор "${id}" уже має запис реєстру, пов’язаний з іншим набором на порталі; пов’яжіть потрібний вручну: odmon link` });
      }
      continue;
    }
    if (taken.has(id)) {
      skipped.push({ portalId: p.portalId, portalName: p.name, portalTitle, reason: `ідентифікатор "${id}" уже бере інший набір на порталі` });
      continue;
    }
    taken.add(id);
    const email = p.maintainerEmail?.trim().toLowerCase() ?? '';
    const owners = email === '' ? [] : (stewardsByEmail.get(email) ?? []);
    const freq = inp.frequencies.match(p.frequency ?? p.frequencyRaw);
    decisions.push({
      kind: 'added',
      datasetId: id,
      title: portalTitle,
      portalId: p.portalId,
      portalName: p.name,
      stewardId: owners.length === 1 ? owners[0] : null,
      maintainerEmail: p.maintainerEmail,
      frequency: freq.kind === 'known' ? freq.value : null,
      frequencyUnknown: freq.kind === 'unknown' ? freq.raw : null,
    });
  }
  return { decisions, skipped };
}

export interface AdoptionSettings {
  readonly dryRun: boolean;
  readonly lastUpdateFrom: LastUpdateFrom;
  /** When the adoption happens (the real clock: it is recorded). */
  readonly at: DateTime;
  readonly actor: string;
}

function registerEntries(db: Db): RegisterEntry[] {
  return (db.prepare('SELECT id, title, required, portal_id FROM datasets ORDER BY id').all() as { id: string; title: string; required: number; portal_id: string | null }[]).map((r) => ({
    id: r.id,
    title: r.title,
    required: r.required === 1,
    portalId: r.portal_id,
  }));
}

/** Plans the adoption from the sync's listings and, unless it is a dry run, writes it in one transaction. */
export function adoptFromPortal(db: Db, listings: readonly OrgListing[], frequencies: FrequencyCatalogue, s: AdoptionSettings): AdoptionReport {
  const portal = listings.flatMap((l) => l.datasets);
  const byPortalId = new Map(portal.map((p) => [p.portalId, p]));
  const { decisions, skipped } = planAdoption({ portal, register: registerEntries(db), stewards: listStewards(db), frequencies });
  // The portal's last update of each adopted entry enters the history, as a sync does for every linked entry —
  // never one from the future (it would switch lateness off for good): that is listed instead.
  const future: FutureDate[] = [];
  const evidence = decisions.flatMap((d) => {
    const p = byPortalId.get(d.portalId) as PortalDataset;
    const at = s.lastUpdateFrom === 'metadata' ? p.metadataModified : p.resourcesModified;
    if (at === null) return [];
    if (!believablePortalDate(at, s.at)) {
      future.push({ datasetId: d.datasetId, portalId: d.portalId, at });
      return [];
    }
    return [{ datasetId: d.datasetId, at }];
  });
  if (s.dryRun || decisions.length === 0) {
    const known = db.prepare('SELECT 1 FROM publications WHERE dataset_id = ? AND published_at = ?').pluck();
    return { dryRun: s.dryRun, decisions, skipped, publications: evidence.filter((e) => known.get(e.datasetId, e.at) === undefined).length, future };
  }
  const nowIso = toStoredInstant(s.at);
  const publications = db
    .transaction(() => {
      let added = 0;
      for (const d of decisions) {
        const p = byPortalId.get(d.portalId) as PortalDataset;
        if (d.kind === 'added') {
          importDataset(db, {
            id: d.datasetId,
            title: d.title,
            stewardId: d.stewardId,
            frequency: { value: d.frequency, raw: d.frequency === null ? null : (p.frequencyRaw ?? d.frequency) },
            required: false,
            portalId: d.portalId,
            suspended: null,
            lastUpdated: null,
            source: 'portal',
          }, nowIso);
        } else {
          setDatasetPortalId(db, d.datasetId, d.portalId, nowIso);
          if (d.why === 'title') {
            recordAudit(db, {
              at: nowIso,
              actor: s.actor,
              action: 'portal-link',
              subjectType: 'dataset',
              subjectId: d.datasetId,
              details: { portalId: d.portalId, portalName: d.portalName, portalTitle: d.portalTitle, score: d.score },
              reason: 'odmon sync --adopt: назва на порталі збігається з назвою в реєстрі',
            });
          }
        }
      }
      for (const e of evidence) if (addPublication(db, e.datasetId, e.at, 'portal', nowIso)) added++;
      const counts = { added: decisions.filter((d) => d.kind === 'added').length, linked: decisions.filter((d) => d.kind === 'linked').length };
      recordAudit(db, { at: nowIso, actor: s.actor, action: 'portal-adopt', subjectType: 'register', subjectId: 'datasets', details: counts, reason: null });
      return added;
    })
    .immediate();
  return { dryRun: false, decisions, skipped, publications, future };
}
