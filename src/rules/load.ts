import fs from 'node:fs';
import path from 'node:path';
import { OdmonError } from '../errors';
import { jsonSyntaxProblem } from './json-location';
import { validateRule, type RuleDefinition } from './validate';

export interface LoadedRules {
  readonly rules: readonly RuleDefinition[];
  /** Every problem, each naming its file and JSON path. Rules with problems are left out; the rest still run. */
  readonly problems: readonly string[];
  readonly files: readonly string[];
}

export function loadRules(dir: string): LoadedRules {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch (cause) {
    throw new OdmonError('E_RULES', `не вдалося прочитати теку правил ${dir} («${(cause as Error).message}»)`, {
      hint: 'укажіть у rulesDir (odmon.config.json) або ODMON_RULES_DIR теку з файлами rules/*.json',
      cause,
    });
  }
  if (entries.length === 0) {
    // An empty folder is a mistake (a wrong path, a botched upgrade), never "no rules": judged by no rule, every
    // finding would be resolved and every steward told that all is fixed.
    throw new OdmonError('E_RULES', `у теці правил ${dir} немає жодного файлу правил (*.json)`, {
      hint: 'укажіть у rulesDir (odmon.config.json) або ODMON_RULES_DIR теку з файлами правил, наприклад rules/ самого odmon',
    });
  }
  const rules: RuleDefinition[] = [];
  const problems: string[] = [];
  const byName = new Map<string, RuleDefinition>();
  const rel = (f: string): string => path.relative(process.cwd(), f) || f;
  for (const entry of entries) {
    const file = path.join(dir, entry);
    const shown = rel(file);
    let text: string;
    let json: unknown;
    try {
      // Windows editors save a byte order mark; JSON.parse refuses it.
      text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    } catch (cause) {
      problems.push(`${shown}: не вдалося прочитати («${(cause as Error).message}»)`);
      continue;
    }
    try {
      json = JSON.parse(text);
    } catch (cause) {
      problems.push(jsonSyntaxProblem(shown, text, cause as Error));
      continue;
    }
    const items = Array.isArray(json) ? json.map((r, i) => ({ r, at: `[${i}]` })) : [{ r: json, at: '' }];
    for (const { r, at } of items) {
      const res = validateRule(r, shown, at);
      if (!res.ok) {
        problems.push(...res.problems);
        continue;
      }
      const twin = byName.get(res.rule.name);
      if (twin) {
        problems.push(`${shown}: ${at ? at + '.' : ''}name: назву "${res.rule.name}" вже має правило з ${twin.file}; назви правил мають бути різними`);
        continue;
      }
      byName.set(res.rule.name, res.rule);
      rules.push(res.rule);
    }
  }
  return { rules, problems, files: entries.map((e) => rel(path.join(dir, e))) };
}
