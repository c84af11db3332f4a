import fs from 'node:fs';
import path from 'node:path';
import type { App } from '../../src/app';
import { runCheck } from '../../src/app';
import { DEFAULT_RULES_DIR } from '../../src/paths';
import { listAllFindings, listOpenFindings, type StoredFinding } from '../../src/store/findings';
import { DATASET_COLUMNS, importCsv, kyiv, makeTempDir, NOW, openTestApp, removeDir, STEWARD_COLUMNS } from '../helpers/rules-app';

let root: string;
const opened: App[] = [];

beforeAll(() => {
  root = makeTempDir('rules-lifecycle');
});
afterAll(() => {
  opened.forEach((a) => a.close());
  removeDir(root);
});

/** A seeded database with one monthly dataset updated 31.05.2019, checked with the rules in `rulesDir`. */
function appWithMonthlyDataset(name: string, rulesDir?: string): App {
  const app = openTestApp(root, name, { env: rulesDir ? { ODMON_RULES_DIR: rulesDir } : {} });
  opened.push(app);
  importCsv(app, 'stewards', STEWARD_COLUMNS, [['transport', "Управління транспорту та зв'язку", 't@example.org', 'department']]);
  importCsv(app, 'datasets', DATASET_COLUMNS, [['budget', 'Бюджет', 'transport', 'once a month', '2019-05-31T10:00', 'no', '']]);
  return app;
}

/** Every episode, open or resolved, of the stale-publication finding on `budget`. */
const episodes = (app: App): StoredFinding[] =>
  listAllFindings(app.db).filter((f) => f.rule === 'stale-publication' && f.subject.id === 'budget');

const publish = (app: App, at: string): void =>
  importCsv(app, 'publications', ['dataset_id', 'published_at'], [['budget', at]], kyiv(at));

/** A copy of the shipped rules in a new folder, to break or remove one of them. */
function copyOfDefaultRules(name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  for (const f of fs.readdirSync(DEFAULT_RULES_DIR)) fs.copyFileSync(path.join(DEFAULT_RULES_DIR, f), path.join(dir, f));
  return dir;
}

describe('the life of a finding across checks', () => {
  let app: App;
  beforeAll(() => {
    app = appWithMonthlyDataset('lifecycle');
  });

  it('opens a finding the first time a rule holds', async () => {
    const first = await runCheck(app, NOW);
    expect(first.outcome.opened).toBe(first.findings.length);
    expect(episodes(app)).toMatchObject([{ openedAt: '2019-07-01T06:00:00.000Z', lastSeenAt: '2019-07-01T06:00:00.000Z', resolvedAt: null, daysOverdue: 1 }]);
  });

  it('keeps the same finding open on the next check, refreshing how late it is, and opens nothing new', async () => {
    const second = await runCheck(app, kyiv('2019-07-02T09:00'));
    expect([second.outcome.opened, second.outcome.resolved]).toEqual([0, 0]);
    expect(second.outcome.open).toBe(second.findings.length);
    expect(episodes(app)).toMatchObject([{ openedAt: '2019-07-01T06:00:00.000Z', lastSeenAt: '2019-07-02T06:00:00.000Z', resolvedAt: null, daysOverdue: 2 }]);
    expect(second.findings.find((f) => f.subject.id === 'budget')?.message).toContain('прострочення становить 2 дні.');
  });

  it('resolves the finding when the dataset is updated, and only that one', async () => {
    const openBefore = listOpenFindings(app.db).length;
    publish(app, '2019-07-02T15:00');
    const third = await runCheck(app, kyiv('2019-07-03T09:00'));
    expect([third.outcome.opened, third.outcome.resolved]).toEqual([0, 1]);
    expect(listOpenFindings(app.db)).toHaveLength(openBefore - 1);
    expect(episodes(app)).toMatchObject([{ resolvedAt: '2019-07-03T06:00:00.000Z' }]);
  });

  it('stays resolved while the new deadline has not passed', async () => {
    const fourth = await runCheck(app, kyiv('2019-08-02T23:59'));
    expect(fourth.findings.some((f) => f.subject.id === 'budget')).toBe(false);
    expect(episodes(app)).toHaveLength(1);
  });

  it('opens a new episode when the dataset lapses again, keeping the resolved one as history', async () => {
    const fifth = await runCheck(app, kyiv('2019-08-03T09:00'));
    expect(fifth.outcome.opened).toBe(1);
    const [old, renewed] = episodes(app);
    expect(old).toMatchObject({ openedAt: '2019-07-01T06:00:00.000Z', resolvedAt: '2019-07-03T06:00:00.000Z' });
    expect(renewed).toMatchObject({ openedAt: '2019-08-03T06:00:00.000Z', resolvedAt: null, daysOverdue: 1, dueAt: '2019-08-02T21:00:00.000Z' });
    expect(renewed.id).not.toBe(old.id);
  });
});

describe('findings of a rule that could not run', () => {
  it('are neither resolved nor reopened while the rule file is broken, and are resolved once the rule is removed', async () => {
    const rules = copyOfDefaultRules('rules-broken-later');
    const app = appWithMonthlyDataset('broken-file', rules);
    await runCheck(app, NOW);
    expect(episodes(app)).toHaveLength(1);

    publish(app, '2019-07-02T15:00');
    fs.writeFileSync(path.join(rules, 'stale-publication.json'), '{ "name": "stale-publication", ');
    const broken = await runCheck(app, kyiv('2019-07-03T09:00'));
    expect(broken.ruleProblems).toEqual([
      `${path.relative(process.cwd(), path.join(rules, 'stale-publication.json'))}:1:32: помилка синтаксису JSON (рядок 1, стовпець 32): «Expected double-quoted property name»`,
    ]);
    expect(broken.outcome.resolved).toBe(0);
    expect(episodes(app)).toMatchObject([{ resolvedAt: null, lastSeenAt: '2019-07-01T06:00:00.000Z' }]);

    fs.rmSync(path.join(rules, 'stale-publication.json'));
    const retired = await runCheck(app, kyiv('2019-07-04T09:00'));
    expect(retired.ruleProblems).toEqual([]);
    expect(retired.outcome.resolved).toBe(1);
    expect(episodes(app)).toMatchObject([{ resolvedAt: '2019-07-04T06:00:00.000Z' }]);
  });

  it('are kept open when a valid rule fails while running, and the failure names the rule file', async () => {
    const rules = copyOfDefaultRules('rules-failing');
    const app = appWithMonthlyDataset('failing-rule', rules);
    await runCheck(app, NOW);
    publish(app, '2019-07-02T15:00');
    // Valid JSON and a valid rule, but json-rules-engine's "in" needs a list: it throws on every dataset.
    const file = path.join(rules, 'stale-publication.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    json.conditions.all.push({ fact: 'periodDays', operator: 'in', value: 30 });
    fs.writeFileSync(file, JSON.stringify(json, null, 2));

    const result = await runCheck(app, kyiv('2019-07-03T09:00'));
    expect(result.ruleProblems).toEqual([
      `${path.relative(process.cwd(), file)}: rule "stale-publication" failed on dataset "budget": b.indexOf is not a function`,
    ]);
    expect(result.outcome.resolved).toBe(0);
    expect(episodes(app)).toMatchObject([{ resolvedAt: null }]);
    expect(result.findings.map((f) => f.rule)).toContain('unassigned-dataset');
    expect(result.findings.map((f) => f.rule)).not.toContain('stale-publication');
  });
});
