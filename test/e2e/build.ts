/**
 * The end-to-end tests run the built CLI, as a user would. This builds dist/ with tsc once, and only when
 * dist/src/cli/main.js is missing or older than a source file (or the tsconfig that shapes the build).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
export const BUILT_CLI = path.join(PACKAGE_ROOT, 'dist', 'src', 'cli', 'main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

export function isBuildStale(): boolean {
  if (!fs.existsSync(BUILT_CLI)) return true;
  const sources = Math.max(newestSource(path.join(PACKAGE_ROOT, 'src')), fs.statSync(path.join(PACKAGE_ROOT, 'tsconfig.json')).mtimeMs);
  return fs.statSync(BUILT_CLI).mtimeMs < sources;
}

/** Builds dist/ if it is stale and returns the path of the built CLI; a failed build fails with tsc's output. */
export function ensureBuilt(): string {
  if (!isBuildStale()) return BUILT_CLI;
  const tsc = require.resolve('typescript/bin/tsc', { paths: [PACKAGE_ROOT] });
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: PACKAGE_ROOT, stdio: 'pipe', encoding: 'utf8' });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`building dist/ with "tsc -p tsconfig.json" failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
  return BUILT_CLI;
}
