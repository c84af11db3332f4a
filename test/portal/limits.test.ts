/**
 * The portal client's limits against hostile local portals: a portal that ignores paging or claims a billion
 * datasets, one that sends a reply of hundreds of megabytes, one that redirects elsewhere, one that answers in
 * windows-1251, and titles made to break terminals and mail. Each time only the hostile organization fails,
 * clearly, and the other one is read and kept.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../../src/app';
import { CkanClient } from '../../src/portal/ckan-client';
import { listSyncRuns } from '../../src/store/portal';
import { makeTempDir, removeDir } from '../helpers/rules-app';
import { FakeCkan, makeDataset, ORG_A, ORG_B } from './ckan-server';
import { portalApp, syncNow } from './fixtures';

let root: string;
const opened: App[] = [];
let n = 0;

beforeAll(() => {
  root = makeTempDir('portal-limits');
});
afterAll(() => {
  opened.forEach((a) => a.close());
  removeDir(root);
});

/** A portal with a good organization (A, 3 datasets) and the one a test makes hostile (B, 3 datasets). */
async function twoOrgs(): Promise<FakeCkan> {
  const ckan = new FakeCkan();
  ckan.addOrg(ORG_A, [0, 1, 2].map((i) => makeDataset(ORG_A, i)));
  ckan.addOrg(ORG_B, [10, 11, 12].map((i) => makeDataset(ORG_B, i)));
  await ckan.start();
  return ckan;
}

function app(ckan: FakeCkan, portal: Record<string, unknown> = {}): App {
  const a = portalApp(root, `limits-${++n}`, ckan, { organizations: [ORG_A.name, ORG_B.name], ...portal }, []);
  opened.push(a);
  return a;
}

const forB = (p: URLSearchParams): boolean => p.get('fq') === `owner_org:${ORG_B.id}`;
const searchesOf = (ckan: FakeCkan, org: string): number =>
  ckan.requests.filter((r) => r.action === 'package_search' && r.params.get('fq') === `owner_org:${org}`).length;
const storedOf = (a: App, org: string): number =>
  a.db.prepare('SELECT count(*) FROM portal_datasets WHERE organization = ?').pluck().get(org) as number;

describe('paging is bounded', () => {
  it('reads one page of a portal that ignores "start" and claims a billion datasets, and fails only that organization', async () => {
    const ckan = await twoOrgs();
    try {
      ckan.inject('package_search', { kind: 'ignore-start', count: 1e9 }, 1e6, forB);
      const a = app(ckan);
      const report = await syncNow(a, ckan);
      expect(searchesOf(ckan, ORG_B.id)).toBe(1);
      expect(report.errors).toEqual([
        `портал ${ckan.url}, організація "${ORG_B.name}": портал перелічує 1000000000 наборів, це 333333334 сторінок по 3: більше за portal.maxPages (100); прочитане збережено, цього разу нічого не позначено як зникле`,
      ]);
      expect(report.complete).toBe(false);
      expect(report.failed).toBe(1);
      expect(storedOf(a, ORG_A.id)).toBe(3);
      expect(report.gone).toBe(0);
    } finally {
      await ckan.stop();
    }
  });

  it('stops at the first page that repeats what was read (the portal ignores "start")', async () => {
    const ckan = await twoOrgs();
    try {
      ckan.inject('package_search', { kind: 'ignore-start', count: 5 }, 1e6, forB);
      const a2 = app(ckan);
      const report = await syncNow(a2, ckan);
      expect(searchesOf(ckan, ORG_B.id)).toBe(2);
      // Each dataset counted once, though the portal listed it twice.
      expect(storedOf(a2, ORG_B.id)).toBe(3);
      expect(report.read).toBe(storedOf(a2, ORG_A.id) + 3);
      expect(report.errors).toEqual([
        `портал ${ckan.url}, організація "${ORG_B.name}": сторінка з позиції 3 повторила вже прочитані набори (портал ігнорує "start"); прочитане збережено, цього разу нічого не позначено як зникле`,
      ]);
    } finally {
      await ckan.stop();
    }
  });

  it('reads at most count / page size + 1 pages of a listing that keeps growing', async () => {
    const ckan = await twoOrgs();
    try {
      ckan.inject('package_search', { kind: 'ignore-start', count: 0, fresh: true }, 1e6, forB);
      const report = await syncNow(app(ckan), ckan);
      // The first page says 2000 datasets in pages of 1000: two pages, and one more for a listing that moved.
      expect(searchesOf(ckan, ORG_B.id)).toBe(3);
      expect(report.errors[0]).toBe(
        `портал ${ckan.url}, організація "${ORG_B.name}": перелік не закінчився після 3 сторінок, хоча перша сторінка оголосила 2000 наборів (2 сторінок); прочитане збережено, цього разу нічого не позначено як зникле`,
      );
    } finally {
      await ckan.stop();
    }
  });

  it('never reads more than portal.maxPages pages', async () => {
    const ckan = await twoOrgs();
    try {
      ckan.inject('package_search', { kind: 'ignore-start', count: 0, fresh: true }, 1e6, forB);
      const report = await syncNow(app(ckan, { maxPages: 1 }), ckan);
      expect(searchesOf(ckan, ORG_B.id)).toBe(1);
      expect(report.errors[0]).toBe(
        `портал ${ckan.url}, організація "${ORG_B.name}": портал перелічує 2000 наборів, це 2 сторінок по 1000: більше за portal.maxPages (1); прочитане збережено, цього разу нічого не позначено як зникле`,
      );
    } finally {
      await ckan.stop();
    }
  });
});

