/**
 * scripts/previews.js runs from dist/ and no other test runs it (it needs Chromium and pdftoppm, and takes a while):
 * a module it loads that moved, or a name it takes that is no longer exported, broke it once unnoticed. Every
 * `const { A, B } = dist('x/y.js')` must name a source file that exports A and B.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths';

const SCRIPT = fs.readFileSync(path.join(PACKAGE_ROOT, 'scripts', 'previews.js'), 'utf8');
const LOADS = [...SCRIPT.matchAll(/const \{([^}]+)\} = dist\('([^']+)\.js'\)/g)].map((m) => ({
  module: m[2],
  names: m[1].split(',').map((n) => n.trim().split(':')[0].trim()).filter(Boolean),
}));

describe('scripts/previews.js', () => {
  it('loads its modules at the top, before it touches anything', () => {
    expect(LOADS.length).toBeGreaterThan(5);
    expect(SCRIPT.match(/dist\('/g)).toHaveLength(LOADS.length);
    expect(SCRIPT.indexOf("dist('")).toBeLessThan(SCRIPT.indexOf('async function main'));
    expect(SCRIPT.lastIndexOf("dist('")).toBeLessThan(SCRIPT.indexOf('async function main'));
  });

  it.each(LOADS.map((l) => [l.module, l.names] as const))('takes from src/%s.ts only what it exports: %j', (module, names) => {
    const file = path.join(PACKAGE_ROOT, 'src', `${module}.ts`);
    expect(fs.existsSync(file)).toBe(true);
    const exported = require(file) as Record<string, unknown>;
    for (const name of names) expect({ name, exported: exported[name] !== undefined }).toEqual({ name, exported: true });
  });

  it('replaces the committed PNGs only after the new ones are made', () => {
    const made = SCRIPT.indexOf("path.join(made, `${name}.png`)");
    const removed = SCRIPT.indexOf('fs.rmSync(path.join(OUT, f))');
    expect(made).toBeGreaterThan(0);
    expect(removed).toBeGreaterThan(SCRIPT.indexOf("execFileSync('pdftoppm'"));
    expect(removed).toBeGreaterThan(made);
  });
});
