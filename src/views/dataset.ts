/** One dataset's page: its state, its publication history, what the portal showed of it, its suspensions and findings. */
import type { DateTime } from 'luxon';
import { OdmonError } from '../errors';
import { listDatasets } from '../store/datasets';
import { countObservations, findPortalDataset, observationsOf, portalEvidenceOf, type PortalObservation } from '../store/portal';
import { findingEpisodesOf, type FindingEpisode } from '../store/read-findings';
import { countPublications, datasetOrigin, publicationsOf, type PublicationRecord } from '../store/read-datasets';
import { listStewards } from '../store/stewards';
import { suspensionsOf } from '../store/suspensions';
import { toStoredInstant } from '../time/days';
import { complianceSubjects } from './compliance';
import { datasetState, type DatasetStateView } from './datasets';
import { openFindingsView, type OpenFinding } from './findings';
import type { ReadSource } from './source';

export interface PortalView {
  /** The portal's id of the dataset (the register may name it by its slug). */
  readonly portalId: string;
  readonly name: string | null;
  readonly title: string | null;
  readonly organization: string | null;
  /** A sync has seen it in a listing. */
  readonly seen: boolean;
  readonly goneAt: string | null;
  readonly resourceCount: number | null;
  readonly formats: readonly string[];
  readonly frequency: string | null;
  /** The passport names a responsible person with an e-mail (the address itself is not shown). */
  readonly hasContact: boolean;
  readonly metadataModified: string | null;
  readonly resourcesModified: string | null;
  /** Its state when first seen and at every sync that found it changed, oldest first (the newest `limit`). */
  readonly observations: readonly PortalObservation[];
  /** How many observations there are in all. */
  readonly observationCount: number;
}

export interface SuspensionRecord {
  readonly madeBy: 'command' | 'register';
  readonly basis: string;
  readonly since: string;
  /** Review day (`odmon suspend` only). */
  readonly reviewBy: string | null;
  readonly endedAt: string | null;
  readonly endedBy: string | null;
  readonly endReason: string | null;
}

export interface DatasetPage extends Pick<DatasetHistory, 'publications' | 'publicationCount' | 'portal' | 'suspensions'> {
  readonly asOf: string;
  readonly dataset: DatasetStateView & { readonly stewardName: string | null } & Pick<DatasetHistory, 'source' | 'legalBasis' | 'registerLastUpdated'>;
  readonly findings: readonly OpenFinding[];
}

/** What the register and the portal remember of a dataset: where it came from, its publications, its portal record, its suspensions. */
export interface DatasetHistory {
  /** Where the entry came from (`seed`, `import`, `portal`) and what requires it (a Resolution 835 item). */
  readonly source: string;
  readonly legalBasis: string | null;
  /** The register's own last update, beside the history. */
  readonly registerLastUpdated: string | null;
  /** Newest first (the newest `limit`). */
  readonly publications: readonly PublicationRecord[];
  /** How many publications the history holds in all. */
  readonly publicationCount: number;
  /** Null when the entry links to no portal dataset a sync has recorded. */
  readonly portal: PortalView | null;
  /** Every suspension it has had, oldest first. */
  readonly suspensions: readonly SuspensionRecord[];
}

/**
 * A dataset's history alone, read by its id (a page of a national register must not read the whole of it); null
 * when the register has no such dataset. `limit`: the most publications and portal observations listed (a daily
 * dataset has thousands); all by default.
 */
export function datasetHistory(src: ReadSource, id: string, opts: { readonly limit?: number } = {}): DatasetHistory | null {
  const limit = opts.limit ?? -1;
  const origin = datasetOrigin(src.db, id);
  if (origin === null) return null;
  const portalId = origin.portalId;
  const row = portalId === null ? null : findPortalDataset(src.db, portalId);
  const ev = row === null ? undefined : (portalEvidenceOf(src.db, id) ?? undefined);
  const portal: PortalView | null =
    row === null
      ? null
      : {
          portalId: row.portalId,
          name: row.name,
          title: row.title,
          organization: row.organization,
          seen: row.seen,
          goneAt: row.goneAt,
          resourceCount: ev?.resourceCount ?? null,
          formats: ev?.formats ?? [],
          frequency: ev?.frequency ?? null,
          hasContact: Boolean(ev?.maintainer?.trim()) && /\S@\S/.test(ev?.maintainerEmail ?? ''),
          metadataModified: ev?.metadataModified ?? null,
          resourcesModified: ev?.resourcesModified ?? null,
          observations: observationsOf(src.db, row.portalId, limit),
          observationCount: countObservations(src.db, row.portalId),
        };
  const mine = suspensionsOf(src.db, id);
  const suspensions: SuspensionRecord[] = [
    ...mine.command.map((s) => ({ madeBy: 'command' as const, basis: s.basis, since: s.since, reviewBy: s.reviewBy, endedAt: s.endedAt, endedBy: s.endedBy, endReason: s.endReason })),
    ...mine.register.map((s) => ({ madeBy: 'register' as const, basis: s.reason, since: s.since, reviewBy: null, endedAt: s.endedAt, endedBy: null, endReason: null })),
  ].sort((a, b) => a.since.localeCompare(b.since));
  return {
    source: origin.source,
    legalBasis: origin.legalBasis,
    registerLastUpdated: origin.lastUpdatedInRegister,
    publications: publicationsOf(src.db, id, limit),
    publicationCount: countPublications(src.db, id),
    portal,
    suspensions,
  };
}

/** `limit`: the most publications and portal observations listed (a daily dataset has thousands); all by default. */
export function datasetPage(src: ReadSource, id: string, now: DateTime, opts: { readonly limit?: number } = {}): DatasetPage {
  const [d] = listDatasets(src.db, { id });
  const h = datasetHistory(src, id, opts);
  if (d === undefined || h === null) {
    throw new OdmonError('E_NOT_FOUND', `набору даних "${id}" немає в реєстрі`, { hint: 'перевірте ідентифікатор (набори додає odmon import datasets)' });
  }
  const stewards = listStewards(src.db);
  const [subject] = complianceSubjects(src, now, stewards, [d]);
  const stewardName = d.stewardId === null ? null : (stewards.find((s) => s.id === d.stewardId)?.name ?? d.stewardId);
  return {
    asOf: toStoredInstant(now),
    dataset: { ...datasetState(d, subject), stewardName, source: h.source, legalBasis: h.legalBasis, registerLastUpdated: h.registerLastUpdated },
    publications: h.publications,
    publicationCount: h.publicationCount,
    portal: h.portal,
    suspensions: h.suspensions,
    findings: openFindingsView(src, now, { subject: { type: 'dataset', id } }).items,
  };
}

/** The findings a subject has had, newest first (at most `limit`), and how many in all: a page's history of states. */
export function findingEpisodes(src: Pick<ReadSource, 'db'>, subjectType: string, subjectId: string, limit: number): { total: number; episodes: FindingEpisode[] } {
  return findingEpisodesOf(src.db, subjectType, subjectId, limit);
}
