import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { checkInputs, openApp, runCheck, type App } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { loadRules } from '../../src/rules/load';
import { FLOOR_RULES, findingKey, loopFloor, sqlFloor, type FloorFinding } from '../../bench/floor';
import { generateRegister } from '../../bench/generate';
import { evaluateAlone } from '../../bench/pipeline';
import { makeTempDir, removeDir } from '../helpers/rules-app';

/** The bench's methods on small generated registers: the check, the rules alone, json-rules-engine, SQL and a loop agree. */

let root = '';
beforeAll(() => {
  root = makeTempDir('bench');
});
afterAll(() => removeDir(root));

function openBenchApp(name: string, graceDays: number, now: DateTime): App {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  const configFile = path.join(dir, 'odmon.config.json');
  fs.writeFileSync(configFile, JSON.stringify({ graceDays }));
  return openApp(loadConfig({ configFile, env: { ODMON_DB: path.join(dir, 'bench.sqlite') }, cwd: dir }), now);
}

const keys = (list: readonly FloorFinding[]): string[] => list.map(findingKey).sort();

describe.each([
  ['a register checked on an ordinary day', 1, '2026-11-27T09:00', 0],
  ['a register checked on the night of the autumn DST change, with grace days', 2, '2025-10-26T03:30', 3],
  ['a register checked on the last day of February', 3, '2024-02-29T23:59', 0],
])('%s', (name, seed, nowText, graceDays) => {
  const now = DateTime.fromISO(nowText, { zone: 'Europe/Kyiv' });
  let app: App;
  beforeAll(() => {
    app = openBenchApp(`r${seed}`, graceDays, now);
    generateRegister(app.db, { datasets: 3000, stewards: 120, seed, now, frequencies: app.frequencies });
  });
  afterAll(() => app.close());

  it('gives the same missing and late datasets by the check, the stored findings, one SQL query and a plain loop', async () => {
    const check = await runCheck(app, now);
    const fromCheck = check.findings
      .filter((f) => FLOOR_RULES.includes(f.rule))
      .map((f) => ({ rule: f.rule as FloorFinding['rule'], id: f.subject.id, dueAt: f.dueAt, daysOverdue: f.daysOverdue }));
    const stored = app.db
      .prepare("SELECT rule, subject_id AS id, due_at AS dueAt, days_overdue AS daysOverdue FROM findings WHERE resolved_at IS NULL AND rule IN ('missing-dataset', 'stale-publication')")
      .all() as FloorFinding[];
    const floor = { now, graceDays, frequencies: app.frequencies };
    const sql = keys(sqlFloor(app.db, floor));
    expect(sql.length).toBeGreaterThan(500);
    expect(keys(fromCheck)).toEqual(sql);
    expect(keys(stored)).toEqual(sql);
    expect(keys(loopFloor((await checkInputs(app, now)).datasets, floor))).toEqual(sql);
  });

  it('finds exactly what json-rules-engine finds, rule by rule, and a second check changes nothing', async () => {
    const rules = loadRules(app.config.rulesDir).rules;
    const inputs = await checkInputs(app, now);
    const compiled = await evaluateAlone(rules, inputs, true);
    expect(compiled.errors).toEqual([]);
    expect(await evaluateAlone(rules, inputs, false)).toEqual(compiled);
    const again = await runCheck(app, now);
    expect(again.findings).toEqual(compiled.findings);
    expect(again.outcome).toMatchObject({ opened: 0, resolved: 0 });
  });
});
