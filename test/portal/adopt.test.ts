/**
 * `odmon sync --adopt`: a council with no register starts from its organization on the portal — 1,200 datasets
 * here, on the CKAN-shaped server — while Resolution 835 items the council publishes under a close title are
 * linked instead of doubled.
 */
import type { App } from '../../src/app';
import { runCheck } from '../../src/app';
import type { AdoptionReport } from '../../src/portal/adopt';
import { listAudit } from '../../src/store/audit';
import { listDatasets } from '../../src/store/datasets';
import { dumpTables } from '../helpers/temp-db';
import { byRule, makeTempDir, NOW, removeDir } from '../helpers/rules-app';
import { bigPortal, FakeCkan, makeDataset, ORG_A, uuid } from './ckan-server';
import { portalApp, syncNow } from './fixtures';

const R835_ALL_02 = 'Інформація про структуру (організаційну структуру) розпорядника інформації';

function portal(): FakeCkan {
  const p = bigPortal();
  const a = p.datasets.get(ORG_A.id)!;
  // A Resolution 835 item under a close title, by the transport department's responsible person.
  a[0] = makeDataset(ORG_A, 0, { style: 'gov', title: 'Інформація про організаційну структуру розпорядника інформації', maintainerEmail: 'Transport.Data@example.org', resourceModified: '2019-06-20T08:00:00' });
  // Close to two required items at once: not a confident match, so it is added as a new entry.
  a[1] = makeDataset(ORG_A, 1, { title: 'Звіти' });
  // A harvester's default instead of a frequency.
  a[2] = makeDataset(ORG_A, 2, { style: 'gov', frequency: 'More then a day', title: 'Зупинки громадського транспорту' });
  // A resource dated in the future: adopted, but its date never enters the history.
  a[3] = makeDataset(ORG_A, 3, { resourceModified: '2099-12-31T00:00:00' });
  return p;
}

let root: string;
let ckan: FakeCkan;
const apps: App[] = [];
let n = 0;

function app(rows: string[][] = []): App {
  const a = portalApp(root, `adopt-${++n}`, ckan, {}, rows);
  apps.push(a);
  return a;
}

beforeAll(async () => {
  root = makeTempDir('portal-adopt');
  ckan = portal();
  await ckan.start();
});
afterAll(async () => {
  apps.forEach((a) => a.close());
  await ckan.stop();
  removeDir(root);
});

const adoptionOf = (r: unknown): AdoptionReport => (r as { adoption: AdoptionReport }).adoption;

