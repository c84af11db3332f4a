/**
 * `odmon export KIND FILE`: the register as a file to fill in and import back, the format from the extension.
 * - `.xlsx`: for a department to fill in. Ukrainian headers, a frozen header row, sensible widths, date cells,
 *   drop-down lists (frequencies, stewards, так/ні, the kinds of unit) from a hidden sheet "Довідники". Text that
 *   starts like a formula is written as text, never as a formula.
 * - `.csv`: Ukrainian headers, through the one CSV writer (UTF-8 with BOM, `;`, formulas neutralised), so a
 *   double click opens it right in Ukrainian Excel.
 * - `.json`: the import keys (id, title, …), ids rather than names: for scripts.
 * Every format imports back with no change at all: dates are written as the register holds them (a date alone,
 * or a Kyiv time, or — where a wall-clock time would be ambiguous, at the autumn DST change — the exact instant).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { toCsv, type CsvValue } from '../csv/write';
import { OdmonError } from '../errors';
import { ukHeader } from '../import/columns';
import { loadExcelJS } from '../import/exceljs-utf8';
import { KIND_UK } from '../import/import';
import type { Db } from '../store/db';
import { parseInstant } from '../time/days';
import type { FrequencyCatalogue } from '../time/frequency';
import { ZONE } from '../time/zone';
import { exportTable, type ExportTable, type ExportValue } from './tables';
import type { DataValidation } from 'exceljs';
import type { ImportKind } from '../import/kinds';

export type ExportFormat = 'xlsx' | 'csv' | 'json';

export interface ExportReport {
  readonly kind: ImportKind;
  readonly file: string;
  readonly format: ExportFormat;
  readonly rows: number;
}

export const SHEET_NAMES: Readonly<Record<ImportKind, string>> = {
  stewards: 'Розпорядники',
  datasets: 'Набори даних',
  plan: 'План заходів',
  publications: 'Історія оприлюднення',
};

/** The hidden sheet the drop-down lists read from. */
export const LISTS_SHEET = 'Довідники';

const WIDTHS: Readonly<Record<string, number>> = {
  id: 24,
  title: 70,
  name: 50,
  email: 40,
  head_email: 32,
  kind: 14,
  steward_id: 45,
  frequency: 26,
  last_updated: 20,
  required: 14,
  portal_id: 38,
  suspended: 40,
  goal: 45,
  task: 70,
  deadline: 30,
  responsible: 50,
  done_at: 16,
  plan: 18,
  period: 12,
  dataset_id: 30,
  published_at: 20,
};

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A stored instant as a register shows it: `30.06.2019` (00:00 Kyiv), `30.06.2019 14:30`, with seconds when it
 * has them; and the wall-clock time as a Date whose UTC fields are Kyiv's, which is how a spreadsheet keeps a
 * date cell. `exact` is false when that wall-clock time would not read back as the same instant (milliseconds,
 * or the hour the autumn DST change repeats): then the ISO instant is written as text instead.
 */
export function registerDate(stored: string): { text: string; cell: Date; exact: boolean; withTime: boolean; withSeconds: boolean } {
  const k = DateTime.fromISO(stored, { zone: ZONE });
  const withTime = k.hour !== 0 || k.minute !== 0 || k.second !== 0 || k.millisecond !== 0;
  const withSeconds = k.second !== 0;
  const day = `${pad(k.day)}.${pad(k.month)}.${k.year}`;
  const text = !withTime ? day : `${day} ${pad(k.hour)}:${pad(k.minute)}${withSeconds ? `:${pad(k.second)}` : ''}`;
  const back = parseInstant(text);
  const exact = k.millisecond === 0 && back !== null && back.toMillis() === k.toMillis();
  const cell = new Date(Date.UTC(k.year, k.month - 1, k.day, k.hour, k.minute, k.second));
  return { text: exact ? text : (k.toISO() as string), cell, exact, withTime, withSeconds };
}

function isInstant(v: ExportValue): v is { instant: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'instant' in v;
}

/** A value as text for CSV (names for people: the steward's name, так/ні, Ukrainian kinds). */
function textFor(t: ExportTable, key: string, v: ExportValue): string | null {
  if (v === null) return null;
  if (typeof v === 'boolean') return v ? 'так' : 'ні';
  if (Array.isArray(v)) return v.join(';');
  if (isInstant(v)) return registerDate(v.instant).text;
  const s = v as string;
  if (key === 'steward_id') return t.stewardNames.get(s) ?? s;
  if (t.kind === 'stewards' && key === 'kind') return KIND_UK[s as 'department' | 'external'] ?? s;
  return s;
}

function jsonFor(v: ExportValue): unknown {
  if (isInstant(v)) return registerDate(v.instant).text;
  return v;
}

function writeJson(t: ExportTable, file: string): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, '[\n');
    let first = true;
    for (const row of t.rows) {
      const out: Record<string, unknown> = {};
      for (const c of t.columns) out[c] = jsonFor(row[c] ?? null);
      fs.writeSync(fd, `${first ? '' : ',\n'}  ${JSON.stringify(out)}`);
      first = false;
    }
    fs.writeSync(fd, '\n]\n');
  } finally {
    fs.closeSync(fd);
  }
}

