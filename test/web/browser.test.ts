/**
 * Every page in a real browser (playwright-core driving Debian's Chromium, as the PDF tests do): it loads under the
 * strict Content-Security-Policy with its stylesheet and no script, shows the numbers of the read models, shows no
 * e-mail address or person's name on the public pages, passes axe-core with no serious or critical violation, and
 * is saved as a screenshot to docs/screenshots/ (linked from the README and docs/web.md): what people see.
 *
 * The council has people's names and addresses put in every place odmon keeps them (world.ts, `personal`), so the
 * privacy check has something to catch; the admin pages (which show them, fictional people) are opened with the
 * password and refused without it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { percentText } from '../../src/charts/svg';
import { complianceView } from '../../src/views/compliance';
import { ADMIN_PASSWORD, AS_OF, EMAIL, PEOPLE, useServedCouncil } from './world';

const served = useServedCouncil('web-browser', { personal: true, admin: { adminPassword: ADMIN_PASSWORD } });

const SHOTS = path.join(__dirname, '..', '..', 'docs', 'screenshots');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The open findings as `odmon findings --json` lists them now (after the seeding's own check), of all or one steward. */
async function openFindings(steward?: string): Promise<{ id: number; rule: string }[]> {
  const r = await served().council.odmon(['findings', '--json', ...(steward === undefined ? [] : ['--steward', steward])]);
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as { id: number; rule: string }[];
}

/** Public pages: path, screenshot name, what the page must say. */
const PUBLIC: readonly (readonly [string, string, string])[] = [
  ['/', 'overview', 'Стан оприлюднення відкритих даних'],
  ['/stewards', 'stewards', 'Розпорядники'],
  ['/stewards/transport', 'steward-transport', "Управління транспорту та зв'язку"],
  ['/datasets/transport-e-ticket', 'dataset-transport-e-ticket', 'Кількість поїздок за електронним квитком'],
  ['/plan', 'plan', 'План дій'],
  ['/findings', 'findings', 'Відкриті порушення'],
  ['/findings?rule=stale-publication&severity=medium', 'findings-filtered', 'Відкриті порушення'],
  ['/rubric', 'rubric', 'Як рахується оцінка'],
  ['/open-data/', 'open-data', 'Відкриті дані'],
];

const ADMIN: readonly (readonly [string, string])[] = [
  ['/admin/', 'admin'],
  ['/admin/contacts', 'admin-contacts'],
  ['/admin/outbox', 'admin-outbox'],
  ['/admin/audit', 'admin-audit'],
  ['/admin/acknowledgements', 'admin-acknowledgements'],
  ['/admin/suspensions', 'admin-suspensions'],
  ['/admin/snoozes', 'admin-snoozes'],
];

