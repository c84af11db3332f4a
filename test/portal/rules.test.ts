import type { App } from '../../src/app';
import type { Finding } from '../../src/domain';
import { FACTS } from '../../src/rules/catalogue';
import { datasetSubjects } from '../../src/rules/subjects';
import { listDatasets } from '../../src/store/datasets';
import { portalEvidenceByDataset } from '../../src/store/portal';
import { byRule, makeTempDir, NOW, removeDir } from '../helpers/rules-app';
import { runCheck } from '../../src/app';
import { FakeCkan, makeDataset, ORG_A, uuid, type DatasetOptions } from './ckan-server';
import { portalApp, readFrequenciesForTest, syncNow } from './fixtures';

const id = (i: number): string => uuid(0xd5, i);

/** One portal dataset per case; the register entry of the same index links to it. */
const CASES: [string, string, string, string, DatasetOptions | null][] = [
  // register id, title, register frequency, required, portal dataset
  ['no-res', 'Без ресурсів', 'once a month', 'no', { formats: [] }],
  ['pdf-required', 'Рішення виконкому', 'once a month', 'yes', { formats: ['PDF', '.docx', 'image/jpeg'] }],
  ['pdf-optional', 'Фото засідань', 'once a month', 'no', { formats: ['PDF'] }],
  ['pdf-and-csv', 'Бюджет', 'once a month', 'yes', { formats: ['PDF', 'CSV'] }],
  ['freq-differs', 'Розклад', 'once a month', 'no', { style: 'gov', frequency: 'once a year' }],
  ['freq-label', 'Тарифи', 'Щомісяця', 'no', { style: 'stock', frequency: 'once a month' }],
  ['freq-blank', 'Зупинки', '', 'no', { style: 'gov', frequency: 'once a year' }],
  ['freq-unknown-portal', 'Маршрути', 'once a month', 'no', { style: 'gov', frequency: 'коли буде час' }],
  ['no-maintainer', 'Паспорт без особи', 'once a month', 'no', { maintainer: '' }],
  ['bad-email', 'Паспорт без пошти', 'once a month', 'no', { maintainerEmail: 'n/a' }],
  ['all-good', 'Добрий набір', 'once a month', 'no', {}],
  ['not-linked', 'Не зв’язаний', 'once a month', 'yes', null],
];

let root: string;
let ckan: FakeCkan;
let app: App;
let findings: readonly Finding[];

beforeAll(async () => {
  root = makeTempDir('portal-rules');
  ckan = new FakeCkan();
  ckan.addOrg(
    ORG_A,
    CASES.flatMap(([, title, , , o], i) => (o === null ? [] : [makeDataset(ORG_A, i, { title, resourceModified: '2019-06-20T08:00:00', ...o })])),
  );
  await ckan.start();
  app = portalApp(
    root,
    'rules',
    ckan,
    { organizations: [ORG_A.id] },
    CASES.map(([rid, title, freq, required, o], i) => [rid, title, 'transport', freq, '2019-06-25', required, '', o === null ? '' : id(i)]),
  );
  await syncNow(app, ckan);
  findings = (await runCheck(app, NOW)).findings;
});
afterAll(async () => {
  app.close();
  await ckan.stop();
  removeDir(root);
});

const ids = (rule: string): string[] => [...byRule(findings, rule).keys()].sort();

describe('rules on the portal facts', () => {
  it('portal-no-resources: a linked dataset with no resources', () => {
    expect(ids('portal-no-resources')).toEqual(['no-res']);
    expect(byRule(findings, 'portal-no-resources').get('no-res')).toMatchObject({
      severity: 'high',
      steward: 'transport',
      message: 'Набір даних «Без ресурсів» на Порталі відкритих даних не містить жодного ресурсу (файлу чи API): оприлюднено лише паспорт. Просимо додати дані до набору.',
    });
  });

  it('portal-document-formats-only: a required dataset only in PDF, DOC, images', () => {
    expect(ids('portal-document-formats-only')).toEqual(['pdf-required']);
    expect(byRule(findings, 'portal-document-formats-only').get('pdf-required')?.message).toBe(
      "Обов'язковий набір даних «Рішення виконкому» оприлюднено на Порталі відкритих даних лише у форматах PDF, DOCX, JPEG, які не є машиночитаними. Постанова КМУ № 835 вимагає машиночитаного формату: просимо додати ресурс у форматі CSV, XLSX, JSON або XML.",
    );
  });

  it('portal-frequency-mismatch: both frequencies known and different, whatever the spelling', () => {
    expect(ids('portal-frequency-mismatch')).toEqual(['freq-differs']);
    expect(byRule(findings, 'portal-frequency-mismatch').get('freq-differs')).toMatchObject({
      severity: 'low',
      message:
        'Періодичність оновлення набору даних «Розклад» у паспорті на Порталі відкритих даних (Щороку) відрізняється від зазначеної в реєстрі (Щомісяця). Просимо узгодити паспорт набору з реєстром.',
    });
  });

  it('portal-missing-contact: no maintainer, or no usable e-mail', () => {
    expect(ids('portal-missing-contact')).toEqual(['bad-email', 'no-maintainer']);
    expect(byRule(findings, 'portal-missing-contact').get('no-maintainer')?.message).toBe(
      'У паспорті набору даних «Паспорт без особи» на Порталі відкритих даних не зазначено відповідальну особу або її електронну пошту. Просимо заповнити поля «Відповідальна особа» та «Email відповідальної особи».',
    );
  });

  it('reports nothing about an entry that is not linked', () => {
    expect(findings.filter((f) => f.subject.id === 'not-linked' && f.rule.startsWith('portal-'))).toEqual([]);
  });
});

describe('the portal facts', () => {
  it('are defined for every dataset, null or false when it is not linked', () => {
    const subjects = datasetSubjects({
      now: NOW,
      graceDays: 0,
      dueSoonDays: 30,
      frequencies: readFrequenciesForTest(),
      stewards: [],
      datasets: listDatasets(app.db),
      tasks: [],
      portal: portalEvidenceByDataset(app.db),
    });
    for (const s of subjects) for (const f of Object.keys(FACTS.dataset)) expect(s.facts[f]).not.toBeUndefined();
    const facts = (rid: string) => subjects.find((s) => s.id === rid)?.facts;
    expect(facts('not-linked')).toMatchObject({
      portalLinked: false,
      portalGone: false,
      portalResourceCount: null,
      portalOnlyDocumentFormats: false,
      portalFrequency: null,
      portalFrequencyDiffers: false,
      portalHasContact: null,
    });
    expect(facts('freq-unknown-portal')).toMatchObject({ portalLinked: true, portalFrequency: null, portalFrequencyDiffers: false, portalHasContact: true });
    expect(facts('pdf-and-csv')).toMatchObject({ portalResourceCount: 2, portalOnlyDocumentFormats: false });
  });

  it('stay null or false without portal evidence at all (as before a first sync)', () => {
    const [s] = datasetSubjects({
      now: NOW,
      graceDays: 0,
      dueSoonDays: 30,
      frequencies: readFrequenciesForTest(),
      stewards: [],
      datasets: listDatasets(app.db).filter((d) => d.id === 'no-res'),
      tasks: [],
    });
    expect(s.facts).toMatchObject({ hasPortalId: true, portalLinked: false, portalGone: false, portalResourceCount: null, portalHasContact: null });
    expect(s.vars).toMatchObject({ portalFrequency: '', portalFormats: '', portalResourceCount: '', portalGoneAt: '' });
  });
});
