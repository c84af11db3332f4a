import type { App } from '../../src/app';
import { fixedClock, type Clock } from '../../src/clock';
import { formatSyncReport } from '../../src/cli/portal-commands';
import { OdmonError } from '../../src/errors';
import { listSyncRuns, observationsOf } from '../../src/store/portal';
import { check, kyiv, makeTempDir, NOW, removeDir } from '../helpers/rules-app';
import { dumpTables } from '../helpers/temp-db';
import { bigPortal, FakeCkan, makeDataset, ORG_A, ORG_B, ORG_C, uuid, type Org } from './ckan-server';
import { portalApp, syncNow, totals } from './fixtures';

const id = (i: number): string => uuid(0xd5, i);

/** The register beside the big portal: what each entry tests is in its title. */
const REGISTER: string[][] = [
  // id, title, steward_id, frequency, last_updated, required, suspended, portal_id
  ['budget', 'Бюджет міста', 'transport', 'once a month', '2019-04-01', 'no', '', id(0)],
  ['routes', 'Маршрути', 'transport', 'once a month', '', 'yes', '', 'dataset-1'],
  ['stops', 'Зупинки', 'transport', 'once a month', '2019-06-25', 'no', '', id(1300)],
  ['ghost', 'Привид', 'transport', 'once a year', '2019-06-25', 'no', '', 'no-such-dataset'],
  ['parking', 'Паркувальні майданчики міста', 'transport', 'once a quarter', '2019-06-25', 'no', '', ''],
];

let root: string;
let ckan: FakeCkan;
const opened: App[] = [];
let n = 0;

function freshPortal(): FakeCkan {
  const p = bigPortal(ckan?.timer);
  const a = p.datasets.get(ORG_A.id)!;
  a[0] = makeDataset(ORG_A, 0, { style: 'gov', resourceModified: '2019-06-20T08:00:00', modified: '2019-06-28T12:00:00' });
  a[1] = makeDataset(ORG_A, 1, { style: 'stock', resourceModified: '2019-03-01T08:00:00', modified: '2019-03-02T08:00:00' });
  a[2] = makeDataset(ORG_A, 2, { title: 'Паркувальні майданчики' });
  return p;
}

async function withPortal(p: FakeCkan): Promise<void> {
  if (ckan) await ckan.stop();
  ckan = p;
  await ckan.start();
}

function app(portal: Record<string, unknown> = {}, rows: string[][] = REGISTER, clock?: Clock): App {
  const a = portalApp(root, `sync-${++n}`, ckan, { organizations: [ORG_A.id, ORG_B.name, ORG_C.name], ...portal }, rows, clock);
  opened.push(a);
  return a;
}

function withoutSyncRuns(dump: string): string {
  const all = JSON.parse(dump) as Record<string, unknown>;
  delete all.sync_runs;
  return JSON.stringify(all);
}

const count = (a: App, sql: string): number => a.db.prepare(sql).pluck().get() as number;

beforeAll(async () => {
  root = makeTempDir('portal-sync');
  await withPortal(freshPortal());
});
afterAll(async () => {
  opened.forEach((a) => a.close());
  await ckan.stop();
  removeDir(root);
});

