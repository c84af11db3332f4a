/**
 * Stewards' compliance now: the counts and score of "How odmon counts" (complianceOf, src/history/score.ts) per
 * steward and for the council, with each steward's open findings. The same numbers as the digest's table, the
 * quarterly snapshots and the yearly report, from the same facts the rules judge.
 */
import type { DateTime } from 'luxon';
import type { Dataset, Steward } from '../domain';
import { ALL_STEWARDS, complianceBySteward, complianceOf, openItemsBySteward, type ComplianceCounts } from '../history/score';
import { datasetSubjects, type Subject } from '../rules/subjects';
import { listDatasets } from '../store/datasets';
import { listOpenFindings } from '../store/findings';
import { listStewards } from '../store/stewards';
import { toStoredInstant } from '../time/days';
import type { ReadSource } from './source';

export interface StewardCompliance extends ComplianceCounts {
  readonly id: string;
  readonly name: string;
  /** Open findings that name it among their responsible stewards (a shared plan task counts for each). */
  readonly openFindings: number;
  /** It has an e-mail address: its notices reach someone. */
  readonly reachable: boolean;
}

export interface CouncilCompliance extends ComplianceCounts {
  /** Open findings, each counted once. */
  readonly openFindings: number;
}

export interface ComplianceView {
  readonly asOf: string;
  readonly council: CouncilCompliance;
  /** Worst first: late and never published, then open findings, then by name; stewards with nothing to count are left out. */
  readonly stewards: readonly StewardCompliance[];
}

/** The dataset subjects the counts are made of, as the digest builds them: the register as of `now`. */
export function complianceSubjects(src: ReadSource, now: DateTime, stewards: readonly Steward[], datasets: readonly Dataset[] = listDatasets(src.db)): Subject[] {
  return datasetSubjects({ now, graceDays: src.graceDays, dueSoonDays: src.dueSoonDays, frequencies: src.frequencies, stewards, datasets, tasks: [] });
}

/** Per-steward rows from subjects and open findings: the one ordering (worst score first) and filter of every steward table: the digest's, the pages'. */
export function stewardComplianceRows(stewards: readonly Steward[], subjects: readonly Subject[], open: readonly { readonly stewards: readonly string[] }[]): StewardCompliance[] {
  return stewardRowsFromCounts(stewards, complianceBySteward(subjects), open);
}

/** stewardComplianceRows from counts already made (a national register counted as its subjects were made). */
export function stewardRowsFromCounts(
  stewards: readonly Steward[],
  counts: ReadonlyMap<string, ComplianceCounts>,
  open: readonly { readonly stewards: readonly string[] }[],
): StewardCompliance[] {
  const items = openItemsBySteward(open);
  const none = complianceOf([]);
  return stewards
    .map((s) => ({ id: s.id, name: s.name, ...(counts.get(s.id) ?? none), openFindings: items.get(s.id)?.length ?? 0, reachable: s.emails.length > 0 }))
    .filter((r) => r.score !== null || r.openFindings > 0 || r.suspended > 0)
    // Worst score first (the key the digest and the pages show), one with nothing to judge last; then most open items.
    .sort((a, b) => (a.score ?? 2) - (b.score ?? 2) || b.openFindings - a.openFindings || a.name.localeCompare(b.name, 'uk'));
}

/** The council's and every steward's compliance as of `now`. */
export function complianceView(src: ReadSource, now: DateTime): ComplianceView {
  const stewards = listStewards(src.db);
  const subjects = complianceSubjects(src, now, stewards);
  const open = listOpenFindings(src.db);
  const council = complianceBySteward(subjects).get(ALL_STEWARDS) ?? complianceOf([]);
  return { asOf: toStoredInstant(now), council: { ...council, openFindings: open.length }, stewards: stewardComplianceRows(stewards, subjects, open) };
}
