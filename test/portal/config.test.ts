import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/config';
import { OdmonError } from '../../src/errors';
import { makeTempDir, removeDir } from '../helpers/rules-app';

let root: string;
let n = 0;
beforeAll(() => {
  root = makeTempDir('portal-config');
});
afterAll(() => removeDir(root));

function workDir(config: unknown): string {
  const dir = path.join(root, `cwd-${++n}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'odmon.config.json'), JSON.stringify(config));
  return dir;
}

describe('the portal settings', () => {
  it('default to no portal, every organization, the resources date, 30 s, 3 requests a second, 4 retries, 32 MB replies, 100 pages', () => {
    expect(loadConfig({ env: {}, cwd: workDir({}) }).portal).toEqual({
      url: null,
      organizations: [],
      lastUpdateFrom: 'resources',
      timeoutMs: 30_000,
      userAgent: 'odmon (open data compliance monitor)',
      requestsPerSecond: 3,
      maxRetries: 4,
      maxReplyMB: 32,
      maxPages: 100,
    });
  });

  it('are read from the file', () => {
    const cwd = workDir({
      portal: {
        url: 'https://data.gov.ua/',
        organizations: ['kropyvnytska-miska-rada', '6a1f0d3e-0b7f-4d8c-9d1e-5d5e0c1a2b3c'],
        lastUpdateFrom: 'metadata',
        timeoutMs: 5000,
        userAgent: 'Kropyvnytskyi open data monitor (it@city.gov.ua)',
        requestsPerSecond: 1.5,
        maxRetries: 0,
        maxReplyMB: 8,
        maxPages: 20,
      },
    });
    const config = loadConfig({ env: {}, cwd });
    expect(config.portal).toEqual({
      url: 'https://data.gov.ua',
      organizations: ['kropyvnytska-miska-rada', '6a1f0d3e-0b7f-4d8c-9d1e-5d5e0c1a2b3c'],
      lastUpdateFrom: 'metadata',
      timeoutMs: 5000,
      userAgent: 'Kropyvnytskyi open data monitor (it@city.gov.ua)',
      requestsPerSecond: 1.5,
      maxRetries: 0,
      maxReplyMB: 8,
      maxPages: 20,
    });
    expect(config.portalUrl).toBe('https://data.gov.ua');
  });

  it('take the address and the organizations from ODMON_PORTAL_URL and ODMON_PORTAL_ORGS first', () => {
    const cwd = workDir({ portal: { url: 'https://data.gov.ua', organizations: ['a'] } });
    const config = loadConfig({ env: { ODMON_PORTAL_URL: 'https://opendata.city.gov.ua', ODMON_PORTAL_ORGS: 'transport, finance;education' }, cwd });
    expect([config.portal.url, config.portal.organizations]).toEqual(['https://opendata.city.gov.ua', ['transport', 'finance', 'education']]);
  });

  it('keep a portal login out of the links people receive, and out of error messages', () => {
    const cwd = workDir({});
    const config = loadConfig({ env: { ODMON_PORTAL_URL: 'https://reader@city.gov.ua:P@ss:w0rd@opendata.city.gov.ua/' }, cwd });
    expect(config.portal.url).toBe('https://reader@city.gov.ua:P@ss:w0rd@opendata.city.gov.ua');
    expect(config.portalUrl).toBe('https://opendata.city.gov.ua');
    let error: OdmonError | undefined;
    try {
      loadConfig({ env: { ODMON_PORTAL_URL: 'ftp://reader:P@ss:w0rd@opendata.city.gov.ua' }, cwd });
    } catch (e) {
      error = e as OdmonError;
    }
    expect(error?.problems).toEqual(['ODMON_PORTAL_URL: "ftp://reader:***@opendata.city.gov.ua" — не адреса http:// чи https://']);
  });

  it('report every bad value at once', () => {
    const cwd = workDir({ portal: { organizations: 'x', lastUpdateFrom: 'files', timeoutMs: -1, userAgent: '', requestsPerSecond: 50, maxRetries: 2.5, maxReplyMB: 0, maxPages: 1e9, colour: 1 } });
    const file = path.join(cwd, 'odmon.config.json');
    let error: OdmonError | undefined;
    try {
      loadConfig({ env: { ODMON_PORTAL_ORGS: '' }, cwd });
    } catch (e) {
      error = e as OdmonError;
    }
    expect(error?.problems).toEqual([
      `${file}: невідоме налаштування "portal.colour" (відомі: portal.url, portal.organizations, portal.lastUpdateFrom, portal.timeoutMs, portal.userAgent, portal.requestsPerSecond, portal.maxRetries, portal.maxReplyMB, portal.maxPages)`,
      `${file}: portal.lastUpdateFrom: "files" — має бути "resources" або "metadata"`,
      `${file}: portal.timeoutMs: -1 — менше за найменше допустиме значення (1 мілісекунда)`,
      `${file}: portal.userAgent: "" — має бути непорожнім текстом`,
      `${file}: portal.requestsPerSecond: 50 — має бути більше за 0 і не більше за 10 (портал блокує клієнтів, які поспішають)`,
      `${file}: portal.maxRetries: 2.5 — не ціле число повторних спроб (0 або більше)`,
      `${file}: portal.maxReplyMB: 0 — менше за найменше допустиме значення (1 мегабайт)`,
      `${file}: portal.maxPages: 1000000000 — більше за найбільше допустиме значення (10000 сторінок)`,
    ]);
  });
});
