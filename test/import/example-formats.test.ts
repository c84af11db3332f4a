/**
 * The example register (data/example/) saved as a council would keep it — an Excel workbook with Ukrainian
 * headers, date cells and departments named by name, and a `;`-separated Windows-1251 CSV from Ukrainian Excel —
 * must give exactly the findings of the plain CSV files.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { App } from '../../src/app';
import { runCheck } from '../../src/app';
import { findingJson } from '../../src/cli/format';
import { ukHeader } from '../../src/import/columns';
import { parseCsvWithHeader } from '../../src/csv/read';
import { importFile, importFileAsync, type ImportKind, type ImportReport } from '../../src/import/import';
import { EXAMPLE_DIR } from '../../src/paths';
import { parseInstant } from '../../src/time/days';
import { kyiv, makeTempDir, openTestApp, removeDir } from '../helpers/rules-app';

const ORDER: readonly ImportKind[] = ['stewards', 'datasets', 'publications', 'plan'];
const DATE_COLUMNS = new Set(['last_updated', 'published_at', 'done_at']);
const CHECK_AT = kyiv('2026-11-27T00:00');

let root: string;
const apps: App[] = [];
beforeAll(() => {
  root = makeTempDir('example-formats');
});
afterAll(() => {
  apps.forEach((a) => a.close());
  removeDir(root);
});

function example(kind: ImportKind): { header: string[]; rows: Record<string, string>[] } {
  const { header, rows } = parseCsvWithHeader(fs.readFileSync(path.join(EXAMPLE_DIR, `${kind}.csv`), 'utf8'));
  return { header, rows: rows.map((r) => ({ ...r.values })) };
}

const stewardNames = new Map(example('stewards').rows.map((r) => [r.id, r.name]));

/** A cell as a council keeps it: names for departments, так/ні, dates as 30.06.2019. */
function councilText(key: string, value: string): string {
  if (key === 'steward_id') return value === '' ? '' : (stewardNames.get(value) ?? value);
  if (key === 'required') return value === '' ? '' : value === 'yes' ? 'так' : 'ні';
  if (DATE_COLUMNS.has(key) && value !== '') {
    const dt = parseInstant(value);
    return dt === null ? value : dt.toFormat(dt.hour === 0 && dt.minute === 0 ? 'dd.MM.yyyy' : 'dd.MM.yyyy HH:mm');
  }
  return value;
}

async function writeWorkbook(dir: string, kind: ImportKind): Promise<string> {
  const { header, rows } = example(kind);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Аркуш1');
  ws.addRow(header.map((h) => ukHeader(kind, h)));
  for (const r of rows) {
    const row = ws.addRow(header.map((h) => {
      const v = r[h];
      if (DATE_COLUMNS.has(h) && v !== '') {
        // A real date cell: the wall-clock time in Kyiv, stored without a zone as Excel does.
        const dt = parseInstant(v);
        if (dt !== null) return new Date(Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute));
      }
      return councilText(h, v);
    }));
    header.forEach((h, i) => {
      if (DATE_COLUMNS.has(h)) row.getCell(i + 1).numFmt = 'dd.mm.yyyy hh:mm';
    });
  }
  const file = path.join(dir, `${kind}.xlsx`);
  await wb.xlsx.writeFile(file);
  return file;
}

function writeCp1251(dir: string, kind: ImportKind): string {
  const { header, rows } = example(kind);
  const cell = (s: string): string => (/[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [header.map((h) => cell(ukHeader(kind, h))), ...rows.map((r) => header.map((h) => cell(councilText(h, r[h]))))];
  const text = lines.map((l) => l.join(';')).join('\r\n') + '\r\n';
  const bytes = iconv.encode(text, 'win1251');
  expect(iconv.decode(bytes, 'win1251')).toBe(text); // every character of the example exists in Windows-1251
  const file = path.join(dir, `${kind}.csv`);
  fs.writeFileSync(file, bytes);
  return file;
}

async function findingsOf(name: string, files: (dir: string, kind: ImportKind) => Promise<string> | string, async: boolean): Promise<{ findings: unknown[]; reports: ImportReport[] }> {
  const app = openTestApp(root, name, { seededAt: CHECK_AT });
  apps.push(app);
  const dir = path.dirname(app.config.db);
  const reports: ImportReport[] = [];
  for (const kind of ORDER) {
    const file = await files(dir, kind);
    const ctx = { now: CHECK_AT, frequencies: app.frequencies };
    reports.push(async ? await importFileAsync(app.db, kind, file, ctx) : importFile(app.db, kind, file, ctx));
  }
  const result = await runCheck(app, CHECK_AT);
  return { findings: result.findings.map(findingJson), reports };
}

describe('the example register in the formats councils keep it', () => {
  let plain: Awaited<ReturnType<typeof findingsOf>>;
  beforeAll(async () => {
    plain = await findingsOf('plain', (_dir, kind) => path.join(EXAMPLE_DIR, `${kind}.csv`), false);
  });

  it('has findings to compare', () => {
    expect(plain.findings.length).toBe(100);
  });

  it('gives exactly the same findings from a workbook with Ukrainian headers and date cells', async () => {
    const xlsx = await findingsOf('workbook', writeWorkbook, true);
    expect(xlsx.reports.map((r) => r.detected)).toEqual(ORDER.map(() => 'аркуш "Аркуш1"'));
    expect(xlsx.findings).toEqual(plain.findings);
  });

  it('gives exactly the same findings from a ";"-separated Windows-1251 CSV', async () => {
    const cp1251 = await findingsOf('cp1251', writeCp1251, true);
    expect(cp1251.reports.map((r) => r.detected)).toEqual(ORDER.map(() => 'роздільник ";", Windows-1251'));
    expect(cp1251.findings).toEqual(plain.findings);
  });
});
