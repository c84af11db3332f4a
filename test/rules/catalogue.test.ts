/**
 * A rule fact is declared once, in src/rules/catalogue.ts: validation accepts what it lists, docs/rules.md shows
 * its tables (generated), and the subjects the rules judge carry exactly its facts, of the types it says.
 */
import fs from 'node:fs';
import { SUBJECT_TYPES } from '../../src/domain';
import { FACTS, MESSAGE_VARS } from '../../src/rules/catalogue';
import { RULES_DOC, rulesDoc } from '../../src/rules/docs';
import { buildSubjects } from '../../src/rules/subjects';
import { listDatasets } from '../../src/store/datasets';
import { listTasks } from '../../src/store/plan';
import { listStewards } from '../../src/store/stewards';
import { AS_OF, useExampleCouncil } from '../views/example-council';

const council = useExampleCouncil('catalogue');

describe('the rule catalogue', () => {
  it('is what docs/rules.md shows (run "npm run docs:rules" after changing a fact or a placeholder)', () => {
    const written = fs.readFileSync(RULES_DOC, 'utf8');
    if (written !== rulesDoc(written)) throw new Error('docs/rules.md is out of date: run "npm run docs:rules" and commit it');
  });

  it('names every fact the subjects carry, and no other, with the type it says', () => {
    const { app } = council();
    const subjects = buildSubjects({
      now: AS_OF,
      graceDays: app.config.graceDays,
      dueSoonDays: app.config.dueSoonDays,
      frequencies: app.frequencies,
      stewards: listStewards(app.db),
      datasets: listDatasets(app.db),
      tasks: listTasks(app.db),
    });
    for (const type of SUBJECT_TYPES) {
      expect(subjects[type].length).toBeGreaterThan(0);
      for (const s of subjects[type]) {
        expect(Object.keys(s.facts).sort()).toEqual(Object.keys(FACTS[type]).sort());
        for (const [name, value] of Object.entries(s.facts)) {
          const spec = FACTS[type][name];
          if (value === null) expect({ name, nullable: spec.nullable }).toEqual({ name, nullable: true });
          else expect({ name, type: typeof value }).toEqual({ name, type: spec.type });
        }
      }
    }
  });

  it('has placeholders for every subject type', () => {
    for (const type of SUBJECT_TYPES) expect(MESSAGE_VARS[type].length).toBeGreaterThan(0);
  });
});
