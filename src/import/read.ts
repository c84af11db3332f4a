/**
 * Reading an import file of any kind odmon takes: `.xlsx` (the first sheet, or --sheet), `.csv` (the separator
 * and the encoding detected) and `.json` (an array of objects). Every reader hands the importer the same thing:
 * the columns the file has, then its rows one at a time, and a way to name the place of a problem — `FILE:LINE`
 * in a CSV or JSON file, `FILE: Sheet!E7` in a workbook.
 *
 * A file that cannot be read at all (missing, a legacy .xls, not text, broken CSV quoting) is refused at once
 * with E_IMPORT; problems of single rows and cells are collected into `problems` and reported all together.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import { OdmonError } from '../errors';
import { columnKey, columnLabel, COLUMNS, ukrainianHeaders, unknownColumnProblem } from './columns';
import { CsvSyntaxError, describeSeparator, openCsv } from './csv-file';
import type { ImportKind } from './kinds';
import { cellProblem, RowMapper, type InputRow } from './rows';
import { openXlsx } from './xlsx-file';

export type { InputRow } from './rows';

/** What the importer is told while a file is read. */
export interface TableVisitor {
  /**
   * Once, before the first row: the column keys the file has, how to name a place in it, and how to name a
   * column in a message (the file's own header for it, as written).
   */
  header(columns: readonly string[], place: (line: number, key?: string) => string, lineWord: 'line' | 'row', label: (key: string) => string): void;
  row(r: InputRow): void;
}

export interface ReadOptions {
  /** The sheet of a workbook (default: the first). */
  readonly sheet?: string;
  /** How the file is named in messages (as the user typed it); default: the path read. */
  readonly shownAs?: string;
}

export interface TableSummary {
  readonly file: string;
  /** What was detected, in the import summary's words: `роздільник ";", Windows-1251`, `аркуш "Набори даних"`. */
  readonly detected: string;
}

export function importError(file: string, problems: readonly string[]): OdmonError {
  return new OdmonError(
    'E_IMPORT',
    `${file}: проблем — ${problems.length}, нічого не імпортовано:\n  ${problems.join('\n  ')}`,
    { problems, hint: 'виправте названі рядки й імпортуйте файл знову; база даних не змінилася' },
  );
}

function readBytes(path: string, file: string): Buffer {
  try {
    return fs.readFileSync(path);
  } catch (cause) {
    throw new OdmonError('E_IMPORT', `не вдалося прочитати ${file} («${(cause as Error).message}»)`, {
      hint: 'перевірте назву файлу і те, що odmon може його читати',
      cause,
    });
  }
}

function extensionOf(file: string): string {
  return nodePath.extname(file).toLowerCase();
}

function refuseType(file: string, ext: string): never {
  if (ext === '.xls') {
    throw new OdmonError('E_IMPORT', `${file}: стару книгу Excel 97–2003 (.xls) прочитати не можна`, {
      hint: 'відкрийте її в Excel чи LibreOffice, збережіть як «Книга Excel (.xlsx)» та імпортуйте .xlsx',
    });
  }
  throw new OdmonError('E_IMPORT', `${file}: тип файлу "${ext || '(немає)'}" не підтримується`, {
    hint: 'дайте книгу Excel (.xlsx), файл .csv із рядком заголовків або файл .json із масивом об’єктів',
  });
}

function readCsv(path: string, file: string, kind: ImportKind, problems: string[], visit: TableVisitor): TableSummary {
  const csv = openCsv(file, readBytes(path, file));
  if ('problem' in csv) throw importError(file, [`${file}: ${csv.problem}`]);
  const mapper = new RowMapper(kind, csv.places, problems, true);
  let started = false;
  const start = (): void => {
    if (started) return;
    started = true;
    visit.header(mapper.columns, (line, key) => mapper.place(line, key), 'line', (key) => mapper.label(key));
  };
  const emit = (rows: InputRow[]): void => {
    if (rows.length === 0) return;
    start();
    rows.forEach((r) => visit.row(r));
  };
  try {
    for (const r of csv.records()) emit(mapper.push(r));
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw importError(file, [`${file}:${e.line}: column ${e.column}: ${e.message}`]);
    throw e;
  }
  emit(mapper.end());
  start();
  return { file, detected: `роздільник ${describeSeparator(csv.separator)}, ${csv.encoding === 'UTF-8 with BOM' ? 'UTF-8 з BOM' : csv.encoding}` };
}

/** The line where each top-level element of a JSON array starts (strings and nesting are skipped). */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      if (depth === 1) lines.push(line);
      inString = true;
    } else if (ch === '{' || ch === '[') {
      if (depth === 1) lines.push(line);
      depth++;
    } else if (ch === '}' || ch === ']') depth--;
    else if (depth === 1 && /[-0-9tfn]/.test(ch) && !/[-0-9a-z.eE+]/.test(text[i - 1] ?? '')) lines.push(line);
  }
  return lines;
}

function jsonCellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(jsonCellText).join(';');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A JSON array of objects. A key an element lacks is a column that row does not have (its field stays as it is). */
function readJson(path: string, file: string, kind: ImportKind, problems: string[], visit: TableVisitor): TableSummary {
  let text = readBytes(path, file).toString('utf8');
  // Editors on Windows save UTF-8 with a BOM, which JSON.parse rejects; the CSV reader drops it too.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw importError(file, [`${file}: вміст не є коректним JSON («${(cause as Error).message}»)`]);
  }
  if (!Array.isArray(data)) throw importError(file, [`${file}:1: файл має містити масив об’єктів JSON`]);
  const lines = elementLines(text);
  const structural: string[] = [];
  const columns = new Set<string>();
  const unknown = new Set<string>();
  /** Per column key, the first name the file gives it: how messages name the column. */
  const labels = new Map<string, string>();
  const allNames: string[] = [];
  const rows: InputRow[] = [];
  data.forEach((item, i) => {
    const line = lines[i] ?? 1;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      structural.push(`${file}:${line}: елемент ${i}: має бути об’єктом`);
      return;
    }
    const values: Record<string, string> = {};
    const given = new Map<string, string>();
    for (const [name, v] of Object.entries(item as Record<string, unknown>)) {
      const key = columnKey(kind, name);
      allNames.push(name);
      if (key === null) {
        unknown.add(name);
        continue;
      }
      const other = given.get(key);
      if (other !== undefined) {
        problems.push(`${file}:${line}: ${labels.get(key) ?? other}: указано двічі ("${other}" і "${name}"); залиште одне`);
        continue;
      }
      given.set(key, name);
      if (!labels.has(key)) labels.set(key, name.trim());
      columns.add(key);
      values[key] = jsonCellText(v);
    }
    rows.push({ line, values });
  });
  if (structural.length > 0) throw importError(file, structural);
  const known = COLUMNS[kind];
  const required = known.filter((c) => c.required).map((c) => c.key);
  const ukrainian = ukrainianHeaders(allNames);
  const label = (key: string): string => labels.get(key) ?? columnLabel(kind, key, ukrainian);
  for (const c of required) if (!columns.has(c)) problems.push(`${file}:1: заголовок: бракує стовпця "${c}" (обов’язкові: ${required.join(', ')})`);
  for (const name of unknown) problems.push(`${file}:1: заголовок: ${unknownColumnProblem(kind, name, ukrainian)}`);
  visit.header([...columns], (line) => `${file}:${line}`, 'line', label);
  for (const r of rows) {
    for (const [key, value] of Object.entries(r.values)) {
      const problem = cellProblem(kind, key, value);
      if (problem !== null) problems.push(`${file}:${r.line}: ${label(key)}: ${problem}`);
    }
    visit.row(r);
  }
  return { file, detected: 'JSON' };
}

/** Reads a .csv or .json file at once (no workbook: exceljs reads asynchronously). */
export function readTableSync(path: string, kind: ImportKind, problems: string[], visit: TableVisitor, opts: ReadOptions = {}): TableSummary {
  const file = opts.shownAs ?? path;
  const ext = extensionOf(path);
  if (ext === '.csv' || ext === '.txt') return readCsv(path, file, kind, problems, visit);
  if (ext === '.json') return readJson(path, file, kind, problems, visit);
  if (ext === '.xlsx' || ext === '.xlsm') {
    throw new OdmonError('E_IMPORT', `${file}: a workbook is read asynchronously; use importFileAsync`);
  }
  return refuseType(file, ext);
}

/** Reads any import file: a workbook row by row, CSV and JSON as readTableSync does. */
export async function readTable(path: string, kind: ImportKind, problems: string[], visit: TableVisitor, opts: ReadOptions = {}): Promise<TableSummary> {
  const file = opts.shownAs ?? path;
  const ext = extensionOf(path);
  if (ext !== '.xlsx' && ext !== '.xlsm') {
    if (opts.sheet !== undefined && (ext === '.csv' || ext === '.json')) {
      throw new OdmonError('E_USAGE', `--sheet — лише для книг Excel, а ${file} — файл ${ext}`, { hint: 'приберіть --sheet або дайте книгу .xlsx' });
    }
    return readTableSync(path, kind, problems, visit, opts);
  }
  if (!fs.existsSync(path)) readBytes(path, file);
  const xlsx = await openXlsx(path, file, opts.sheet);
  if ('problem' in xlsx) throw importError(file, [`${file}: ${xlsx.problem}`]);
  const mapper = new RowMapper(kind, xlsx.places, problems, false);
  let started = false;
  const emit = (rows: InputRow[]): void => {
    if (rows.length === 0) return;
    if (!started) {
      started = true;
      visit.header(mapper.columns, (line, key) => mapper.place(line, key), 'row', (key) => mapper.label(key));
    }
    rows.forEach((r) => visit.row(r));
  };
  try {
    for await (const r of xlsx.records()) emit(mapper.push(r));
  } catch (cause) {
    throw importError(file, [`${file}: книгу не вдалося дочитати до кінця («${(cause as Error).message}»)`]);
  }
  emit(mapper.end());
  if (!started) visit.header(mapper.columns, (line, key) => mapper.place(line, key), 'row', (key) => mapper.label(key));
  return { file, detected: `аркуш "${xlsx.sheet}"` };
}
