/**
 * One steward's page and one dataset's page on the example register: what a web page will show, from the same
 * facts the rules judged — a late dataset is the one with a stale-publication finding, a missing one has a
 * missing-dataset finding.
 */
import { OdmonError } from '../../src/errors';
import { complianceView } from '../../src/views/compliance';
import { datasetPage } from '../../src/views/dataset';
import { stewardPage } from '../../src/views/steward';
import { thrownBy } from '../helpers/temp-db';
import { AS_OF, key, useExampleCouncil } from './example-council';

const council = useExampleCouncil('views-pages');

describe('stewardPage', () => {
  it('counts as the compliance table does, and lists the same open findings check lists for the steward', () => {
    const { src, findings } = council();
    const page = stewardPage(src, 'transport', AS_OF);
    expect(page.steward).toEqual({ id: 'transport', name: 'Управління транспорту та зв\'язку', kind: 'department', reachable: true, headReachable: true });
    expect(page.compliance).toEqual(complianceView(src, AS_OF).stewards.find((s) => s.id === 'transport'));
    const mine = findings.filter((f) => f.stewards.includes('transport'));
    expect(page.findings.total).toBe(mine.length);
    expect(page.findings.items.map(key).sort()).toEqual(mine.map(key).sort());
  });

  it('gives each of its datasets a state that agrees with the findings: late ones are stale, required unpublished ones missing', () => {
    const { src, findings } = council();
    const page = stewardPage(src, 'transport', AS_OF);
    expect(page.datasets.map((d) => d.stewardId)).toEqual(page.datasets.map(() => 'transport'));
    const has = (rule: string, id: string): boolean => findings.some((f) => f.rule === rule && f.subject.id === id);
    for (const d of page.datasets) {
      expect([d.id, d.state === 'late']).toEqual([d.id, has('stale-publication', d.id)]);
      expect([d.id, d.state === 'never-published' && d.required]).toEqual([d.id, has('missing-dataset', d.id)]);
      if (d.state === 'late') expect(d.daysOverdue).toBeGreaterThan(0);
      if (d.state === 'on-time') expect(d.dueAt !== null && d.daysOverdue !== null && d.daysOverdue <= 0).toBe(true);
    }
    const states = (s: string): number => page.datasets.filter((d) => d.required && d.state === s).length;
    // A published dataset with no periodic deadline (event-driven) counts as on time, as in the score.
    expect([states('on-time') + states('not-periodic'), states('late'), states('never-published'), states('suspended')]).toEqual([
      page.compliance.onTime,
      page.compliance.late,
      page.compliance.neverPublished,
      page.compliance.suspended,
    ]);
    expect(page.datasets.find((d) => d.id === 'r835-lsg-36')).toMatchObject({ state: 'suspended', suspended: 'Постанова КМУ № 263 від 12.03.2022; воєнний стан' });
  });

  it('lists the plan tasks the steward answers for, directly or as one of every steward', () => {
    const { src } = council();
    const tasks = stewardPage(src, 'transport', AS_OF).tasks;
    expect(tasks.length).toBeGreaterThan(0);
    for (const t of tasks) expect(t.stewardIds).toContain('transport');
    expect(tasks.some((t) => t.responsible.some((r) => r.allStewards))).toBe(true);
  });

  it('refuses a steward the register does not have', () => {
    const { src } = council();
    expect((thrownBy(() => stewardPage(src, 'nobody', AS_OF)) as OdmonError).code).toBe('E_NOT_FOUND');
  });
});

describe('datasetPage', () => {
  it('shows a late dataset: its state and next deadline, its publication history newest first, and its finding', () => {
    const { src } = council();
    const page = datasetPage(src, 'transport-e-ticket', AS_OF);
    expect(page.dataset).toMatchObject({
      id: 'transport-e-ticket',
      stewardId: 'transport',
      stewardName: 'Управління транспорту та зв\'язку',
      required: false,
      frequency: 'once a month',
      frequencyLabel: 'Щомісяця',
      state: 'late',
      source: 'import',
    });
    // Last updated 02.09.2026, monthly: due by 02.10.2026, late from 03.10.2026.
    expect(page.dataset.dueAt).toBe('2026-10-02T21:00:00.000Z');
    expect(page.dataset.daysOverdue).toBe(56);
    const dates = page.publications.map((p) => p.publishedAt);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(page.portal).toBeNull();
    expect(page.findings.map((f) => f.rule)).toEqual(['stale-publication']);
  });

  it('shows a suspension made with odmon suspend beside the register\'s own, and the dataset as suspended', async () => {
    const { src, odmon } = council();
    const before = datasetPage(src, 'transport-e-ticket', AS_OF);
    expect(before.suspensions).toEqual([]);
    expect((await odmon(['suspend', 'transport-e-ticket', '--basis', 'Постанова КМУ № 263', '--review-by', '2027-03-31'])).code).toBe(0);
    const after = datasetPage(src, 'transport-e-ticket', AS_OF);
    expect(after.dataset.state).toBe('suspended');
    expect(after.suspensions).toEqual([
      { madeBy: 'command', basis: 'Постанова КМУ № 263', since: '2026-11-28T07:30:00.000Z', reviewBy: '2027-03-30T21:00:00.000Z', endedAt: null, endedBy: null, endReason: null },
    ]);
    expect(datasetPage(src, 'r835-lsg-36', AS_OF).suspensions).toMatchObject([{ madeBy: 'register', basis: 'Постанова КМУ № 263 від 12.03.2022; воєнний стан', endedAt: null }]);
  });

  it('shows what the portal showed of a linked dataset once a sync has seen it, and nothing before', () => {
    const { src } = council();
    // r835-lsg-39 names a portal id, but no sync has run on the example register.
    const page = datasetPage(src, 'r835-lsg-39', AS_OF);
    expect(page.dataset.portalId).toBe('3d4a2e07-6955-4519-a964-4709bc0899ac');
    expect(page.portal).toBeNull();
  });

  it('refuses a dataset the register does not have', () => {
    const { src } = council();
    const e = thrownBy(() => datasetPage(src, 'nope', AS_OF)) as OdmonError;
    expect({ code: e.code, message: e.message }).toEqual({ code: 'E_NOT_FOUND', message: 'набору даних "nope" немає в реєстрі' });
  });
});
