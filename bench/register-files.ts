/**
 * Writes a large register as councils send it, to measure an import's memory and time from the outside:
 *
 *   npx tsc -p tsconfig.json && node dist/bench/register-files.js --rows 200000 --out /tmp/register
 *   npx odmon init --db /tmp/register/odmon.sqlite
 *   /usr/bin/time -v npx odmon import datasets /tmp/register/datasets.csv --db /tmp/register/odmon.sqlite
 *   /usr/bin/time -v npx odmon import datasets /tmp/register/datasets.xlsx --db /tmp/register/other.sqlite
 *
 * datasets.csv is Ukrainian Excel's CSV (`;`, Windows-1251, Ukrainian headers, dates 30.06.2019, departments by
 * name); datasets.xlsx is a workbook with the same rows and date cells. The departments are the seed's units.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { loadExcelJS } from '../src/import/exceljs-utf8';

const UNITS = ["Відділ інформаційно-комп'ютерного забезпечення", 'Відділ кадрової роботи', 'Фінансове управління'];
const FREQUENCIES = ['Щомісяця', 'Щокварталу', 'Щороку', '', 'Щотижня'];
const HEADERS = ['Ідентифікатор набору даних', 'Назва набору даних', 'Розпорядник', 'Періодичність оновлення', 'Дата останнього оновлення', "Обов'язковий", 'Ідентифікатор на порталі', 'Підстава призупинення'];

function row(i: number): { cells: string[]; date: Date } {
  const date = new Date(Date.UTC(2018, 0, 1) + (i % 2000) * 86_400_000);
  const text = `${String(date.getUTCDate()).padStart(2, '0')}.${String(date.getUTCMonth() + 1).padStart(2, '0')}.${date.getUTCFullYear()}`;
  return {
    date,
    cells: [`ds-${i}`, `Відомості про об'єкти комунальної власності міста, розділ ${i}`, UNITS[i % 3], FREQUENCIES[i % 5], text, i % 2 ? 'так' : 'ні', i % 4 === 0 ? `portal-${i}` : '', ''],
  };
}

/** Writes `rows` rows into `out`/datasets.csv and `out`/datasets.xlsx; returns the two paths. */
export async function writeRegisterFiles(out: string, rows: number): Promise<{ csv: string; xlsx: string }> {
  fs.mkdirSync(out, { recursive: true });
  const csv = fs.openSync(path.join(out, 'datasets.csv'), 'w');
  fs.writeSync(csv, iconv.encode(HEADERS.join(';') + '\r\n', 'win1251'));
  for (let i = 0; i < rows; i++) fs.writeSync(csv, iconv.encode(row(i).cells.join(';') + '\r\n', 'win1251'));
  fs.closeSync(csv);
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path.join(out, 'datasets.xlsx'), useStyles: true, useSharedStrings: true });
  const ws = wb.addWorksheet('Набори даних');
  ws.addRow(HEADERS).commit();
  for (let i = 0; i < rows; i++) {
    const r = row(i);
    const added = ws.addRow([...r.cells.slice(0, 4), r.date, ...r.cells.slice(5)]);
    added.getCell(5).numFmt = 'dd.mm.yyyy';
    added.commit();
  }
  ws.commit();
  await wb.commit();
  return { csv: path.join(out, 'datasets.csv'), xlsx: path.join(out, 'datasets.xlsx') };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const rows = Number(args[args.indexOf('--rows') + 1] ?? 200_000) || 200_000;
  const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : fs.mkdtempSync('/tmp/odmon-register-');
  const files = await writeRegisterFiles(out, rows);
  process.stdout.write(`${rows} rows written to ${files.csv} and ${files.xlsx}\n`);
}

if (require.main === module) void main();
