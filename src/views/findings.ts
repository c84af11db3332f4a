/**
 * Findings as people look at them: the open ones with their snoozes and acknowledgements (filtered and paged,
 * as a web list needs), and a check's findings grouped by the stewards they name, worst first.
 */
import type { DateTime } from 'luxon';
import { SEVERITIES, type Finding, type Severity, type Steward, type SubjectType } from '../domain';
import { OdmonError } from '../errors';
import { openItemsBySteward } from '../history/score';
import { latestAcknowledgementsOfOpen, type Acknowledgement } from '../store/acknowledgements';
import { findingsByIds, type FindingRecord } from '../store/finding-lookup';
import { queryOpenFindings } from '../store/read-findings';
import { listActiveSnoozes } from '../store/snoozes';
import { listStewards } from '../store/stewards';
import { toStoredInstant } from '../time/days';
import type { ReadSource } from './source';

/** The name of the group of findings that name no steward (an unassigned dataset, a task of nobody in particular). */
export const NO_STEWARD_NAME = 'Без розпорядника';

export interface FindingAcknowledgement {
  /** Who acknowledged: the steward's person. */
  readonly person: string;
  readonly at: string;
  readonly comment: string | null;
  /** The steward it speaks for; null: every steward of the finding. */
  readonly stewardId: string | null;
}

/** One open finding episode, with the id the exemption commands take. Instants are stored UTC ISO strings. */
export interface OpenFinding {
  readonly id: number;
  readonly rule: string;
  readonly severity: Severity;
  readonly subject: { readonly type: SubjectType; readonly id: string };
  readonly steward: string | null;
  readonly stewards: readonly string[];
  readonly message: string;
  readonly dueAt: string | null;
  readonly daysOverdue: number | null;
  readonly openedAt: string;
  /** When the latest running snooze of it (or of one of its stewards) ends; null when none runs. */
  readonly snoozedUntil: string | null;
  readonly acknowledgement: FindingAcknowledgement | null;
}

export interface FindingFilter {
  readonly steward?: string;
  readonly rule?: string;
  readonly severity?: Severity;
  readonly subject?: { readonly type: SubjectType; readonly id: string };
  readonly offset?: number;
  readonly limit?: number;
}

export interface FindingPage {
  /** How many open findings match the filter, on every page. */
  readonly total: number;
  readonly offset: number;
  readonly items: readonly OpenFinding[];
}

/** Refuses a steward id the register does not have: a typo must not look like "no findings". */
export function requireSteward(stewards: readonly Steward[], id: string): Steward {
  const s = stewards.find((x) => x.id === id);
  if (s === undefined) {
    throw new OdmonError('E_NOT_FOUND', `розпорядника "${id}" немає в реєстрі`, { hint: `відомі розпорядники: ${stewards.map((x) => x.id).join(', ')}` });
  }
  return s;
}

/**
 * The open findings that match, by id. With a steward filter, the acknowledgement shown is that steward's (or
 * one for every steward); otherwise the latest of any.
 */
export function openFindingsView(src: ReadSource, now: DateTime, filter: FindingFilter = {}): FindingPage {
  if (filter.steward !== undefined) requireSteward(listStewards(src.db), filter.steward);
  const { total, rows } = queryOpenFindings(src.db, {
    stewardId: filter.steward,
    rule: filter.rule,
    severity: filter.severity,
    subject: filter.subject,
    offset: filter.offset,
    limit: filter.limit,
  });
  const snoozes = listActiveSnoozes(src.db, toStoredInstant(now));
  const acks = new Map<number, Acknowledgement>();
  for (const a of latestAcknowledgementsOfOpen(src.db)) {
    if (filter.steward !== undefined && a.stewardId !== null && a.stewardId !== filter.steward) continue;
    const before = acks.get(a.findingId);
    if (before === undefined || before.id < a.id) acks.set(a.findingId, a);
  }
  const items = rows.map((f): OpenFinding => {
    const own = snoozes.filter((x) => x.findingId === f.id || (x.stewardId !== null && f.stewards.includes(x.stewardId)));
    const ack = acks.get(f.id);
    return {
      id: f.id,
      rule: f.rule,
      severity: f.severity,
      subject: { type: f.subjectType, id: f.subjectId },
      steward: f.stewardId,
      stewards: f.stewards,
      message: f.message,
      dueAt: f.dueAt,
      daysOverdue: f.daysOverdue,
      openedAt: f.openedAt,
      snoozedUntil: own.length === 0 ? null : own.map((x) => x.until).sort()[own.length - 1],
      acknowledgement: ack === undefined ? null : { person: ack.person, at: ack.at, comment: ack.comment, stewardId: ack.stewardId },
    };
  });
  return { total, offset: filter.offset ?? 0, items };
}

export interface StewardGroup<F> {
  /** The steward's id, or null for the findings that name no steward. */
  readonly stewardId: string | null;
  readonly name: string;
  readonly findings: readonly F[];
  /** How many of them have each severity. */
  readonly bySeverity: Readonly<Record<Severity, number>>;
}

/**
 * Findings by the stewards they name, worst group first (most high-severity findings, then medium, …; then by
 * name). A finding goes to every steward it names (openItemsBySteward): a plan task shared by several units is
 * in each of their groups, as each of them is told about it.
 */
export function findingsBySteward<F extends Pick<Finding, 'stewards' | 'severity'>>(findings: readonly F[], stewards: readonly Steward[]): StewardGroup<F>[] {
  const names = new Map(stewards.map((s) => [s.id, s.name]));
  const groups = [...openItemsBySteward(findings)].map(([stewardId, list]) => {
    const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, list.filter((f) => f.severity === s).length])) as Record<Severity, number>;
    return { stewardId, name: stewardId === null ? NO_STEWARD_NAME : (names.get(stewardId) ?? stewardId), findings: list, bySeverity };
  });
  return groups.sort((a, b) => {
    for (const s of SEVERITIES) if (a.bySeverity[s] !== b.bySeverity[s]) return b.bySeverity[s] - a.bySeverity[s];
    return a.name.localeCompare(b.name, 'uk') || (a.stewardId ?? '').localeCompare(b.stewardId ?? '');
  });
}

/** Findings by id (a page reads the messages of a council's own rules' findings it shows, not every finding's). */
export function findingMessages(src: Pick<ReadSource, 'db'>, ids: readonly number[]): Map<number, FindingRecord> {
  return findingsByIds(src.db, ids);
}
