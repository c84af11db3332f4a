/**
 * No personal data in public: with people's names and addresses put in every place odmon keeps them (steward
 * contacts, acknowledgements, snoozes, suspensions, plan progress, the portal passport's responsible person), every
 * public page reachable from the overview — followed link by link — and both downloads name no person and hold no
 * e-mail address. The admin pages (password set) still show them: the data is there, and only they show it.
 */
import { EMAIL, PEOPLE, readable, useServedCouncil, ADMIN_PASSWORD } from './world';

const served = useServedCouncil('web-privacy', { personal: true, admin: { adminPassword: ADMIN_PASSWORD } });

/** Every page of the site a visitor can reach from `/` by following links, downloads included. */
async function crawl(): Promise<Map<string, string>> {
  const { get, url } = served();
  const seen = new Map<string, string>();
  const queue = ['/'];
  while (queue.length > 0 && seen.size < 1000) {
    const p = queue.shift() as string;
    if (seen.has(p)) continue;
    const r = await get(p);
    expect([p, r.status]).toEqual([p, 200]);
    seen.set(p, r.text);
    if (!(r.headers.get('content-type') ?? '').startsWith('text/html')) continue;
    for (const m of r.text.matchAll(/\shref="([^"#]*)(?:#[^"]*)?"/g)) {
      const target = new URL(readable(m[1]), new URL(p.slice(1), url));
      if (target.origin !== new URL(url).origin) continue;
      const next = target.pathname + target.search;
      if (!seen.has(next) && !queue.includes(next)) queue.push(next);
    }
  }
  return seen;
}

describe('public pages and downloads', () => {
  it('name no person and show no e-mail address, anywhere a visitor can go', async () => {
    const pages = await crawl();
    const paths = [...pages.keys()];
    // The crawl reached every kind of page, the downloads and the findings' pages included.
    for (const must of ['/stewards/transport', '/datasets/transport-e-ticket', '/plan', '/findings', '/rubric', '/open-data/', '/open-data/compliance.csv', '/open-data/compliance.json']) {
      expect(paths).toContain(must);
    }
    expect(paths.filter((p) => p.startsWith('/datasets/')).length).toBeGreaterThan(50);
    expect(paths.some((p) => p.startsWith('/admin'))).toBe(false);
    for (const [p, body] of pages) {
      const text = readable(body);
      expect([p, EMAIL.exec(text)?.[0] ?? null]).toEqual([p, null]);
      for (const name of PEOPLE.names) expect([p, text.includes(name)]).toEqual([p, false]);
    }
  }, 120_000);

  it('still has those people where they belong: the admin pages show them', async () => {
    const { get } = served();
    const auth = { authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` };
    const all = (await Promise.all(['/admin/contacts', '/admin/acknowledgements', '/admin/snoozes', '/admin/suspensions', '/admin/audit'].map((p) => get(p, auth)))).map((r) => readable(r.text)).join('\n');
    for (const email of ['i.koval@city.gov.ua', 'p.shevchuk@city.gov.ua', 'o.marchenko@city.gov.ua', 'babaeva@example.org']) expect(all).toContain(email);
    for (const name of ['Ірина Коваль', 'Петро Шевчук', 'Олена Марченко']) expect(all).toContain(name);
  });

  it('keeps the portal passport\'s responsible person out of the dataset\'s page, saying only that one is named', async () => {
    const text = readable((await served().get('/datasets/transport-e-ticket')).text);
    expect(text).toContain('Відповідальну особу в паспорті зазначено</dt><dd>так</dd>');
    expect(text).not.toContain('Гнатюк');
    expect(text).toContain('сторінка набору на Порталі');
  });
});
