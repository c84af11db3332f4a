/**
 * Stewards' compliance and the council overview on the example register: one definition of every count, so the
 * numbers equal what `odmon check` lists and what the digest's table shows.
 */
import { buildSubjects } from '../../src/rules/subjects';
import { stewardRows } from '../../src/notify/digest-view';
import { listDatasets } from '../../src/store/datasets';
import { listOpenFindings } from '../../src/store/findings';
import { listStewards } from '../../src/store/stewards';
import { complianceView } from '../../src/views/compliance';
import { councilOverview } from '../../src/views/overview';
import { planTasksView } from '../../src/views/tasks';
import { AS_OF, useExampleCouncil } from './example-council';

const council = useExampleCouncil('views-compliance');

describe('complianceView', () => {
  it('counts the council\'s open findings as check --json lists them, each once', () => {
    const { src, findings } = council();
    expect(findings.length).toBeGreaterThan(50);
    expect(complianceView(src, AS_OF).council.openFindings).toBe(findings.length);
  });

  it('gives each steward the open findings that check --steward lists for it, a shared plan task included', async () => {
    const { src, findings, odmon } = council();
    const rows = complianceView(src, AS_OF).stewards;
    for (const r of rows) expect([r.id, r.openFindings]).toEqual([r.id, findings.filter((f) => f.stewards.includes(r.id)).length]);
    // And literally as the command prints it, for a steward with a shared plan task.
    const transport = JSON.parse((await odmon(['check', '--steward', 'transport', '--json'])).out) as unknown[];
    expect(rows.find((r) => r.id === 'transport')?.openFindings).toBe(transport.length);
  });

  it('equals the digest\'s table, steward by steward and in the same order (worst first)', () => {
    const { app, src } = council();
    const stewards = listStewards(app.db);
    const subjects = buildSubjects({ now: AS_OF, graceDays: 0, dueSoonDays: 30, frequencies: app.frequencies, stewards, datasets: listDatasets(app.db), tasks: [] });
    const table = stewardRows(stewards, subjects.dataset, listOpenFindings(app.db), null);
    const digest = table.rows.filter((r) => r.steward);
    const view = complianceView(src, AS_OF).stewards;
    // The view counts every item of a steward (shared plan tasks too), as its notices do; the digest shows that as openAll.
    expect(view.map((r) => [r.id, r.score, r.late, r.neverPublished, r.suspended, r.openFindings, r.reachable])).toEqual(
      digest.map((r) => [r.id, r.scoreValue, r.late, r.neverPublished, r.suspended, r.openAll, r.reachable]),
    );
    // The digest's rows (stewards, shared tasks, what has no steward) add up to the council's total.
    const sum = (k: 'open' | 'onTime' | 'required' | 'suspended'): number => table.rows.reduce((a, r) => a + r[k], 0);
    expect([sum('open'), sum('onTime'), sum('required'), sum('suspended')]).toEqual([table.total.open, table.total.onTime, table.total.required, table.total.suspended]);
    // worst score first, a steward with nothing to judge last
    const scores = view.map((r) => r.score ?? 2);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
  });

  it('keeps the sums of "How odmon counts": required = published + never published + suspended, published = on time + late', () => {
    const { src } = council();
    const v = complianceView(src, AS_OF);
    for (const c of [v.council, ...v.stewards]) {
      expect(c.required).toBe(c.published + c.neverPublished + c.suspended);
      expect(c.published).toBe(c.onTime + c.late);
      expect(c.score).toBe(c.required - c.suspended === 0 ? null : c.onTime / (c.required - c.suspended));
    }
    // The council is every steward's datasets, plus the ones nobody owns.
    const sum = (k: 'required' | 'late' | 'suspended'): number => v.stewards.reduce((n, s) => n + s[k], 0);
    expect(v.council.required).toBeGreaterThanOrEqual(sum('required'));
    expect(v.council.late).toBeGreaterThanOrEqual(sum('late'));
    expect(v.council.suspended).toBe(3);
  });
});

describe('councilOverview', () => {
  it('puts the council\'s score, the stewards worst first, and the plan\'s progress together', () => {
    const { src } = council();
    const o = councilOverview(src, AS_OF);
    expect(o.council).toEqual(complianceView(src, AS_OF).council);
    expect(o.stewards.map((s) => s.id)).toEqual(complianceView(src, AS_OF).stewards.map((s) => s.id));
    const worst = o.stewards[0];
    expect(worst.score).toBe(Math.min(...o.stewards.map((s) => s.score ?? 2)));
    const tasks = planTasksView(src, AS_OF);
    expect(o.plan.total).toBe(tasks.length);
    expect(o.plan.done + o.plan.doneLate + o.plan.overdue + o.plan.dueToday + o.plan.inProgress + o.plan.continuous).toBe(o.plan.total);
    expect(o.plan.overdue).toBe(tasks.filter((t) => t.status.startsWith('не виконано, прострочено')).length);
    // No quarter has closed since the first check (27.11.2026): no history yet.
    expect(o.quarters).toEqual([]);
  });

  it('shows the council\'s score of a quarter once it has closed, as odmon history lists it', async () => {
    const { src, odmon } = council();
    const january = AS_OF.plus({ months: 1, days: 10 });
    const history = await odmon(['history', '--steward', '*'], january, january);
    expect(history.code).toBe(0);
    const [q] = councilOverview(src, AS_OF).quarters;
    expect(q).toMatchObject({ quarter: '2026-Q4', label: 'IV кв. 2026', stewardId: '*', stewardName: 'Усього по міській раді', source: 'live' });
    expect(history.out).toMatch(new RegExp(`^IV кв\\. 2026 +усього +${((q.score ?? 0) * 100).toFixed(1).replace('.', ',')} % · обов’язкових ${q.required}: оприлюднено ${q.published} `));
  });
});
