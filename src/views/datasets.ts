/** Register entries as their state stands: last update, the next deadline, on time or late, from the rules' facts. */
import type { Dataset } from '../domain';
import type { Subject } from '../rules/subjects';
import { datasetStatus, type DatasetState, type DatasetStatus } from './statuses';

export type { DatasetState };

/**
 * `not-periodic`: published, with no periodic deadline (event-driven, no longer updated, or a frequency odmon
 * does not know — the last is a finding of its own); the counts take it as on time (src/history/score.ts).
 */

export interface DatasetStateView {
  readonly id: string;
  readonly title: string;
  readonly stewardId: string | null;
  readonly required: boolean;
  /** The normalised portal value (`once a month`), or null when blank or not recognised. */
  readonly frequency: string | null;
  /** Its Ukrainian label, or the text as written when it is not recognised; empty when blank. */
  readonly frequencyLabel: string;
  readonly frequencyStatus: 'known' | 'blank' | 'unknown';
  /** The latest of the register's date and the publication history; null: never published. */
  readonly lastUpdated: string | null;
  /** The first instant the next update is late (last update + period + grace, the day after the deadline day). */
  readonly dueAt: string | null;
  /** Kyiv days past the deadline day (negative: days left); null without a deadline. */
  readonly daysOverdue: number | null;
  readonly state: DatasetState;
  /** What people read (src/views/statuses.ts): «Вчасно», «Наближається термін», «Прострочено», … */
  readonly status: DatasetStatus;
  /** The basis when suspended. */
  readonly suspended: string | null;
  readonly portalId: string | null;
}

export function datasetState(d: Dataset, s: Subject): DatasetStateView {
  const f = s.facts;
  const state: DatasetState =
    f.suspended === true ? 'suspended' : f.published !== true ? 'never-published' : s.daysOverdue !== null && s.daysOverdue > 0 ? 'late' : s.dueAt === null ? 'not-periodic' : 'on-time';
  const frequencyStatus = f.frequencyStatus as DatasetStateView['frequencyStatus'];
  // One object literal with every field: a national register holds 100,000 of them (src/views/picture.ts).
  return {
    id: d.id,
    title: d.title,
    stewardId: d.stewardId,
    required: d.required,
    frequency: typeof f.frequency === 'string' ? f.frequency : null,
    frequencyLabel: s.vars.frequency ?? '',
    frequencyStatus,
    lastUpdated: d.lastUpdated,
    dueAt: s.dueAt,
    daysOverdue: s.daysOverdue,
    state,
    status: datasetStatus({ state, daysOverdue: s.daysOverdue, frequencyStatus }),
    suspended: d.suspended,
    portalId: d.portalId,
  };
}

/** The states of `datasets`, whose subjects (built from the same rows, in the same order) are `subjects`. */
export function datasetStates(datasets: readonly Dataset[], subjects: readonly Subject[]): DatasetStateView[] {
  return datasets.map((d, i) => datasetState(d, subjects[i]));
}
