/**
 * Reading what one organization publishes. package_search is paged with `start`; the server caps `rows` at
 * 1000 without saying so, so the page size is whatever came back, and paging goes on until `count` is reached.
 * A listing is *complete* only when every page arrived and the ids add up to `count`: only a complete listing
 * may mark a dataset gone. Whatever was read before a failure is still returned and kept.
 *
 * Paging is bounded, so a portal that ignores `start` or claims a billion datasets cannot keep the daemon busy
 * for ever: at most `count / page size + 1` pages (the first page tells the page size), never more than
 * `maxPages`, and a page that brings no dataset not seen before ends the listing. Hitting a limit fails that
 * organization's listing (incomplete: nothing is marked gone) and keeps what was read.
 */
import { OdmonError } from '../errors';
import { fieldText, TEXT_LIMITS } from '../text';
import type { FrequencyCatalogue } from '../time/frequency';
import { PortalError, type CkanClient, type Json } from './ckan-client';
import { mapPackage, needsDetail, type PortalDataset } from './mapping';

export const PAGE_ROWS = 1000;
/** Default most pages of one organization's listing: 100 pages of 1000 = 100,000 datasets. */
export const DEFAULT_MAX_PAGES = 100;
const ORG_PAGE = 25;
/** With no organizations configured every one is read: fine for a city's own portal, not for the national one. */
export const MAX_ALL_ORGANIZATIONS = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Organization {
  /** As configured (an id or a name). */
  readonly key: string;
  readonly id: string;
  readonly name: string | null;
  readonly title: string | null;
}

export interface OrgListing {
  readonly key: string;
  /** null when the organization itself could not be read. */
  readonly org: Organization | null;
  readonly datasets: readonly PortalDataset[];
  /** Every id the listing named, including those whose details could not be read: none of them is gone. */
  readonly seen: ReadonlySet<string>;
  readonly count: number | null;
  readonly complete: boolean;
  readonly errors: readonly string[];
  /** Reads that failed: the listing itself, a package_show, a package without an id. */
  readonly failed: number;
}

export type ListingEvent = { kind: 'page'; org: string; read: number; count: number };

/** A text the portal sent, bounded and without control characters (src/text.ts). */
const str = (v: unknown, max: number = TEXT_LIMITS.name): string | null => {
  const t = typeof v === 'string' ? fieldText(v, max) : '';
  return t === '' ? null : t;
};
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function orgFrom(key: string, r: Json): Organization {
  return { key, id: str(r.id) ?? key, name: str(r.name), title: str(r.title, TEXT_LIMITS.title) };
}

/** Every organization of the portal, 25 a page; refuses a portal with more than MAX_ALL_ORGANIZATIONS. */
export async function listAllOrganizations(client: CkanClient): Promise<Organization[]> {
  const all: Organization[] = [];
  for (let offset = 0; ; offset += ORG_PAGE) {
    const page = await client.organizationList(offset, ORG_PAGE);
    for (const r of page) {
      const key = str(r.name) ?? str(r.id);
      if (key !== null) all.push(orgFrom(key, r));
    }
    if (all.length > MAX_ALL_ORGANIZATIONS) {
      throw new OdmonError('E_CONFIG', `на порталі ${client.base} понад ${MAX_ALL_ORGANIZATIONS} організацій, а portal.organizations не вказано`, {
        hint: `назвіть організації ради (id або назви) у portal.organizations чи ODMON_PORTAL_ORGS, наприклад ${all
          .slice(0, 3)
          .map((o) => o.name ?? o.id)
          .join(', ')}`,
      });
    }
    if (page.length < ORG_PAGE) return all;
  }
}

/** Resolves a configured id or name with organization_show (an id is used as it is). */
async function resolve(client: CkanClient, key: string): Promise<Organization> {
  if (UUID.test(key)) return { key, id: key, name: null, title: null };
  return orgFrom(key, await client.organizationShow(key));
}

