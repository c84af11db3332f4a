/**
 * A client for the CKAN Action API (data.gov.ua, or a city's own CKAN portal), with Node's global fetch.
 *
 * Retry policy: a portal that is slow, overloaded or behind a CDN fails in ways a later attempt may fix —
 * a timeout, a refused connection, 403 / 408 / 429 / 5xx, an HTML challenge page with status 200, or
 * `success: false`. Those are retried after growing delays (1 s, 2 s, 4 s, 8 s by default; a `Retry-After`
 * of up to a minute is honoured) up to `maxRetries` times, then reported. A CKAN "Not Found Error", a 404 or a
 * 400 is an answer, not an accident: it is never retried. Every attempt waits for its turn in the pace.
 *
 * Limits, so that a broken or hostile portal cannot exhaust the server odmon runs on: a reply is read as a
 * stream and abandoned once it passes `maxReplyBytes` (never buffered whole); redirects are followed only
 * within the portal's own origin (scheme, host and port), at most 5 in a row; the charset the reply declares
 * is honoured (windows-1251 included). A limit hit is an answer too: it is not retried. Credentials written
 * in the portal's URL are sent as HTTP Basic authentication and never appear in `base`, in messages or in the
 * store.
 */
import { STATUS_CODES } from 'node:http';
import { redactUrl, splitCredentials } from '../redact';
import { Pace, realTimer, type Timer } from './pace';

export type CkanParams = Readonly<Record<string, string | number | boolean>>;
export type Json = Record<string, unknown>;

export interface CkanClientOptions {
  readonly baseUrl: string;
  readonly userAgent: string;
  readonly timeoutMs: number;
  readonly requestsPerSecond: number;
  readonly maxRetries: number;
  /** A reply larger than this is abandoned (default 32 MB). */
  readonly maxReplyBytes?: number;
  readonly timer?: Timer;
  /** Delay before retry `n` (1 = the first retry), in ms. */
  readonly backoffMs?: (retry: number) => number;
  readonly onRetry?: (info: RetryInfo) => void;
}

export interface RetryInfo {
  readonly what: string;
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
}

/**
 * A request that failed for good. `notFound`: the portal answered that the thing does not exist; `answered`:
 * the portal gave an answer a retry would not change (404, 400, …), as opposed to running out of attempts.
 */
export class PortalError extends Error {
  constructor(
    message: string,
    readonly notFound: boolean,
    readonly attempts: number,
    readonly answered: boolean,
    /** The reply broke one of the client's limits (size, redirect, charset). */
    readonly limit: boolean = false,
  ) {
    super(message);
    this.name = 'PortalError';
  }
}

type Attempt =
  | { ok: true; result: unknown }
  | { ok: false; reason: string; retry: boolean; notFound?: boolean; retryAfterMs?: number; limit?: boolean };

const MAX_RETRY_AFTER_MS = 60_000;
export const DEFAULT_MAX_REPLY_BYTES = 32 * 1024 * 1024;
const MAX_REDIRECTS = 5;
/** The portal's own error texts are shown to people: bounded, one line. */
const MAX_ERROR_TEXT = 500;
const RETRYABLE_STATUS = (s: number): boolean => s === 403 || s === 408 || s === 425 || s === 429 || s >= 500;
export const defaultBackoffMs = (retry: number): number => Math.min(30_000, 1000 * 2 ** (retry - 1));

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `https://data.gov.ua/api/3/action/` and `https://data.gov.ua` name the same portal (credentials left out). */
export function portalBase(url: string): string {
  return splitCredentials(url.trim()).url.replace(/\/+$/, '').replace(/\/api(\/3)?(\/action)?$/, '');
}

/** `https://portal.example:8443` of a portal address; the address itself when it is not a URL. */
function originOf(base: string): string {
  try {
    return new URL(base).origin;
  } catch {
    return base;
  }
}

/** `Basic …` for credentials written in the portal's URL (`https://user:password@portal`), else null. */
function basicAuth(url: string): string | null {
  const { user, password } = splitCredentials(url.trim());
  if (user === null) return null;
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return `Basic ${Buffer.from(`${decode(user)}:${decode(password ?? '')}`).toString('base64')}`;
}

