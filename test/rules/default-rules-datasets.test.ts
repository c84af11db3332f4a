import type { App } from '../../src/app';
import { runCheck } from '../../src/app';
import type { Finding } from '../../src/domain';
import {
  byRule,
  check,
  DATASET_COLUMNS,
  importCsv,
  kyiv,
  makeTempDir,
  NOW,
  openTestApp,
  removeDir,
  STEWARD_COLUMNS,
  type TestAppOptions,
} from '../helpers/rules-app';

const SUSPENDED = 'Постанова КМУ № 263 від 12.03.2022';

/** A small register: one steward, and one dataset per case the default rules must tell apart. */
const DATASETS: string[][] = [
  // id, title, steward_id, frequency, last_updated, required, suspended
  ['monthly', 'Бюджет міста', 'transport', 'once a month', '2019-05-31T16:40', 'no', ''],
  ['monthly-uk', 'Рішення сесії', 'transport', 'Щомісяця', '31.05.2019', 'no', ''],
  ['monthly-dst', 'Розклад руху', 'transport', 'once a month', '2019-03-30', 'no', ''],
  ['suspended-late', 'Камери відеоспостереження', 'transport', 'once a month', '2019-01-10', 'yes', SUSPENDED],
  ['suspended-never', 'Укриття', 'transport', 'once a month', '', 'yes', SUSPENDED],
  ['event-driven', 'Перелік маршрутів', 'transport', 'immediately after making changes', '2018-01-01', 'yes', ''],
  ['event-driven-dirty', 'Тарифи на проїзд', 'transport', 'immediately after making changes”', '2018-01-01', 'yes', ''],
  ['retired', 'Архів перевізників', 'transport', 'no longer updated', '2015-01-01', 'no', ''],
  ['blank-frequency', 'Зупинки', 'transport', '', '2019-06-01', 'no', ''],
  ['never-published', 'Паспорти маршрутів', 'transport', 'once a year', '', 'yes', ''],
  ['optional-never', 'Опитування пасажирів', 'transport', 'once a year', '', 'no', ''],
  ['unassigned', 'Реєстр паркувальних майданчиків', '', 'once a quarter', '2019-06-20', 'yes', ''],
];

let root: string;
let n = 0;
const opened: App[] = [];

beforeAll(() => {
  root = makeTempDir('rules-datasets');
});
afterAll(() => {
  opened.forEach((a) => a.close());
  removeDir(root);
});

/** A fresh seeded database holding the register above, under these settings. */
function registerApp(opts: TestAppOptions = {}): App {
  const app = openTestApp(root, `register-${++n}`, opts);
  opened.push(app);
  importCsv(app, 'stewards', STEWARD_COLUMNS, [['transport', "Управління транспорту та зв'язку", 'transport.data@example.org', 'department']]);
  importCsv(app, 'datasets', DATASET_COLUMNS, DATASETS);
  return app;
}

/** dataset id → daysOverdue of its stale-publication finding as of `at` (Kyiv). */
async function stale(app: App, at: string): Promise<Record<string, number | null>> {
  const found = await check(app, kyiv(at), 'stale-publication');
  return Object.fromEntries([...found].map(([id, f]) => [id, f.daysOverdue]));
}

describe('stale-publication with the default settings', () => {
  let app: App;
  beforeAll(() => {
    app = registerApp();
  });

  it('does not flag a monthly dataset updated 31.05.2019 on its deadline day 30.06.2019', async () => {
    expect(await stale(app, '2019-06-30T23:59')).toEqual({ 'monthly-dst': 61 });
  });

  it('flags a monthly dataset updated 31.05.2019 1 day late on 01.07.2019, written in English or Ukrainian', async () => {
    expect(await stale(app, '2019-07-01T09:00')).toEqual({ monthly: 1, 'monthly-uk': 1, 'monthly-dst': 62 });
  });

  it('says when it was updated, how often it must be, its deadline and how late it is', async () => {
    const f = (await check(app, NOW, 'stale-publication')).get('monthly');
    expect(f).toEqual<Finding>({
      rule: 'stale-publication',
      severity: 'medium',
      subject: { type: 'dataset', id: 'monthly' },
      steward: 'transport',
      stewards: ['transport'],
      dueAt: '2019-06-30T21:00:00.000Z',
      daysOverdue: 1,
      message:
        'Набір даних «Бюджет міста» мав бути оновлений до 30.06.2019 (останнє оновлення — 31.05.2019, періодичність — Щомісяця); ' +
        'прострочення становить 1 день. Просимо оновити його на Порталі відкритих даних або повідомити причину затримки.',
    });
  });

  it.each([
    ['is on time on its deadline day 30.04.2019', '2019-04-30T23:59', undefined],
    ['is 1 day late on 01.05.2019', '2019-05-01T00:00', 1],
  ])('counts a monthly dataset updated on 30.03.2019, the day before the spring DST change, as a calendar month: it %s', async (_what, at, days) => {
    expect((await stale(app, at))['monthly-dst']).toBe(days);
  });

  it.each(['2019-07-01T09:00', '2020-01-01T09:00', '2030-01-01T09:00'])('never flags a suspended dataset as stale or missing (%s)', async (at) => {
    const { findings } = await runCheck(app, kyiv(at));
    expect(findings.filter((f) => f.subject.id.startsWith('suspended-'))).toEqual([]);
  });

  it.each(['2019-07-01T09:00', '2030-01-01T09:00'])('never flags an event-driven or retired dataset as stale (%s)', async (at) => {
    const found = await stale(app, at);
    expect(['event-driven', 'event-driven-dirty', 'retired'].filter((id) => id in found)).toEqual([]);
  });
});