describe('adopting an organization of 1,200 datasets', () => {
  let a: App;
  let dry: AdoptionReport;
  let first: AdoptionReport;
  let before: string;
  beforeAll(async () => {
    a = app();
    before = dumpTables(a.db);
    dry = adoptionOf(await syncNow(a, ckan, { organizations: [ORG_A.name], adopt: true, dryRun: true, actor: 'Бабаєва' }));
  });

  let dryReport: { future: readonly { datasetId: string }[] };
  it('in a dry run lists every decision and writes nothing', () => {
    expect(dry.dryRun).toBe(true);
    expect(dry.decisions).toHaveLength(1200);
    expect(dumpTables(a.db)).toBe(before);
  });

  it('says, in the dry run too, how many last updates would enter the history and which lie in the future', async () => {
    dryReport = (await syncNow(a, ckan, { organizations: [ORG_A.name], adopt: true, dryRun: true })) as unknown as typeof dryReport;
    expect(dry.publications).toBe(1199);
    expect(dry.future).toEqual([expect.objectContaining({ datasetId: 'dataset-3', at: '2099-12-31T00:00:00.000Z' })]);
    expect(dryReport.future.map((f) => f.datasetId)).toEqual(['dataset-3']);
  });

  it('links the required entry whose title matches, and lists that decision', async () => {
    first = adoptionOf(await syncNow(a, ckan, { organizations: [ORG_A.name], adopt: true, actor: 'Бабаєва' }));
    expect(first.decisions).toEqual(dry.decisions);
    expect(first.decisions.filter((d) => d.kind === 'linked')).toEqual([
      {
        kind: 'linked', why: 'title', datasetId: 'r835-all-02', datasetTitle: R835_ALL_02, portalId: uuid(0xd5, 0), portalName: 'dataset-0',
        portalTitle: 'Інформація про організаційну структуру розпорядника інформації', score: 1,
      },
    ]);
    expect(first.publications).toBe(dry.publications);
    expect(first.future).toEqual(dry.future);
    expect(listDatasets(a.db).find((x) => x.id === 'dataset-3')?.lastUpdated).toBeNull();
    const d = listDatasets(a.db).find((x) => x.id === 'r835-all-02');
    expect(d).toMatchObject({ portalId: uuid(0xd5, 0), required: true, lastUpdated: '2019-06-20T08:00:00.000Z' });
    const [entry] = listAudit(a.db).filter((e) => e.action === 'portal-link');
    expect(entry).toMatchObject({ actor: 'Бабаєва', subjectId: 'r835-all-02' });
  });

  it('adds every other dataset as a register entry linked to it: its name, title, frequency, not required, its steward', () => {
    const added = listDatasets(a.db).filter((d) => d.portalId !== null && d.id.startsWith('dataset-'));
    expect(added).toHaveLength(1199);
    expect(added.find((d) => d.id === 'dataset-5')).toMatchObject({
      title: 'Набір даних № 5', frequency: 'once a month', required: false, stewardId: null, portalId: uuid(0xd5, 5), lastUpdated: '2019-06-01T08:00:00.000Z',
    });
    expect(added.find((d) => d.id === 'dataset-1')?.title).toBe('Звіти');
    const stops = first.decisions.find((d) => d.datasetId === 'dataset-2');
    expect(stops).toMatchObject({ kind: 'added', frequency: null, frequencyUnknown: 'More then a day' });
  });

  it('names the steward whose address is the maintainer\'s', async () => {
    // The only dataset whose maintainer is the transport department was linked by title; a second adoption
    // from a portal that adds one more of theirs names the steward.
    ckan.datasets.get(ORG_A.id)!.push(makeDataset(ORG_A, 5000, { title: 'Маршрути міського транспорту', maintainerEmail: 'transport.data@example.org' }));
    const again = adoptionOf(await syncNow(a, ckan, { organizations: [ORG_A.name], adopt: true }));
    expect(again.decisions).toEqual([expect.objectContaining({ kind: 'added', datasetId: 'dataset-5000', stewardId: 'transport' })]);
    ckan.datasets.get(ORG_A.id)!.pop();
  });

  it('adds nothing when adopted again', async () => {
    const again = adoptionOf(await syncNow(a, ckan, { organizations: [ORG_A.name], adopt: true }));
    expect(again.decisions).toEqual([]);
    expect(again.skipped).toEqual([]);
  });

  it('judges the adopted register as any other', async () => {
    const result = await runCheck(a, NOW);
    expect(byRule(result.findings, 'missing-dataset').has('r835-all-02')).toBe(false);
    expect(byRule(result.findings, 'unknown-frequency').has('dataset-2')).toBe(true);
  });
});

describe('a register entry that already has the portal name as its id', () => {
  it('is linked rather than doubled; one linked elsewhere is skipped with the reason', async () => {
    const a = app([
      ['dataset-3', 'Наш набір', 'transport', 'once a month', '', 'no', '', ''],
      ['dataset-4', 'Інший набір', 'transport', 'once a month', '', 'no', '', 'elsewhere'],
    ]);
    const r = adoptionOf(await syncNow(a, ckan, { organizations: [ORG_A.name], adopt: true, dryRun: true }));
    expect(r.decisions.find((d) => d.datasetId === 'dataset-3')).toMatchObject({ kind: 'linked', why: 'id', portalId: uuid(0xd5, 3) });
    expect(r.skipped).toEqual([
      { portalId: uuid(0xd5, 4), portalName: 'dataset-4', portalTitle: 'Набір даних № 4', reason: 'ідентифікатор "dataset-4" уже має запис реєстру, пов’язаний з іншим набором на порталі; пов’яжіть потрібний вручну: odmon link' },
    ]);
  });
});
