/** The evaluation alone, as runCheck does it: facts from the loaded rows (in slices), then every rule. */
import { evaluate, type Evaluation } from '../src/rules/evaluate';
import { buildSubjectsInSlices, type SubjectInputs } from '../src/rules/subjects';
import type { RuleDefinition } from '../src/rules/validate';

/** `compiled` false: every rule by json-rules-engine runs (memoised), the way odmon evaluated before. */
export async function evaluateAlone(rules: readonly RuleDefinition[], inputs: SubjectInputs, compiled: boolean): Promise<Evaluation> {
  return evaluate(rules, await buildSubjectsInSlices(inputs), { compile: compiled });
}