/** One line, no control characters, at most MAX_ERROR_TEXT characters: the portal's words as odmon shows them. */
function shown(text: string): string {
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return line.length > MAX_ERROR_TEXT ? `${line.slice(0, MAX_ERROR_TEXT)}…` : line;
}

class ReplyTooLarge extends Error {}

/** The body of a reply, read as a stream and abandoned past `limit` bytes. */
async function readLimited(res: Response, limit: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await res.body?.cancel().catch(() => undefined);
    throw new ReplyTooLarge();
  }
  if (res.body === null) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new ReplyTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/** The reply's text in the charset it declares (UTF-8 when it declares none, as JSON requires). */
function decodeBody(bytes: Uint8Array, contentType: string): string {
  const label = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1] ?? 'utf-8';
  return new TextDecoder(label).decode(bytes); // an unknown label throws a RangeError
}

function ckanErrorText(error: unknown): string {
  return shown(ckanErrorParts(error));
}

function ckanErrorParts(error: unknown): string {
  if (!isObject(error)) return typeof error === 'string' ? error : 'без подробиць';
  const type = typeof error.__type === 'string' ? error.__type : null;
  const parts = Object.entries(error)
    .filter(([k]) => k !== '__type')
    .map(([k, v]) => (k === 'message' ? String(v) : `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`));
  return [type, parts.join('; ')].filter(Boolean).join(': ') || 'без подробиць';
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null || !/^\s*\d+\s*$/.test(header)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Number(header) * 1000);
}

function networkReason(e: unknown, timeoutMs: number): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return `немає відповіді за ${timeoutMs} мс`;
  const cause = err.cause?.code ?? err.cause?.message;
  return `не вдалося з’єднатися (${cause ?? err.message ?? String(e)})`;
}

export class CkanClient {
  /** The portal's address, without credentials: safe to print and to store. */
  readonly base: string;
  private readonly origin: string;
  private readonly authorization: string | null;
  private readonly maxReplyBytes: number;
  private readonly pace: Pace;
  private readonly timer: Timer;

  constructor(private readonly opts: CkanClientOptions) {
    this.base = portalBase(opts.baseUrl);
    this.origin = originOf(this.base);
    this.authorization = basicAuth(opts.baseUrl);
    this.maxReplyBytes = opts.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
    this.timer = opts.timer ?? realTimer;
    this.pace = new Pace(opts.requestsPerSecond, this.timer);
  }

  /** One action with retries; `check` rejects a reply of the wrong shape (that attempt then counts as failed). */
  async call<T>(action: string, params: CkanParams, what: string, check: (r: unknown) => T | null): Promise<T> {
    const url = `${this.base}/api/3/action/${action}?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]))}`;
    const attempts = this.opts.maxRetries + 1;
    for (let attempt = 1; ; attempt++) {
      await this.pace.take();
      const outcome = await this.once(url);
      let failure: Exclude<Attempt, { ok: true }>;
      if (outcome.ok) {
        const checked = check(outcome.result);
        if (checked !== null) return checked;
        failure = { ok: false, reason: `відповідь ${action} не має вигляду відповіді CKAN`, retry: true };
      } else failure = outcome;
      if (!failure.retry || attempt >= attempts) {
        throw new PortalError(
          `портал ${this.base}: ${what} не вдалося після ${attempt} ${attempt === 1 ? 'спроби' : 'спроб'}: ${failure.reason}`,
          failure.notFound === true,
          attempt,
          !failure.retry,
          failure.limit === true,
        );
      }
      const delayMs = Math.max((this.opts.backoffMs ?? defaultBackoffMs)(attempt), failure.retryAfterMs ?? 0);
      this.opts.onRetry?.({ what, attempt, delayMs, reason: failure.reason });
      await this.timer.sleep(delayMs);
    }
  }

