/**
 * `odmon serve` as a process, as the IT head starts it: the built CLI on a database made by `odmon init --example`
 * and checked with `odmon check --json`; it prints where to open the pages, serves them with the check's numbers,
 * keeps `/admin/` absent without a password and behind it with one, refuses a port in use clearly, and exits 0 on
 * SIGTERM.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBuilt } from './build';

jest.setTimeout(60_000);

const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ODMON_')));
const PASSWORD = 'serve-e2e-password-2026';

let cli: string;
let root: string;
let env: Record<string, string>;
let findings: { rule: string; stewards: string[] }[];
const children: ChildProcess[] = [];

beforeAll(() => {
  cli = ensureBuilt();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'odmon-e2e-serve-'));
  env = { ...cleanEnv, ODMON_DB: path.join(root, 'odmon.sqlite') } as Record<string, string>;
  const run = (args: string[]): string => {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`odmon ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  run(['init', '--example', '--now', '2026-11-27']);
  findings = JSON.parse(run(['check', '--now', '2026-11-27T09:00', '--json'])) as { rule: string; stewards: string[] }[];
}, 120_000);

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stdout: () => string;
  readonly exit: Promise<number | null>;
}

/** Starts `odmon serve ARGS` and waits for the address it prints. */
async function serve(args: string[], extraEnv: Record<string, string> = {}): Promise<Served> {
  const child = spawn(process.execPath, [cli, 'serve', ...args], { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const until = Date.now() + 30_000;
  for (;;) {
    const m = /Веб-панель: (http:\/\/\S+\/)/.exec(out);
    if (m) return { child, url: m[1], stdout: () => out, exit };
    if (child.exitCode !== null || Date.now() > until) throw new Error(`odmon serve did not start:\n${out}\n${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('odmon serve', () => {
  it('serves the check\'s numbers, has no /admin/ without a password, and exits 0 on SIGTERM', async () => {
    const s = await serve(['--port', '0', '--host', '127.0.0.1']);
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const home = await fetch(s.url);
    expect(home.status).toBe(200);
    const text = await home.text();
    expect(text).toContain(`<a href="./findings">${findings.length}</a>`);
    expect(text).toContain('Станом на: <time datetime="2026-11-27T07:00:00.000Z">27.11.2026, 09:00</time>');
    const transport = await (await fetch(`${s.url}stewards/transport`)).text();
    expect(transport).toContain(`Відкриті порушення (${findings.filter((f) => f.stewards.includes('transport')).length})`);
    expect((await fetch(`${s.url}admin/`)).status).toBe(404);
    expect(s.stdout()).not.toContain('/admin/');
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
    await expect(fetch(s.url)).rejects.toThrow();
  });

  it('asks for the password on /admin/ when ODMON_WEB_ADMIN_PASSWORD is set, and never prints it', async () => {
    const s = await serve(['--port', '0'], { ODMON_WEB_ADMIN_PASSWORD: PASSWORD });
    expect(s.stdout()).toContain(`Службові сторінки: ${s.url}admin/ (користувач admin).`);
    expect((await fetch(`${s.url}admin/`)).status).toBe(401);
    const auth = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;
    expect((await fetch(`${s.url}admin/contacts`, { headers: { authorization: auth } })).status).toBe(200);
    expect(s.stdout()).not.toContain(PASSWORD);
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
  });

  it('says clearly that a port is taken, in Ukrainian, and exits with an error', async () => {
    const first = await serve(['--port', '0']);
    const port = new URL(first.url).port;
    const r = spawnSync(process.execPath, [cli, 'serve', '--port', port], { cwd: root, env, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(65);
    expect(r.stderr).toContain(`error[E_INPUT]: порт ${port} на 127.0.0.1 уже зайнятий іншою програмою`);
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
  });
});
