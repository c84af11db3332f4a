/**
 * The web dashboard at the national scale: `odmon serve` on a register of 100,000 datasets (the bench's own,
 * checked once so that the findings are recorded), every kind of page asked by autocannon, each response's time
 * kept to give the 95th percentile, and the server's resident memory read from /proc while it answers.
 *
 *   node dist/bench/web.js [--datasets N] [--stewards N] [--seed N] [--now ISO] [--seconds S] [--connections C]
 *                          [--db FILE (a database already generated and checked)] [--keep] [--json FILE]
 *
 * `npm run bench` runs it at the end on the database it has just checked; `npm run bench:web` runs it alone.
 * Targets: every page under 200 ms at the 95th percentile, the server under 300 MB.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { DateTime } from 'luxon';
import { openApp, runCheck } from '../src/app';
import { loadConfig } from '../src/config/config';
import { PACKAGE_ROOT } from '../src/paths';
import { generateRegister } from './generate';
import { readFlags } from './args';

export interface WebBenchOptions {
  /** A database generated and checked (a finished evaluation run in it). */
  readonly db: string;
  readonly seconds: number;
  readonly connections: number;
}

export interface PageFigures {
  readonly page: string;
  readonly paths: number;
  readonly requests: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly failed: number;
  readonly kbPerResponse: number;
  /** The server's resident memory once this kind of page was done. */
  readonly rssMb: number;
}

export interface WebBenchResult {
  readonly pages: readonly PageFigures[];
  readonly downloads: readonly DownloadFigures[];
  readonly newCheck: { readonly figures: PageFigures; readonly checkMs: number; readonly pictureSeenAfterMs: number | null } | null;
  readonly startMs: number;
  readonly peakRssMb: number;
  readonly steadyRssMb: number;
  readonly exitCode: number | null;
  readonly problems: readonly string[];
}

const PASSWORD = 'bench-admin-password';
const AUTH = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;

/** VmRSS and VmHWM (the peak) of a process, in MB, from /proc (Linux). */
function memoryOf(pid: number): { rss: number; peak: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string): number => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Starts `odmon serve` on the database, resolves with its address once it listens (after making its picture). */
async function startServer(db: string, dir: string): Promise<{ child: ChildProcess; url: string; startMs: number; log: () => string }> {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(PACKAGE_ROOT, 'dist', 'src', 'cli', 'main.js'), 'serve', '--port', '0', '--db', db], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, ODMON_WEB_ADMIN_PASSWORD: PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /http:\/\/[^\s]+\//.exec(out);
      if (m) resolve(m[0]);
    });
    child.once('exit', (code) => reject(new Error(`odmon serve exited with ${code}: ${err}`)));
  });
  return { child, url, startMs: Date.now() - started, log: () => err };
}

interface Group {
  readonly page: string;
  readonly paths: readonly string[];
  readonly auth?: boolean;
}

/** Every kind of page, with a spread of ids: the biggest steward, random ones, random datasets, deep offsets. */
function groups(db: string): Group[] {
  const config = loadConfig({ db, env: {}, cwd: path.dirname(db) });
  const app = openApp(config, DateTime.now());
  try {
    const stewards = app.db.prepare('SELECT steward_id AS id, count(*) AS n FROM datasets WHERE steward_id IS NOT NULL GROUP BY steward_id ORDER BY n DESC').all() as { id: string; n: number }[];
    const datasets = app.db.prepare('SELECT id FROM datasets ORDER BY random() LIMIT 200').pluck().all() as string[];
    const biggest = stewards[0]?.id ?? 'none';
    const some = stewards.filter((_, i) => i % Math.max(1, Math.floor(stewards.length / 40)) === 0).map((s) => s.id);
    const open = app.db.prepare('SELECT count(*) FROM findings WHERE resolved_at IS NULL').pluck().get() as number;
    const enc = encodeURIComponent;
    return [
      { page: '/ (overview)', paths: ['/'] },
      { page: '/stewards (list, paged)', paths: ['/stewards', '/stewards?offset=100', `/stewards?offset=${Math.max(0, stewards.length - 50)}`] },
      { page: `/stewards/{id} (${stewards[0]?.n ?? 0} datasets at most)`, paths: [`/stewards/${enc(biggest)}`, `/stewards/${enc(biggest)}?offset=1000`, ...some.map((id) => `/stewards/${enc(id)}`)] },
      { page: '/datasets/{id}', paths: datasets.map((id) => `/datasets/${enc(id)}`) },
      {
        page: '/findings (filters, pages)',
        paths: ['/findings', `/findings?offset=${Math.max(0, open - 100)}`, '/findings?rule=stale-publication', '/findings?severity=high&limit=200', `/findings?steward=${enc(biggest)}`, `/findings?steward=${enc(some[1] ?? biggest)}&rule=missing-dataset`],
      },
      { page: '/plan', paths: ['/plan'] },
      { page: '/rubric, /open-data/', paths: ['/rubric', '/open-data/'] },
      { page: '/admin/ (status, contacts, outbox, audit, …)', paths: ['/admin/', '/admin/contacts', '/admin/outbox', '/admin/audit', '/admin/acknowledgements', '/admin/suspensions', '/admin/snoozes'], auth: true },
    ];
  } finally {
    app.close();
  }
}

