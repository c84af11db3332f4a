/**
 * The example council (data/example, checked as of 27.11.2026 by `odmon check --json`) served by the real web
 * server on 127.0.0.1, over a connection of its own as `odmon serve` has. With `personal`, people's names and
 * addresses are first put in every place odmon keeps them — acknowledgements (who, comment), snoozes and
 * suspensions (who, why), plan progress (who, evidence), the portal passport's responsible person (a real sync
 * from a CKAN-shaped server) — so that a test can prove the public pages never show them.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openApp, type App } from '../../src/app';
import { readSource } from '../../src/app/reads';
import { settingsFor } from '../../src/app/settings';
import { fixedClock } from '../../src/clock';
import { silentLogger } from '../../src/log';
import type { PictureCache } from '../../src/web/cache';
import { createWebServer } from '../../src/web/server';
import { FakeCkan, makeDataset } from '../portal/ckan-server';
import { AS_OF, REAL, useExampleCouncil, type Council } from '../views/example-council';

export { AS_OF, REAL };

export const ADMIN_PASSWORD = 'kropyvnytskyi-opendata-2026';

/** The people and addresses `personal` seeds; none may appear on a public page or in a download. */
export const PEOPLE = {
  names: ['Ірина Коваль', 'Ірини Коваль', 'Петро Шевчук', 'Олена Марченко', 'Олени Марченко', 'Богдан Гнатюк', 'Коваль', 'Шевчук', 'Марченко', 'Гнатюк'],
  emails: ['i.koval@city.gov.ua', 'p.shevchuk@city.gov.ua', 'o.marchenko@city.gov.ua', 'b.hnatiuk@city.gov.ua'],
} as const;

/** An e-mail address anywhere in a text (also one written as an entity-escaped `&#64;` is caught by decoding first). */
export const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

export interface Served {
  readonly council: Council;
  /** The web's own app (its own connection), closed after the file. */
  readonly app: App;
  readonly server: FastifyInstance;
  readonly cache: PictureCache;
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  get(p: string, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; text: string }>;
}

export interface WorldOptions {
  readonly personal?: boolean;
  readonly admin?: { readonly adminPassword?: string | null; readonly adminPasswordHash?: string | null };
  readonly portalUrl?: string | null;
}

async function seedPersonalData(c: Council, root: string): Promise<void> {
  const ok = async (argv: string[]): Promise<string> => {
    const r = await c.odmon(argv);
    if (r.code !== 0) throw new Error(`odmon ${argv.join(' ')}: ${r.err}`);
    return r.out;
  };
  const open = JSON.parse(await ok(['findings', '--steward', 'transport', '--json'])) as { id: number; rule: string }[];
  const stale = open.find((f) => f.rule === 'stale-publication') ?? open[0];
  await ok(['ack', String(stale.id), '--by', 'Ірина Коваль', '--comment', 'Відповідальна — Ірина Коваль (i.koval@city.gov.ua), оновить до 10.12']);
  const other = open.find((f) => f.id !== stale.id) ?? stale;
  await ok(['snooze', String(other.id), '--until', '2026-12-10', '--reason', 'Попросив Петро Шевчук, p.shevchuk@city.gov.ua', '--by', 'Петро Шевчук']);
  await ok(['suspend', 'sport-facilities', '--basis', 'Постанова КМУ № 263 від 12.03.2022', '--review-by', '2027-03-31', '--by', 'Олена Марченко']);
  await ok(['suspend', 'culture-libraries', '--basis', 'Постанова КМУ № 263 від 12.03.2022', '--review-by', '2027-01-31', '--by', 'Олена Марченко']);
  await ok(['resume', 'culture-libraries', '--reason', 'Рішення Олени Марченко (o.marchenko@city.gov.ua)', '--by', 'Олена Марченко']);
  await ok(['task', 'done', '2.2', '--at', '2026-11-20', '--evidence', 'лист Ірини Коваль від 20.11.2026, i.koval@city.gov.ua', '--by', 'Ірина Коваль']);
  // The portal passport names its responsible person: a real sync from a CKAN-shaped server.
  const ckan = new FakeCkan();
  const org = { id: 'org-kropyvnytskyi', name: 'kropyvnytska-miska-rada', title: 'Кропивницька міська рада' };
  const d = makeDataset(org, 1, { style: 'gov', title: 'Перелік перевізників', maintainer: 'Богдан Гнатюк', maintainerEmail: 'b.hnatiuk@city.gov.ua' });
  ckan.addOrg(org, [d]);
  await ckan.start();
  try {
    const sync = await c.odmon(['sync', '--portal', ckan.url, '--org', org.id]);
    if (sync.code !== 0) throw new Error(`odmon sync: ${sync.err}`);
    await ok(['link', 'transport-e-ticket', d.id]);
  } finally {
    await ckan.stop();
  }
  fs.writeFileSync(path.join(root, 'seeded'), 'yes');
  await ok(['check']);
}

/** One served council per test file (registers beforeAll / afterAll after the example council's). */
export function useServedCouncil(prefix: string, opts: WorldOptions = {}): () => Served {
  const council = useExampleCouncil(prefix);
  let served: Served | null = null;
  beforeAll(async () => {
    const c = council();
    const root = path.dirname(c.app.config.db);
    if (opts.personal) await seedPersonalData(c, root);
    const config = settingsFor({ db: c.app.config.db, env: {}, cwd: root });
    const app = openApp(config, AS_OF, { clock: fixedClock(REAL) });
    const { server, cache } = await createWebServer({
      src: readSource(app),
      council: config.org.name,
      portalUrl: opts.portalUrl === undefined ? 'https://data.gov.ua' : opts.portalUrl,
      admin: { adminPassword: opts.admin?.adminPassword ?? null, adminPasswordHash: opts.admin?.adminPasswordHash ?? null },
      clock: fixedClock(REAL),
      log: silentLogger,
    });
    await cache.refresh();
    await server.listen({ port: 0, host: '127.0.0.1' });
    const address = server.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/`;
    served = {
      council: c,
      app,
      server,
      cache,
      url,
      get: async (p, headers = {}) => {
        const r = await fetch(new URL(p.replace(/^\//, ''), url), { headers, redirect: 'manual' });
        return { status: r.status, headers: r.headers, text: await r.text() };
      },
    };
  }, 120_000);
  afterAll(async () => {
    await served?.server.close();
    served?.app.close();
  });
  return () => served as Served;
}

/** The visible text and every attribute value of a page, entities decoded: what a reader (or a scraper) gets. */
export function readable(htmlText: string): string {
  const entity: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
  return htmlText.replace(/&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot);/gi, (m, e: string) => {
    if (entity[e] !== undefined) return entity[e];
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : e.startsWith('#') ? Number(e.slice(1)) : NaN;
    return Number.isNaN(code) ? m : String.fromCodePoint(code);
  });
}
