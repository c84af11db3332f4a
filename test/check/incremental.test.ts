import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { openApp, runCheck, runImport, withoutTrace, type App, type CheckResult } from '../../src/app';
import type { Clock } from '../../src/clock';
import { loadConfig } from '../../src/config/config';
import { resumeDataset, suspendDataset, taskDone } from '../../src/exemptions/actions';
import { DEFAULT_RULES_DIR } from '../../src/paths';
import type { Db } from '../../src/store/db';
import { markGone, recordMissing, setDatasetPortalId, startSyncRun, upsertPortalDataset } from '../../src/store/portal';
import { renameSteward } from '../../src/store/steward-moves';
import { upsertSteward, listStewards } from '../../src/store/stewards';
import { toStoredInstant } from '../../src/time/days';
import { generateRegister } from '../../bench/generate';
import { dumpTables } from '../helpers/temp-db';
import { makeTempDir, removeDir, writeCsv } from '../helpers/rules-app';

/**
 * Incremental checks against full ones. Two copies of one register live through the same generated sequence of
 * edits — imports, publications, suspensions, portal evidence, links, stewards renamed, plan tasks done, time
 * passing (by hours, days, across DST changes), rule files and graceDays changing, trials — and after each check
 * the copy checked incrementally must hold exactly the rows the copy checked in full holds (every column of every
 * finding and run), and both checks must give the same list and counts. A trial must leave no trace at all.
 */

const START = DateTime.fromISO('2026-03-20T09:00', { zone: 'Europe/Kyiv' });
let root = '';
let base = '';

beforeAll(() => {
  root = makeTempDir('incremental');
  base = path.join(root, 'base.sqlite');
  const app = open(base, DEFAULT_RULES_DIR, { now: () => START });
  generateRegister(app.db, { datasets: 70, stewards: 6, seed: 16, now: START, frequencies: app.frequencies });
  app.db.pragma('wal_checkpoint(TRUNCATE)');
  app.close();
});
afterAll(() => removeDir(root));

function open(file: string, rulesDir: string, clock: Clock): App {
  const dir = path.dirname(file);
  const configFile = path.join(dir, 'odmon.config.json');
  if (!fs.existsSync(configFile)) fs.writeFileSync(configFile, '{}');
  return openApp(loadConfig({ configFile, env: { ODMON_DB: file, ODMON_RULES_DIR: rulesDir }, cwd: dir }), START, { clock });
}

// ---- the rule files a sequence may switch to ----
const rule = (name: string, conditions: unknown, message: string, severity = 'medium'): string =>
  JSON.stringify({ name, conditions, event: { type: name, params: { subject: 'dataset', severity, message } } });
const RULE_SETS: readonly (readonly [string, string][])[] = [
  [],
  [['escalated.json', rule('escalated', { all: [{ fact: 'daysOverdue', operator: 'greaterThan', value: 30 }, { fact: 'suspended', operator: 'equal', value: false }] }, 'Набір «{{title}}» прострочено більш ніж на місяць', 'high')]],
  [['fresh.json', rule('fresh', { any: [{ fact: 'daysSinceUpdate', operator: 'lessThanInclusive', value: 3.5 }, { fact: 'daysSinceUpdate', operator: 'in', value: [10, 20, 'x'] }] }, 'Набір «{{title}}» оновлено {{daysSinceUpdate}} дн. тому', 'info')]],
  [['soon.json', rule('soon', { all: [{ fact: 'daysOverdue', operator: 'greaterThanInclusive', value: -5 }, { fact: 'daysOverdue', operator: 'lessThan', value: 1 }] }, 'Набір «{{title}}»: термін — {{deadline}}', 'low')]],
  [['odd.json', rule('odd', { not: { fact: 'daysSinceUpdate', operator: 'not:greaterThan', value: 45 } }, 'Набір «{{title}}» давно не оновлювали', 'low')]],
  [['period.json', rule('period', { all: [{ fact: 'periodDays', operator: 'lessThan', value: { fact: 'daysSinceUpdate' } }] }, 'Набір «{{title}}» старший за свій період', 'low')]],
  [['broken.json', '{ "name": "broken", ']],
];

