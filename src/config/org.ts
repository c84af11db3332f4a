/**
 * Who sends odmon's letters and who signs its yearly report: `org.*`, `report.*` and `mail.fromName`, declared in
 * settings.ts. A council's own records instruction wins over any default (documents.md), so names, positions and
 * the sending unit are settings, not constants. Here: their types, their defaults as values (for callers that
 * have no configuration, such as tests of a view), the From header and the executor line made of them.
 */
import { SETTINGS, type Settings } from './settings';

export type OrgConfig = Settings['org'];
export type ReportConfig = Settings['report'];
export type Signatory = ReportConfig['approver'];

export const ORG_DEFAULTS: OrgConfig = Object.freeze({
  name: SETTINGS.org.name.default,
  unit: SETTINGS.org.unit.default,
  stewardId: SETTINGS.org.stewardId.default,
  contact: Object.freeze({ name: SETTINGS.org.contact.name.default, phone: SETTINGS.org.contact.phone.default, email: SETTINGS.org.contact.email.default }),
});

export const REPORT_DEFAULTS: ReportConfig = Object.freeze({
  approver: Object.freeze({ position: SETTINGS.report.approver.position.default, name: SETTINGS.report.approver.name.default }),
  preparer: Object.freeze({ position: SETTINGS.report.preparer.position.default, name: SETTINGS.report.preparer.name.default }),
});

/** The address inside `Name <addr>`, or the whole text. */
function bare(from: string): string {
  const m = /<([^<>]*)>\s*$/.exec(from);
  return (m ? m[1] : from).trim();
}

/** The display name of `Name <addr>`, or null when there is none. */
function displayName(from: string): string | null {
  const m = /^\s*"?([^<>"]*?)"?\s*<[^<>]*>\s*$/.exec(from);
  return m && m[1].trim() !== '' ? m[1].trim() : null;
}

/**
 * The From header: `mail.fromName` when set; otherwise the name `mail.from` was given with (unless it is the
 * built-in default `odmon`); otherwise the sending unit, so a letter's From matches its signature.
 */
export function senderAddress(from: string, fromName: string | null, unit: string, fromIsDefault: boolean): string {
  const name = fromName ?? (fromIsDefault ? null : displayName(from)) ?? unit;
  return `"${name.replace(/["\\]/g, '')}" <${bare(from)}>`;
}

/** «Виконавець: Ірина Коваль, тел. (0522) 00-00-00, opendata@…» (documents.md); empty when no contact is set. */
export function executorLine(org: OrgConfig): string {
  const c = org.contact;
  const parts = [c.name, c.phone ? `тел. ${c.phone}` : null, c.email].filter((p): p is string => Boolean(p));
  return parts.length > 0 ? `Виконавець: ${parts.join(', ')}` : '';
}
