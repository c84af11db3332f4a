/**
 * A CKAN-shaped HTTP server on 127.0.0.1 (port 0) for the portal tests. Its datasets are clones of the real
 * replies in test/fixtures/ckan/ (copied from ../shared/data/ckan/; stock CKAN shape), optionally with data.gov.ua's top-level fields. It behaves
 * like CKAN where it matters: `rows` is capped at 1000 without a word, organization_list gives 25 a page with
 * all_fields, unknown ids answer 404 with `success: false`. Faults are injected per action, and every request
 * is recorded with the fake clock's time.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Timer } from '../../src/portal/pace';

export const CKAN_DATA = path.resolve(__dirname, '..', 'fixtures', 'ckan');
type Json = Record<string, any>;

const replies = new Map<string, string>();

/** A fresh copy of a real reply. */
export function readReply(name: 'package_search' | 'package_show'): Json {
  if (!replies.has(name)) replies.set(name, fs.readFileSync(path.join(CKAN_DATA, `${name}.demo.json`), 'utf8'));
  return JSON.parse(replies.get(name) as string);
}

/** A clock that only moves when someone sleeps: the pace and the back-off run for real, instantly. */
export class FakeTimer implements Timer {
  t = 0;
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.t += Math.max(0, ms);
  }
}

export interface Org {
  readonly id: string;
  readonly name: string;
  readonly title: string;
}

export type Fault =
  | { kind: 'html' }
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'success-false' }
  | { kind: 'hang' }
  | { kind: 'bad-shape' }
  /** Hostile: package_search claims `count` and answers every `start` with the first page (or, `fresh`, with new datasets). */
  | { kind: 'ignore-start'; count: number; fresh?: boolean }
  /** Hostile: a 200 reply of `bytes` bytes (a JSON page whose one title fills it), streamed as the client reads. */
  | { kind: 'huge'; bytes: number }
  /** A redirect (302) to `to` followed by the request's path and query. */
  | { kind: 'redirect'; to: string }
  /** The normal answer, encoded in windows-1251 and declared so. */
  | { kind: 'windows-1251' };

interface FaultRule {
  readonly action: string;
  readonly when: (params: URLSearchParams) => boolean;
  readonly fault: Fault;
  times: number;
}

export interface RecordedRequest {
  readonly action: string;
  readonly params: URLSearchParams;
  readonly at: number;
  readonly userAgent: string | undefined;
  readonly authorization: string | undefined;
}

/** Text → windows-1251 bytes, through the platform's own decoder table (no hand-made code page). */
function encodeWindows1251(text: string): Buffer {
  const decoder = new TextDecoder('windows-1251');
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decoder.decode(Uint8Array.of(b)), b);
  return Buffer.from([...text].map((c) => table.get(c) ?? 0x3f));
}

export const uuid = (prefix: number, i: number): string =>
  `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

export interface DatasetOptions {
  /** data.gov.ua lifts update_frequency to the top level; stock CKAN keeps it in extras. */
  readonly style?: 'gov' | 'stock';
  readonly frequency?: string | null;
  readonly title?: string;
  readonly formats?: readonly string[];
  readonly modified?: string;
  readonly resourceModified?: string | null;
  readonly maintainer?: string;
  readonly maintainerEmail?: string;
}

/** A dataset cloned from the real package_show reply. */
export function makeDataset(org: Org, i: number, o: DatasetOptions = {}): Json {
  const base = readReply('package_show').result;
  const id = uuid(0xd5, i);
  const formats = o.formats ?? ['CSV'];
  const resources = formats.map((format, position) => ({
    ...base.resources[0],
    id: uuid(0xe5, i * 10 + position),
    package_id: id,
    position,
    format,
    name: `data-${i}-${position}`,
    url: `https://portal.example/dataset/${id}/resource/${position}/download/data.${format.toLowerCase() || 'bin'}`,
    created: '2019-05-01T08:00:00.000000',
    last_modified: o.resourceModified === undefined ? '2019-06-01T08:00:00.000000' : o.resourceModified,
  }));
  const d: Json = {
    ...base,
    id,
    name: `dataset-${i}`,
    title: o.title ?? `Набір даних № ${i}`,
    owner_org: org.id,
    organization: { ...base.organization, id: org.id, name: org.name, title: org.title },
    metadata_modified: o.modified ?? '2019-06-10T09:30:00.123456',
    maintainer: o.maintainer ?? 'Олена Коваль',
    maintainer_email: o.maintainerEmail ?? 'opendata@example.org',
    resources,
    num_resources: resources.length,
    extras: [...base.extras],
  };
  const frequency = o.frequency === undefined ? 'once a month' : o.frequency;
  if (frequency !== null) {
    if ((o.style ?? 'stock') === 'gov') d.update_frequency = frequency;
    else d.extras.push({ key: 'update_frequency', value: frequency });
  }
  return d;
}

