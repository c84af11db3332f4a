/**
 * Plain domain types. Imports nothing: every other module may depend on this one.
 * Instants are ISO-8601 strings in UTC (`2019-06-30T21:00:00.000Z`) so that SQLite compares them as text.
 */

export type StewardKind = 'department' | 'external';

export interface Steward {
  readonly id: string;
  readonly name: string;
  /** `external` units (external experts, a working group) are not departments and may have no e-mail. */
  readonly kind: StewardKind;
  readonly emails: readonly string[];
  readonly headEmail: string | null;
}

export interface Dataset {
  readonly id: string;
  readonly title: string;
  readonly stewardId: string | null;
  /** Normalised portal value (`once a month`), or null when blank. */
  readonly frequency: string | null;
  /** As written in the source, kept for messages when it could not be recognised. */
  readonly frequencyRaw: string | null;
  readonly required: boolean;
  readonly portalId: string | null;
  /** Non-null means suspended (withheld on purpose), with this reason. */
  readonly suspended: string | null;
  /** Latest of the register's `last_updated` and the publication history; null = never published. */
  readonly lastUpdated: string | null;
}

export interface PlanTask {
  readonly id: string;
  readonly planId: string;
  readonly goal: string;
  readonly title: string;
  readonly deadlineText: string;
  /** Start of the first quarter of a span, or null. */
  readonly startsAt: string | null;
  /** First instant at which the task is overdue (exclusive end of the deadline day); null = no single deadline. */
  readonly dueAt: string | null;
  readonly doneAt: string | null;
  readonly responsible: readonly TaskResponsible[];
}

export interface TaskResponsible {
  /** The unit as the plan names it. */
  readonly unit: string;
  /** The steward this unit is, or null for the group meaning every steward. */
  readonly stewardId: string | null;
  /** True for `Розпорядники наборів відкритих даних`: every steward. */
  readonly allStewards: boolean;
}

export type Severity = 'high' | 'medium' | 'low' | 'info';
/** Worst first: the one order of severities for sorting, grouping and validation. */
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low', 'info'];

export type SubjectType = 'dataset' | 'task' | 'steward';
export const SUBJECT_TYPES: readonly SubjectType[] = ['dataset', 'task', 'steward'];

export interface Subject {
  readonly type: SubjectType;
  readonly id: string;
}

/** One rule that holds for one subject, as of one evaluation. */
export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly subject: Subject;
  /** The steward the finding is addressed to, or null (unassigned, or a plan task of every steward). */
  readonly steward: string | null;
  /** Every steward responsible (plan tasks may have several); includes `steward` when set. */
  readonly stewards: readonly string[];
  readonly dueAt: string | null;
  /** Whole Kyiv calendar days after the deadline day (1 = the day after); negative = days left; null = no deadline. */
  readonly daysOverdue: number | null;
  /** Ukrainian, ready for people. */
  readonly message: string;
}

/** What a steward was told about a finding, and when: the input of the notice policy (src/notify/due.ts). */
export type NoticeReason = 'new' | 'escalated' | 'repeat' | 'resolved' | 'snooze-ended' | 'acknowledged';

export interface NoticeCandidate {
  readonly findingId: number;
  readonly stewardId: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly subjectType: SubjectType;
  readonly subjectId: string;
  readonly message: string;
  readonly dueAt: string | null;
  readonly daysOverdue: number | null;
  readonly openedAt: string;
  readonly resolvedAt: string | null;
  /** It ended because its dataset was suspended, with this basis: told as suspended, never as resolved. */
  readonly endedBySuspension?: string | null;
  /** Earlier notices of this finding to this steward; null = never told. */
  readonly state: NoticeState | null;
  /** When the latest snooze of this finding or of this steward ends (or ended); absent/null = never snoozed. */
  readonly snoozedUntil?: string | null;
  /** The latest acknowledgement of this finding episode; absent/null = none. */
  readonly acknowledgement?: NoticeAcknowledgement | null;
}

export interface NoticeAcknowledgement {
  readonly at: string;
  readonly person: string;
  readonly comment: string | null;
}

export interface NoticeState {
  /** The first notice of this finding episode to this steward: escalation counts from it. */
  readonly firstNotifiedAt: string;
  readonly lastNotifiedAt: string;
  readonly count: number;
  readonly escalatedAt: string | null;
  readonly resolvedNotifiedAt: string | null;
}

/** A scheduled job's stored state: decisions are pure functions of it and now (src/schedule/plan.ts). */
export interface JobState {
  readonly name: string;
  readonly lastRunAt: string | null;
  /** The next moment the job is due; null before the daemon first saw this job. */
  readonly nextDueAt: string | null;
}

/**
 * A steward's (or the council's) compliance at one moment: the digest, the quarterly history, the yearly report
 * and `odmon history` share it, computed by one function (src/history/score.ts) from the facts the rules judge.
 *
 * Every count is among the **required** datasets, so the figures add up:
 * `required = published + neverPublished + suspended` and `published = onTime + late`. A dataset the steward
 * publishes of its own accord (not required) is judged by the rules (a late one is a finding) but counted here
 * in no column. A suspended dataset (withheld on purpose, in force at that moment) counts only as suspended.
 */
export interface ComplianceCounts {
  /** Required datasets, suspended ones included. */
  readonly required: number;
  /** Required, not suspended, published at least once (on time or late). */
  readonly published: number;
  /** Required, not suspended, published, and its deadline (last update + period + grace) not passed. */
  readonly onTime: number;
  /** Required, not suspended, published, and past its deadline. */
  readonly late: number;
  /** Required, not suspended, never published. */
  readonly neverPublished: number;
  /** Required and suspended. */
  readonly suspended: number;
  /**
   * onTime ÷ (required − suspended), 0–1; null when there is nothing to judge. A dataset withheld on purpose
   * counts neither for nor against.
   */
  readonly score: number | null;
}
