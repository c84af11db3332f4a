/**
 * A CSV file as councils have them: written by Ukrainian Excel (`;`, Windows-1251), by its "CSV UTF-8" (a BOM),
 * by LibreOffice or by a script (`,`, UTF-8), sometimes tab-separated. The encoding and the separator are
 * detected; a cell odmon neutralised against formula injection (`'=…`) is taken back as it was written.
 */
import { unneutralise } from '../csv/write';
import { csvRecords, CsvSyntaxError } from '../csv/read';
import { decodeCsv, type CsvEncoding } from './encoding';
import type { Places, RawRecord } from './rows';

export type Separator = ',' | ';' | '\t';

export interface CsvSource {
  readonly encoding: CsvEncoding;
  readonly separator: Separator;
  readonly places: Places;
  /** The records, one at a time; throws CsvSyntaxError where the text is not CSV. */
  records(): Iterable<RawRecord>;
}

const CANDIDATES: readonly Separator[] = [';', '\t', ','];

/** Counts a character outside quoted parts of one line. */
function countOutsideQuotes(line: string, ch: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) n++;
  }
  return n;
}

/**
 * The separator of the first line that has any: the candidate found most often outside quotes there; a tie goes
 * to `;` (Ukrainian Excel), then tab, then `,`. A file with one column has none and is read with `,`.
 */
export function detectSeparator(text: string): Separator {
  for (const line of text.split(/\r\n|\n|\r/, 50)) {
    const counts = CANDIDATES.map((c) => countOutsideQuotes(line, c));
    const best = Math.max(...counts);
    if (best > 0) return CANDIDATES[counts.indexOf(best)];
  }
  return ',';
}

/** Excel understands a first line `sep=;`, and some tools write one. */
const SEP_LINE = /^\uFEFF?sep=([;,\t])[ \t]*(\r\n|\n|\r)/i;

export function describeSeparator(s: Separator): string {
  return s === '\t' ? 'табуляція' : `"${s}"`;
}

export function openCsv(file: string, bytes: Buffer): CsvSource | { problem: string } {
  const decoded = decodeCsv(bytes);
  if (!decoded.ok) return { problem: decoded.problem };
  let text = decoded.text;
  let separator: Separator;
  const sep = SEP_LINE.exec(text);
  if (sep !== null) {
    separator = sep[1] as Separator;
    text = '\n' + text.slice(sep[0].length); // keep the line numbers of the file
  } else separator = detectSeparator(text);
  const places: Places = { file, place: (line) => `${file}:${line}` };
  return {
    encoding: decoded.encoding,
    separator,
    places,
    *records() {
      for (const r of csvRecords(text, separator)) yield { line: r.line, cells: r.fields.map(unneutralise) };
    },
  };
}

export { CsvSyntaxError };
