/** Linking register entries to the portal, for one open app; the types of a sync's progress and report. */
import type { DateTime } from 'luxon';
import type { App } from '../app';
import type { AdoptionReport } from '../portal/adopt';
import { linkDataset, unlinkDataset, type LinkResult } from '../portal/link';
import type { SyncEvent, SyncReport } from '../portal/sync';

export type { AdoptionReport, LinkResult, SyncEvent, SyncReport };

/** `odmon link DATASET_ID PORTAL_ID`: a portal date later than the real clock never enters the history. */
export function linkToPortal(app: App, datasetId: string, portalKey: string, now: DateTime): LinkResult {
  return linkDataset(app.db, datasetId, portalKey, app.config.portal.lastUpdateFrom, now, app.clock.now());
}

/** `odmon link DATASET_ID --unlink`. */
export function unlinkFromPortal(app: App, datasetId: string, now: DateTime): LinkResult {
  return unlinkDataset(app.db, datasetId, now);
}