describe('the other dataset rules', () => {
  let findings: readonly Finding[];
  beforeAll(async () => {
    findings = (await runCheck(registerApp(), NOW)).findings.filter((f) => f.subject.type === 'dataset' && !f.subject.id.startsWith('r835-'));
  });

  it('reports each case of the register under exactly the rules that fit it', () => {
    expect(findings.map((f) => `${f.rule} ${f.subject.id}`).sort()).toEqual([
      'missing-dataset never-published',
      'stale-publication monthly',
      'stale-publication monthly-dst',
      'stale-publication monthly-uk',
      'unassigned-dataset unassigned',
      'unknown-frequency blank-frequency',
    ]);
  });

  it('reports a blank frequency as unknown-frequency, without a deadline', () => {
    expect(byRule(findings, 'unknown-frequency').get('blank-frequency')).toMatchObject({
      severity: 'low',
      steward: 'transport',
      dueAt: null,
      daysOverdue: null,
      message: 'Для набору даних «Зупинки» не вказано або не розпізнано періодичність оновлення. Просимо зазначити її в паспорті набору даних.',
    });
  });

  it('reports a required dataset with a steward that was never published as missing-dataset', () => {
    expect(byRule(findings, 'missing-dataset').get('never-published')).toMatchObject({
      severity: 'high',
      steward: 'transport',
      dueAt: null,
      message: "Обов'язковий набір даних «Паспорти маршрутів» жодного разу не оприлюднено. Просимо оприлюднити його на Порталі відкритих даних або повідомити причину затримки.",
    });
  });

  it('reports a required dataset without a steward as unassigned-dataset, addressed to nobody', () => {
    expect(byRule(findings, 'unassigned-dataset').get('unassigned')).toMatchObject({
      severity: 'medium',
      steward: null,
      stewards: [],
      message: "Обов'язковий набір даних «Реєстр паркувальних майданчиків» не закріплено за жодним розпорядником. Слід визначити відповідального розпорядника.",
    });
  });

  it('leaves the 73 datasets of Resolution 835 seeded without a steward unassigned until the register names one', async () => {
    const app = openTestApp(root, 'seed-only');
    opened.push(app);
    const { findings: all } = await runCheck(app, NOW);
    expect(byRule(all, 'unassigned-dataset').size).toBe(73);
    expect(byRule(all, 'unknown-frequency').size).toBe(73);
    expect(byRule(all, 'missing-dataset').size).toBe(0);
  });
});

describe('stale-publication under other settings', () => {
  it('moves the deadline by graceDays: 3 grace days make 01.07.2019 on time and 04.07.2019 1 day late', async () => {
    const app = registerApp({ env: { ODMON_GRACE_DAYS: '3' } });
    expect((await stale(app, '2019-07-01T09:00')).monthly).toBeUndefined();
    expect((await stale(app, '2019-07-03T23:59')).monthly).toBeUndefined();
    expect((await stale(app, '2019-07-04T00:00')).monthly).toBe(1);
    expect((await check(app, kyiv('2019-07-04T09:00'), 'stale-publication')).get('monthly')?.message).toContain('мав бути оновлений до 03.07.2019');
  });

  it('reads the grace days from the config file as well', async () => {
    const app = registerApp({ configFile: { graceDays: 3 } });
    expect(await stale(app, '2019-07-04T09:00')).toMatchObject({ monthly: 1 });
    expect((await stale(app, '2019-07-03T09:00')).monthly).toBeUndefined();
  });

  it('uses a configured period for a frequency: with {"once a month": "P31D"} 31.05.2019 is due on 01.07.2019', async () => {
    const app = registerApp({ configFile: { frequencies: { 'once a month': 'P31D' } } });
    expect((await stale(app, '2019-07-01T23:59')).monthly).toBeUndefined();
    expect((await stale(app, '2019-07-02T00:00')).monthly).toBe(1);
    expect((await stale(app, '2019-07-02T00:00'))['monthly-uk']).toBe(1);
  });
});