function writeRules(dir: string, set: number): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
  for (const f of fs.readdirSync(DEFAULT_RULES_DIR)) fs.copyFileSync(path.join(DEFAULT_RULES_DIR, f), path.join(dir, f));
  for (const [file, text] of RULE_SETS[set]) fs.writeFileSync(path.join(dir, file), text);
}

// ---- the edits ----
type Edit =
  | { kind: 'time'; days: number; hours: number }
  | { kind: 'check' }
  | { kind: 'import'; rows: { d: number; title: number; freq: number; last: number | null; required: boolean; steward: number; suspended: boolean }[] }
  | { kind: 'publish'; d: number; daysAgo: number }
  | { kind: 'suspend'; d: number }
  | { kind: 'resume'; d: number }
  | { kind: 'portal'; d: number; resources: number; docs: boolean; contact: boolean; freq: number }
  | { kind: 'gone'; d: number; how: 'listing' | 'missing' }
  | { kind: 'link'; d: number; to: number | null }
  | { kind: 'steward'; s: number; name: number; emails: boolean }
  | { kind: 'rename-steward'; s: number }
  | { kind: 'task-done'; t: number }
  | { kind: 'delete'; d: number }
  | { kind: 'odd-frequency'; d: number }
  | { kind: 'rules'; set: number }
  | { kind: 'grace'; days: number }
  | { kind: 'trial'; days: number };

const FREQUENCIES = ['once a month', 'once a quarter', 'once a year', 'once a week', 'once a day', 'Щомісяця', '', 'Щокварталу', 'no longer updated'];
const dataset = fc.nat({ max: 79 }); // 70 generated, a few new ids beyond

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('time' as const), days: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 4, max: 70 })), hours: fc.integer({ min: 0, max: 23 }) }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'check' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('import' as const),
      rows: fc.uniqueArray(
        fc.record({ d: dataset, title: fc.nat({ max: 2 }), freq: fc.nat({ max: FREQUENCIES.length - 1 }), last: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }), required: fc.boolean(), steward: fc.nat({ max: 6 }), suspended: fc.boolean() }),
        { minLength: 1, maxLength: 4, selector: (r) => r.d },
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('publish' as const), d: dataset, daysAgo: fc.integer({ min: 0, max: 60 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('suspend' as const), d: dataset }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resume' as const), d: dataset }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('portal' as const), d: dataset, resources: fc.nat({ max: 3 }), docs: fc.boolean(), contact: fc.boolean(), freq: fc.nat({ max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('gone' as const), d: dataset, how: fc.constantFrom('listing' as const, 'missing' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('link' as const), d: dataset, to: fc.option(dataset, { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('steward' as const), s: fc.nat({ max: 5 }), name: fc.nat({ max: 2 }), emails: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename-steward' as const), s: fc.nat({ max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('task-done' as const), t: fc.nat({ max: 20 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), d: dataset }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('odd-frequency' as const), d: dataset }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rules' as const), set: fc.nat({ max: RULE_SETS.length - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('grace' as const), days: fc.nat({ max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('trial' as const), days: fc.integer({ min: -20, max: 20 }) }) },
);

interface World {
  now: DateTime;
  grace: number;
  rulesDir: string;
}

const datasetId = (n: number): string => `ds-${String(n + 1).padStart(2, '0')}`;
const stewardIds = (db: Db): string[] => listStewards(db).map((s) => s.id).sort();