describe('a first sync of 2,500 datasets in three organizations', () => {
  let a: App;
  let report: Awaited<ReturnType<typeof syncNow>>;
  beforeAll(async () => {
    await withPortal(freshPortal());
    a = app();
    report = await syncNow(a, ckan);
  });

  it('reads every dataset, pages past 1000, and says what it did', () => {
    expect(totals(report)).toEqual({ read: 2500, linked: 3, updated: 0, new: 2500, gone: 1, failed: 0, publications: 2, complete: true });
    expect(report.errors).toEqual([]);
    const starts = ckan.requests.filter((r) => r.action === 'package_search' && r.params.get('fq') === `owner_org:${ORG_A.id}`).map((r) => r.params.get('start'));
    expect(starts).toEqual(['0', '1000']);
  });

  it('resolves organizations given by name, and keeps the id of one given by id as it is', () => {
    expect(ckan.requests.filter((r) => r.action === 'organization_show').map((r) => r.params.get('id'))).toEqual([ORG_B.name, ORG_C.name]);
    expect(count(a, `SELECT count(*) FROM portal_datasets WHERE organization = '${ORG_B.id}'`)).toBe(900);
  });

  it('stores both dates, the resources, the contact and the frequency read from the top level or from extras', () => {
    const rows = a.db.prepare('SELECT * FROM portal_datasets WHERE portal_id IN (?, ?) ORDER BY name').all(id(0), id(1));
    expect(rows).toEqual([
      expect.objectContaining({
        name: 'dataset-0',
        frequency_raw: 'once a month',
        frequency: 'once a month',
        metadata_modified: '2019-06-28T12:00:00.000Z',
        resources_modified: '2019-06-20T08:00:00.000Z',
        maintainer: 'Олена Коваль',
        maintainer_email: 'opendata@example.org',
        resource_count: 1,
        formats: '["CSV"]',
        first_seen_at: '2019-07-01T06:00:00.000Z',
        gone_at: null,
      }),
      expect.objectContaining({ name: 'dataset-1', frequency: 'once a month', resources_modified: '2019-03-01T08:00:00.000Z' }),
    ]);
    expect(count(a, 'SELECT count(*) FROM portal_resources')).toBe(2500);
  });

  it('records the run and a first observation of every dataset', () => {
    expect(listSyncRuns(a.db)).toEqual([
      expect.objectContaining({ portal: ckan.url, organizations: [ORG_A.id, ORG_B.name, ORG_C.name], read: 2500, new: 2500, gone: 1, complete: true, errors: [] }),
    ]);
    expect(count(a, 'SELECT count(*) FROM portal_observations')).toBe(2500);
  });

  it("adds the portal's latest resource change to the history of linked datasets, as source portal", () => {
    expect(a.db.prepare("SELECT dataset_id, published_at FROM publications WHERE source = 'portal' ORDER BY dataset_id").all()).toEqual([
      { dataset_id: 'budget', published_at: '2019-06-20T08:00:00.000Z' },
      { dataset_id: 'routes', published_at: '2019-03-01T08:00:00.000Z' },
    ]);
  });

  it('lets stale-publication and missing-dataset judge the portal: budget is up to date, routes (linked by name) is late', async () => {
    const stale = await check(a, NOW, 'stale-publication');
    expect([...stale.keys()].filter((k) => ['budget', 'routes', 'stops'].includes(k))).toEqual(['routes']);
    expect(stale.get('routes')?.message).toBe(
      'Набір даних «Маршрути» мав бути оновлений до 01.04.2019 (останнє оновлення — 01.03.2019, періодичність — Щомісяця); прострочення становить 91 день. Просимо оновити його на Порталі відкритих даних або повідомити причину затримки.',
    );
    expect((await check(a, NOW, 'missing-dataset')).has('routes')).toBe(false);
  });

  it('looks up a linked id that no listing had, and reports it gone when the portal does not know it', async () => {
    expect(ckan.requests.filter((r) => r.action === 'package_show').map((r) => r.params.get('id'))).toEqual(['no-such-dataset']);
    expect(report.goneIds).toEqual(['no-such-dataset']);
    const gone = await check(a, NOW, 'portal-dataset-gone');
    expect(gone.get('ghost')?.message).toBe(
      "Набір даних «Привид» зник з Порталу відкритих даних: 01.07.2019 його там уже не знайдено (ідентифікатор на порталі: no-such-dataset). Просимо відновити оприлюднення або повідомити, з якої причини набір знято.",
    );
    expect([...gone.keys()]).toEqual(['ghost']);
  });

  it('offers the unlinked portal datasets with the closest register titles', () => {
    expect(report.unlinked).toHaveLength(2497);
    expect(report.unlinked.find((u) => u.portalId === id(2))).toEqual({
      portalId: id(2),
      name: 'dataset-2',
      title: 'Паркувальні майданчики',
      organization: ORG_A.id,
      suggestions: [
        { datasetId: 'parking', title: 'Паркувальні майданчики міста', score: 0.8 },
        // Resolution 835's items are register entries too (seeded, not yet linked).
        { datasetId: 'r835-lsg-19', title: 'Дані про паркування, у тому числі розміщення майданчиків, їх операторів, обладнання та функціонування', score: 0.33 },
        { datasetId: 'r835-lsg-52', title: 'Дані про накладені штрафи за порушення правил паркування транспортних засобів', score: 0.2 },
      ],
    });
  });
});

