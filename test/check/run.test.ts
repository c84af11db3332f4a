import fs from 'node:fs';
import path from 'node:path';
import { importExample, runCheck, withoutTrace, type App } from '../../src/app';
import { checkKey } from '../../src/check/key';
import { DEFAULT_RULES_DIR } from '../../src/paths';
import { loadRules } from '../../src/rules/load';
import { dumpTables } from '../helpers/temp-db';
import { DATASET_COLUMNS, importCsv, kyiv, makeTempDir, openTestApp, removeDir } from '../helpers/rules-app';

/** What a check judges, on the example register: everything when it must, otherwise what changed and what time changes. */

// The example register's dates lie around 2026: some datasets are late then, some fall due day by day.
const DAY = kyiv('2026-11-26T09:00');
const at = (days: number, hour = 9): ReturnType<typeof kyiv> => DAY.plus({ days }).set({ hour });

let root = '';
const opened: App[] = [];
beforeAll(() => {
  root = makeTempDir('check-run');
});
afterAll(() => {
  opened.forEach((a) => a.close());
  removeDir(root);
});

function exampleApp(name: string, rulesDir: string = DEFAULT_RULES_DIR): App {
  const app = openTestApp(root, name, { env: { ODMON_RULES_DIR: rulesDir }, seededAt: DAY });
  opened.push(app);
  importExample(app, DAY);
  return app;
}

describe('a check', () => {
  it('judges everything the first time, then only what changed since and what time changes', async () => {
    const app = exampleApp('sequence');
    const datasets = app.db.prepare('SELECT count(*) FROM datasets').pluck().get() as number;
    expect((await runCheck(app, DAY)).judged).toEqual({ how: 'first', datasets: null });
    // The same day, nothing changed: no dataset judged again, nothing written but the run.
    const again = await runCheck(app, at(0, 18));
    expect(again.judged).toEqual({ how: 'incremental', datasets: 0 });
    expect(again.outcome).toMatchObject({ opened: 0, resolved: 0 });
    // A new dataset is judged, and only it.
    importCsv(app, 'datasets', DATASET_COLUMNS, [['new-one', 'Новий набір', '', 'once a month', '', 'yes', '']], DAY);
    const added = await runCheck(app, at(0, 19));
    expect(added.judged).toEqual({ how: 'incremental', datasets: 1 });
    expect(added.findings.filter((f) => f.subject.id === 'new-one').map((f) => f.rule)).toEqual(['unassigned-dataset']);
    // The next day: the datasets whose findings time changes (the late ones, the one due), not the whole register.
    const tomorrow = await runCheck(app, at(1));
    expect(tomorrow.judged?.how).toBe('incremental');
    expect(tomorrow.judged?.datasets).toBeGreaterThan(0);
    expect(tomorrow.judged?.datasets).toBeLessThan(datasets);
    // Asked to, it judges everything, and finds exactly the same.
    const full = await runCheck(app, at(1, 10), undefined, { full: true });
    expect(full.judged).toEqual({ how: 'asked', datasets: null });
    expect(full.findings).toEqual(tomorrow.findings);
    expect(full.outcome).toMatchObject({ opened: 0, resolved: 0 });
  });

  it('judges everything when the settings or the rules changed, or a rule file is broken', async () => {
    const rules = path.join(root, 'rules-changing');
    fs.cpSync(DEFAULT_RULES_DIR, rules, { recursive: true });
    const app = exampleApp('changes', rules);
    await runCheck(app, DAY);
    const graced = { ...app, config: { ...app.config, graceDays: 3 } };
    expect((await runCheck(graced, at(0, 12))).judged?.how).toBe('rules or settings changed');
    expect((await runCheck(graced, at(0, 13))).judged?.how).toBe('incremental');
    const file = path.join(rules, 'stale-publication.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    json.conditions.all[3].value = 30;
    fs.writeFileSync(file, JSON.stringify(json));
    expect((await runCheck(graced, at(0, 14))).judged?.how).toBe('rules or settings changed');
    fs.writeFileSync(path.join(rules, 'broken.json'), '{ "name": ');
    expect((await runCheck(graced, at(0, 15))).judged?.how).toBe('rule problems');
    fs.rmSync(path.join(rules, 'broken.json'));
    // A check with problems leaves nothing to build on: the next one judges everything.
    expect((await runCheck(graced, at(0, 16))).judged?.how).toBe('first');
  });

  it('leaves its state untouched in a trial, in the past or in the future', async () => {
    const app = exampleApp('trials');
    await runCheck(app, DAY);
    const before = dumpTables(app.db);
    const past = await withoutTrace(app, () => runCheck(app, at(-5)));
    expect(past.judged?.how).toBe('earlier than the last check');
    const future = await withoutTrace(app, () => runCheck(app, at(60)));
    expect(future.judged?.how).toBe('incremental');
    expect(future.judged?.datasets).toBeGreaterThan(0);
    expect(dumpTables(app.db)).toEqual(before);
    expect((await runCheck(app, at(0, 10))).judged).toEqual({ how: 'incremental', datasets: 0 });
  });
});

describe('the key of what a check judged with', () => {
  const base = { problems: [], graceDays: 0, dueSoonDays: 30, frequencies: {}, frequencyTable: 'table' };
  it('is the same for the same rules read from another working directory, and differs when a setting does', () => {
    const rules = loadRules(DEFAULT_RULES_DIR).rules;
    const elsewhere = rules.map((r) => ({ ...r, file: `../somewhere/${r.file}` }));
    expect(checkKey({ ...base, rules: elsewhere })).toBe(checkKey({ ...base, rules }));
    for (const changed of [{ graceDays: 1 }, { dueSoonDays: 14 }, { frequencies: { 'once a month': 'P31D' } }, { frequencyTable: 'other' }, { problems: ['x'] }]) {
      expect(checkKey({ ...base, rules, ...changed })).not.toBe(checkKey({ ...base, rules }));
    }
    expect(checkKey({ ...base, rules: rules.slice(1) })).not.toBe(checkKey({ ...base, rules }));
  });
});
