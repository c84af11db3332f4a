/**
 * `web.baseUrl`: a steward's notice links its page and each dataset's page on the dashboard, the digest links
 * the overview, every steward and the worst datasets — and every such link opens a page of the served dashboard.
 * Without the setting, messages carry no such link.
 */
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { useServedCouncil } from './world';

const served = useServedCouncil('web-links');

/** Mustache writes `/` and `'` as numeric character references (`&#x2F;`, `&#39;`); a browser reads them as the characters. */
function decodeNumeric(html: string): string {
  return html
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#([0-9]+);/g, (_, d: string) => String.fromCodePoint(parseInt(d, 10)));
}

async function previews(configFile: string | null, kind: 'notify' | 'digest'): Promise<{ subject: string; html: string; text: string }[]> {
  const { council } = served();
  const root = path.dirname(council.app.config.db);
  const dir = fs.mkdtempSync(path.join(root, `preview-${kind}-`));
  const argv = [kind, '--preview', dir, ...(configFile === null ? [] : ['--config', configFile])];
  const r = await council.odmon(kind === 'digest' ? [...argv] : argv);
  expect([r.code, r.err]).toEqual([0, expect.not.stringContaining('error[')]);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.eml'));
  return Promise.all(files.map(async (f) => {
    const m = await simpleParser(fs.readFileSync(path.join(dir, f)));
    return { subject: m.subject ?? '', html: decodeNumeric(typeof m.html === 'string' ? m.html : ''), text: m.text ?? '' };
  }));
}

function configWith(baseUrl: string): string {
  const root = path.dirname(served().council.app.config.db);
  const file = path.join(root, 'with-base-url.json');
  fs.writeFileSync(file, JSON.stringify({ web: { baseUrl }, mail: { itHead: 'it-head@example.org' } }));
  return file;
}

describe('links from notices and the digest to the dashboard', () => {
  it('are in the transport notice: its own page and its datasets\' pages, in the HTML and the text, and each opens', async () => {
    const base = served().url.replace(/\/$/, '');
    const notices = await previews(configWith(`${base}/`), 'notify');
    const transport = notices.find((n) => n.subject.includes("Управління транспорту та зв'язку"));
    expect(transport).toBeDefined();
    const html = transport?.html ?? '';
    expect(html).toContain(`<a href="${base}/stewards/transport" style="color: #1d4f91;">${base}/stewards/transport</a>`);
    expect(html).toContain(`(<a href="${base}/datasets/transport-e-ticket" style="color: #1d4f91;">сторінка в моніторингу</a>)`);
    expect(transport?.text).toContain(`Сторінка в моніторингу: ${base}/datasets/transport-e-ticket`);
    expect(transport?.text).toContain(`Стан усіх наборів даних і завдань підрозділу — на сторінці моніторингу: ${base}/stewards/transport`);
    const links = [...new Set([...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]).filter((h) => h.startsWith(base)))];
    expect(links.length).toBeGreaterThan(2);
    for (const link of links) expect([link, (await fetch(link)).status]).toEqual([link, 200]);
  });

  it('are in the digest: the overview, every steward of its table and the worst datasets, and each opens', async () => {
    const base = served().url.replace(/\/$/, '');
    const [digest] = (await previews(configWith(base), 'digest')).filter((m) => m.subject.startsWith('Щотижневий огляд'));
    expect(digest.html).toContain(`Веб-панель моніторингу: <a href="${base}/" style="color: #1d4f91;">${base}/</a>`);
    expect(digest.html).toContain(`<a href="${base}/stewards/transport" style="color: #1d4f91;">Управління транспорту та зв'язку</a>`);
    expect(digest.html).toMatch(new RegExp(`\\(<a href="${base}/datasets/[^"]+" style="color: #1d4f91;">сторінка</a>\\)`));
    expect(digest.text).toContain(`Веб-панель моніторингу: ${base}/`);
    const links = [...new Set([...digest.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]).filter((h) => h.startsWith(base)))];
    expect(links.filter((l) => l.includes('/stewards/')).length).toBeGreaterThan(10);
    for (const link of links) expect([link, (await fetch(link)).status]).toEqual([link, 200]);
  });

  it('are absent without web.baseUrl', async () => {
    const root = path.dirname(served().council.app.config.db);
    const file = path.join(root, 'without-base-url.json');
    fs.writeFileSync(file, JSON.stringify({ mail: { itHead: 'it-head@example.org' } }));
    for (const m of [...(await previews(file, 'notify')), ...(await previews(file, 'digest'))]) {
      expect(m.html).not.toContain('сторінка в моніторингу');
      expect(m.html).not.toContain('/stewards/');
      expect(m.text).not.toContain('Веб-панель моніторингу');
    }
  });
});