describe('syncing again', () => {
  let a: App;
  beforeAll(async () => {
    await withPortal(freshPortal());
    a = app();
    await syncNow(a, ckan);
  });

  it('changes nothing and records no observation when nothing changed', async () => {
    const r = await syncNow(a, ckan, {}, kyiv('2019-07-02T09:00'));
    expect(totals(r)).toEqual({ read: 2500, linked: 3, updated: 0, new: 0, gone: 0, failed: 0, publications: 0, complete: true });
    expect(count(a, 'SELECT count(*) FROM portal_observations')).toBe(2500);
    // The ghost is looked up again (it might have come back elsewhere), and is not counted gone twice.
    expect(ckan.count('package_show')).toBe(2);
  });

  it('records an update with its time, so the history shows both states, and adds the new date to the history', async () => {
    const d = ckan.find(id(0))!;
    d.resources[0].last_modified = '2019-07-02T10:00:00';
    d.metadata_modified = '2019-07-02T10:00:01';
    const r = await syncNow(a, ckan, {}, kyiv('2019-07-03T09:00'));
    expect([r.updated, r.new, r.publications]).toEqual([1, 0, 1]);
    expect(observationsOf(a.db, id(0)).map((o) => [o.observedAt, o.resourcesModified])).toEqual([
      ['2019-07-01T06:00:00.000Z', '2019-06-20T08:00:00.000Z'],
      ['2019-07-03T06:00:00.000Z', '2019-07-02T10:00:00.000Z'],
    ]);
  });

  it('reads through an HTML challenge page in the middle of the paging', async () => {
    ckan.inject('package_search', { kind: 'html' }, 1, (p) => p.get('start') === '1000');
    const r = await syncNow(a, ckan, {}, kyiv('2019-07-04T09:00'));
    expect(totals(r)).toMatchObject({ read: 2500, failed: 0, complete: true });
  });
});