let browser: Browser;
let visitor: BrowserContext;
let official: BrowserContext;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: process.env.ODMON_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  visitor = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'uk-UA' });
  official = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'uk-UA', httpCredentials: { username: 'admin', password: ADMIN_PASSWORD } });
  fs.mkdirSync(SHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

interface Opened {
  readonly page: Page;
  readonly status: number;
  /** What a reader sees: the page's rendered text. */
  readonly text: string;
  /** Console errors and refused requests (a CSP violation shows as both). */
  readonly problems: string[];
}

async function open(ctx: BrowserContext, p: string): Promise<Opened> {
  const page = await ctx.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('requestfailed', (r) => problems.push(`${r.url()}: ${r.failure()?.errorText ?? 'failed'}`));
  const response = await page.goto(new URL(p.replace(/^\//, ''), served().url).toString(), { waitUntil: 'load' });
  return { page, status: response?.status() ?? 0, text: await page.locator('body').innerText(), problems };
}

/** axe-core in the page (through the browser's debugging protocol, which the page's CSP does not govern). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const result = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return axe.run();
  })) as { violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3).join(', ')}`);
}

async function screenshot(page: Page, name: string): Promise<void> {
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  expect(fs.statSync(file).size).toBeGreaterThan(10_000);
}

describe('public pages in Chromium', () => {
  it.each(PUBLIC)('%s loads under the CSP with its stylesheet, names no person, passes axe, and is saved as %s.png', async (p, name, heading) => {
    const { page, status, text, problems } = await open(visitor, p);
    try {
      expect(status).toBe(200);
      expect(problems).toEqual([]);
      expect(text).toContain(heading);
      expect(text).toContain('Станом на: 27.11.2026, 09:00');
      // The stylesheet applied: the header has its dark background, not the browser's transparent default.
      const header = (await page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor")) as string;
      expect(header).not.toBe('rgba(0, 0, 0, 0)');
      // No e-mail address and no name of a person, in the text or in any attribute (links, titles, alt texts).
      const markup = await page.content();
      expect(text).not.toMatch(EMAIL);
      expect(markup).not.toMatch(EMAIL);
      for (const who of PEOPLE.names) expect([p, text.includes(who)]).toEqual([p, false]);
      expect(await page.locator('script').count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, name);
    } finally {
      await page.close();
    }
  });

  it('shows on the overview the council\'s score and counts of the compliance view, and as many open findings as `odmon findings` lists', async () => {
    const { council } = served();
    const v = complianceView(council.src, AS_OF).council;
    const findings = await openFindings();
    const { page, text } = await open(visitor, '/');
    try {
      expect(text).toMatch(new RegExp(`Оцінка міської ради\\s+${percentText(v.score)}`));
      expect(text).toContain(`вчасно ${v.onTime} з ${v.required - v.suspended} обов’язкових`);
      expect(text).toMatch(new RegExp(`Прострочено\\s+оновлення\\s+${v.late}\\b`));
      expect(text).toMatch(new RegExp(`Не оприлюднено\\s+${v.neverPublished}\\b`));
      expect(text).toMatch(new RegExp(`Відкриті порушення\\s+${findings.length}\\b`));
      // The chart is an SVG with a title and a description, its numbers in a table beside it.
      const svg = page.locator('svg[role="img"]').first();
      expect(await svg.locator('title').count()).toBe(1);
      expect(await svg.locator('desc').count()).toBe(1);
      expect(await page.locator('table caption', { hasText: 'Оцінка міської ради за кварталами' }).count()).toBe(1);
    } finally {
      await page.close();
    }
  });

  it('lists on a steward\'s page as many open findings as check --json has for it', async () => {
    for (const id of ['transport', 'youth-sport', 'economy']) {
      const mine = await openFindings(id);
      const { page, text } = await open(visitor, `/stewards/${id}`);
      try {
        expect(text).toContain(`Відкриті порушення (${mine.length})`);
        const rows = await page.locator('table', { has: page.locator('caption', { hasText: /^Відкриті порушення/ }) }).locator('tbody tr').count();
        expect([id, rows]).toEqual([id, mine.length]);
      } finally {
        await page.close();
      }
    }
  });

  it('counts on the findings page what `odmon findings` lists, by rule, and pages through them by its links and its form', async () => {
    const all = await openFindings();
    const { page, text } = await open(visitor, '/findings');
    try {
      expect(text).toContain(`Усього відкритих порушень: ${all.length}.`);
      expect(text).toContain(`Показано 1–50 з ${all.length} (порушення).`);
      // The next page, by its link (a plain link: no script).
      await page.locator('a[rel="next"]').first().click();
      expect(await page.locator('body').innerText()).toContain(`Показано 51–${Math.min(100, all.length)} з ${all.length} (порушення).`);
      // A filter, by the form's GET submit.
      for (const rule of ['stale-publication', 'missing-dataset']) {
        await page.selectOption('#f-rule', rule);
        await Promise.all([page.waitForURL(/rule=/), page.locator('form.filters button[type="submit"]').click()]);
        const want = all.filter((f) => f.rule === rule).length;
        expect([rule, await page.locator('caption', { hasText: 'Відкриті порушення: ' }).innerText()]).toEqual([rule, `Відкриті порушення: ${want}`]);
      }
    } finally {
      await page.close();
    }
  });

  it('is usable on a phone: the overview fits a 390-pixel screen without sideways scrolling of the page', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'uk-UA' });
    try {
      for (const [p, name] of [['/', 'phone-overview'], ['/stewards/transport', 'phone-steward-transport']] as const) {
        const page = await phone.newPage();
        await page.goto(new URL(p.replace(/^\//, ''), served().url).toString());
        const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
        expect([p, width]).toEqual([p, 390]);
        await screenshot(page, name);
        await page.close();
      }
    } finally {
      await phone.close();
    }
  });
});

describe('admin pages in Chromium', () => {
  it('are refused (401) to a browser without the password', async () => {
    // A navigation the browser cannot authenticate ends in net::ERR_INVALID_AUTH_CREDENTIALS: ask as it would.
    for (const p of ADMIN.map(([a]) => a)) {
      const r = await visitor.request.get(new URL(p.replace(/^\//, ''), served().url).toString());
      expect([p, r.status(), r.headers()['www-authenticate']]).toEqual([p, 401, 'Basic realm="odmon admin", charset="UTF-8"']);
      expect(await r.text()).not.toMatch(EMAIL);
    }
  });

  it.each(ADMIN)('%s opens with the password, passes axe, and is saved as %s.png', async (p, name) => {
    const { page, status, text, problems } = await open(official, p);
    try {
      expect(status).toBe(200);
      expect(problems).toEqual([]);
      expect(text).toContain('Службові сторінки');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, name);
    } finally {
      await page.close();
    }
  });

  it('show the people the public pages leave out', async () => {
    const { page, text } = await open(official, '/admin/contacts');
    try {
      expect(text).toMatch(EMAIL);
    } finally {
      await page.close();
    }
  });
});
