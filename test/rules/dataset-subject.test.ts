import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { Dataset, Steward } from '../../src/domain';
import { SEED_DIR } from '../../src/paths';
import { FACTS, MESSAGE_VARS } from '../../src/rules/catalogue';
import { DatasetJudging, datasetSubjectMaker } from '../../src/rules/dataset-subject';
import type { SubjectInputs } from '../../src/rules/subjects';
import type { PortalEvidence } from '../../src/store/portal';
import { loadFrequencyCatalogue } from '../../src/time/frequency';

/**
 * The check judges a dataset from its facts alone and makes its subject only when a rule holds, looking its
 * placeholders up one by one: the same facts, subject and placeholders as the subject built whole.
 */

const frequencies = loadFrequencyCatalogue(fs.readFileSync(path.join(SEED_DIR, 'update-frequencies.csv'), 'utf8'));
const STEWARDS: Steward[] = [{ id: 'it', name: 'Відділ ІКЗ', kind: 'department', emails: ['it@example.org'], headEmail: null }];
const evidence: fc.Arbitrary<PortalEvidence> = fc.record({
  portalId: fc.constant('p-1'),
  seen: fc.boolean(),
  goneAt: fc.constantFrom(null, '2026-01-05T10:00:00.000Z'),
  resourceCount: fc.option(fc.nat({ max: 3 }), { nil: null }),
  formats: fc.array(fc.constantFrom('PDF', 'CSV', ''), { maxLength: 3 }),
  frequency: fc.constantFrom(null, 'once a month', 'once a year'),
  frequencyRaw: fc.constantFrom(null, 'Щороку', 'коли буде час'),
  maintainer: fc.constantFrom(null, 'Олена', ' '),
  maintainerEmail: fc.constantFrom(null, 'o@example.org', 'n/a'),
  metadataModified: fc.constant(null),
  resourcesModified: fc.constant(null),
  lastSyncRun: fc.constant(null),
});
const dataset = fc.record({
  id: fc.constantFrom('ds-1', 'ds-2', 'ds-3'),
  title: fc.constantFrom('Бюджет', 'Реєстр «договорів»', 'x'.repeat(600)),
  stewardId: fc.constantFrom(null, 'it', 'gone'),
  frequency: fc.constantFrom(null, 'once a month', 'once a year', 'no longer updated'),
  frequencyRaw: fc.constantFrom(null, 'Щомісяця', 'раз на тиждень по вівторках'),
  required: fc.boolean(),
  portalId: fc.constantFrom(null, 'p-1'),
  suspended: fc.constantFrom(null, 'воєнний стан'),
  lastUpdated: fc.option(fc.integer({ min: Date.parse('2020-01-01'), max: Date.parse('2027-01-01') }).map((t) => new Date(t).toISOString()), { nil: null }),
}) as fc.Arbitrary<Dataset>;

describe('a dataset judged by its facts', () => {
  it('has the facts, subject and placeholders of the subject built whole', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(dataset, fc.option(evidence, { nil: undefined })), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 3 }), (list, graceDays) => {
        for (const [d, ev] of list) {
          const inp: SubjectInputs = {
            now: DateTime.fromISO('2026-11-27T09:00', { zone: 'Europe/Kyiv' }),
            graceDays,
            dueSoonDays: 30,
            frequencies,
            stewards: STEWARDS,
            datasets: [],
            tasks: [],
            portal: ev === undefined ? undefined : new Map([[d.id, ev]]),
          };
          const whole = datasetSubjectMaker(inp)(d);
          const judging = new DatasetJudging(inp);
          const facts = judging.facts(d);
          expect(Object.keys(facts).sort()).toEqual(Object.keys(FACTS.dataset).sort());
          expect(facts).toEqual(whole.facts);
          const lazy = judging.subject(facts, true);
          const fields = (x: typeof lazy): unknown => ({ type: x.type, id: x.id, steward: x.steward, stewards: x.stewards, facts: x.facts, vars: x.vars, dueAt: x.dueAt, daysOverdue: x.daysOverdue });
          expect(fields(lazy)).toEqual(fields(whole));
          for (const name of [...MESSAGE_VARS.dataset, 'unknown']) expect(lazy.varOf?.(name)).toBe(whole.vars[name]);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