/** Applies one edit to one copy, through the code odmon runs for it. Both copies get exactly the same calls. */
async function apply(app: App, e: Edit, w: World, dir: string): Promise<void> {
  const { db } = app;
  const nowIso = toStoredInstant(w.now);
  const exists = (id: string): boolean => db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(id) !== undefined;
  const t = { now: w.now, real: w.now };
  switch (e.kind) {
    case 'import': {
      const stewards = stewardIds(db);
      const rows = e.rows.map((r) => [
        datasetId(r.d),
        ['Бюджет', 'Реєстр договорів', 'Перелік шкіл'][r.title],
        r.steward < stewards.length ? stewards[r.steward] : '',
        FREQUENCIES[r.freq],
        r.last === null ? '' : w.now.minus({ days: r.last, hours: r.last % 7 }).toFormat("yyyy-MM-dd'T'HH:mm"),
        r.required ? 'yes' : 'no',
        r.suspended ? 'воєнний стан' : '',
      ]);
      const file = writeCsv(dir, `datasets-${Date.now()}-${Math.random()}.csv`, ['id', 'title', 'steward_id', 'frequency', 'last_updated', 'required', 'suspended'], rows);
      await runImport(app, 'datasets', file, w.now);
      return;
    }
    case 'publish': {
      if (!exists(datasetId(e.d))) return;
      const at = w.now.minus({ days: e.daysAgo, minutes: e.daysAgo * 37 }).toFormat("yyyy-MM-dd'T'HH:mm");
      const file = writeCsv(dir, `publications-${Date.now()}-${Math.random()}.csv`, ['dataset_id', 'published_at'], [[datasetId(e.d), at]]);
      await runImport(app, 'publications', file, w.now);
      return;
    }
    case 'suspend':
      if (exists(datasetId(e.d))) suspendDataset(db, { datasetId: datasetId(e.d), basis: 'Постанова КМУ № 263', reviewBy: w.now.plus({ days: 30 }), actor: 'test' }, t);
      return;
    case 'resume':
      if (db.prepare('SELECT 1 FROM datasets WHERE id = ? AND suspended IS NOT NULL').get(datasetId(e.d)) !== undefined) resumeDataset(db, { datasetId: datasetId(e.d), actor: 'test' }, t);
      return;
    case 'portal': {
      const row = db.prepare('SELECT portal_id FROM datasets WHERE id = ?').pluck().get(datasetId(e.d)) as string | null | undefined;
      if (!row) return;
      const run = startSyncRun(db, nowIso, 'https://data.gov.ua', ['org']);
      const formats = Array.from({ length: e.resources }, (_, i) => (e.docs ? 'PDF' : i % 2 ? 'CSV' : 'XLSX'));
      db.transaction(() =>
        upsertPortalDataset(db, {
          portalId: row, name: `name-${row}`, title: 'Набір', organization: 'org', frequencyRaw: null,
          frequency: [null, 'once a month', 'once a year', 'once a day'][e.freq], metadataModified: nowIso, resourcesModified: nowIso,
          maintainer: e.contact ? 'Олена' : null, maintainerEmail: e.contact ? 'o@example.org' : null, resourceCount: e.resources, formats,
          resources: formats.map((format, position) => ({ position, format, url: null, lastModified: null, created: null })),
        }, run, nowIso),
      )();
      return;
    }
    case 'gone': {
      const row = db.prepare('SELECT portal_id FROM datasets WHERE id = ?').pluck().get(datasetId(e.d)) as string | null | undefined;
      if (!row) return;
      if (e.how === 'missing') recordMissing(db, row, nowIso);
      else markGone(db, ['org'], new Set(), nowIso);
      return;
    }
    case 'link':
      if (exists(datasetId(e.d))) setDatasetPortalId(db, datasetId(e.d), e.to === null ? null : e.to % 3 === 0 ? `name-portal-${e.to}` : `portal-${e.to}`, nowIso);
      return;
    case 'steward': {
      const s = listStewards(db).sort((a, b) => a.id.localeCompare(b.id))[e.s];
      if (s === undefined) return;
      db.transaction(() => upsertSteward(db, { ...s, name: `${s.name.split(' / ')[0]}${e.name ? ` / ${e.name}` : ''}`, emails: e.emails ? [`${s.id}@example.org`] : [] }, nowIso))();
      return;
    }
    case 'rename-steward': {
      const id = stewardIds(db).filter((s) => s.startsWith('st-'))[e.s];
      if (id !== undefined) db.transaction(() => renameSteward(db, id, `${id}-r`))();
      return;
    }
    case 'task-done': {
      const id = db.prepare('SELECT id FROM plan_tasks WHERE done_at IS NULL ORDER BY id LIMIT 1 OFFSET ?').pluck().get(e.t) as string | undefined;
      if (id !== undefined) taskDone(db, { taskId: id, at: w.now, actor: 'test' }, t);
      return;
    }
    case 'delete':
      db.prepare('DELETE FROM datasets WHERE id = ?').run(datasetId(e.d));
      return;
    case 'odd-frequency':
      // As a register from before frequencies were checked holds it: a spelling nobody knows.
      db.prepare("UPDATE datasets SET frequency = NULL, frequency_raw = 'раз на тиждень по вівторках' WHERE id = ?").run(datasetId(e.d));
      return;
    default:
      return;
  }
}

