/**
 * Every CSV odmon writes goes through here, so that all of them open the same way in Ukrainian Excel and none
 * of them can run a formula:
 * - UTF-8 with a BOM (without it, a double-clicked file opens garbled) and `;` between fields (Ukrainian Excel's
 *   list separator: with `,` the whole row lands in one column); CRLF line ends; RFC 4180 quoting.
 * - A cell that a spreadsheet would read as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage
 *   return) gets a leading `'` (OWASP's rule for CSV injection). odmon's own importer takes that `'` off again
 *   (see `unneutralise`), so an exported file imports back unchanged.
 * Numbers are written as they are (a negative number is data, not a formula).
 */

export const CSV_BOM = '\ufeff';

export interface CsvOptions {
  /** Field separator; `;` by default. */
  readonly separator?: ';' | ',' | '\t';
  /** Start with a UTF-8 BOM; true by default. */
  readonly bom?: boolean;
  /** Start with the header line; true by default (false: more rows of a document written in parts). */
  readonly header?: boolean;
}

export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
/** A formula start behind one or more apostrophes: what neutralise wrote, or a text that really begins so. */
const QUOTED_FORMULA_START = /^'+[=+\-@\t\r]/;

/**
 * `=SUM(A1)` → `'=SUM(A1)`; other text unchanged. A text that itself begins with `'=` gets one more `'`, so that
 * `unneutralise` can always take exactly one off and every text comes back as it was.
 */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) || QUOTED_FORMULA_START.test(text) ? `'${text}` : text;
}

/** The inverse of `neutralise` for a cell read back from a CSV odmon wrote. */
export function unneutralise(text: string): string {
  return QUOTED_FORMULA_START.test(text) ? text.slice(1) : text;
}

export function csvCell(value: CsvValue, separator: string = ';'): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? String(value) : typeof value === 'boolean' ? String(value) : neutralise(value);
  return s.includes(separator) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole CSV document: the header, then one line per row, each value taken from the row by column name. */
export function toCsv<C extends string>(columns: readonly C[], rows: Iterable<Partial<Record<C, CsvValue>>>, opts: CsvOptions = {}): string {
  const sep = opts.separator ?? ';';
  const lines = opts.header === false ? [] : [columns.map((c) => csvCell(c, sep)).join(sep)];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c], sep)).join(sep));
  if (lines.length === 0) return '';
  return (opts.bom === false ? '' : CSV_BOM) + lines.join('\r\n') + '\r\n';
}
