/**
 * The web dashboard's HTTP server (fastify): the public pages, the open data downloads, and `/admin/` behind a
 * password. It only reads: GET and HEAD, everything else 405. Every answer carries a strict Content-Security-Policy
 * (no script at all, styles from the one stylesheet), `nosniff` and a Referrer-Policy; an unknown address or id
 * is a Ukrainian 404 page, an error a 500 page without its stack (the log has the message).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fastifyBasicAuth from '@fastify/basic-auth';
import fastifyHelmet from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Clock } from '../clock';
import { OdmonError } from '../errors';
import type { Logger } from '../log';
import { DEFAULT_TEMPLATES_DIR } from '../paths';
import type { CompliancePicture } from '../views/picture';
import type { ReadSource } from '../views/source';
import { adminCheck, type AdminSettings } from './auth';
import { PictureCache, type DownloadKind } from './cache';
import type { Html } from './html';
import { linksFor } from './parts';
import { openDataPage, rubricPage } from './pages/about';
import { acknowledgementsPage, adminIndexPage, auditPage, contactsPage, outboxPage, snoozesPage, suspensionsPage } from './pages/admin';
import type { PageContext } from './pages/context';
import { datasetPage } from './pages/dataset';
import { errorPage, ERRORS, type ErrorText } from './pages/errors';
import { findingsPage, parseFindingsQuery } from './pages/findings';
import { overviewPage } from './pages/overview';
import { planPage } from './pages/plan';
import { stewardPage, stewardsPage, STEWARDS_PER_PAGE } from './pages/stewards';

export interface WebOptions {
  /** The web's own read connection (never the daemon's: a check's open transaction must not show half-written). */
  readonly src: ReadSource;
  readonly council: string;
  readonly portalUrl: string | null;
  readonly admin: AdminSettings;
  readonly clock: Clock;
  readonly log: Logger;
  /** How often to look for a newer check to make its picture before anyone asks (ms); 0: only when asked. */
  readonly watchMs?: number;
}

export const WEB_ASSETS_DIR = path.join(DEFAULT_TEMPLATES_DIR, 'web');

/** How long a page that is the same for everyone is kept before it is made again (within one check's picture). */
export const MEMO_MS = 10_000;

/** The policy every answer carries: nothing but this server's own stylesheet, images and forms. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  formAction: ["'self'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
};

interface Asset {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
}

function asset(file: string, type: string): Asset {
  const body = fs.readFileSync(path.join(WEB_ASSETS_DIR, file));
  return { body, type, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"` };
}

const id = (req: FastifyRequest): string => (req.params as { id: string }).id;

/** A non-negative whole `offset` from the query, 0 when absent; null when it is not one. */
function offsetOf(req: FastifyRequest): number | null {
  const v = (req.query as Record<string, unknown>).offset;
  if (v === undefined || v === '') return 0;
  return typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : null;
}