export class FakeCkan {
  readonly orgs: Org[] = [];
  /** org id → its datasets, in listing order. */
  readonly datasets = new Map<string, Json[]>();
  readonly requests: RecordedRequest[] = [];
  private readonly faults: FaultRule[] = [];
  /** Called before each request is answered: lets a test change the portal between two pages. */
  onRequest: ((action: string, params: URLSearchParams) => void) | null = null;
  /** Bytes of `huge` replies actually written before the client hung up. */
  hugeBytesSent = 0;
  private server: http.Server | null = null;
  url = '';

  constructor(readonly timer: FakeTimer = new FakeTimer()) {}

  addOrg(org: Org, datasets: Json[]): void {
    this.orgs.push(org);
    this.datasets.set(org.id, datasets);
  }

  remove(datasetId: string): void {
    for (const [org, list] of this.datasets) this.datasets.set(org, list.filter((d) => d.id !== datasetId));
  }

  find(datasetId: string): Json | undefined {
    for (const list of this.datasets.values()) for (const d of list) if (d.id === datasetId || d.name === datasetId) return d;
    return undefined;
  }

  /** The next `times` requests of `action` (matching `when`) get `fault`. */
  inject(action: string, fault: Fault, times = 1, when: (p: URLSearchParams) => boolean = () => true): void {
    this.faults.push({ action, fault, times, when });
  }

