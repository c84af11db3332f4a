/**
 * `odmon import KIND FILE`: one file in one transaction. Every row is checked first, as the file is read; if any
 * is bad nothing is written and every problem is reported as `FILE:LINE: column: problem` (exit code 2).
 */
import { systemClock } from '../clock';
import { OdmonError } from '../errors';
import { storeErrorOf } from '../store/errors';
import type { Db } from '../store/db';
import { toStoredInstant } from '../time/days';
import * as f from './fields';
import type { ImportKind } from './kinds';
import { collectGarbage, RELIEF } from './memory';
import { planDatasets, planPublications } from './plan-datasets';
import { planPlan } from './plan-plan';
import { planStewards } from './plan-stewards';
import type { ImportContext, ImportReport, Plan, PlanContext, Planner, WriteContext } from './planner';
import { importError, readTable, readTableSync, type InputRow, type ReadOptions, type TableSummary, type TableVisitor } from './read';

export { IMPORT_KINDS, type ImportKind } from './kinds';
export type { ImportContext, ImportReport, StewardRename } from './planner';
export { KIND_UK } from './plan-stewards';
export { resolveUnits, SEED_PLAN_ID } from './plan-plan';

/** Collects the rows of one file while it is read, then writes them all or nothing. */
class ImportRun implements TableVisitor {
  readonly problems: string[] = [];
  private plan: Plan | null = null;
  private rows = 0;
  private readonly ctx: PlanContext;

  constructor(
    private readonly db: Db,
    private readonly kind: ImportKind,
    ctx: ImportContext,
  ) {
    this.ctx = { ...ctx, realNow: ctx.realNow ?? systemClock.now() };
  }

  header(columns: readonly string[], place: (line: number, key?: string) => string, lineWord: 'line' | 'row', label: (key: string) => string): void {
    this.plan = PLANNERS[this.kind](this.db, columns, new f.RowProblems(this.problems, place, lineWord, label), this.ctx);
  }

  row(r: InputRow): void {
    this.rows++;
    this.plan?.row(r);
    if (this.rows % RELIEF === 0) collectGarbage();
  }

  finish(t: TableSummary): ImportReport {
    const write = this.plan?.finish();
    if (this.problems.length > 0 || write === undefined) throw importError(t.file, this.problems.length > 0 ? this.problems : [`${t.file}: у файлі немає рядка заголовків`]);
    const w: WriteContext = { realNowIso: toStoredInstant(this.ctx.realNow), actor: this.ctx.actor ?? 'import' };
    try {
      const counts = this.db.transaction(() => write(this.db, w)).immediate();
      return { kind: this.kind, file: t.file, detected: t.detected, rows: this.rows, inserted: counts.inserted, updated: counts.updated, unchanged: counts.unchanged, publications: counts.publications, renamed: counts.renamed ?? [] };
    } catch (cause) {
      // A lock held past the busy timeout, a read-only or full disk: the store's own coded error and hint.
      const known = storeErrorOf(cause);
      if (known) throw known;
      throw new OdmonError('E_DB', `${t.file}: база даних не прийняла імпорт: ${(cause as Error).message}`, {
        hint: 'нічого не імпортовано; якщо це повторюється, повідомте про помилку разом із файлом',
        cause,
      });
    }
  }
}

/**
 * Imports one .csv or .json file in one transaction: every row is checked first, and if any is bad nothing is
 * written and every problem is reported as `FILE:LINE: column: problem` (exit code 2).
 */
export function importFile(db: Db, kind: ImportKind, file: string, ctx: ImportContext, opts: ReadOptions = {}): ImportReport {
  const run = new ImportRun(db, kind, ctx);
  return run.finish(readTableSync(file, kind, run.problems, run, opts));
}

/** importFile for every format, a workbook (.xlsx) included: the sheet is read row by row. */
export async function importFileAsync(db: Db, kind: ImportKind, file: string, ctx: ImportContext, opts: ReadOptions = {}): Promise<ImportReport> {
  const run = new ImportRun(db, kind, ctx);
  return run.finish(await readTable(file, kind, run.problems, run, opts));
}


const PLANNERS: Record<ImportKind, Planner> = {
  stewards: planStewards,
  datasets: planDatasets,
  plan: planPlan,
  publications: planPublications,
};