export async function createWebServer(o: WebOptions): Promise<{ server: FastifyInstance; cache: PictureCache }> {
  const check = adminCheck(o.admin);
  const cache = new PictureCache(o.src, o.clock, o.log);
  const css = asset('odmon.css', 'text/css; charset=utf-8');
  const icon = asset('favicon.svg', 'image/svg+xml');
  // Routes see `/stewards/` as `/stewards`; ids up to the register's 200 characters, escaped.
  const server = Fastify({ logger: false, routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 }, return503OnClosing: true });

  await server.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    referrerPolicy: { policy: 'same-origin' },
    // HTTPS and its HSTS are the reverse proxy's: a header here could pin a council's whole domain.
    strictTransportSecurity: false,
  });

  const sendPage = (reply: FastifyReply, status: number, body: Html): FastifyReply =>
    reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(body.text);
  const council = (): string => o.council;
  const fail = (req: FastifyRequest, reply: FastifyReply, status: number, e: ErrorText, detail?: string): FastifyReply =>
    sendPage(reply, status, errorPage(linksFor(req.url), council(), e, detail));

  // Nothing changes anything: only GET and HEAD, whatever the address.
  server.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      reply.header('allow', 'GET, HEAD');
      return fail(req, reply, 405, ERRORS.methodNotAllowed);
    }
  });

  server.setNotFoundHandler((req, reply) => fail(req, reply, 404, ERRORS.notFound));
  server.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    if (err instanceof OdmonError && err.code === 'E_NOT_FOUND') return fail(req, reply, 404, ERRORS.notFound, `${err.message.charAt(0).toLocaleUpperCase('uk')}${err.message.slice(1)}.`);
    const status = err.statusCode ?? 500;
    if (status === 401) return fail(req, reply, 401, ERRORS.unauthorized);
    if (status >= 400 && status < 500) return fail(req, reply, status, ERRORS.badRequest);
    o.log.error('web.error', { url: req.url.split('?')[0], error: err.message });
    return fail(req, reply, 500, ERRORS.internal);
  });

  const context = async (req: FastifyRequest): Promise<PageContext> => ({
    src: o.src,
    picture: await cache.picture(),
    links: linksFor(req.url),
    council: o.council,
    portalUrl: o.portalUrl,
    now: o.clock.now(),
  });
  /** A page, or the 404 of an id the register does not have. */
  const show = (make: (ctx: PageContext, req: FastifyRequest) => Html | null, missing: (req: FastifyRequest) => string) => async (req: FastifyRequest, reply: FastifyReply) => {
    const body = make(await context(req), req);
    return body === null ? fail(req, reply, 404, ERRORS.notFound, missing(req)) : sendPage(reply, 200, body);
  };
  // Pages that are the same for everyone until the next check (the overview, the list of stewards, the plan, the
  // rubric) are made at most every MEMO_MS: what they read live (the plan's progress, the history) is that fresh.
  const memo = new Map<string, { picture: CompliancePicture; at: number; body: Html }>();
  const memoized = (key: string, make: (ctx: PageContext) => Html) => async (req: FastifyRequest, reply: FastifyReply) => {
    const ctx = await context(req);
    const hit = memo.get(key);
    if (hit !== undefined && hit.picture === ctx.picture && Date.now() - hit.at < MEMO_MS) return sendPage(reply, 200, hit.body);
    const body = make(ctx);
    if (memo.size > 64) memo.clear();
    memo.set(key, { picture: ctx.picture, at: Date.now(), body });
    return sendPage(reply, 200, body);
  };
  const serveAsset = (a: Asset) => async (req: FastifyRequest, reply: FastifyReply) => {
    reply.header('etag', a.etag).header('cache-control', 'public, max-age=3600');
    if (req.headers['if-none-match'] === a.etag) return reply.code(304).send();
    return reply.type(a.type).send(a.body);
  };

  server.get('/odmon.css', serveAsset(css));
  server.get('/favicon.svg', serveAsset(icon));
  server.get('/favicon.ico', serveAsset(icon));
  server.get('/', memoized('/', overviewPage));
  server.get('/stewards', async (req, reply) => {
    const offset = offsetOf(req);
    if (offset === null) return fail(req, reply, 400, ERRORS.badRequest, '«offset» має бути цілим невід’ємним числом.');
    // The pages the list's own links lead to are kept; another offset is made each time.
    if (offset % STEWARDS_PER_PAGE === 0 && offset < 100 * STEWARDS_PER_PAGE) return memoized(`/stewards?${offset}`, (ctx) => stewardsPage(ctx, offset))(req, reply);
    return sendPage(reply, 200, stewardsPage(await context(req), offset));
  });
  server.get('/stewards/:id', async (req, reply) => {
    const offset = offsetOf(req);
    if (offset === null) return fail(req, reply, 400, ERRORS.badRequest, '«offset» має бути цілим невід’ємним числом.');
    const body = stewardPage(await context(req), id(req), offset);
    return body === null ? fail(req, reply, 404, ERRORS.notFound, `Розпорядника «${id(req)}» немає в реєстрі.`) : sendPage(reply, 200, body);
  });
  server.get('/datasets/:id', show((ctx, req) => datasetPage(ctx, id(req)), (req) => `Набору даних «${id(req)}» немає в реєстрі.`));
  server.get('/plan', memoized('/plan', planPage));
  server.get('/rubric', memoized('/rubric', rubricPage));
  server.get('/open-data', memoized('/open-data', openDataPage));
  server.get('/findings', async (req, reply) => {
    const q = parseFindingsQuery(req.query as Record<string, unknown>);
    if (typeof q === 'string') return fail(req, reply, 400, ERRORS.badRequest, `${q.charAt(0).toLocaleUpperCase('uk')}${q.slice(1)}.`);
    const body = findingsPage(await context(req), q);
    return body === null ? fail(req, reply, 404, ERRORS.notFound, `Розпорядника «${q.steward}» немає в реєстрі.`) : sendPage(reply, 200, body);
  });

  const download = (kind: DownloadKind, type: string, name: string) => async (req: FastifyRequest, reply: FastifyReply) => {
    const picture = await cache.picture();
    const d = await cache.download(picture, kind);
    // Open data: any site may read it (a journalist's notebook, another council's dashboard).
    reply
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('content-disposition', `inline; filename="${name}"`)
      .header('cache-control', 'no-cache')
      .header('etag', d.etag)
      .header('last-modified', new Date(picture.run?.finishedAt ?? picture.asOf).toUTCString())
      .header('vary', 'accept-encoding')
      .type(type);
    if (req.headers['if-none-match'] === d.etag) return reply.code(304).send();
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (gzip) reply.header('content-encoding', 'gzip');
    return reply.header('content-length', gzip ? d.gzippedLength : d.length).send(fs.createReadStream(gzip ? d.gzipped : d.plain));
  };
  server.get('/open-data/compliance.csv', download('csv', 'text/csv; charset=utf-8', 'compliance.csv'));
  server.get('/open-data/compliance.json', download('json', 'application/json; charset=utf-8', 'compliance.json'));

  if (check !== null) {
    await server.register(async (admin) => {
      await admin.register(fastifyBasicAuth, {
        validate: async (user, password) => (check(user, password) ? undefined : new Error('wrong password')),
        authenticate: { realm: 'odmon admin' },
      });
      admin.addHook('onRequest', admin.basicAuth);
      admin.addHook('onSend', async (_req, reply, payload) => {
        reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow');
        return payload;
      });
      const adminPage = (make: (ctx: PageContext, offset: number) => Html) => async (req: FastifyRequest, reply: FastifyReply) => {
        const offset = offsetOf(req);
        if (offset === null) return fail(req, reply, 400, ERRORS.badRequest, '«offset» має бути цілим невід’ємним числом.');
        return reply.code(200).type('text/html; charset=utf-8').send(make(await context(req), offset).text);
      };
      admin.get('/admin', adminPage(adminIndexPage));
      admin.get('/admin/contacts', adminPage(contactsPage));
      admin.get('/admin/outbox', adminPage(outboxPage));
      admin.get('/admin/audit', adminPage(auditPage));
      admin.get('/admin/acknowledgements', adminPage(acknowledgementsPage));
      admin.get('/admin/suspensions', adminPage(suspensionsPage));
      admin.get('/admin/snoozes', adminPage(snoozesPage));
    });
  }
  if (o.watchMs !== undefined && o.watchMs > 0) cache.watch(o.watchMs);
  server.addHook('onClose', async () => cache.close());
  return { server, cache };
}
