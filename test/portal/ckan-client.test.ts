import { CkanClient, PortalError, portalBase, type CkanClientOptions } from '../../src/portal/ckan-client';
import { readFrequenciesForTest } from './fixtures';
import { bigPortal, FakeCkan, FakeTimer, makeDataset, ORG_A, ORG_B, type RecordedRequest } from './ckan-server';
import { readOrganization } from '../../src/portal/listing';

const frequencies = readFrequenciesForTest();

function clientFor(ckan: FakeCkan, opts: Partial<CkanClientOptions> = {}): { client: CkanClient; retries: string[] } {
  const retries: string[] = [];
  const client = new CkanClient({
    baseUrl: ckan.url,
    userAgent: 'odmon-test/1',
    timeoutMs: 2000,
    requestsPerSecond: 3,
    maxRetries: 4,
    timer: ckan.timer,
    backoffMs: (n) => 1000 * 2 ** (n - 1),
    onRetry: (r) => retries.push(`${r.attempt}: ${r.reason} (${r.delayMs} ms)`),
    ...opts,
  });
  return { client, retries };
}

async function errorOf(p: Promise<unknown>): Promise<PortalError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PortalError) return e;
    throw e;
  }
  throw new Error('expected a PortalError');
}

/** At most `limit` requests in any window of 1000 ms on the fake clock. */
function maxPerSecond(reqs: readonly RecordedRequest[]): number {
  let max = 0;
  for (let i = 0; i < reqs.length; i++) {
    let n = 0;
    for (let j = i; j < reqs.length && reqs[j].at < reqs[i].at + 1000; j++) n++;
    max = Math.max(max, n);
  }
  return max;
}

describe('portalBase', () => {
  it.each([
    ['https://data.gov.ua', 'https://data.gov.ua'],
    ['https://data.gov.ua/', 'https://data.gov.ua'],
    ['https://data.gov.ua/api/3/action/', 'https://data.gov.ua'],
    ['https://opendata.city.gov.ua/ckan/api/3', 'https://opendata.city.gov.ua/ckan'],
  ])('reads %s as the portal %s', (given, base) => {
    expect(portalBase(given)).toBe(base);
  });
});

