/**
 * A small RFC 4180 reader that remembers where each record starts, so import errors can name the line.
 * Quoted fields may hold commas, doubled quotes and line breaks. A UTF-8 BOM is dropped. Imports nothing: the
 * register import and the seed's own tables (the frequency table of src/time) read CSV through it.
 */
export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  readonly line: number;
  readonly fields: readonly string[];
}

export class CsvSyntaxError extends Error {
  constructor(readonly line: number, readonly column: number, message: string) {
    super(message);
  }
}

export function parseCsv(text: string, separator: string = ','): CsvRecord[] {
  return [...csvRecords(text, separator)];
}

/**
 * The records of a CSV text one at a time, so that a register of 200,000 rows is never held twice in memory.
 * Throws CsvSyntaxError where the text is not CSV.
 */
export function* csvRecords(text: string, separator: string = ','): Generator<CsvRecord> {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let col = 1;
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  // A record that is one empty field is a blank line: it is skipped.
  const isBlank = (): boolean => fields.length === 1 && fields[0] === '';
  while (i < src.length) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          col += 2;
          continue;
        }
        quoted = false;
        i++;
        col++;
        const next = src[i];
        if (next !== undefined && next !== separator && next !== '\n' && next !== '\r') {
          throw new CsvSyntaxError(line, col, `unexpected character ${JSON.stringify(next)} after a closing quote`);
        }
        continue;
      }
      if (ch === '\n') {
        line++;
        col = 1;
      } else col++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && !fieldStarted && field === '') {
      quoted = true;
      fieldStarted = true;
      i++;
      col++;
      continue;
    }
    if (ch === separator) {
      fields.push(field);
      field = '';
      fieldStarted = false;
      i++;
      col++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      fields.push(field);
      field = '';
      fieldStarted = false;
      if (!isBlank()) yield { line: recordLine, fields };
      fields = [];
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      col = 1;
      recordLine = line;
      continue;
    }
    field += ch;
    fieldStarted = true;
    i++;
    col++;
  }
  if (quoted) throw new CsvSyntaxError(recordLine, 1, 'a quoted field is not closed before the end of the file');
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    if (!isBlank()) yield { line: recordLine, fields };
  }
}

/** Rows keyed by the header's column names (trimmed). */
export interface CsvRow {
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

export function parseCsvWithHeader(text: string, separator: string = ','): { header: string[]; rows: CsvRow[] } {
  const records = parseCsv(text, separator);
  if (records.length === 0) return { header: [], rows: [] };
  const header = records[0].fields.map((h) => h.trim());
  const rows = records.slice(1).map((r) => {
    const values: Record<string, string> = {};
    header.forEach((h, idx) => {
      values[h] = r.fields[idx] ?? '';
    });
    if (r.fields.length > header.length) {
      // Keep extra cells visible to the caller, which reports them with the line.
      values['\u0000extra'] = String(r.fields.length - header.length);
    }
    return { line: r.line, values };
  });
  return { header, rows };
}
