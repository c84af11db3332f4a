/** What every page is made from: the picture of the last check, the read source for the rest, where links start. */
import type { DateTime } from 'luxon';
import { fromStoredInstant } from '../../time/days';
import type { CompliancePicture } from '../../views/picture';
import { planTasksView, type PlanTaskView } from '../../views/tasks';
import type { ReadSource } from '../../views/source';
import type { PageShell, Section } from '../layout';
import type { Links } from '../parts';

export interface PageContext {
  readonly src: ReadSource;
  readonly picture: CompliancePicture;
  readonly links: Links;
  /** The council's name (org.name). */
  readonly council: string;
  /** The portal's address without a login, for links to a dataset's page there. */
  readonly portalUrl: string | null;
  /** The real clock's reading for this request (admin pages: what is due, what the daemon does). */
  readonly now: DateTime;
}

/** The shell of a public page: «Станом на» the check the picture shows. */
export function shellOf(ctx: PageContext, title: string, section: Section): PageShell {
  return {
    title,
    links: ctx.links,
    section,
    council: ctx.council,
    asOf: ctx.picture.asOf,
    asOfNote: ctx.picture.run === null ? 'перевірки ще не було: порушень не показано' : 'час, станом на який виконано останню перевірку',
  };
}

/** A dataset's page on the portal, when the portal is known and the dataset linked. */
export function portalPage(ctx: PageContext, portalId: string | null): string | null {
  return portalId === null || ctx.portalUrl === null ? null : `${ctx.portalUrl}/dataset/${encodeURIComponent(portalId)}`;
}

/** The plan's tasks as of the check (of one steward when given), with the picture's stewards: no second read of thousands. */
export function planTasks(ctx: PageContext, stewardId?: string): PlanTaskView[] {
  return planTasksView(ctx.src, fromStoredInstant(ctx.picture.asOf), { stewardId, stewards: [...ctx.picture.stewardInfo.values()] });
}
