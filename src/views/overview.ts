/** The council at a glance: its score now and by quarter, stewards worst first with their counts, plan progress. */
import type { DateTime } from 'luxon';
import { ALL_STEWARDS } from '../history/score';
import { complianceView, type CouncilCompliance, type StewardCompliance } from './compliance';
import { quarterlyHistory, type QuarterScore } from './history';
import { planProgress, planTasksView, type PlanProgress } from './tasks';
import type { ReadSource } from './source';

export interface CouncilOverview {
  readonly asOf: string;
  readonly council: CouncilCompliance;
  /** Worst first (see complianceView). */
  readonly stewards: readonly StewardCompliance[];
  /** The council's score at the end of every closed quarter, oldest first. */
  readonly quarters: readonly QuarterScore[];
  readonly plan: PlanProgress;
}

export function councilOverview(src: ReadSource, now: DateTime): CouncilOverview {
  const c = complianceView(src, now);
  return {
    asOf: c.asOf,
    council: c.council,
    stewards: c.stewards,
    quarters: quarterlyHistory(src, { stewardId: ALL_STEWARDS }),
    plan: planProgress(planTasksView(src, now)),
  };
}