/** Reads one organization's datasets; never throws for the portal's failures, it reports them. */
export async function readOrganization(
  client: CkanClient,
  key: string,
  frequencies: FrequencyCatalogue,
  progress: (e: ListingEvent) => void = () => undefined,
  known?: Organization,
  maxPages: number = DEFAULT_MAX_PAGES,
): Promise<OrgListing> {
  const errors: string[] = [];
  const datasets: PortalDataset[] = [];
  const seen = new Set<string>();
  let failed = 0;
  let org: Organization;
  let unresolved: string | null = null;
  try {
    org = known ?? (await resolve(client, key));
  } catch (e) {
    if (!(e instanceof PortalError)) throw e;
    if (!e.answered) return { key, org: null, datasets, seen, count: null, complete: false, errors: [e.message], failed: 1 };
    // Some CKAN-like portals lack organization_show: the key may still be an owner_org (checked below).
    org = { key, id: key, name: null, title: null };
    unresolved = e.message;
  }
  const label = org.name ?? key;
  let count: number | null = null;
  let start = 0;
  // A dataset added or deleted between two pages shifts the rest: one could be skipped without a trace.
  let shifted = false;
  let pages = 0;
  let pageLimit = maxPages;
  let announced = 0;
  const limitHit = (why: string): OrgListing => ({
    key,
    org,
    datasets,
    seen,
    count,
    complete: false,
    errors: [...errors, `портал ${client.base}, організація "${label}": ${why}; прочитане збережено, цього разу нічого не позначено як зникле`],
    failed: failed + 1,
  });
  try {
    while (count === null || start < count) {
      if (pages >= pageLimit) {
        return limitHit(
          pageLimit < maxPages
            ? `перелік не закінчився після ${pages} сторінок, хоча перша сторінка оголосила ${announced} наборів (${pageLimit - 1} сторінок)`
            : `знадобилося б понад ${maxPages} сторінок (portal.maxPages)`,
        );
      }
      const page = await client.packageSearch(org.id, start, PAGE_ROWS, label);
      pages++;
      if (count !== null && page.count !== count) shifted = true;
      count = page.count;
      if (unresolved !== null && count === 0) return { key, org: null, datasets, seen, count: null, complete: false, errors: [unresolved], failed: 1 };
      if (page.results.length === 0) break;
      if (pages === 1) {
        // The server may cap rows below what was asked: the first page tells the real page size.
        const needed = Math.ceil(count / page.results.length);
        if (needed > maxPages) {
          return limitHit(`портал перелічує ${count} наборів, це ${needed} сторінок по ${page.results.length}: більше за portal.maxPages (${maxPages})`);
        }
        pageLimit = needed + 1;
        announced = count;
      }
      const before = seen.size;
      for (const raw of page.results) {
        let pkg = raw;
        const id = str(pkg.id);
        if (id !== null && needsDetail(pkg)) {
          try {
            pkg = await client.packageShow(id);
          } catch (e) {
            // Listed, so not gone; only its details are unknown this time.
            seen.add(id);
            failed++;
            errors.push(messageOf(e));
            continue;
          }
        }
        const d = mapPackage(pkg, frequencies);
        if (d === null) {
          failed++;
          errors.push(`портал ${client.base}, організація "${label}": набір без id на позиції ${start + page.results.indexOf(raw)} пропущено`);
          continue;
        }
        // A portal that ignores "start" repeats what it listed: each dataset is read once.
        if (seen.has(d.portalId)) continue;
        seen.add(d.portalId);
        datasets.push({ ...d, organization: org.id });
      }
      if (pages > 1 && seen.size === before) {
        return limitHit(`сторінка з позиції ${start} повторила вже прочитані набори (портал ігнорує "start")`);
      }
      start += page.results.length;
      progress({ kind: 'page', org: label, read: start, count });
    }
  } catch (e) {
    if (!(e instanceof PortalError)) throw e;
    return { key, org, datasets, seen, count, complete: false, errors: [...errors, e.message], failed: failed + 1 };
  }
  const complete = count !== null && seen.size >= count && !shifted;
  if (count !== null && (seen.size < count || shifted)) {
    errors.push(
      `портал ${client.base}, організація "${label}": портал змінився під час читання (прочитано наборів: ${seen.size}, у переліку: ${count}); цього разу нічого не позначено як зникле`,
    );
  }
  return { key, org, datasets, seen, count, complete, errors, failed };
}
