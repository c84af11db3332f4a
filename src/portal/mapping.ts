/**
 * A CKAN dataset (package) as odmon keeps it. data.gov.ua lifts its own fields (`update_frequency`) to the top
 * level; stock CKAN keeps them in `extras: [{key, value}]`: both are read, top level first. CKAN timestamps are
 * naive UTC. Both dates are kept: `metadata_modified` moves on any edit of the passport, the latest resource
 * change is closer to a real data update.
 *
 * Everything read is bounded before it is stored or shown (src/text.ts): control characters are removed and
 * each text is cut to its limit (a title to 1000 characters); an id that is not a short plain token is no id;
 * at most MAX_RESOURCES resources of a dataset are kept (all are counted).
 */
import { fieldText, TEXT_LIMITS } from '../text';
import { parseInstant, toStoredInstant } from '../time/days';
import type { FrequencyCatalogue } from '../time/frequency';
import type { PortalDatasetRecord, PortalResourceRecord } from '../store/portal';
import type { Json } from './ckan-client';
import { normaliseFormat } from '../rules/formats';

/** The shapes the store keeps (src/store/portal.ts), named here as what a sync reads. */
export type PortalResource = PortalResourceRecord;
export type PortalDataset = PortalDatasetRecord;

/** Where the frequency may hide, in order: data.gov.ua's top-level field, then extras (stock CKAN, DCAT). */
const FREQUENCY_KEYS = ['update_frequency', 'updatefrequency', 'frequency', 'accrual_periodicity', 'periodicity', 'періодичність оновлення'];

/** Resources kept per dataset: a real dataset has a few dozen at most. */
export const MAX_RESOURCES = 1000;

const text = (v: unknown, max: number = TEXT_LIMITS.line): string | null => {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : null;
  if (s === null) return null;
  const t = fieldText(s, max);
  return t === '' ? null : t;
};

/** A CKAN id or name: a short token without white space or control characters; anything else is no id. */
const idText = (v: unknown): string | null => {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t !== '' && t.length <= TEXT_LIMITS.name && !/[\s\u0000-\u001f\u007f-\u009f]/.test(t) ? t : null;
};

/** A CKAN timestamp as a stored instant; naive values are UTC. */
export function ckanInstant(v: unknown): string | null {
  const s = text(v, 64);
  if (s === null) return null;
  const naive = /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00Z` : /(?:Z|[+-]\d{2}:?\d{2})$/i.test(s) ? s : `${s}Z`;
  const dt = parseInstant(naive);
  return dt === null ? null : toStoredInstant(dt);
}

function extrasValue(pkg: Json, keys: readonly string[]): unknown {
  const extras = Array.isArray(pkg.extras) ? pkg.extras : [];
  for (const key of keys) {
    for (const e of extras) {
      if (typeof e === 'object' && e !== null && String((e as Json).key).trim().toLowerCase() === key) return (e as Json).value;
    }
  }
  return undefined;
}

function frequencyOf(pkg: Json): string | null {
  for (const key of FREQUENCY_KEYS) {
    const top = text(pkg[key], TEXT_LIMITS.name);
    if (top !== null) return top;
  }
  const fromExtras = text(extrasValue(pkg, FREQUENCY_KEYS), TEXT_LIMITS.name);
  // Some harvesters store extras JSON-encoded: "\"once a month\"".
  return fromExtras === null ? null : fromExtras.replace(/^"(.*)"$/, '$1');
}

const later = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a > b ? a : b);

/** True when a package from a listing lacks what odmon reads, so package_show must fill it in. */
export function needsDetail(pkg: Json): boolean {
  return !Array.isArray(pkg.resources) || pkg.metadata_modified === undefined;
}

/** Maps one CKAN package; null when it has no id (nothing can be linked to it). */
export function mapPackage(pkg: Json, frequencies: FrequencyCatalogue): PortalDataset | null {
  const portalId = idText(pkg.id);
  if (portalId === null) return null;
  const live = (Array.isArray(pkg.resources) ? pkg.resources : []).filter((r): r is Json => typeof r === 'object' && r !== null && (r as Json).state !== 'deleted');
  const resources: PortalResource[] = live.slice(0, MAX_RESOURCES).map((r, position) => {
    const url = text(r.url, TEXT_LIMITS.url);
    return {
      position,
      format: normaliseFormat(text(r.format, TEXT_LIMITS.name) ?? text(r.mimetype, TEXT_LIMITS.name), url),
      url,
      lastModified: ckanInstant(r.last_modified),
      created: ckanInstant(r.created),
    };
  });
  const frequencyRaw = frequencyOf(pkg);
  const freq = frequencies.match(frequencyRaw);
  const org = pkg.organization;
  return {
    portalId,
    name: idText(pkg.name),
    title: text(pkg.title, TEXT_LIMITS.title),
    organization: idText(pkg.owner_org) ?? (typeof org === 'object' && org !== null ? idText((org as Json).id) : null),
    frequencyRaw,
    frequency: freq.kind === 'known' ? freq.value : null,
    metadataModified: ckanInstant(pkg.metadata_modified),
    resourcesModified: resources.reduce<string | null>((acc, r) => later(acc, r.lastModified ?? r.created), null),
    maintainer: text(pkg.maintainer, TEXT_LIMITS.title),
    maintainerEmail: text(pkg.maintainer_email, 254),
    resourceCount: live.length,
    formats: resources.map((r) => r.format),
    resources,
  };
}