function writeCsv(t: ExportTable, file: string): void {
  const headers = t.columns.map((c) => ukHeader(t.kind, c));
  const rows = (function* () {
    for (const row of t.rows) {
      const out: Record<string, CsvValue> = {};
      t.columns.forEach((c, i) => (out[headers[i]] = textFor(t, c, row[c] ?? null)));
      yield out;
    }
  })();
  fs.writeFileSync(file, toCsv(headers, rows));
}

/** Lists for the drop-downs, one per column of the hidden sheet. */
function lists(t: ExportTable, frequencies: FrequencyCatalogue): { key: string; title: string; values: string[] }[] {
  return [
    // The Ukrainian labels first, for the departments; then the portal's own values, which registers (and odmon's
    // own export, writing back what the register says) also hold, so that no cell fails its own list.
    { key: 'frequency', title: 'Періодичність оновлення', values: [...frequencies.values().map((v) => frequencies.labelUk(v)), ...frequencies.values()] },
    { key: 'steward_id', title: 'Розпорядники', values: [...t.stewardNames.values()].sort((a, b) => a.localeCompare(b, 'uk')) },
    { key: 'required', title: 'Так / ні', values: ['так', 'ні'] },
    { key: 'kind', title: 'Вид підрозділу', values: [KIND_UK.department, KIND_UK.external] },
  ];
}

const LIST_COLUMN = ['A', 'B', 'C', 'D'];

async function writeXlsx(t: ExportTable, file: string, frequencies: FrequencyCatalogue): Promise<void> {
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  wb.creator = 'odmon';
  const ws = wb.addWorksheet(SHEET_NAMES[t.kind], { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  ws.columns = t.columns.map((c) => ({ key: c, width: WIDTHS[c] ?? 20 }));
  const header = ws.addRow(t.columns.map((c) => ukHeader(t.kind, c)));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.commit();
  let n = 0;
  for (const row of t.rows) {
    const r = ws.addRow([]);
    t.columns.forEach((c, i) => {
      const v = row[c] ?? null;
      const cell = r.getCell(i + 1);
      if (isInstant(v)) {
        const d = registerDate(v.instant);
        if (d.exact) {
          cell.value = d.cell;
          cell.numFmt = d.withSeconds ? 'dd.mm.yyyy hh:mm:ss' : d.withTime ? 'dd.mm.yyyy hh:mm' : 'dd.mm.yyyy';
        } else cell.value = d.text;
      } else {
        // Always a plain string: exceljs writes strings as text, so `=…` is never a formula.
        const text = textFor(t, c, v);
        cell.value = text === null ? null : text;
        if (c === 'title' || c === 'task' || c === 'goal') cell.alignment = { wrapText: true, vertical: 'top' };
      }
    });
    r.commit();
    n++;
  }
  // Drop-downs down to well below the last row, so new rows get them too.
  const last = Math.max(n + 1, 2) + 500;
  const listSpecs = lists(t, frequencies);
  listSpecs.forEach((l, li) => {
    const index = t.columns.indexOf(l.key);
    if (index < 0 || (l.key === 'kind' && t.kind !== 'stewards') || (l.key === 'steward_id' && l.values.length === 0)) return;
    const colLetter = String.fromCharCode(65 + index);
    (ws as unknown as { dataValidations: { add(address: string, v: DataValidation): void } }).dataValidations.add(`${colLetter}2:${colLetter}${last}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`'${LISTS_SHEET}'!$${LIST_COLUMN[li]}$2:$${LIST_COLUMN[li]}$${l.values.length + 1}`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: 'Значення не з переліку',
      error: `Оберіть значення зі списку (аркуш «${LISTS_SHEET}»).`,
    });
  });
  ws.commit();
  const listSheet = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  listSheet.columns = listSpecs.map((l) => ({ key: l.key, width: 45 }));
  listSheet.addRow(listSpecs.map((l) => l.title)).commit();
  const height = Math.max(...listSpecs.map((l) => l.values.length));
  for (let i = 0; i < height; i++) listSheet.addRow(listSpecs.map((l) => l.values[i] ?? null)).commit();
  listSheet.commit();
  await wb.commit();
}

export function formatOf(file: string): ExportFormat | null {
  const ext = path.extname(file).toLowerCase();
  return ext === '.xlsx' ? 'xlsx' : ext === '.csv' ? 'csv' : ext === '.json' ? 'json' : null;
}

/** Writes one kind of the register into `file` (format from its extension). */
export async function exportRegister(db: Db, kind: ImportKind, file: string, frequencies: FrequencyCatalogue, shownAs: string = file): Promise<ExportReport> {
  const format = formatOf(file);
  if (format === null) {
    throw new OdmonError('E_USAGE', `${shownAs}: за розширенням "${path.extname(file) || '(немає)'}" не визначити формат`, {
      hint: 'назвіть файл .xlsx (для заповнення), .csv або .json',
    });
  }
  const t = exportTable(db, kind);
  try {
    if (format === 'json') writeJson(t, file);
    else if (format === 'csv') writeCsv(t, file);
    else await writeXlsx(t, file, frequencies);
  } catch (cause) {
    throw new OdmonError('E_INPUT', `не вдалося записати ${shownAs} («${(cause as Error).message}»)`, { hint: 'перевірте, що тека існує і odmon може в неї писати', cause });
  }
  return { kind, file: shownAs, format, rows: t.count };
}
