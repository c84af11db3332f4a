/**
 * What every letter odmon sends shares, as documents.md sets it out: the greeting, the closing «З повагою» with
 * the sending unit and the council, and the executor line with the contact person («Виконавець: Ірина Коваль,
 * тел. …, e-mail»), whose address is also the Reply-To. Names and positions are settings (src/config/org.ts).
 */
import { executorLine, type OrgConfig } from '../config/org';
import type { Steward } from '../domain';
import { plural } from '../uk';

export interface ClosingView {
  readonly unit: string;
  readonly council: string;
  /** «Виконавець: Ірина Коваль, тел. (0522) 00-00-00, opendata@…»; empty when no contact is configured. */
  readonly executor: string;
  readonly hasExecutor: boolean;
  readonly contactEmail: string;
}

export function closingView(org: OrgConfig): ClosingView {
  const executor = executorLine(org);
  return { unit: org.unit, council: org.name, executor, hasExecutor: executor !== '', contactEmail: org.contact.email ?? '' };
}

/** The letters' Reply-To: the contact person's address, when one is configured. */
export function replyToOf(org: OrgConfig): string | null {
  return org.contact.email;
}

const normalName = (s: string): string => s.toLocaleLowerCase('uk').replace(/[’ʼ`]/g, "'").replace(/\s+/g, ' ').trim();

/**
 * The steward that sends the letters (the IT department): its own notices never ask it to report to itself. It
 * is the steward `org.stewardId`, or the one named as `org.unit` (an import may have given it another id).
 */
export function isSendingUnit(s: Pick<Steward, 'id' | 'name'>, org: OrgConfig): boolean {
  return s.id === org.stewardId || normalName(s.name) === normalName(org.unit);
}

/** «відділ інформаційно-комп'ютерного забезпечення» inside a sentence: the unit's first letter in lower case. */
export function unitInSentence(unit: string): string {
  return unit.charAt(0).toLocaleLowerCase('uk') + unit.slice(1);
}

/** `1 день`, `2 дні`, `5 днів`. */
export function daysWords(n: number): string {
  return `${n} ${plural(n, 'день', 'дні', 'днів')}`;
}
