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
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? { problem: 'містить дату, якої Excel не може показати' } : { text: dateCellText(v) };
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return { text: own((o.richText as { text?: string }[]).map((r) => r.text ?? '').join('')) };
    if ('error' in o) return { problem: `містить помилку електронної таблиці ${String(o.error)}` };
    if ('formula' in o || 'sharedFormula' in o) {
      if (o.result === undefined || o.result === null) return { problem: 'містить формулу без обчисленого значення; відкрийте книгу в Excel, збережіть її та імпортуйте знову' };
      return cellText(o.result);
    }
    if ('hyperlink' in o) return cellText(o.text);
    if ('text' in o) return cellText(o.text);
  }
  return { problem: 'містить значення, якого odmon не може прочитати як текст' };
}

interface SheetInfo {
  readonly id: number;
  readonly name: string;
}

export type OpenedXlsx = XlsxSource | { problem: string };

/**
 * Opens the workbook and finds the sheet. exceljs yields the sheets in the order of the file, which need not be
 * the tab order, so the workbook's list of sheets decides which one is first.
 */
export async function openXlsx(path: string, file: string, wantedSheet: string | undefined): Promise<OpenedXlsx> {
  const ExcelJS = await loadExcelJS();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  const iterator = reader[Symbol.asyncIterator]();
  let first: Awaited<ReturnType<typeof iterator.next>>;
  try {
    first = await iterator.next();
  } catch (cause) {
    return { problem: `це не книга .xlsx, яку можна прочитати («${(cause as Error).message}»)` };
  }
  const sheets = ((reader as unknown as { model?: { sheets?: SheetInfo[] } }).model?.sheets ?? []).map((s) => ({ id: Number(s.id), name: s.name }));
  if (sheets.length === 0 && first.done) return { problem: 'у книзі немає аркушів' };
  const target =
    wantedSheet === undefined ? sheets[0] : sheets.find((s) => s.name === wantedSheet) ?? sheets.find((s) => s.name.trim().toLowerCase() === wantedSheet.trim().toLowerCase());
  if (wantedSheet !== undefined && target === undefined) {
    return { problem: `у книзі немає аркуша "${wantedSheet}" (її аркуші: ${sheets.map((s) => `"${s.name}"`).join(', ')})` };
  }
  const name = target?.name ?? 'Sheet1';
  const places = placesOf(file, name);
  return {
    sheet: name,
    places,
    async *records() {
      try {
        let next = first;
        while (!next.done) {
          const ws = next.value as unknown as { id: number | string; name: string } & AsyncIterable<{ number: number; values: unknown }>;
          if (target === undefined || Number(ws.id) === target.id || ws.name === target.name) {
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
            return;
          }
          next = await iterator.next();
        }
      } finally {
        // Stop reading the rest of the file (other sheets) and let go of it.
        await iterator.return?.(undefined);
        (reader as unknown as { stream?: { destroy?: () => void } }).stream?.destroy?.();
      }
    },
  };
}