describe('a portal that fails part-way', () => {
  let a: App;
  beforeAll(async () => {
    await withPortal(freshPortal());
    a = app();
    await syncNow(a, ckan);
    ckan.remove(id(1300)); // "stops", linked, in organization B
    ckan.remove(id(5)); // unlinked, in organization A
  });

  it('keeps everything known and marks nothing gone when one organization cannot be read', async () => {
    ckan.inject('package_search', { kind: 'status', status: 503 }, 3, (p) => p.get('fq') === `owner_org:${ORG_C.id}`);
    const before = count(a, 'SELECT count(*) FROM portal_datasets');
    const r = await syncNow(a, ckan, {}, kyiv('2019-07-02T09:00'));
    expect(totals(r)).toEqual({ read: 2098, linked: 2, updated: 0, new: 0, gone: 0, failed: 1, publications: 0, complete: false });
    expect(r.errors).toEqual([
      `портал ${ckan.url}: package_search для організації "${ORG_C.name}" не вдалося після 3 спроб: HTTP 503 Service Unavailable: відповідь не у форматі JSON CKAN (content-type text/plain)`,
    ]);
    expect(count(a, 'SELECT count(*) FROM portal_datasets')).toBe(before);
    expect(count(a, "SELECT count(*) FROM portal_datasets WHERE gone_at IS NOT NULL AND portal_id <> 'no-such-dataset'")).toBe(0);
    expect(listSyncRuns(a.db, 1)[0]).toMatchObject({ complete: false, failed: 1, errors: r.errors });
    expect((await check(a, kyiv('2019-07-02T09:00'), 'portal-dataset-gone')).has('stops')).toBe(false);
  });

  it('marks nothing gone when a listing ends early, and keeps what it read', async () => {
    ckan.inject('package_search', { kind: 'hang' }, 3, (p) => p.get('start') === '1000');
    const r = await syncNow(a, ckan, {}, kyiv('2019-07-02T10:00'));
    expect(totals(r)).toMatchObject({ read: 2299, gone: 0, failed: 1, complete: false });
    expect(r.errors[0]).toBe(`портал ${ckan.url}: package_search для організації "${ORG_A.id}" не вдалося після 3 спроб: немає відповіді за 1000 мс`);
  });

  it('marks nothing gone when the portal changes between two pages (the rest shifted: one may have been skipped)', async () => {
    ckan.onRequest = (action, p) => {
      if (action === 'package_search' && p.get('start') === '1000') ckan.remove(id(10));
    };
    const r = await syncNow(a, ckan, {}, kyiv('2019-07-02T11:00'));
    ckan.onRequest = null;
    ckan.datasets.get(ORG_A.id)!.splice(10, 0, makeDataset(ORG_A, 10));
    expect(totals(r)).toMatchObject({ gone: 0, failed: 0, complete: false });
    expect(r.errors).toEqual([`портал ${ckan.url}, організація "${ORG_A.id}": портал змінився під час читання (прочитано наборів: 1198, у переліку: 1198); цього разу нічого не позначено як зникле`]);
  });

  it('marks the missing ones gone after a complete sync, and the rule reports the linked one', async () => {
    const r = await syncNow(a, ckan, {}, kyiv('2019-07-03T09:00'));
    expect(totals(r)).toMatchObject({ read: 2498, gone: 2, failed: 0, complete: true });
    expect(r.goneIds.slice().sort()).toEqual([id(1300), id(5)].sort());
    const gone = await check(a, kyiv('2019-07-03T09:00'), 'portal-dataset-gone');
    expect([...gone.keys()].sort()).toEqual(['ghost', 'stops']);
    expect(gone.get('stops')?.message).toContain(`03.07.2019 його там уже не знайдено (ідентифікатор на порталі: ${id(1300)})`);
  });

  it('clears gone when the dataset comes back', async () => {
    ckan.datasets.get(ORG_B.id)!.push(makeDataset(ORG_B, 1300));
    const r = await syncNow(a, ckan, {}, kyiv('2019-07-04T09:00'));
    expect([r.gone, r.updated]).toEqual([0, 1]);
    expect((await check(a, kyiv('2019-07-04T09:00'), 'portal-dataset-gone')).has('stops')).toBe(false);
  });
});

