/**
 * The picture of the last check (src/views/picture.ts), made once per check and shared by every page. Each
 * request asks the store for the latest finished check (one index lookup); when a newer one is recorded, a new
 * picture is made in the background — in turns with the event loop — while the previous one is still served, so
 * no request waits for it but the very first. The downloads are made from the picture on first request, kept
 * gzipped (a few megabytes for 100,000 datasets) and sent as they are to clients that take gzip.
 */
import { gzip as gzipCallback } from 'node:zlib';
import { promisify } from 'node:util';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import { nextTurn } from '../rules/turns';
import { latestFinishedRunId } from '../store/read-findings';
import { complianceCsvParts, complianceJsonParts } from '../views/open-data';
import { buildPicture, type CompliancePicture } from '../views/picture';
import type { ReadSource } from '../views/source';

const gzip = promisify(gzipCallback);

/** Before the first check the picture is judged as of when it was made: it is made again after this long. */
const NO_CHECK_MAX_AGE_MS = 5 * 60_000;

export interface Download {
  readonly gzipped: Buffer;
  /** Bytes once unzipped. */
  readonly length: number;
  readonly etag: string;
}

export type DownloadKind = 'csv' | 'json';

export class PictureCache {
  private current: { picture: CompliancePicture; madeAtMs: number } | null = null;
  private building: Promise<CompliancePicture> | null = null;
  private readonly downloads = new WeakMap<CompliancePicture, Map<DownloadKind, Promise<Download>>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly src: ReadSource,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** The picture to show now: the newest made; a newer check starts a new one in the background. */
  async picture(): Promise<CompliancePicture> {
    const c = this.current;
    if (c !== null && !this.stale(c)) return c.picture;
    const next = this.refresh();
    return c === null ? next : c.picture;
  }

  private stale(c: { picture: CompliancePicture; madeAtMs: number }): boolean {
    const latest = latestFinishedRunId(this.src.db);
    if (latest !== (c.picture.run?.id ?? null)) return true;
    return latest === null && this.clock.now().toMillis() - c.madeAtMs > NO_CHECK_MAX_AGE_MS;
  }

  /** Makes a new picture unless one is being made; resolves to it. A failure keeps the previous picture. */
  refresh(): Promise<CompliancePicture> {
    if (this.building !== null) return this.building;
    const started = Date.now();
    this.building = buildPicture(this.src, this.clock.now(), { turns: true })
      .then((picture) => {
        this.current = { picture, madeAtMs: this.clock.now().toMillis() };
        this.log.info('web.picture', { run: picture.run?.id ?? null, datasets: picture.datasets.length, findings: picture.findings.length, ms: Date.now() - started });
        return picture;
      })
      .catch((e: unknown) => {
        this.log.error('web.picture-failed', { error: e instanceof Error ? e.message : String(e) });
        throw e;
      })
      .finally(() => {
        this.building = null;
      });
    return this.building;
  }

  /** Looks for a newer check every `ms` (so the first visitor after a check sees it made), until stop(). */
  watch(ms: number): void {
    this.stop();
    this.timer = setInterval(() => {
      this.picture().catch(() => undefined);
    }, ms);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** The open data download of a picture, made once, in parts with turns of the event loop between them. */
  download(picture: CompliancePicture, kind: DownloadKind): Promise<Download> {
    let made = this.downloads.get(picture);
    if (made === undefined) this.downloads.set(picture, (made = new Map()));
    let d = made.get(kind);
    if (d === undefined) {
      d = makeDownload(picture, kind);
      made.set(kind, d);
      // A failure is not kept: the next request tries again.
      d.catch(() => made?.delete(kind));
    }
    return d;
  }
}

async function makeDownload(picture: CompliancePicture, kind: DownloadKind): Promise<Download> {
  const parts: Buffer[] = [];
  for (const part of kind === 'csv' ? complianceCsvParts(picture) : complianceJsonParts(picture)) {
    parts.push(Buffer.from(part, 'utf8'));
    await nextTurn();
  }
  const whole = Buffer.concat(parts);
  parts.length = 0;
  // zlib works in the thread pool: the event loop is free while it compresses.
  const gzipped = await gzip(whole);
  return { gzipped, length: whole.length, etag: `"${kind}-${picture.run?.id ?? 'none'}-${Date.parse(picture.asOf)}-${whole.length}"` };
}
