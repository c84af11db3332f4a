/** The evaluation alone, as a check runs it (src/check/judge-register.ts), on a register already in memory. */
import { judgeSubjects } from '../src/check/judge-register';
import type { Dataset } from '../src/domain';
import type { Evaluation } from '../src/rules/evaluate';
import { countDatasetsBySteward, type SubjectInputs } from '../src/rules/subjects';
import type { RuleDefinition } from '../src/rules/validate';
import { kyivDayOfMs } from '../src/time/kyiv-dates';

/** The datasets in pages of 1,000, as the check reads them from the database. */
async function* pagesOf(datasets: readonly Dataset[]): AsyncGenerator<readonly Dataset[]> {
  for (let i = 0; i < datasets.length; i += 1000) yield datasets.slice(i, i + 1000);
}

/**
 * Facts, every rule and the findings worst first, from the loaded rows. `compiled` false: every rule by
 * json-rules-engine runs (memoised), the way odmon evaluated before rules were compiled.
 */
export async function evaluateAlone(rules: readonly RuleDefinition[], inputs: SubjectInputs, compiled: boolean): Promise<Evaluation> {
  const withCounts = { ...inputs, datasetCounts: countDatasetsBySteward(inputs.datasets) };
  const judged = await judgeSubjects(withCounts, rules, kyivDayOfMs(inputs.now.toMillis()), pagesOf(inputs.datasets), undefined, { compile: compiled });
  return judged.evaluation;
}
