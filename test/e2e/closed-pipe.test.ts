/**
 * The built CLI as a shell runs it: output into a pipe whose reader has gone (`odmon check | head -1`) ends
 * quietly with the command's own exit code, and `--preview` into a folder the user may not write is E_INPUT.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBuilt } from './build';
import { makeTempDir } from '../helpers/temp-db';

jest.setTimeout(60_000);

const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ODMON_')));
const AS_ROOT = process.getuid?.() === 0;

let root = '';
let cli = '';
let env: Record<string, string | undefined> = {};
beforeAll(() => {
  cli = ensureBuilt();
  root = makeTempDir('pipe');
  fs.chmodSync(root, 0o755);
  env = { ...cleanEnv, ODMON_DB: path.join(root, 'odmon.sqlite'), ODMON_OUTBOX_DIR: path.join(root, 'outbox'), HOME: os.tmpdir() };
  expect(spawnSync(process.execPath, [cli, 'init', '--example', '--now', '2026-11-01'], { cwd: root, env }).status).toBe(0);
  if (AS_ROOT) for (const f of fs.readdirSync(root)) fs.chownSync(path.join(root, f), 65534, 65534);
  if (AS_ROOT) fs.chownSync(root, 65534, 65534);
}, 120_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

it.each([
  ['check --json', ['check', '--json', '--now', '2026-11-27T09:00']],
  ['the yearly report', ['report', 'annual', '--year', '2026', '--format', 'html', '--now', '2026-11-27T09:00']],
])('%s into a pipe whose reader has gone ends quietly with exit 0', async (_what, args) => {
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy(); // the reader goes away before odmon writes a byte, as `head` does after its first line
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr).not.toMatch(/EPIPE|Error|error\[/);
  expect(code).toBe(0);
});

it('--preview into a folder the user may not write is E_INPUT', () => {
  const locked = path.join(root, 'locked');
  fs.mkdirSync(locked, { mode: 0o555 });
  fs.chmodSync(locked, 0o555);
  const r = spawnSync(process.execPath, [cli, 'notify', '--preview', 'locked', '--now', '2026-11-27T09:00'], {
    cwd: root,
    env,
    encoding: 'utf8',
    ...(AS_ROOT ? { uid: 65534, gid: 65534 } : {}),
  });
  expect(r.stderr).toBe('error[E_INPUT]: --preview locked: теку не вдалося записати (EACCES)\nhint: укажіть теку, у яку odmon може писати (її буде створено); нічого не записано\n');
  expect(r.status).toBe(65);
});
