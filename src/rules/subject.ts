/** What the rules judge, as types: a subject and what subjects are built from (subjects.ts, dataset-subject.ts). */
import type { DateTime } from 'luxon';
import type { Dataset, PlanTask, Steward, SubjectType } from '../domain';
import type { PortalEvidence } from '../store/portal';
import type { FrequencyCatalogue } from '../time/frequency';

/** One thing the rules judge: its facts (for json-rules-engine) and what a message about it may say. */
export interface Subject {
  readonly type: SubjectType;
  readonly id: string;
  readonly steward: string | null;
  readonly stewards: readonly string[];
  readonly facts: Readonly<Record<string, number | boolean | string | null>>;
  readonly vars: Readonly<Record<string, string>>;
  /** One placeholder (what `vars` holds under that name), when the subject can give it without building `vars`. */
  varOf?(name: string): string | undefined;
  /** The subject's deadline, reported by rules that test `daysOverdue` or `daysUntilDue`. */
  readonly dueAt: string | null;
  readonly daysOverdue: number | null;
}

export interface SubjectInputs {
  readonly now: DateTime;
  readonly graceDays: number;
  readonly dueSoonDays: number;
  readonly frequencies: FrequencyCatalogue;
  readonly stewards: readonly Steward[];
  readonly datasets: readonly Dataset[];
  readonly tasks: readonly PlanTask[];
  /** Register dataset id → what the portal publishes for it (absent: not linked, or never synchronised). */
  readonly portal?: ReadonlyMap<string, PortalEvidence>;
  /**
   * Steward id → its datasets and required datasets, when counted elsewhere (the check counts in SQL, reading only
   * the datasets it judges); absent: counted from `datasets`.
   */
  readonly datasetCounts?: ReadonlyMap<string, DatasetCount>;
}

export interface DatasetCount {
  readonly all: number;
  readonly required: number;
}
