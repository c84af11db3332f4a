/**
 * Every CSV odmon writes goes through src/csv/write.ts (UTF-8 with a BOM, `;`, CRLF, formulas neutralised), so
 * each opens right when double-clicked in Ukrainian Excel: every command that writes one is run here, and the
 * sources are searched for a second, hand-rolled writer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { run } from '../../src/cli/main';
import { PACKAGE_ROOT } from '../../src/paths';
import { makeTempDir } from '../helpers/temp-db';

jest.setTimeout(60_000);

const SRC = path.join(PACKAGE_ROOT, 'src');
const dir = makeTempDir('csv-writers');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function odmon(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await run(argv, { out: (t) => (out += t), err: () => undefined, env: { ODMON_DB: path.join(dir, 'odmon.sqlite') }, cwd: dir });
  return { code, out };
}

function sources(d: string): string[] {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(d, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** What Ukrainian Excel needs to open a double-clicked file in columns: a BOM, `;` between cells, CRLF. */
function expectExcelCsv(text: string): void {
  expect(text.startsWith('\ufeff')).toBe(true);
  const lines = text.slice(1).split('\r\n');
  expect(lines.length).toBeGreaterThan(1);
  expect(lines[0].split(';').length).toBeGreaterThanOrEqual(2);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/(?<!")\n/);
}

describe('every CSV odmon writes', () => {
  beforeAll(async () => {
    expect((await odmon('init', '--example')).code).toBe(0);
  });

  it.each(['stewards', 'datasets', 'plan', 'publications'])('opens in Ukrainian Excel: export %s', async (kind) => {
    const file = path.join(dir, `${kind}.csv`);
    expect((await odmon('export', kind, file)).code).toBe(0);
    expectExcelCsv(fs.readFileSync(file, 'utf8'));
  });

  it('opens in Ukrainian Excel: the yearly report as CSV, to a file and to stdout', async () => {
    const file = path.join(dir, 'zvit.csv');
    expect((await odmon('report', 'annual', '--year', '2019', '--out', file)).code).toBe(0);
    expectExcelCsv(fs.readFileSync(file, 'utf8'));
    const printed = await odmon('report', 'annual', '--year', '2019', '--format', 'csv');
    expectExcelCsv(printed.out);
  });

  it('is written by src/csv/write.ts alone: no other module writes a byte order mark', () => {
    // A string that starts with a BOM (reading one off, as the importers do, is a regex and is fine).
    const bom = /(['"`])(\\ufeff|\\uFEFF|\uFEFF)/;
    const writers = sources(SRC).filter((f) => bom.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(PACKAGE_ROOT, f));
    expect(writers).toEqual(['src/csv/write.ts']);
  });
});