  private async once(url: string): Promise<Attempt> {
    // One timeout for the whole attempt: every redirect, the answer and its body.
    const signal = AbortSignal.timeout(this.opts.timeoutMs);
    const headers: Record<string, string> = { 'User-Agent': this.opts.userAgent, Accept: 'application/json' };
    if (this.authorization !== null) headers.Authorization = this.authorization;
    let res: Response;
    let bytes: Uint8Array;
    let target = url;
    try {
      for (let hops = 0; ; hops++) {
        res = await fetch(target, { headers, signal, redirect: 'manual' });
        const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
        if (location === null) break;
        await res.body?.cancel().catch(() => undefined);
        const next = new URL(location, target);
        if (next.origin !== this.origin) {
          return { ok: false, retry: false, limit: true, reason: `HTTP ${res.status} переспрямовує на інший сайт, ${redactUrl(next.origin)}; odmon іде за переспрямуваннями лише в межах ${this.origin} (якщо портал переїхав, укажіть його нову адресу в portal.url)` };
        }
        if (hops + 1 > MAX_REDIRECTS) return { ok: false, retry: false, limit: true, reason: `понад ${MAX_REDIRECTS} переспрямувань поспіль` };
        target = next.href;
      }
      bytes = await readLimited(res, this.maxReplyBytes);
    } catch (e) {
      if (e instanceof ReplyTooLarge) {
        return { ok: false, retry: false, limit: true, reason: `відповідь більша за ${Math.round(this.maxReplyBytes / 1048576)} МБ (portal.maxReplyMB); її не прочитано` };
      }
      return { ok: false, reason: networkReason(e, this.opts.timeoutMs), retry: true };
    }
    const status = `HTTP ${res.status} ${res.statusText || STATUS_CODES[res.status] || ''}`.trim();
    const type = res.headers.get('content-type') ?? '';
    let body: string;
    try {
      body = decodeBody(bytes, type);
    } catch {
      return { ok: false, retry: false, limit: true, reason: `${status}: відповідь має кодування, якого odmon не читає (${shown(type)})` };
    }
    bytes = new Uint8Array(0); // let the raw bytes go before the text is parsed
    const retryAfter = retryAfterMs(res.headers.get('retry-after'));
    let json: unknown;
    if (/json/i.test(type) || /^\s*\{/.test(body)) {
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
    }
    if (!isObject(json) || typeof json.success !== 'boolean') {
      // The CDN's challenge page answers 200 with HTML: never read it as "no datasets".
      const what = /html/i.test(type) || /^\s*</.test(body) ? 'сторінка HTML замість JSON (перевірка CDN або сторінка помилки)' : `відповідь не у форматі JSON CKAN (content-type ${type || 'не вказано'})`;
      if (res.ok) return { ok: false, reason: `${status}: ${what}`, retry: true, retryAfterMs: retryAfter };
      return { ok: false, reason: `${status}: ${what}`, retry: RETRYABLE_STATUS(res.status), retryAfterMs: retryAfter };
    }
    if (json.success === true && res.ok) return { ok: true, result: json.result };
    const error = ckanErrorText(json.error);
    const notFound = res.status === 404 || (isObject(json.error) && json.error.__type === 'Not Found Error');
    if (notFound) return { ok: false, reason: `${status}: ${error}`, retry: false, notFound: true };
    if (!res.ok) return { ok: false, reason: `${status}: ${error}`, retry: RETRYABLE_STATUS(res.status), retryAfterMs: retryAfter };
    return { ok: false, reason: `success: false: ${error}`, retry: true, retryAfterMs: retryAfter };
  }

  /** One page of an organization's datasets. The server may return fewer than `rows` (CKAN caps it at 1000). */
  packageSearch(orgId: string, start: number, rows: number, label: string): Promise<{ count: number; results: Json[] }> {
    return this.call('package_search', { fq: `owner_org:${orgId}`, rows, start, sort: 'id asc' }, `package_search для організації "${label}"`, (r) =>
      isObject(r) && typeof r.count === 'number' && Array.isArray(r.results) ? { count: r.count, results: r.results.filter(isObject) } : null,
    );
  }

  packageShow(id: string): Promise<Json> {
    return this.call('package_show', { id }, `package_show для "${id}"`, (r) => (isObject(r) && typeof r.id === 'string' ? r : null));
  }

  organizationShow(idOrName: string): Promise<Json> {
    return this.call('organization_show', { id: idOrName, include_datasets: false }, `organization_show для "${idOrName}"`, (r) =>
      isObject(r) && typeof r.id === 'string' ? r : null,
    );
  }

  /** One page of organizations with their fields (CKAN gives at most 25 a page with all_fields). */
  organizationList(offset: number, limit: number): Promise<Json[]> {
    return this.call('organization_list', { all_fields: true, limit, offset }, `organization_list (offset ${offset})`, (r) =>
      Array.isArray(r) ? r.filter(isObject) : null,
    );
  }
}
