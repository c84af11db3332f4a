/** Changes to the register beyond an import, for one open app: export and merging stewards. */
import type { App } from '../app';
import { exportRegister, type ExportReport } from '../export/write';
import { IMPORT_KINDS, type ImportKind } from '../import/kinds';
import type { ImportReport } from '../import/import';
import { mergeStewards, type MergeResult } from '../register/merge';
import type { MoveCounts } from '../store/steward-moves';

export { IMPORT_KINDS };
export type { ExportReport, ImportKind, ImportReport, MergeResult, MoveCounts };

/** `odmon export KIND FILE`: .xlsx (to fill in), .csv or .json, from the extension; `shownAs` names it in messages. */
export function exportKind(app: App, kind: ImportKind, file: string, shownAs: string): Promise<ExportReport> {
  return exportRegister(app.db, kind, file, app.frequencies, shownAs);
}

/** `odmon steward merge OLD NEW`: recorded at the real time. */
export function mergeStewardInto(app: App, inp: { from: string; to: string; actor: string; reason: string | null; dryRun: boolean }): MergeResult {
  return mergeStewards(app.db, { ...inp, at: app.clock.now() });
}
