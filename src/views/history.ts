/** The quarterly compliance history: the snapshots kept so far, per steward and for the council. */
import { parseQuarterKey, quarterLabel } from '../history/quarters';
import { ALL_STEWARDS } from '../history/score';
import { ALL_STEWARDS_NAME } from '../history/snapshots';
import type { ComplianceCounts } from '../domain';
import { listSnapshots, type SnapshotSource } from '../store/snapshots';
import { listStewards } from '../store/stewards';
import { requireSteward } from './findings';
import type { ReadSource } from './source';

export { ALL_STEWARDS, ALL_STEWARDS_NAME };

export interface QuarterScore extends ComplianceCounts {
  /** `2019-Q2`. */
  readonly quarter: string;
  /** `II кв. 2019`, as the plan writes quarters. */
  readonly label: string;
  /** A steward's id, or ALL_STEWARDS (`*`) for the council as a whole. */
  readonly stewardId: string;
  readonly stewardName: string;
  /** `live`: taken within 7 days of the quarter's end; `reconstructed`: rebuilt later from the history. */
  readonly source: SnapshotSource;
  readonly takenAt: string;
}

/** The snapshots, oldest quarter first; of one steward (or of the council, `*`) when given. */
export function quarterlyHistory(src: ReadSource, only: { readonly stewardId?: string } = {}): QuarterScore[] {
  // A steward that is not in the register is a typo, never "no history yet".
  if (only.stewardId !== undefined && only.stewardId !== ALL_STEWARDS) requireSteward(listStewards(src.db), only.stewardId);
  return listSnapshots(src.db)
    .filter((s) => only.stewardId === undefined || s.stewardId === only.stewardId)
    .map((s) => {
      const q = parseQuarterKey(s.quarter);
      return { ...s, label: q === null ? s.quarter : quarterLabel(q) };
    });
}