describe('a reply larger than portal.maxReplyMB', () => {
  it('is abandoned while it streams, not retried, and fails only that organization', async () => {
    const ckan = await twoOrgs();
    try {
      ckan.inject('package_search', { kind: 'huge', bytes: 200 * 1024 * 1024 }, 10, forB);
      const a = app(ckan, { maxReplyMB: 1 });
      const report = await syncNow(a, ckan);
      expect(searchesOf(ckan, ORG_B.id)).toBe(1);
      expect(report.errors).toEqual([
        `портал ${ckan.url}: package_search для організації "${ORG_B.name}" не вдалося після 1 спроби: відповідь більша за 1 МБ (portal.maxReplyMB); її не прочитано`,
      ]);
      // What the server managed to write before odmon hung up: the limit plus socket buffers, not 200 MB.
      expect(ckan.hugeBytesSent).toBeLessThan(32 * 1024 * 1024);
      expect(storedOf(a, ORG_A.id)).toBe(3);
      expect(a.db.prepare("SELECT count(*) FROM portal_datasets WHERE portal_id = 'big'").pluck().get()).toBe(0);
    } finally {
      await ckan.stop();
    }
  });
});

describe('redirects', () => {
  let elsewhere: http.Server;
  let elsewhereUrl: string;
  let elsewhereHits = 0;
  beforeAll(async () => {
    elsewhere = http.createServer((_req, res) => {
      elsewhereHits++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"success":true,"result":{"count":0,"results":[]}}');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => elsewhere.close(resolve));
  });

  it('to another origin are not followed: that organization fails and says where it was sent', async () => {
    const ckan = await twoOrgs();
    try {
      ckan.inject('package_search', { kind: 'redirect', to: elsewhereUrl }, 10, forB);
      const a = app(ckan);
      const report = await syncNow(a, ckan);
      expect(elsewhereHits).toBe(0);
      expect(searchesOf(ckan, ORG_B.id)).toBe(1);
      expect(report.errors).toEqual([
        `портал ${ckan.url}: package_search для організації "${ORG_B.name}" не вдалося після 1 спроби: HTTP 302 переспрямовує на інший сайт, ${elsewhereUrl}; odmon іде за переспрямуваннями лише в межах ${ckan.url} (якщо портал переїхав, укажіть його нову адресу в portal.url)`,
      ]);
      expect(storedOf(a, ORG_A.id)).toBe(3);
    } finally {
      await ckan.stop();
    }
  });

  it('within the portal are followed', async () => {
    const ckan = await twoOrgs();
    try {
      ckan.inject('package_search', { kind: 'redirect', to: ckan.url }, 1, forB);
      const a = app(ckan);
      const report = await syncNow(a, ckan);
      expect(report.errors).toEqual([]);
      expect(searchesOf(ckan, ORG_B.id)).toBe(2);
      expect(storedOf(a, ORG_B.id)).toBe(3);
    } finally {
      await ckan.stop();
    }
  });
});

describe('what the portal says is read as it declares it and bounded', () => {
  it('honours a windows-1251 charset', async () => {
    const ckan = await twoOrgs();
    try {
      ckan.datasets.get(ORG_B.id)![0] = makeDataset(ORG_B, 10, { title: 'Бюджет міста Кропивницький — їжа, ґанок, є' });
      ckan.inject('package_search', { kind: 'windows-1251' }, 10, forB);
      const a = app(ckan);
      const report = await syncNow(a, ckan);
      expect(report.errors).toEqual([]);
      const title = a.db.prepare('SELECT title FROM portal_datasets WHERE name = ?').pluck().get('dataset-10');
      expect(title).toBe('Бюджет міста Кропивницький — їжа, ґанок, є');
    } finally {
      await ckan.stop();
    }
  });

  it('keeps titles at most 1000 characters long and without control characters or terminal escapes', async () => {
    const ckan = await twoOrgs();
    try {
      const hostile = `\u001b]0;pwned\u0007\u001b[31mЧервоний\u0000 заголовок\u009b2J ${'Д'.repeat(20_000)}`;
      ckan.datasets.get(ORG_B.id)![0] = makeDataset(ORG_B, 10, { title: hostile, maintainer: `Олена\u0000\r\nBcc: x@evil.example` });
      const a = app(ckan);
      await syncNow(a, ckan);
      const row = a.db.prepare('SELECT title, maintainer FROM portal_datasets WHERE name = ?').get('dataset-10') as { title: string; maintainer: string };
      expect(row.title.length).toBe(1000);
      expect(row.title.startsWith(']0;pwned[31mЧервоний заголовок2J ДДД')).toBe(true);
      expect(row.title.endsWith('…')).toBe(true);
      expect(row.title).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      expect(row.maintainer).toBe('Олена Bcc: x@evil.example');
    } finally {
      await ckan.stop();
    }
  });
});

describe('a portal address with a login', () => {
  it('is sent as Basic authentication and never printed or stored', async () => {
    const ckan = await twoOrgs();
    try {
      const withLogin = ckan.url.replace('http://', 'http://reader@city.gov.ua:P@ss:w0rd#1@');
      const client = new CkanClient({ baseUrl: withLogin, userAgent: 't', timeoutMs: 1000, requestsPerSecond: 10, maxRetries: 0 });
      expect(client.base).toBe(ckan.url);
      const a = app(ckan, { url: withLogin, organizations: [ORG_A.name, 'no-such-org'] });
      const report = await syncNow(a, ckan);
      expect(ckan.requests.every((r) => r.authorization === `Basic ${Buffer.from('reader@city.gov.ua:P@ss:w0rd#1').toString('base64')}`)).toBe(true);
      expect(report.portal).toBe(ckan.url);
      expect(report.errors.length).toBe(1);
      const stored = JSON.stringify(listSyncRuns(a.db)) + JSON.stringify(a.db.prepare('SELECT * FROM sync_runs').all());
      expect(stored).toContain(ckan.url);
      expect(stored).not.toContain('P@ss');
      expect(JSON.stringify(report)).not.toContain('P@ss');
    } finally {
      await ckan.stop();
    }
  });
});
