/**
 * Compliance counts and the score of a steward, from the very dataset facts the rules judge, so the digest,
 * the quarterly snapshots and the yearly report never disagree with the findings.
 */
import type { ComplianceCounts } from '../domain';
import type { Subject } from '../rules/subjects';
import { plural } from '../uk';

export type { ComplianceCounts };

/** Everything in the register, unassigned datasets included: the council as a whole. */
export const ALL_STEWARDS = '*';

const is = (d: Subject, k: string): boolean => d.facts[k] === true;
const isLate = (d: Subject): boolean => typeof d.facts.daysOverdue === 'number' && d.facts.daysOverdue > 0;

/**
 * Counts datasets one at a time, by the one definition of ComplianceCounts: among required datasets only. A
 * national register can be counted as its subjects are made, without holding them all.
 */
export class ComplianceTally {
  private required = 0;
  private onTime = 0;
  private late = 0;
  private neverPublished = 0;
  private suspended = 0;

  add(d: Subject): void {
    if (!is(d, 'required')) return;
    this.required++;
    if (is(d, 'suspended')) this.suspended++;
    else if (!is(d, 'published')) this.neverPublished++;
    else if (isLate(d)) this.late++;
    else this.onTime++;
  }

  counts(): ComplianceCounts {
    const { required, onTime, late, neverPublished, suspended } = this;
    const judged = required - suspended;
    return { required, published: onTime + late, onTime, late, neverPublished, suspended, score: judged === 0 ? null : onTime / judged };
  }
}

/** The counts of ComplianceCounts (src/domain.ts), by their one definition: among required datasets only. */
export function complianceOf(subjects: readonly Subject[]): ComplianceCounts {
  const tally = new ComplianceTally();
  for (const d of subjects) tally.add(d);
  return tally.counts();
}

/**
 * The score's numbers in words, by the one definition (required includes the suspended; the score leaves them out):
 * «вчасно 18 з 70 (обов'язкових 73, без 3 призупинених)», «вчасно 18 з 73 обов'язкових». What the digest and its
 * Telegram summary say, so that «обов'язкових» is always the count the report and the history give.
 */
export function onTimeOfRequired(c: Pick<ComplianceCounts, 'required' | 'suspended' | 'onTime'>): string {
  const judged = c.required - c.suspended;
  if (c.required === 0) return "обов'язкових наборів немає";
  if (judged === 0) return `обов'язкових ${c.required}, ${c.required === 1 ? 'його' : 'усі'} призупинено`;
  if (c.suspended === 0) return `вчасно ${c.onTime} з ${c.required} обов'язкових`;
  return `вчасно ${c.onTime} з ${judged} (обов'язкових ${c.required}, без ${c.suspended} ${plural(c.suspended, 'призупиненого', 'призупинених', 'призупинених')})`;
}

/** Counts per steward id (only stewards with at least one dataset), plus ALL_STEWARDS for the whole register. */
export function complianceBySteward(subjects: readonly Subject[]): Map<string, ComplianceCounts> {
  const mine = new Map<string, Subject[]>();
  for (const d of subjects) {
    if (d.steward === null) continue;
    const list = mine.get(d.steward) ?? [];
    list.push(d);
    mine.set(d.steward, list);
  }
  const out = new Map<string, ComplianceCounts>();
  for (const [id, list] of mine) out.set(id, complianceOf(list));
  out.set(ALL_STEWARDS, complianceOf(subjects));
  return out;
}

/**
 * A steward's open items: every open finding that names it among its responsible stewards. A plan task of
 * several units counts, and is listed, for each of them, so `odmon check --steward X`, X's notice and the
 * pages speak of the same items (the digest's table puts such tasks in a row of their own, so its rows add up). Findings that name no steward are under `null`.
 */
export function openItemsBySteward<F extends { readonly stewards: readonly string[] }>(findings: readonly F[]): Map<string | null, F[]> {
  const out = new Map<string | null, F[]>();
  for (const f of findings) {
    for (const id of f.stewards.length > 0 ? f.stewards : [null]) {
      const list = out.get(id) ?? [];
      list.push(f);
      out.set(id, list);
    }
  }
  return out;
}

// The score's wording lives with the other Ukrainian words (src/uk.ts); kept here for the report and the digest.
export { formatChange, formatScore } from '../uk';