  count(action: string): number {
    return this.requests.filter((r) => r.action === action).length;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server!.close(resolve));
  }

  private reply(res: http.ServerResponse, status: number, body: Json): void {
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
    res.end(JSON.stringify(body));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const u = new URL(req.url ?? '/', 'http://x');
    const m = /^\/api\/3\/action\/(\w+)$/.exec(u.pathname);
    const action = m ? m[1] : u.pathname;
    this.requests.push({ action, params: u.searchParams, at: this.timer.now(), userAgent: req.headers['user-agent'], authorization: req.headers.authorization });
    const help = `${this.url}/api/3/action/help_show?name=${action}`;
    this.onRequest?.(action, u.searchParams);
    const rule = this.faults.find((f) => f.action === action && f.times > 0 && f.when(u.searchParams));
    if (rule) {
      rule.times--;
      const f = rule.fault;
      if (f.kind === 'hang') return; // never answers; the client's timeout must end it
      if (f.kind === 'html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=UTF-8' });
        res.end('<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>');
        return;
      }
      if (f.kind === 'status') {
        res.writeHead(f.status, { 'content-type': 'text/plain', ...(f.retryAfter ? { 'retry-after': f.retryAfter } : {}) });
        res.end(http.STATUS_CODES[f.status] ?? '');
        return;
      }
      if (f.kind === 'bad-shape') return this.reply(res, 200, { help, success: true, result: { counted: 'many' } });
      if (f.kind === 'ignore-start') {
        const fq = /owner_org:"?([^"\s]+)"?/.exec(u.searchParams.get('fq') ?? '');
        const org = this.orgs.find((o) => o.id === fq?.[1]) ?? this.orgs[0];
        const start = Number(u.searchParams.get('start') ?? 0);
        const results = f.fresh
          ? Array.from({ length: 1000 }, (_, k) => makeDataset(org, 500_000 + start + k))
          : (this.datasets.get(org.id) ?? []).slice(0, 1000);
        return this.reply(res, 200, { help, success: true, result: { count: f.fresh ? start + 2000 : f.count, results } });
      }
      if (f.kind === 'huge') return this.huge(res, f.bytes);
      if (f.kind === 'redirect') {
        res.writeHead(302, { location: `${f.to}${u.pathname}${u.search}` });
        res.end();
        return;
      }
      if (f.kind === 'windows-1251') {
        const answer = this.answer(action, u.searchParams, help);
        res.writeHead(answer.status, { 'content-type': 'application/json; charset=windows-1251' });
        res.end(encodeWindows1251(JSON.stringify(answer.body)));
        return;
      }
      return this.reply(res, 200, { help, success: false, error: { __type: 'Search Query Error', message: 'Solr returned an error' } });
    }
    if (!m) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html>Not Found</html>');
      return;
    }
    const answer = this.answer(action, u.searchParams, help);
    this.reply(res, answer.status, answer.body);
  }

  /** What CKAN answers to an action. */
  private answer(action: string, p: URLSearchParams, help: string): { status: number; body: Json } {
    const ok = (result: unknown): { status: number; body: Json } => ({ status: 200, body: { help, success: true, result } });
    const notFound = { status: 404, body: { help, success: false, error: { message: 'Not found', __type: 'Not Found Error' } } };
    switch (action) {
      case 'package_search': {
        const fq = /owner_org:"?([^"\s]+)"?/.exec(p.get('fq') ?? '');
        const all = fq ? (this.datasets.get(fq[1]) ?? []) : [...this.datasets.values()].flat();
        const rows = Math.min(Number(p.get('rows') ?? 10), 1000); // CKAN caps rows silently
        const start = Number(p.get('start') ?? 0);
        return ok({ count: all.length, sort: 'score desc', facets: {}, results: all.slice(start, start + rows), search_facets: {} });
      }
      case 'package_show': {
        const d = this.find(p.get('id') ?? '');
        return d ? ok(d) : notFound;
      }
      case 'organization_show': {
        const o = this.orgs.find((x) => x.id === p.get('id') || x.name === p.get('id'));
        return o ? ok({ ...o, type: 'organization', state: 'active', is_organization: true }) : notFound;
      }
      case 'organization_list': {
        const all = p.get('all_fields') === 'true';
        const limit = Math.min(Number(p.get('limit') ?? 1000), all ? 25 : 1000);
        const offset = Number(p.get('offset') ?? 0);
        const page = this.orgs.slice(offset, offset + limit);
        return ok(all ? page.map((o) => ({ ...o, package_count: this.datasets.get(o.id)?.length ?? 0 })) : page.map((o) => o.name));
      }
      default:
        return { status: 400, body: { help, success: false, error: { message: `Bad request - Action name not known: ${action}` } } };
    }
  }

  /** Streams a reply of `bytes` bytes as fast as the client reads it, and stops when the client hangs up. */
  private huge(res: http.ServerResponse, bytes: number): void {
    res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' });
    const head = '{"success":true,"result":{"count":1,"results":[{"id":"big","name":"big","resources":[],"metadata_modified":"2019-06-10T09:30:00","title":"';
    const tail = '"}]}}';
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let left = bytes - head.length - tail.length;
    let closed = false;
    res.on('close', () => (closed = true));
    const write = (b: Buffer | string): boolean => {
      this.hugeBytesSent += Buffer.byteLength(b);
      return res.write(b);
    };
    write(head);
    const more = (): void => {
      while (!closed && left > 0) {
        const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= part.length;
        if (!write(part)) {
          res.once('drain', more);
          return;
        }
      }
      if (!closed) res.end(tail);
    };
    more();
  }
}

export const ORG_A: Org = { id: uuid(0xa0, 1), name: 'kropyvnytskyi-transport', title: "Управління транспорту та зв'язку" };
export const ORG_B: Org = { id: uuid(0xa0, 2), name: 'kropyvnytskyi-finance', title: 'Фінансове управління' };
export const ORG_C: Org = { id: uuid(0xa0, 3), name: 'kropyvnytskyi-education', title: 'Управління освіти' };

/** 2,500 datasets over three organizations (1,200 / 900 / 400), half data.gov.ua style, half stock. */
export function bigPortal(timer?: FakeTimer): FakeCkan {
  const ckan = new FakeCkan(timer);
  let i = 0;
  for (const [org, n] of [[ORG_A, 1200], [ORG_B, 900], [ORG_C, 400]] as const) {
    const list: Json[] = [];
    for (let k = 0; k < n; k++, i++) list.push(makeDataset(org, i, { style: i % 2 === 0 ? 'gov' : 'stock' }));
    ckan.addOrg(org, list);
  }
  return ckan;
}
