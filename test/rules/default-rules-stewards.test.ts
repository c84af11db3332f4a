import type { App } from '../../src/app';
import type { Finding } from '../../src/domain';
import { check, DATASET_COLUMNS, importCsv, makeTempDir, NOW, openTestApp, removeDir, STEWARD_COLUMNS } from '../helpers/rules-app';

let root: string;
let app: App;
let found: Map<string, Finding>;

beforeAll(async () => {
  root = makeTempDir('rules-stewards');
  app = openTestApp(root, 'stewards');
  importCsv(app, 'stewards', STEWARD_COLUMNS, [
    ['it', "Відділ інформаційно-комп'ютерного забезпечення", 'opendata.it@example.org', 'department'],
    ['transport', "Управління транспорту та зв'язку", '', 'department'],
    ['culture', 'Управління культури і туризму', 'culture@example.org', 'department'],
    ['ngo', 'Громадська організація «Відкрите місто»', '', 'external'],
  ]);
  importCsv(app, 'datasets', DATASET_COLUMNS, [
    ['routes', 'Маршрути', 'transport', 'once a year', '2019-06-01', 'no', ''],
    ['stops', 'Зупинки', 'transport', 'once a year', '2019-06-01', 'no', ''],
    ['museums', 'Музеї', 'culture', 'once a year', '2019-06-01', 'no', ''],
    ['hackathons', 'Хакатони', 'ngo', 'once a year', '2019-06-01', 'no', ''],
  ]);
  found = await check(app, NOW, 'steward-without-contact');
});
afterAll(() => {
  app.close();
  removeDir(root);
});

describe('steward-without-contact', () => {
  it('flags a department without an e-mail that has datasets, saying how many datasets and open tasks it has', () => {
    expect(found.get('transport')).toEqual<Finding>({
      rule: 'steward-without-contact',
      severity: 'high',
      subject: { type: 'steward', id: 'transport' },
      steward: 'transport',
      stewards: ['transport'],
      dueAt: null,
      daysOverdue: null,
      // 8 tasks of the seeded plan belong to every steward ("Розпорядники наборів відкритих даних").
      message:
        "Розпорядник «Управління транспорту та зв'язку» не має адреси електронної пошти відповідальної особи, тому " +
        'повідомлення йому не надсилаються (наборів даних: 2, відкритих завдань плану: 8). Слід додати адресу до реєстру розпорядників.',
    });
  });

  it('does not flag an external unit without an e-mail, even with datasets', () => {
    expect(found.has('ngo')).toBe(false);
  });

  it('does not flag the seeded external experts and working group, who have plan tasks but are not departments', () => {
    expect(found.has('external-experts')).toBe(false);
    expect(found.has('working-group')).toBe(false);
  });

  it('does not flag a department that has an e-mail', () => {
    expect(found.has('culture')).toBe(false);
    expect(found.has('it')).toBe(false);
  });

  it('flags the seeded departments still without an e-mail because they have open plan tasks', () => {
    expect([...found.keys()].sort()).toEqual(['economy', 'finance', 'hr', 'transport']);
  });
});
