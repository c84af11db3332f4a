/**
 * A register kept as an Excel workbook (.xlsx), read with exceljs's streaming reader: a sheet of 200,000 rows
 * goes through row by row, never whole in memory. The first sheet is read (the first in the workbook's tab
 * order), or the one named with --sheet.
 *
 * Cells become the text a person would type: a date cell `30.06.2019` is `2019-06-30` (a date cell has no time
 * zone: its wall-clock time is Kyiv time), a time `14:30` is kept, text and numbers as they are, TRUE/FALSE as
 * true/false, a formula as its computed result. A cell holding an error (#N/A) or a formula Excel never computed
 * is a problem of that cell.
 */
import { loadExcelJS } from './exceljs-utf8';
import { openZip, type ZipDirectory, type ZipEntry } from './zip';
import type { Places, RawRecord } from './rows';

export interface XlsxSource {
  readonly sheet: string;
  readonly places: Places;
  /** The rows of the sheet. */
  records(): AsyncIterable<RawRecord>;
}

/** Column index (0-based) → letters: 0 → A, 26 → AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Where a problem is: `datasets.xlsx: Набори даних!E7` (a row: `Набори даних!7:7`). */
function placesOf(file: string, sheet: string): Places {
  const ref = sheet;
  return {
    file,
    place: (line, index) => (index === undefined ? `${file}: ${ref}!${line}:${line}` : `${file}: ${ref}!${columnLetters(index)}${line}`),
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A date cell's wall-clock time, read as Kyiv time; seconds are rounded (Excel stores a fraction of a day). */
export function dateCellText(d: Date): string {
  const t = new Date(Math.round(d.getTime() / 1000) * 1000);
  const day = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  const h = t.getUTCHours();
  const m = t.getUTCMinutes();
  const s = t.getUTCSeconds();
  if (h === 0 && m === 0 && s === 0) return day;
  return `${day}T${pad(h)}:${pad(m)}${s === 0 ? '' : `:${pad(s)}`}`;
}

type CellValue = unknown;

/**
 * The XML parser hands out cell texts as slices of the chunk they were read from; a slice kept keeps the whole
 * chunk alive, and a register of 200,000 rows would hold its entire sheet in memory. A copy holds only itself.
 */
function own(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf16le').toString('utf16le');
}

/** The text of one cell, or a problem. */
export function cellText(v: CellValue): { text: string } | { problem: string } {
  if (v === null || v === undefined) return { text: '' };
  if (typeof v === 'string') return { text: own(v) };
  if (typeof v === 'number') return { text: Number.isFinite(v) ? String(v) : '' };
  if (typeof v === 'boolean') return { text: v ? 'true' : 'false' };
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? { problem: 'holds a date Excel cannot show' } : { text: dateCellText(v) };
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return { text: own((o.richText as { text?: string }[]).map((r) => r.text ?? '').join('')) };
    if ('error' in o) return { problem: `holds the spreadsheet error ${String(o.error)}` };
    if ('formula' in o || 'sharedFormula' in o) {
      if (o.result === undefined || o.result === null) return { problem: 'holds a formula without a computed value; open the workbook in Excel, save it and import it again' };
      return cellText(o.result);
    }
    if ('hyperlink' in o) return cellText(o.text);
    if ('text' in o) return cellText(o.text);
  }
  return { problem: 'holds a value odmon cannot read as text' };
}

interface SheetInfo {
  readonly name: string;
  readonly rId: string;
}

interface ReaderParts {
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncIterable<unknown>;
  _parseStyles(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Iterable<{ value: AsyncIterable<{ number: number; values: unknown }> }>;
  model?: { sheets?: SheetInfo[] };
  workbookRels?: { Id: string; Target: string }[];
}

export type OpenedXlsx = XlsxSource | { problem: string };

/** Where a relationship's target is inside the zip: `worksheets/sheet1.xml` is `xl/worksheets/sheet1.xml`. */
const zipPathOf = (target: string): string => (target.startsWith('/') ? target.slice(1) : `xl/${target}`);

/**
 * Opens the workbook and finds the sheet: the first in the workbook's tab order, or the one named.
 *
 * The zip is read through its central directory, part by part in the order the parts depend on each other
 * (relationships, workbook, shared strings, styles, then the one sheet wanted), with exceljs's streaming parsers.
 * exceljs's own streaming reader walks the zip front to back instead and depends on the order the parts were
 * written in: Excel writes the shared strings after the sheets, other writers the workbook after them, and on such
 * files it crashed or, now and then, ended early and yielded no rows at all (measured: 1 to 17 reads in 100).
 */
export async function openXlsx(path: string, file: string, wantedSheet: string | undefined): Promise<OpenedXlsx> {
  const ExcelJS = await loadExcelJS();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  const parts = reader as unknown as ReaderParts;
  let directory: ZipDirectory;
  try {
    directory = await openZip(path);
  } catch (cause) {
    return { problem: `not a readable .xlsx workbook: ${(cause as Error).message}` };
  }
  const entries = new Map(directory.files.filter((f) => f.type === 'File').map((f) => [f.path, f]));
  const part = (name: string): ZipEntry | undefined => entries.get(name);
  const workbookPart = part('xl/workbook.xml');
  const relsPart = part('xl/_rels/workbook.xml.rels');
  if (workbookPart === undefined || relsPart === undefined) return { problem: 'not a readable .xlsx workbook: it has no xl/workbook.xml or no list of its parts' };
  try {
    await parts._parseRels(relsPart.stream());
    await parts._parseWorkbook(workbookPart.stream());
  } catch (cause) {
    return { problem: `not a readable .xlsx workbook: ${(cause as Error).message}` };
  }
  const rels = parts.workbookRels ?? [];
  const sheets = (parts.model?.sheets ?? [])
    .map((s) => ({ name: s.name, target: rels.find((r) => r.Id === s.rId)?.Target }))
    .filter((s): s is { name: string; target: string } => s.target !== undefined && part(zipPathOf(s.target)) !== undefined);
  if (sheets.length === 0) return { problem: 'the workbook has no sheets' };
  const target =
    wantedSheet === undefined ? sheets[0] : sheets.find((s) => s.name === wantedSheet) ?? sheets.find((s) => s.name.trim().toLowerCase() === wantedSheet.trim().toLowerCase());
  if (target === undefined) {
    return { problem: `the workbook has no sheet "${wantedSheet}" (its sheets: ${sheets.map((s) => `"${s.name}"`).join(', ')})` };
  }
  const sheetEntry = part(zipPathOf(target.target)) as ZipEntry;
  const places = placesOf(file, target.name);
  return {
    sheet: target.name,
    places,
    async *records() {
      const sharedStrings = part('xl/sharedStrings.xml');
      if (sharedStrings !== undefined) for await (const _ of parts._parseSharedStrings(sharedStrings.stream()));
      const styles = part('xl/styles.xml');
      if (styles !== undefined) await parts._parseStyles(styles.stream());
      const stream = sheetEntry.stream();
      try {
        for (const { value: ws } of parts._parseWorksheet(stream as unknown as AsyncIterable<Buffer>, /(\d+)\.xml$/.exec(target.target)?.[1] ?? '1')) {
          for await (const row of ws) {
            const values = (row.values as unknown[]) ?? [];
            // exceljs's row.values is 1-based: values[1] is column A.
            const cells: string[] = [];
            const problems: (string | undefined)[] = [];
            for (let c = 1; c < values.length; c++) {
              const t = cellText(values[c]);
              if ('problem' in t) {
                problems[c - 1] = t.problem;
                cells.push('');
              } else cells.push(t.text);
            }
            yield { line: row.number, cells, problems };
          }
        }
      } finally {
        (stream as unknown as { destroy?: () => void }).destroy?.();
      }
    },
  };
}
