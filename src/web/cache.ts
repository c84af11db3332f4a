/**
 * The picture of the last check (src/views/picture.ts), made once per check and shared by every page. Each
 * request asks the store for the latest finished check (one index lookup); when a newer one is recorded, a new
 * picture is made in the background — in turns with the event loop — while the previous one is still served, so
 * no request waits for it but the very first. The downloads are written from each new picture, in the background,
 * into a private temporary folder — plain and gzipped — and streamed from there: tens of megabytes for 100,000
 * datasets never sit in memory, and sending them costs the event loop nothing. The folder goes when the server stops.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import { collectGarbage } from './memory';
import { nextTurn } from '../rules/turns';
import { complianceCsvParts, complianceJsonParts } from '../views/open-data';
import { buildPicture, latestCheckId, type CompliancePicture } from '../views/picture';
import type { ReadSource } from '../views/source';


/** Before the first check the picture is judged as of when it was made: it is made again after this long. */
const NO_CHECK_MAX_AGE_MS = 5 * 60_000;

export interface Download {
  /** The file as it is, and gzipped: paths in the cache's temporary folder. */
  readonly plain: string;
  readonly gzipped: string;
  readonly length: number;
  readonly gzippedLength: number;
  readonly etag: string;
}

export type DownloadKind = 'csv' | 'json';

export class PictureCache {
  private current: { picture: CompliancePicture; madeAtMs: number } | null = null;
  private building: Promise<CompliancePicture> | null = null;
  private readonly downloads = new WeakMap<CompliancePicture, Map<DownloadKind, Promise<Download>>>();
  private timer: NodeJS.Timeout | null = null;
  private folder: string | null = null;
  private made = 0;
  private closed = false;

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
    const latest = latestCheckId(this.src);
    if (latest !== (c.picture.run?.id ?? null)) return true;
    return latest === null && this.clock.now().toMillis() - c.madeAtMs > NO_CHECK_MAX_AGE_MS;
  }

  /** Makes a new picture unless one is being made; resolves to it. A failure keeps the previous picture. */
  refresh(): Promise<CompliancePicture> {
    if (this.building !== null) return this.building;
    const started = Date.now();
    this.building = buildPicture(this.src, this.clock.now(), { turns: true })
      .then((picture) => {
        const before = this.current?.picture ?? null;
        this.current = { picture, madeAtMs: this.clock.now().toMillis() };
        this.log.info('web.picture', { run: picture.run?.id ?? null, datasets: picture.datasets.length, findings: picture.findings.length, ms: Date.now() - started });
        // The downloads of the new picture are written now, so that nobody waits for them; the old ones' files go
        // (a download being sent keeps reading its file: an unlinked file lives while it is open).
        if (before !== null) this.forget(before);
        collectGarbage();
        if (this.closed) return picture;
        void this.download(picture, 'csv')
          .then(() => this.download(picture, 'json'))
          .catch(() => undefined)
          .finally(collectGarbage);
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

  /** Looks for a newer check every `ms` (so the first visitor after a check sees it made), until close(). */
  watch(ms: number): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = setInterval(() => {
      this.picture().catch(() => undefined);
    }, ms);
    this.timer.unref();
  }

  /**
   * Stops watching, lets a picture being made and the downloads being written finish (a picture is read from the
   * database across turns of the event loop, and SQLite refuses to close a connection in the middle of a read), then
   * removes the downloads' folder. The server closes the database after this.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.building?.catch(() => undefined);
    const current = this.current?.picture;
    const writing = current === undefined ? [] : [...(this.downloads.get(current)?.values() ?? [])];
    await Promise.all(writing.map((d) => d.catch(() => undefined)));
    if (this.folder !== null) fs.rmSync(this.folder, { recursive: true, force: true });
    this.folder = null;
  }

  private forget(picture: CompliancePicture): void {
    const made = this.downloads.get(picture);
    this.downloads.delete(picture);
    // A minute later: a request that took the old picture a moment ago still opens its file.
    const timer = setTimeout(() => {
      for (const d of made?.values() ?? []) {
        d.then((x) => {
          fs.rmSync(x.plain, { force: true });
          fs.rmSync(x.gzipped, { force: true });
        }).catch(() => undefined);
      }
    }, 60_000);
    timer.unref();
  }

  /** The open data download of a picture, written once, in parts with turns of the event loop between them. */
  download(picture: CompliancePicture, kind: DownloadKind): Promise<Download> {
    if (this.closed) return Promise.reject(new Error('the dashboard is closing'));
    let made = this.downloads.get(picture);
    if (made === undefined) this.downloads.set(picture, (made = new Map()));
    let d = made.get(kind);
    if (d === undefined) {
      if (this.folder === null) this.folder = fs.mkdtempSync(path.join(os.tmpdir(), 'odmon-web-'));
      d = writeDownload(picture, kind, path.join(this.folder, `compliance-${++this.made}.${kind}`));
      made.set(kind, d);
      // A failure is not kept: the next request tries again.
      const list = made;
      d.catch((e: unknown) => {
        list.delete(kind);
        this.log.error('web.download-failed', { kind, error: e instanceof Error ? e.message : String(e) });
      });
    }
    return d;
  }
}

/** Writes the download part by part, as it is and gzipped (zlib compresses in the thread pool). */
async function writeDownload(picture: CompliancePicture, kind: DownloadKind, file: string): Promise<Download> {
  const gzipped = `${file}.gz`;
  const plainOut = fs.createWriteStream(file, { mode: 0o600 });
  const zipped = new PassThrough();
  const zipDone = pipeline(zipped, createGzip({ level: 6 }), fs.createWriteStream(gzipped, { mode: 0o600 }));
  const hash = createHash('sha256');
  let length = 0;
  const write = async (stream: NodeJS.WritableStream, bytes: Buffer): Promise<void> => {
    if (!stream.write(bytes)) await new Promise((resolve) => stream.once('drain', resolve));
  };
  try {
    for (const part of kind === 'csv' ? complianceCsvParts(picture) : complianceJsonParts(picture)) {
      const bytes = Buffer.from(part, 'utf8');
      length += bytes.length;
      hash.update(bytes);
      await write(plainOut, bytes);
      await write(zipped, bytes);
      await nextTurn();
    }
  } finally {
    zipped.end();
    plainOut.end();
  }
  await Promise.all([zipDone, new Promise<void>((resolve, reject) => plainOut.once('close', () => resolve()).once('error', reject))]);
  return { plain: file, gzipped, length, gzippedLength: fs.statSync(gzipped).size, etag: `"${kind}-${hash.digest('hex').slice(0, 20)}"` };
}
