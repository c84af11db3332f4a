import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { Dataset, Steward } from '../../src/domain';
import { SEED_DIR } from '../../src/paths';
import { buildSubjects, buildSubjectsInSlices, datasetSubjects, type SubjectInputs } from '../../src/rules/subjects';
import { calendarDaysBetween, formatDate, fromStoredInstant, kyivDay, toStoredInstant } from '../../src/time/days';
import { addPeriod, loadFrequencyCatalogue } from '../../src/time/frequency';
import { daysOverdue as publicationDaysOverdue, publicationDeadline } from '../../src/time/publication';

/**
 * Dataset facts built with the PublicationCalendar against the way they were built before, with luxon for every
 * dataset (kept below for the facts and placeholders that depend on dates and frequencies).
 */

const frequencies = loadFrequencyCatalogue(fs.readFileSync(path.join(SEED_DIR, 'update-frequencies.csv'), 'utf8'));
const overridden = loadFrequencyCatalogue(fs.readFileSync(path.join(SEED_DIR, 'update-frequencies.csv'), 'utf8'), { 'once a month': 'P31D', 'once a day': 'PT36H' });

/** The date-dependent part of a dataset's subject, computed as datasetSubjects did before the calendar. */
function before(d: Dataset, inp: SubjectInputs) {
  const freq = inp.frequencies.match(d.frequency ?? d.frequencyRaw);
  const period = freq.kind === 'known' ? freq.period : null;
  const last = d.lastUpdated ? fromStoredInstant(d.lastUpdated) : null;
  let dueAt: DateTime | null = null;
  let deadlineDay: DateTime | null = null;
  let overdue: number | null = null;
  let periodDays: number | null = null;
  if (last && period) {
    ({ deadlineDay, dueAt } = publicationDeadline(last, period, inp.graceDays));
    overdue = publicationDaysOverdue(deadlineDay, inp.now);
    periodDays = calendarDaysBetween(kyivDay(last), addPeriod(kyivDay(last), period));
  }
  const sinceUpdate = last ? calendarDaysBetween(last, kyivDay(inp.now)) : null;
  const num = (n: number | null): string => (n === null ? '' : String(n));
  return {
    id: d.id,
    steward: d.stewardId,
    stewards: d.stewardId ? [d.stewardId] : [],
    facts: {
      published: last !== null,
      frequency: freq.kind === 'known' ? freq.value : null,
      frequencyStatus: freq.kind,
      periodic: period !== null,
      periodDays,
      daysSinceUpdate: sinceUpdate,
      daysOverdue: overdue,
    },
    vars: {
      frequency: freq.kind === 'known' ? freq.labelUk : (d.frequencyRaw ?? ''),
      lastUpdated: last ? formatDate(last) : '',
      deadline: deadlineDay ? formatDate(deadlineDay) : '',
      daysOverdue: num(overdue),
      daysSinceUpdate: num(sinceUpdate),
    },
    dueAt: dueAt ? toStoredInstant(dueAt) : null,
    daysOverdue: overdue,
  };
}

const ms = (iso: string): number => Date.parse(iso);
const instant = fc.oneof(
  fc.integer({ min: ms('2015-01-01T00:00:00Z'), max: ms('2027-01-01T00:00:00Z') }),
  fc.integer({ min: ms('1985-01-01T00:00:00Z'), max: ms('2100-01-01T00:00:00Z') }),
);
const lastUpdated = fc.oneof(
  { weight: 8, arbitrary: instant.map((t) => new Date(t).toISOString()) },
  { weight: 1, arbitrary: instant.map((t) => new Date(t).toISOString().replace('.000Z', 'Z').replace(/\.\d{3}Z$/, 'Z')) },
  { weight: 2, arbitrary: fc.constant(null) },
);
const STEWARDS: Steward[] = [
  { id: 'it', name: 'Відділ ІКЗ', kind: 'department', emails: ['it@example.org'], headEmail: null },
  { id: 'hr', name: 'Відділ кадрів', kind: 'department', emails: [], headEmail: null },
];
const dataset = fc.record({
  n: fc.nat(),
  stewardId: fc.constantFrom(null, 'it', 'hr', 'gone'),
  frequency: fc.constantFrom(null, 'once a month', 'once a quarter', 'once a year', 'once a week', 'once a day', 'once a half year', 'more than once a day', 'immediately after making changes', 'no longer updated'),
  frequencyRaw: fc.constantFrom(null, 'Щомісяця', 'щокварталу', 'раз на тиждень по вівторках', ''),
  required: fc.boolean(),
  portalId: fc.constantFrom(null, 'p-1'),
  suspended: fc.constantFrom(null, 'воєнний стан'),
  lastUpdated,
});
const inputs = fc.record({
  datasets: fc.array(dataset, { maxLength: 40 }).map((list) => list.map((d, i) => ({ ...d, id: `ds-${i}`, title: `Набір ${d.n}` }) as Dataset)),
  now: instant.map((t) => DateTime.fromMillis(t, { zone: 'Europe/Kyiv' })),
  graceDays: fc.integer({ min: 0, max: 4 }),
  catalogue: fc.constantFrom(frequencies, overridden),
}).map(({ datasets, now, graceDays, catalogue }): SubjectInputs => ({ now, graceDays, dueSoonDays: 30, frequencies: catalogue, stewards: STEWARDS, datasets, tasks: [] }));

describe('dataset subjects with the publication calendar', () => {
  it('have the facts, placeholders and deadlines they had when luxon computed every dataset', () => {
    fc.assert(fc.property(inputs, (inp) => {
      const subjects = datasetSubjects(inp);
      subjects.forEach((s, i) => {
        const want = before(inp.datasets[i], inp);
        expect({
          id: s.id,
          steward: s.steward,
          stewards: [...s.stewards],
          facts: Object.fromEntries(Object.keys(want.facts).map((k) => [k, s.facts[k]])),
          vars: Object.fromEntries(Object.keys(want.vars).map((k) => [k, s.vars[k]])),
          dueAt: s.dueAt,
          daysOverdue: s.daysOverdue,
        }).toEqual(want);
      });
    }), { numRuns: 1500 });
  });

  it('are the same whether built at once or in slices between turns of the event loop', async () => {
    await fc.assert(fc.asyncProperty(inputs, async (inp) => {
      expect(await buildSubjectsInSlices(inp)).toEqual(buildSubjects(inp));
    }), { numRuns: 200 });
  });
});