async function load(url: string, g: Group, o: WebBenchOptions): Promise<PageFigures> {
  const times: number[] = [];
  let failed = 0;
  let bytes = 0;
  const headers: Record<string, string> = g.auth ? { authorization: AUTH } : {};
  const instance = autocannon({ url, connections: o.connections, duration: o.seconds, requests: g.paths.map((p) => ({ method: 'GET' as const, path: p, headers })) });
  // The instance passes each response on as (client, status, bytes, ms).
  (instance as unknown as NodeJS.EventEmitter).on('response', (_client: unknown, status: number, resBytes: number, ms: number) => {
    times.push(ms);
    bytes += resBytes;
    if (status !== 200) failed++;
  });
  await instance;
  return figuresOf(g.page, g.paths.length, times, bytes, failed);
}

/** The figures of one page's responses: `times` in ms, in any order. */
function figuresOf(page: string, paths: number, times: number[], bytes: number, failed: number): PageFigures {
  times.sort((a, b) => a - b);
  return {
    page,
    paths,
    requests: times.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times[times.length - 1] ?? NaN,
    failed,
    kbPerResponse: times.length === 0 ? 0 : bytes / times.length / 1024,
    rssMb: 0,
  };
}

export interface DownloadFigures {
  readonly file: string;
  readonly gzip: boolean;
  readonly requests: number;
  /** Time to the first byte, and to the last, at the 95th percentile. */
  readonly firstByteP95: number;
  readonly wholeP95: number;
  readonly mb: number;
}

/** A download asked `n` times in a row by Node's own HTTP client (autocannon's parser would time itself, not the server). */
async function download(url: string, file: string, gzip: boolean, n: number): Promise<DownloadFigures> {
  const first: number[] = [];
  const whole: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await new Promise<void>((resolve, reject) => {
      http
        .get(new URL(file, url), { headers: gzip ? { 'accept-encoding': 'gzip' } : {} }, (res) => {
          first.push(performance.now() - start);
          bytes = 0;
          if (res.statusCode !== 200) reject(new Error(`${file}: HTTP ${res.statusCode}`));
          res.on('data', (c: Buffer) => (bytes += c.length));
          res.on('end', () => {
            whole.push(performance.now() - start);
            resolve();
          });
        })
        .on('error', reject);
    });
  }
  first.sort((a, b) => a - b);
  whole.sort((a, b) => a - b);
  return { file, gzip, requests: n, firstByteP95: percentile(first, 95), wholeP95: percentile(whole, 95), mb: bytes / 1024 / 1024 };
}

/**
 * Pages asked while a new check is recorded in the database (by this process, as the daemon's notify would) and the
 * server makes the new check's picture: until the server has made it, then for the rest of `seconds`.
 */
