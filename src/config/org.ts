/**
 * Who sends odmon's letters and who signs its yearly report: `org.*`, `report.*` and `mail.fromName`.
 * A council's own records instruction wins over any default (documents.md), so names, positions and the
 * sending unit are settings, not constants. Self-contained: read from the config file's sections, every
 * problem collected, like schedule.ts.
 */
import { isEmail } from '../email';

export interface OrgContact {
  /** The person who answers the stewards' questions («Виконавець»), e.g. `Ірина Коваль`. */
  readonly name: string | null;
  /** Written as the council writes it, e.g. `(0522) 00-00-00`. */
  readonly phone: string | null;
  /** Also the letters' Reply-To. */
  readonly email: string | null;
}

export interface OrgConfig {
  /** The council, nominative: the report's header and the letters' closing, e.g. `Кропивницька міська рада`. */
  readonly name: string;
  /** The unit that sends the letters and prepares the report (the IT department), as it signs. */
  readonly unit: string;
  /** The steward id of that unit: its own notices never ask it to report to itself. */
  readonly stewardId: string;
  readonly contact: OrgContact;
}

export interface Signatory {
  readonly position: string;
  /** «Власне ім'я ПРІЗВИЩЕ»; empty = a line to fill in by hand. */
  readonly name: string;
}

export interface ReportConfig {
  /** «ЗАТВЕРДЖУЮ»: who approves the yearly report. */
  readonly approver: Signatory;
  /** Who signs it as its preparer, under the conclusions. */
  readonly preparer: Signatory;
}

export const ORG_KEYS = ['name', 'unit', 'stewardId', 'contact'];
const CONTACT_KEYS = ['name', 'phone', 'email'];
export const REPORT_KEYS = ['approver', 'preparer'];
const SIGNATORY_KEYS = ['position', 'name'];

export const ORG_DEFAULTS: OrgConfig = {
  name: 'Кропивницька міська рада',
  unit: "Відділ інформаційно-комп'ютерного забезпечення",
  stewardId: 'it',
  contact: { name: null, phone: null, email: null },
};

export const REPORT_DEFAULTS: ReportConfig = {
  approver: { position: 'Заступник міського голови', name: '' },
  preparer: { position: "Начальник відділу інформаційно-комп'ютерного забезпечення", name: '' },
};

/** Longest name, position or phone accepted: a line in a letter, not a document. */
const MAX = 300;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

type Section = Record<string, unknown>;

function sectionOf(v: unknown, where: string, known: readonly string[], problems: string[]): Section {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    problems.push(`${where}: must be an object`);
    return {};
  }
  for (const k of Object.keys(v)) {
    if (!known.includes(k)) problems.push(`${where}: unknown setting "${k}" (known: ${known.join(', ')})`);
  }
  return v as Section;
}

/** A one-line text of at most MAX characters, without control characters; `undefined` when absent or bad. */
function line(v: unknown, where: string, problems: string[], allowEmpty = false): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || (!allowEmpty && v.trim() === '')) {
    problems.push(`${where}: ${JSON.stringify(v)} must be a non-empty string`);
    return undefined;
  }
  if (CONTROL.test(v)) {
    problems.push(`${where}: must be one line without control characters`);
    return undefined;
  }
  if (v.length > MAX) {
    problems.push(`${where}: is longer than ${MAX} characters`);
    return undefined;
  }
  return v.trim().replace(/\s+/g, ' ');
}

/** Reads `org.*` from the config file, collecting every problem. `where` names the file. */
export function readOrg(raw: unknown, where: string, problems: string[]): OrgConfig {
  const f = sectionOf(raw, `${where}: org`, ORG_KEYS, problems);
  const c = sectionOf(f.contact, `${where}: org.contact`, CONTACT_KEYS, problems);
  const email = line(c.email, `${where}: org.contact.email`, problems);
  if (email !== undefined && !isEmail(email)) problems.push(`${where}: org.contact.email: ${JSON.stringify(email)} is not an e-mail address`);
  const stewardId = line(f.stewardId, `${where}: org.stewardId`, problems);
  return Object.freeze({
    name: line(f.name, `${where}: org.name`, problems) ?? ORG_DEFAULTS.name,
    unit: line(f.unit, `${where}: org.unit`, problems) ?? ORG_DEFAULTS.unit,
    stewardId: stewardId ?? ORG_DEFAULTS.stewardId,
    contact: Object.freeze({
      name: line(c.name, `${where}: org.contact.name`, problems) ?? null,
      phone: line(c.phone, `${where}: org.contact.phone`, problems) ?? null,
      email: email !== undefined && isEmail(email) ? email : null,
    }),
  });
}

/** Reads `report.*` (the approval and signature blocks of the yearly report), collecting every problem. */
export function readReport(raw: unknown, where: string, problems: string[]): ReportConfig {
  const f = sectionOf(raw, `${where}: report`, REPORT_KEYS, problems);
  const signatory = (key: 'approver' | 'preparer'): Signatory => {
    const s = sectionOf(f[key], `${where}: report.${key}`, SIGNATORY_KEYS, problems);
    return Object.freeze({
      position: line(s.position, `${where}: report.${key}.position`, problems) ?? REPORT_DEFAULTS[key].position,
      // An empty name is allowed: the block then has a line to write it in by hand.
      name: line(s.name, `${where}: report.${key}.name`, problems, true) ?? REPORT_DEFAULTS[key].name,
    });
  };
  return Object.freeze({ approver: signatory('approver'), preparer: signatory('preparer') });
}

/** `mail.fromName`: the sender's display name; absent = the name in `mail.from`, else `org.unit`. */
export function readFromName(raw: unknown, where: string, problems: string[]): string | null {
  const v = line(raw, `${where}: mail.fromName`, problems);
  if (v !== undefined && /[<>"]/.test(v)) {
    problems.push(`${where}: mail.fromName: may not hold <, > or " (it is a display name, not an address)`);
    return null;
  }
  return v ?? null;
}

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