describe('a sync that can read nothing', () => {
  it('fails with E_PORTAL (exit 69), records the attempt and keeps everything known', async () => {
    await withPortal(freshPortal());
    const a = app();
    await syncNow(a, ckan);
    const known = withoutSyncRuns(dumpTables(a.db));
    ckan.inject('package_search', { kind: 'html' }, 1000);
    let error: unknown;
    try {
      await syncNow(a, ckan, { organizations: [ORG_A.id] }, kyiv('2019-07-02T09:00'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OdmonError);
    const e = error as OdmonError;
    expect([e.code, e.exitCode]).toEqual(['E_PORTAL', 69]);
    expect(e.message).toBe(
      `з порталу ${ckan.url} нічого не прочитано:\n  портал ${ckan.url}: package_search для організації "${ORG_A.id}" не вдалося після 3 спроб: HTTP 200 OK: сторінка HTML замість JSON (перевірка CDN або сторінка помилки)`,
    );
    expect(withoutSyncRuns(dumpTables(a.db))).toBe(known);
    expect(listSyncRuns(a.db, 1)[0]).toMatchObject({ complete: false, read: 0, failed: 1 });
  });
});

describe('a last update from the future', () => {
  it('is skipped beyond a day past the real clock, reported in the summary, and never enters the history', async () => {
    const p = freshPortal();
    const a0 = p.datasets.get(ORG_A.id)!;
    // budget: 3 days after the real clock (01.07.2019 09:00 Kyiv); stops: 20 hours after it, within the day allowed for time zones.
    a0[0] = makeDataset(ORG_A, 0, { style: 'gov', resourceModified: '2019-07-04T06:00:00', modified: '2019-07-04T06:00:00' });
    p.datasets.get(ORG_B.id)![100] = makeDataset(ORG_B, 1300, { resourceModified: '2019-07-02T02:00:00', modified: '2019-07-02T02:00:00' });
    await withPortal(p);
    const a = app({}, REGISTER, fixedClock(NOW));
    const r = await syncNow(a, ckan);
    expect(r.future).toEqual([{ datasetId: 'budget', portalId: id(0), at: '2019-07-04T06:00:00.000Z' }]);
    expect(a.db.prepare("SELECT dataset_id, published_at FROM publications WHERE source = 'portal' ORDER BY dataset_id").all()).toEqual([
      { dataset_id: 'routes', published_at: '2019-03-01T08:00:00.000Z' },
      { dataset_id: 'stops', published_at: '2019-07-02T02:00:00.000Z' },
    ]);
    expect(formatSyncReport(r)).toContain('Дати оновлення, пізніші за поточний час, до історії не додано (1):\n  budget (на порталі ' + id(0) + '): 04.07.2019 09:00\n');
    // budget stays judged by the register's own date: it is late, not switched off for good.
    expect((await check(a, kyiv('2019-07-05T09:00'), 'stale-publication')).has('budget')).toBe(true);
  });
});

describe('a dry run', () => {
  it('reads the portal and reports what would change, and writes nothing', async () => {
    await withPortal(freshPortal());
    const a = app();
    const before = dumpTables(a.db);
    const r = await syncNow(a, ckan, { dryRun: true });
    expect(totals(r)).toEqual({ read: 2500, linked: 3, updated: 0, new: 2500, gone: 1, failed: 0, publications: 2, complete: true });
    expect([r.runId, r.dryRun]).toEqual([null, true]);
    expect(dumpTables(a.db)).toBe(before);
  });
});

describe('no organizations configured', () => {
  const small = (orgs: number): FakeCkan => {
    const p = new FakeCkan(ckan.timer);
    for (let i = 0; i < orgs; i++) {
      const org: Org = { id: uuid(0xb0, i), name: `org-${i}`, title: `Org ${i}` };
      p.addOrg(org, [makeDataset(org, 10_000 + i)]);
    }
    return p;
  };

  it('reads every organization of the portal, 25 a page', async () => {
    await withPortal(small(30));
    const a = app({ organizations: [] }, []);
    const r = await syncNow(a, ckan);
    expect([r.read, r.organizations.length, r.complete]).toEqual([30, 30, true]);
    expect(ckan.requests.filter((q) => q.action === 'organization_list').map((q) => [q.params.get('offset'), q.params.get('limit'), q.params.get('all_fields')])).toEqual([
      ['0', '25', 'true'],
      ['25', '25', 'true'],
    ]);
  });

  it('refuses a portal with more than 100 organizations (the national portal) with E_CONFIG', async () => {
    await withPortal(small(130));
    const a = app({ organizations: [] }, []);
    await expect(syncNow(a, ckan)).rejects.toMatchObject({
      code: 'E_CONFIG',
      message: `на порталі ${ckan.url} понад 100 організацій, а portal.organizations не вказано`,
    });
  });
});