async function duringNewCheck(url: string, db: string, o: WebBenchOptions, serverLog: () => string, paths: readonly string[]): Promise<{ figures: PageFigures; checkMs: number; pictureSeenAfterMs: number | null }> {
  const config = loadConfig({ db, env: {}, cwd: path.dirname(db) });
  const app = openApp(config, DateTime.now());
  const times: number[] = [];
  let failed = 0;
  let bytes = 0;
  const before = serverLog().split('"event":"web.picture"').length;
  const instance = autocannon({ url, connections: o.connections, duration: Math.max(o.seconds, 10), requests: paths.map((p) => ({ method: 'GET' as const, path: p })) });
  (instance as unknown as NodeJS.EventEmitter).on('response', (_client: unknown, status: number, resBytes: number, ms: number) => {
    times.push(ms);
    bytes += resBytes;
    if (status !== 200) failed++;
  });
  const started = performance.now();
  let checkMs = 0;
  let seen: number | null = null;
  try {
    const last = app.db.prepare('SELECT max(as_of) FROM evaluation_runs').pluck().get() as string;
    await new Promise((r) => setTimeout(r, 500));
    const t = performance.now();
    await runCheck(app, DateTime.fromISO(last).plus({ hours: 1 }));
    checkMs = performance.now() - t;
    while (seen === null && performance.now() - started < 60_000) {
      if (serverLog().split('"event":"web.picture"').length > before) seen = performance.now() - t;
      else await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    app.close();
  }
  await instance;
  const figures = figuresOf('during a new check and its picture (overview, a steward, datasets)', paths.length, times, bytes, failed);
  return { figures, checkMs, pictureSeenAfterMs: seen };
}

export async function benchWeb(o: WebBenchOptions, print: (line: string) => void = console.log): Promise<WebBenchResult> {
  const dir = path.dirname(o.db);
  const list = groups(o.db);
  const { child, url, startMs, log } = await startServer(o.db, dir);
  const pid = child.pid as number;
  let peak = 0;
  const sampler = setInterval(() => {
    const m = memoryOf(pid);
    if (m) peak = Math.max(peak, m.rss, m.peak);
  }, 100);
  const pages: PageFigures[] = [];
  const downloads: DownloadFigures[] = [];
  let newCheck: WebBenchResult['newCheck'] = null;
  const problems: string[] = [];
  let steady = 0;
  try {
    print(`\nweb: odmon serve ready in ${(startMs / 1000).toFixed(1)} s (its picture of the last check made before it listens); RSS ${memoryOf(pid)?.rss.toFixed(0)} MB`);
    print(`web: ${o.connections} connection(s), ${o.seconds} s per kind of page\n`);
    print('| page | paths | requests | p50 | p95 | p99 | max | not 200 | KB/response | server RSS after |');
    print('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
    for (const g of list) {
      const f = { ...(await load(url, g, o)), rssMb: memoryOf(pid)?.rss ?? 0 };
      pages.push(f);
      print(`| ${f.page} | ${f.paths} | ${f.requests} | ${f.p50.toFixed(0)} ms | ${f.p95.toFixed(0)} ms | ${f.p99.toFixed(0)} ms | ${f.max.toFixed(0)} ms | ${f.failed} | ${f.kbPerResponse.toFixed(0)} | ${f.rssMb.toFixed(0)} MB |`);
      if (f.failed > 0) problems.push(`${f.page}: ${f.failed} responses were not 200`);
      if (!(f.p95 < 200)) problems.push(`${f.page}: p95 ${f.p95.toFixed(0)} ms is not under 200 ms`);
    }
    print('\n| download (streamed from a file the server wrote once per check) | requests | first byte p95 | whole p95 | MB |');
    print('|---|--:|--:|--:|--:|');
    for (const [file, gzip] of [['/open-data/compliance.csv', true], ['/open-data/compliance.json', true], ['/open-data/compliance.csv', false], ['/open-data/compliance.json', false]] as const) {
      const d = await download(url, file, gzip, 10);
      downloads.push(d);
      print(`| ${file}${gzip ? ' (gzip)' : ''} | ${d.requests} | ${d.firstByteP95.toFixed(0)} ms | ${d.wholeP95.toFixed(0)} ms | ${d.mb.toFixed(1)} |`);
      if (!(d.firstByteP95 < 200)) problems.push(`${file}${gzip ? ' (gzip)' : ''}: first byte p95 ${d.firstByteP95.toFixed(0)} ms is not under 200 ms`);
    }
    const biggest = list[2]?.paths[0] ?? '/';
    newCheck = await duringNewCheck(url, o.db, o, log, ['/', biggest, ...(list[3]?.paths.slice(0, 20) ?? [])]);
    const f = { ...newCheck.figures, rssMb: memoryOf(pid)?.rss ?? 0 };
    newCheck = { ...newCheck, figures: f };
    print(`\nwhile this process recorded a new check (${(newCheck.checkMs / 1000).toFixed(1)} s, competing for the same 2 cores) and the server made its picture (seen ${newCheck.pictureSeenAfterMs === null ? 'never' : `${(newCheck.pictureSeenAfterMs / 1000).toFixed(1)} s after the check began`}):`);
    print(`| ${f.page} | ${f.paths} | ${f.requests} | ${f.p50.toFixed(0)} ms | ${f.p95.toFixed(0)} ms | ${f.p99.toFixed(0)} ms | ${f.max.toFixed(0)} ms | ${f.failed} | ${f.kbPerResponse.toFixed(0)} | ${f.rssMb.toFixed(0)} MB |`);
    if (f.failed > 0) problems.push(`during a new check: ${f.failed} responses were not 200`);
    if (newCheck.pictureSeenAfterMs === null) problems.push('the server did not make the new check\'s picture within a minute');
    const m = memoryOf(pid);
    steady = m?.rss ?? 0;
    peak = Math.max(peak, m?.peak ?? 0);
  } finally {
    clearInterval(sampler);
    child.kill('SIGTERM');
  }
  const exitCode = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
  if (exitCode !== 0) {
    problems.push(`odmon serve exited with ${exitCode} on SIGTERM`);
    print(`odmon serve's last log lines:\n${log().trim().split('\n').slice(-8).join('\n')}`);
  }
  if (!(peak < 300)) problems.push(`server peak RSS ${peak.toFixed(0)} MB is not under 300 MB`);
  print(`\nweb server: RSS at the end ${steady.toFixed(0)} MB, peak ${peak.toFixed(0)} MB (VmHWM); stopped by SIGTERM with exit code ${exitCode}`);
  print('web targets:');
  print(`  ${pages.every((p) => p.p95 < 200 && p.failed === 0) ? 'met    ' : 'MISSED '} every page under 200 ms at the 95th percentile: worst ${Math.max(...pages.map((p) => p.p95)).toFixed(0)} ms`);
  print(`  ${downloads.every((d) => d.firstByteP95 < 200) ? 'met    ' : 'MISSED '} every download starts within 200 ms at the 95th percentile: worst ${Math.max(...downloads.map((d) => d.firstByteP95)).toFixed(0)} ms`);
  if (newCheck !== null) print(`  (while a new check was recorded beside it and its picture made: p95 ${newCheck.figures.p95.toFixed(0)} ms — shown, not a target: the check itself takes the cores)`);
  print(`  ${peak < 300 ? 'met    ' : 'MISSED '} server under 300 MB: peak ${peak.toFixed(0)} MB`);
  return { pages, downloads, newCheck, startMs, peakRssMb: peak, steadyRssMb: steady, exitCode, problems };
}

interface Args {
  datasets: number;
  stewards: number;
  seed: number;
  now: DateTime;
  seconds: number;
  connections: number;
  db: string | null;
  keep: boolean;
  json: string | null;
}

function parseArgs(argv: readonly string[]): Args {
  const a: Args = { datasets: 100_000, stewards: 2_500, seed: 154, now: DateTime.fromISO('2026-11-27T09:00', { zone: 'Europe/Kyiv' }), seconds: 5, connections: 4, db: null, keep: false, json: null };
  const known = ['--datasets', '--stewards', '--seed', '--now', '--seconds', '--connections', '--db', '--keep', '--json'];
  readFlags(argv, known, (flag, read) => {
    if (flag === '--datasets') a.datasets = read.count(1);
    else if (flag === '--stewards') a.stewards = read.count(1);
    else if (flag === '--seed') a.seed = read.count(1);
    else if (flag === '--seconds') a.seconds = read.count(1);
    else if (flag === '--connections') a.connections = read.count(1);
    else if (flag === '--db') a.db = path.resolve(read.value());
    else if (flag === '--keep') a.keep = true;
    else if (flag === '--json') a.json = read.value();
    else if (flag === '--now') a.now = read.kyiv();
    else return false;
    return true;
  });
  return a;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  let dir: string | null = null;
  let db = args.db;
  if (db === null) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odmon-bench-web-'));
    db = path.join(dir, 'bench.sqlite');
    const config = loadConfig({ db, env: {}, cwd: dir });
    const app = openApp(config, args.now);
    try {
      console.log(`odmon web bench: ${args.datasets.toLocaleString('en-US')} datasets, ${args.stewards.toLocaleString('en-US')} stewards, seed ${args.seed}, checked as of ${args.now.toISO()}`);
      generateRegister(app.db, { datasets: args.datasets, stewards: args.stewards, seed: args.seed, now: args.now, frequencies: app.frequencies });
      const check = await runCheck(app, args.now);
      console.log(`generated and checked: ${check.findings.length.toLocaleString('en-US')} findings; load average ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
    } finally {
      app.close();
    }
  }
  try {
    const r = await benchWeb({ db, seconds: args.seconds, connections: args.connections });
    if (args.json !== null) fs.writeFileSync(args.json, JSON.stringify(r, null, 2));
    if (r.problems.length > 0) {
      console.log(`\nPROBLEMS:\n  ${r.problems.join('\n  ')}`);
      process.exitCode = 1;
    }
  } finally {
    if (dir !== null) {
      if (args.keep) console.log(`\ndatabase kept: ${db}`);
      else fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exitCode = 2;
  });
}