const rows = (db: Db, table: string): unknown[] => db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
const usedIncremental = { runs: 0, incremental: 0, judged: 0, register: 0 };

async function check(app: App, w: World, full: boolean): Promise<CheckResult> {
  const configured = { ...app, config: { ...app.config, graceDays: w.grace, rulesDir: w.rulesDir } };
  return runCheck(configured, w.now, w.now, { full });
}

describe('incremental checks', () => {
  it('record exactly what full checks record, after any sequence of edits, time passing, rule and setting changes and trials', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 3, maxLength: 14 }), async (edits) => {
        const dir = path.join(root, `run-${n++}`);
        fs.mkdirSync(dir);
        const w: World = { now: START, grace: 0, rulesDir: path.join(dir, 'rules') };
        writeRules(w.rulesDir, 0);
        const apps = ['incremental', 'full'].map((name) => {
          fs.mkdirSync(path.join(dir, name));
          const file = path.join(dir, name, 'odmon.sqlite');
          fs.copyFileSync(base, file);
          return open(file, w.rulesDir, { now: () => w.now });
        });
        const [inc, full] = apps;
        try {
          for (const e of [...edits, { kind: 'check' as const }]) {
            if (e.kind === 'time') w.now = w.now.plus({ days: e.days, hours: e.hours });
            else if (e.kind === 'rules') writeRules(w.rulesDir, e.set);
            else if (e.kind === 'grace') w.grace = e.days;
            else if (e.kind === 'trial') {
              // A trial (in the past or the future) runs inside a transaction that is rolled back: nothing changes.
              const before = dumpTables(inc.db);
              await withoutTrace(inc, () => check(inc, { ...w, now: w.now.plus({ days: e.days }) }, false));
              expect(dumpTables(inc.db)).toEqual(before);
            } else if (e.kind === 'check') {
              const a = await check(inc, w, false);
              const b = await check(full, w, true);
              usedIncremental.runs++;
              if (a.judged?.how === 'incremental') {
                usedIncremental.incremental++;
                usedIncremental.judged += a.judged.datasets ?? 0;
                usedIncremental.register += inc.db.prepare('SELECT count(*) FROM datasets').pluck().get() as number;
              }
              expect(a.findings).toEqual(b.findings);
              expect(a.outcome).toEqual(b.outcome);
              expect(a.ruleProblems).toEqual(b.ruleProblems);
              for (const table of ['findings', 'evaluation_runs']) expect(rows(inc.db, table)).toEqual(rows(full.db, table));
            } else {
              for (const app of apps) await apply(app, e, w, dir);
            }
          }
        } finally {
          apps.forEach((a) => a.close());
        }
      }),
      { numRuns: Number(process.env.RUNS ?? 60) },
    );
    // The property means something only if most checks did build on the last one, judging a part of the register.
    expect(usedIncremental.incremental).toBeGreaterThan(usedIncremental.runs / 3);
    expect(usedIncremental.judged).toBeLessThan(usedIncremental.register / 2);
  }, 600_000);
});
