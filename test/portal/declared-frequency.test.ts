/**
 * A register entry with a blank frequency takes the frequency its portal dataset declares (data.gov.ua's
 * top-level `update_frequency`), so it is checked for lateness; a frequency the register states always wins,
 * and a different one on the portal stays a `portal-frequency-mismatch` finding. The portal answers with a
 * reply in data.gov.ua's shape (test/fixtures/ckan/package_show.data-gov-ua.json, see the README beside it).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { App } from '../../src/app';
import { runCheck } from '../../src/app';
import { listDatasets } from '../../src/store/datasets';
import { byRule, kyiv, makeTempDir, removeDir } from '../helpers/rules-app';
import { CKAN_DATA, FakeCkan } from './ckan-server';
import { portalApp, syncNow } from './fixtures';

const reply = JSON.parse(fs.readFileSync(path.join(CKAN_DATA, 'package_show.data-gov-ua.json'), 'utf8')) as { result: Record<string, any> };
const pkg = reply.result;
const NAME = '695407ba-09c4-4fdc-ba91-7d5157e3a5ae';
const CHECK_AT = kyiv('2020-07-01T09:00');

let root: string;
let ckan: FakeCkan;
let app: App;

beforeAll(async () => {
  root = makeTempDir('declared-frequency');
  ckan = new FakeCkan();
  ckan.addOrg({ id: pkg.organization.id, name: pkg.organization.name, title: pkg.organization.title }, [pkg]);
  await ckan.start();
  app = portalApp(root, 'declared', ckan, { organizations: [pkg.organization.name] }, [
    // id, title, steward_id, frequency, last_updated, required, suspended, portal_id
    ['perevirky', 'Перевірки допомог, пільг, субсидій', 'transport', '', '2020-03-01', 'yes', '', NAME],
    ['perevirky-yearly', 'Перевірки (щорічний звіт)', 'transport', 'Щороку', '2020-03-01', 'yes', '', NAME],
  ]);
});
afterAll(async () => {
  app.close();
  await ckan.stop();
  removeDir(root);
});

describe('the frequency data.gov.ua declares for an entry whose register frequency is blank', () => {
  it('is unknown before the portal is read', async () => {
    const r = await runCheck(app, CHECK_AT);
    expect(byRule(r.findings, 'unknown-frequency').has('perevirky')).toBe(true);
    expect(byRule(r.findings, 'stale-publication').has('perevirky')).toBe(false);
  });

  it('is the portal\'s once a month after a sync, and the entry is judged late by it', async () => {
    const s = await syncNow(app, ckan, {}, CHECK_AT);
    expect(s).toMatchObject({ read: 1, linked: 1, complete: true });
    expect(listDatasets(app.db).find((d) => d.id === 'perevirky')).toMatchObject({ frequency: 'once a month', frequencyRaw: null });
    const r = await runCheck(app, CHECK_AT);
    expect(byRule(r.findings, 'unknown-frequency').has('perevirky')).toBe(false);
    // Last updated on the portal 15.05.2020 10:43 Kyiv (resource last_modified, naive UTC): due 15.06.2020.
    expect(byRule(r.findings, 'stale-publication').get('perevirky')).toMatchObject({ dueAt: '2020-06-15T21:00:00.000Z', daysOverdue: 16 });
    expect(byRule(r.findings, 'portal-frequency-mismatch').has('perevirky')).toBe(false);
  });

  it('never replaces a frequency the register states: a different one is a mismatch', async () => {
    const r = await runCheck(app, CHECK_AT);
    expect(listDatasets(app.db).find((d) => d.id === 'perevirky-yearly')?.frequency).toBe('once a year');
    expect(byRule(r.findings, 'stale-publication').has('perevirky-yearly')).toBe(false);
    expect(byRule(r.findings, 'portal-frequency-mismatch').has('perevirky-yearly')).toBe(true);
  });

  it('leaves the register itself blank: an export shows what the council wrote', () => {
    expect(app.db.prepare("SELECT frequency, frequency_raw FROM datasets WHERE id = 'perevirky'").get()).toEqual({ frequency: null, frequency_raw: null });
  });
});
