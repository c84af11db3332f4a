/**
 * Linking a register entry to a portal dataset (`odmon link`). The link is the register's `portal_id`, stored as
 * the portal's id (a name can change, the id cannot). Linking hands the portal's last update to the
 * publication history at once, as a sync would.
 */
import type { DateTime } from 'luxon';
import { OdmonError } from '../errors';
import type { Db } from '../store/db';
import { addPublication, listDatasets } from '../store/datasets';
import { datasetsLinkedTo, findPortalDataset, portalEvidenceByDataset, setDatasetPortalId } from '../store/portal';
import { toStoredInstant } from '../time/days';
import { believablePortalDate, type LastUpdateFrom } from './sync';

export interface LinkResult {
  readonly datasetId: string;
  readonly portalId: string | null;
  readonly portalTitle: string | null;
  /** The portal no longer has it (linked anyway: the finding will say so). */
  readonly gone: boolean;
  /** Other register entries linked to the same portal dataset. */
  readonly alsoLinked: readonly string[];
  /** The portal's last update, added to the publication history (null when nothing was added). */
  readonly publication: string | null;
  /** The portal's last update when it lies in the future (later than the real clock plus a day): not added. */
  readonly futureDate?: string | null;
}

function requireDataset(db: Db, datasetId: string): void {
  if (db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(datasetId) === undefined) {
    throw new OdmonError('E_NOT_FOUND', `набору даних "${datasetId}" немає в реєстрі`, {
      hint: 'укажіть ідентифікатор набору в реєстрі (записи додає odmon import datasets)',
    });
  }
}

/** `real` is the real clock: a portal date later than it (plus a day) never enters the history. */
export function linkDataset(db: Db, datasetId: string, portalKey: string, from: LastUpdateFrom, now: DateTime, real: DateTime = now): LinkResult {
  requireDataset(db, datasetId);
  const row = findPortalDataset(db, portalKey);
  if (row === null || !row.seen) {
    const known = db.prepare('SELECT count(*) FROM portal_datasets WHERE first_seen_at IS NOT NULL').pluck().get() as number;
    throw new OdmonError('E_NOT_FOUND', `набір на порталі "${portalKey}" невідомий (odmon бачив на порталі наборів: ${known})`, {
      hint: known === 0 ? 'спершу прочитайте портал: odmon sync' : 'укажіть id або назву, які показує odmon sync; якщо набір новий, запустіть його ще раз',
    });
  }
  const nowIso = toStoredInstant(now);
  return db.transaction((): LinkResult => {
    setDatasetPortalId(db, datasetId, row.portalId, nowIso);
    const ev = portalEvidenceByDataset(db).get(datasetId);
    const current = listDatasets(db).find((d) => d.id === datasetId);
    const date = ev === undefined || ev.goneAt !== null ? null : from === 'metadata' ? ev.metadataModified : ev.resourcesModified;
    const futureDate = date !== null && !believablePortalDate(date, real) ? date : null;
    const at = futureDate === null ? date : null;
    const newer = at !== null && (current?.lastUpdated == null || at > current.lastUpdated);
    const added = newer && addPublication(db, datasetId, at, 'portal', nowIso);
    return {
      datasetId,
      portalId: row.portalId,
      portalTitle: row.title,
      gone: row.goneAt !== null,
      alsoLinked: datasetsLinkedTo(db, row.portalId, row.name, datasetId),
      publication: added ? at : null,
      futureDate,
    };
  })();
}

export function unlinkDataset(db: Db, datasetId: string, now: DateTime): LinkResult {
  requireDataset(db, datasetId);
  setDatasetPortalId(db, datasetId, null, toStoredInstant(now));
  return { datasetId, portalId: null, portalTitle: null, gone: false, alsoLinked: [], publication: null };
}
