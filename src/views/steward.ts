/** One steward's page: its compliance now and by quarter, its open findings, its datasets and its plan tasks. */
import type { DateTime } from 'luxon';
import type { StewardKind } from '../domain';
import { complianceOf } from '../history/score';
import { listDatasets } from '../store/datasets';
import { queryOpenFindings } from '../store/read-findings';
import { listStewards } from '../store/stewards';
import { toStoredInstant } from '../time/days';
import { complianceSubjects, type StewardCompliance } from './compliance';
import { datasetStates, type DatasetStateView } from './datasets';
import { openFindingsView, requireSteward, type FindingPage } from './findings';
import { quarterlyHistory, type QuarterScore } from './history';
import { planTasksView, type PlanTaskView } from './tasks';
import type { ReadSource } from './source';

export interface StewardPage {
  readonly asOf: string;
  /** No addresses: a public page must not show them. */
  readonly steward: { readonly id: string; readonly name: string; readonly kind: StewardKind; readonly reachable: boolean; readonly headReachable: boolean };
  readonly compliance: StewardCompliance;
  readonly findings: FindingPage;
  /** Its datasets by id, with their state, last update and next deadline. */
  readonly datasets: readonly DatasetStateView[];
  readonly quarters: readonly QuarterScore[];
  /** The plan tasks it is responsible for, directly or as one of every steward. */
  readonly tasks: readonly PlanTaskView[];
}

/** `findings` pages the steward's open findings (offset, limit); all of them by default. */
export function stewardPage(src: ReadSource, id: string, now: DateTime, findings: { readonly offset?: number; readonly limit?: number } = {}): StewardPage {
  const stewards = listStewards(src.db);
  const s = requireSteward(stewards, id);
  const datasets = listDatasets(src.db, { stewardId: id });
  const subjects = complianceSubjects(src, now, stewards, datasets);
  const open = queryOpenFindings(src.db, { stewardId: id, limit: 0 }).total;
  return {
    asOf: toStoredInstant(now),
    steward: { id: s.id, name: s.name, kind: s.kind, reachable: s.emails.length > 0, headReachable: s.headEmail !== null },
    compliance: { id: s.id, name: s.name, ...complianceOf(subjects), openFindings: open, reachable: s.emails.length > 0 },
    findings: openFindingsView(src, now, { steward: id, ...findings }),
    datasets: datasetStates(datasets, subjects),
    quarters: quarterlyHistory(src, { stewardId: id }),
    tasks: planTasksView(src, now, { stewardId: id }),
  };
}