describe('the CKAN client against a local CKAN-shaped server', () => {
  let ckan: FakeCkan;
  beforeAll(async () => {
    ckan = bigPortal();
    await ckan.start();
  });
  afterAll(() => ckan.stop());
  beforeEach(() => {
    ckan.requests.length = 0;
  });

  it('pages an organization of 1,200 datasets by start, whatever rows the server really gives', async () => {
    const { client } = clientFor(ckan);
    const listing = await readOrganization(client, ORG_A.id, frequencies);
    expect([listing.complete, listing.count, listing.datasets.length, listing.seen.size, listing.errors]).toEqual([true, 1200, 1200, 1200, []]);
    const starts = ckan.requests.filter((r) => r.action === 'package_search').map((r) => [r.params.get('start'), r.params.get('rows'), r.params.get('fq')]);
    expect(starts).toEqual([
      ['0', '1000', `owner_org:${ORG_A.id}`],
      ['1000', '1000', `owner_org:${ORG_A.id}`],
    ]);
  });

  it('advances by what came back when the server caps rows below what was asked', async () => {
    const small = new FakeCkan();
    small.addOrg(ORG_B, Array.from({ length: 2345 }, (_, i) => makeDataset(ORG_B, i)));
    await small.start();
    try {
      const { client } = clientFor(small);
      // Ask for 1000; the fake answers at most 1000; here the server also drops to 1000 even for "rows=5000".
      const page = await client.packageSearch(ORG_B.id, 0, 5000, ORG_B.name);
      expect([page.count, page.results.length]).toEqual([2345, 1000]);
      const listing = await readOrganization(client, ORG_B.name, frequencies);
      expect([listing.complete, listing.datasets.length, listing.org?.id]).toEqual([true, 2345, ORG_B.id]);
      expect(small.count('organization_show')).toBe(1);
    } finally {
      await small.stop();
    }
  });

  it('sends its User-Agent', async () => {
    const { client } = clientFor(ckan);
    await client.organizationShow(ORG_A.name);
    expect(ckan.requests[0].userAgent).toBe('odmon-test/1');
  });

  it('retries an HTML challenge page (200, text/html) and then reads the JSON', async () => {
    const { client, retries } = clientFor(ckan);
    ckan.inject('organization_show', { kind: 'html' }, 2);
    const org = await client.organizationShow(ORG_A.name);
    expect(org.id).toBe(ORG_A.id);
    expect(retries).toEqual([
      '1: HTTP 200 OK: сторінка HTML замість JSON (перевірка CDN або сторінка помилки) (1000 ms)',
      '2: HTTP 200 OK: сторінка HTML замість JSON (перевірка CDN або сторінка помилки) (2000 ms)',
    ]);
  });

  it('retries 429 Too Many Requests, waiting as long as Retry-After asks, then succeeds', async () => {
    const { client, retries } = clientFor(ckan);
    ckan.inject('organization_show', { kind: 'status', status: 429, retryAfter: '7' });
    const before = ckan.timer.now();
    await client.organizationShow(ORG_A.name);
    expect(retries).toEqual(['1: HTTP 429 Too Many Requests: відповідь не у форматі JSON CKAN (content-type text/plain) (7000 ms)']);
    expect(ckan.timer.now() - before).toBeGreaterThanOrEqual(6999.99);
  });

  it('gives up after maxRetries with a message naming the portal, the request and the last reason', async () => {
    const { client, retries } = clientFor(ckan);
    ckan.inject('package_search', { kind: 'status', status: 429 }, 5);
    const e = await errorOf(client.packageSearch(ORG_A.id, 0, 1000, 'x'));
    expect(e.message).toBe(`портал ${ckan.url}: package_search для організації "x" не вдалося після 5 спроб: HTTP 429 Too Many Requests: відповідь не у форматі JSON CKAN (content-type text/plain)`);
    expect([e.attempts, e.notFound, e.answered]).toEqual([5, false, false]);
    expect(retries.map((r) => r.replace(/.*\((\d+) ms\)$/, '$1'))).toEqual(['1000', '2000', '4000', '8000']);
  });

  it.each([403, 500, 502, 503])('retries HTTP %i', async (status) => {
    const { client, retries } = clientFor(ckan);
    ckan.inject('organization_show', { kind: 'status', status });
    await client.organizationShow(ORG_A.name);
    expect(retries).toHaveLength(1);
  });

  it('retries success: false and reports the error object when it persists', async () => {
    const { client } = clientFor(ckan, { maxRetries: 2 });
    ckan.inject('package_search', { kind: 'success-false' }, 3);
    const e = await errorOf(client.packageSearch(ORG_A.id, 0, 1000, ORG_A.name));
    expect(e.message).toBe(
      `портал ${ckan.url}: package_search для організації "${ORG_A.name}" не вдалося після 3 спроб: success: false: Search Query Error: Solr returned an error`,
    );
  });

  it('retries a reply of the wrong shape', async () => {
    const { client } = clientFor(ckan);
    ckan.inject('package_search', { kind: 'bad-shape' });
    const page = await client.packageSearch(ORG_A.id, 0, 10, ORG_A.name);
    expect(page.results).toHaveLength(10);
  });

  it('ends a request that never answers after timeoutMs, retries it, and reports a timeout that persists', async () => {
    const { client, retries } = clientFor(ckan, { timeoutMs: 150, maxRetries: 1 });
    ckan.inject('organization_show', { kind: 'hang' }, 1);
    const started = Date.now();
    await client.organizationShow(ORG_A.name);
    expect(retries).toEqual(['1: немає відповіді за 150 мс (1000 ms)']);
    ckan.inject('organization_show', { kind: 'hang' }, 2);
    const e = await errorOf(client.organizationShow(ORG_A.name));
    expect(e.message).toBe(`портал ${ckan.url}: organization_show для "${ORG_A.name}" не вдалося після 2 спроб: немає відповіді за 150 мс`);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('does not retry "Not Found": it is an answer', async () => {
    const { client, retries } = clientFor(ckan);
    const e = await errorOf(client.packageShow('no-such-dataset'));
    expect([e.notFound, e.attempts, retries]).toEqual([true, 1, []]);
    expect(e.message).toBe(`портал ${ckan.url}: package_show для "no-such-dataset" не вдалося після 1 спроби: HTTP 404 Not Found: Not Found Error: Not found`);
  });

  it('reports a connection that is refused', async () => {
    const closed = new FakeCkan();
    const url = await closed.start();
    await closed.stop();
    const { client } = clientFor(ckan, { baseUrl: url, maxRetries: 1 });
    const e = await errorOf(client.organizationShow('x'));
    expect(e.message).toBe(`портал ${url}: organization_show для "x" не вдалося після 2 спроб: не вдалося з’єднатися (ECONNREFUSED)`);
  });

  it('never sends more than requestsPerSecond requests in any second, retries included', async () => {
    const { client } = clientFor(ckan, { requestsPerSecond: 3, backoffMs: () => 10 });
    ckan.inject('package_search', { kind: 'status', status: 503 }, 3);
    for (let start = 0; start < 30; start += 10) await client.packageSearch(ORG_A.id, start, 10, ORG_A.name);
    for (const key of [ORG_A.name, ORG_B.name]) await client.organizationShow(key);
    await client.packageShow(uuidOf(0));
    await readOrganization(client, ORG_A.id, frequencies);
    const gaps = ckan.requests.slice(1).map((r, i) => r.at - ckan.requests[i].at);
    expect(ckan.requests.length).toBe(11);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000 / 3 - 1e-6);
    expect(maxPerSecond(ckan.requests)).toBeLessThanOrEqual(3);
  });
});

function uuidOf(i: number): string {
  return makeDataset(ORG_A, i).id as string;
}
