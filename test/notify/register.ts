/**
 * A small hand-made register for the notice and digest tests, opened through the real composition root
 * with a Config from loadConfig (as the CLI builds it) and imported with importFile, as `odmon import` does.
 *
 * A new database is seeded with the decree's action plan and the 73 datasets Resolution 835 requires, and
 * those would bury a small register in findings. So the register first does what an IT head would: marks
 * every seeded task done (done_at 15.01.2019) and the unassigned seed datasets not required, each with a
 * frequency. What is left to report is exactly what the register below says.
 *
 * As of NOW (01.07.2019 09:00 Kyiv):
 * - finance (two addresses, head finupr.head@): «Бюджет міста», monthly, overdue 5 days (over 30 from 27.07);
 * - hr (head h.melnyk@): «<script>alert(1)</script> Перелік вакансій», monthly, overdue 27 days (over 30 on 05.07);
 * - it (no head): «Реєстр наборів даних», quarterly and up to date;
 * - economy (no e-mail): «Ціни на ринках», monthly, overdue 11 days;
 * - plan task m.1, due 30.06.2019, of "Розпорядники наборів відкритих даних": overdue 1 day, every department.
 */
import { DateTime } from 'luxon';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { importFile, SEED_PLAN_ID, type ImportKind } from '../../src/import/import';
import { PACKAGE_ROOT } from '../../src/paths';
import { ALL_STEWARDS_GROUP } from '../../src/plan/responsible';
import type { Db } from '../../src/store/db';
import { listDatasets } from '../../src/store/datasets';
import { listTasks } from '../../src/store/plan';
import { kyiv, NOW } from '../helpers/clock';
import { makeTempDir } from '../helpers/temp-db';

export { kyiv, NOW };

export const day = (n: number): DateTime => NOW.plus({ days: n });
export const FROM = 'Відкриті дані <opendata@example.gov.ua>';
export const IT_HEAD = 'it-head@example.org';
export const RULES_DIR = path.join(PACKAGE_ROOT, 'rules');
export const SCRIPT_TITLE = '<script>alert(1)</script> Перелік вакансій';

/** Short SMTP timeouts, so a test that reaches a dead server fails in seconds. */
export const CONFIG_FILE = { mail: { connectionTimeoutMs: 2000, greetingTimeoutMs: 2000, socketTimeoutMs: 5000 } };

/** The recipients of each steward's notice. */
export const ADDRESSES = {
  finance: ['budget@example.org', 'o.kovalenko@example.org'],
  hr: ['kadry@example.org'],
  it: ['opendata.it@example.org'],
} as const;
export const HEADS = { finance: 'finupr.head@example.org', hr: 'h.melnyk@example.org' } as const;
export type Reachable = keyof typeof ADDRESSES;

export const STEWARD_COLUMNS = ['id', 'name', 'email', 'head_email', 'kind'];
export const STEWARDS = [
  ['finance', 'Фінансове управління', ADDRESSES.finance.join(';'), HEADS.finance, 'department'],
  ['hr', 'Відділ кадрової роботи', ADDRESSES.hr.join(';'), HEADS.hr, 'department'],
  ['it', "Відділ інформаційно-комп'ютерного забезпечення", ADDRESSES.it.join(';'), '', 'department'],
  ['economy', 'Департамент з питань економічного розвитку, торгівлі та інвестицій', '', 'econom.director@example.org', 'department'],
];

export const DATASET_COLUMNS = ['id', 'title', 'steward_id', 'frequency', 'last_updated', 'required', 'portal_id', 'suspended'];
export const DATASETS = [
  ['budget', 'Бюджет міста', 'finance', 'once a month', '2019-05-26', 'yes', 'budget-2019', ''],
  ['vacancies', SCRIPT_TITLE, 'hr', 'once a month', '2019-05-04', 'yes', '', ''],
  ['registry', 'Реєстр наборів даних', 'it', 'once a quarter', '2019-06-03', 'yes', '', ''],
  ['prices', 'Ціни на ринках', 'economy', 'once a month', '2019-05-20', 'yes', '', ''],
];

export const PLAN_COLUMNS = ['plan', 'period', 'id', 'goal', 'task', 'deadline', 'responsible', 'done_at'];
export const PLAN = [
  ['monitoring-2019', '2019', 'm.1', 'Моніторинг', 'Оприлюднити графік оновлення наборів даних', 'II квартал 2019 року', ALL_STEWARDS_GROUP, ''],
];

/** Everything one scenario needs to open its database as the CLI would. */
export interface Scenario {
  readonly cwd: string;
  readonly env: Record<string, string>;
}

export function makeRoot(prefix: string): string {
  return makeTempDir(prefix);
}

export function removeRoot(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

/** A folder for one scenario, its config file, and the environment the CLI would be given. */
export function scenario(root: string, name: string, smtpPort: number, extraConfig: Record<string, unknown> = {}): Scenario {
  const cwd = path.join(root, name);
  fs.mkdirSync(cwd, { recursive: true });
  const config = path.join(cwd, 'odmon.config.json');
  const mail = { ...CONFIG_FILE.mail, ...((extraConfig.mail as object | undefined) ?? {}) };
  fs.writeFileSync(config, JSON.stringify({ ...CONFIG_FILE, ...extraConfig, mail }));
  return {
    cwd,
    env: {
      ODMON_CONFIG: config,
      ODMON_DB: path.join(cwd, `${name}.sqlite`),
      ODMON_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      ODMON_MAIL_FROM: FROM,
      ODMON_IT_HEAD: IT_HEAD,
      ODMON_RULES_DIR: RULES_DIR,
    },
  };
}

/** Opens (creating and seeding on first use) the scenario's database with the Config the CLI would build. */
export function openScenario(s: Scenario, extraEnv: Record<string, string> = {}): App {
  const config = loadConfig({ env: { ...s.env, ...extraEnv }, cwd: s.cwd });
  return openApp(config, NOW);
}

let files = 0;

/** Writes rows as CSV next to the database and imports them, as `odmon import KIND FILE` does. */
export function importRows(app: App, kind: ImportKind, header: readonly string[], rows: readonly (readonly string[])[], now: DateTime = NOW): void {
  const cell = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const file = path.join(path.dirname(app.config.db), `${kind}-${++files}.csv`);
  fs.writeFileSync(file, [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n');
  importFile(app.db, kind, file, { now, frequencies: app.frequencies });
}

/** Marks every seeded plan task done and every unassigned seeded dataset not required. */
export function settleSeed(app: App): void {
  const tasks = listTasks(app.db).filter((t) => t.planId === SEED_PLAN_ID);
  importRows(
    app,
    'plan',
    ['plan', 'id', 'goal', 'task', 'deadline', 'responsible', 'done_at'],
    tasks.map((t) => [
      t.planId,
      t.id,
      t.goal,
      t.title,
      t.deadlineText,
      t.responsible.map((r) => (r.allStewards ? ALL_STEWARDS_GROUP : (r.stewardId ?? r.unit))).join(';'),
      '2019-01-15',
    ]),
  );
  const unassigned = listDatasets(app.db).filter((d) => d.stewardId === null);
  importRows(app, 'datasets', ['id', 'title', 'frequency', 'required'], unassigned.map((d) => [d.id, d.title, 'once a year', 'no']));
}

/** A new database holding the register above (or `register` for other stewards and datasets). */
export function openRegister(
  s: Scenario,
  register: { stewards?: string[][]; datasets?: string[][]; plan?: string[][] } = {},
  extraEnv: Record<string, string> = {},
): App {
  const app = openScenario(s, extraEnv);
  settleSeed(app);
  importRows(app, 'stewards', STEWARD_COLUMNS, register.stewards ?? STEWARDS);
  importRows(app, 'datasets', DATASET_COLUMNS, register.datasets ?? DATASETS);
  const plan = register.plan ?? PLAN;
  if (plan.length > 0) importRows(app, 'plan', PLAN_COLUMNS, plan);
  return app;
}

/** A register with nothing to report: every steward reachable, every dataset up to date, no open task. */
export const ALL_CLEAR = {
  stewards: STEWARDS.slice(0, 3),
  datasets: [
    ['budget', 'Бюджет міста', 'finance', 'once a month', '2019-06-20', 'yes', '', ''],
    ['registry', 'Реєстр наборів даних', 'it', 'once a quarter', '2019-06-03', 'yes', '', ''],
  ],
  plan: [],
};

export function count(db: Db, table: 'outbox' | 'finding_notices' | 'digests' | 'findings' | 'evaluation_runs'): number {
  return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}
