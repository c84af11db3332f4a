import fs from 'node:fs';
import path from 'node:path';
import { OdmonError } from '../errors';
import { CsvSyntaxError, parseCsvWithHeader } from './csv';

/** One input row, wherever it came from: its line in the file and its cells as text. */
export interface InputRow {
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

export interface InputTable {
  readonly file: string;
  readonly columns: readonly string[];
  readonly rows: readonly InputRow[];
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

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(cellText).join(';');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Reads `.csv` (header row) or `.json` (an array of objects with the same keys). */
export function readTable(file: string): InputTable {
  const shown = file;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw new OdmonError('E_IMPORT', `cannot read ${shown}: ${(cause as Error).message}`, {
      hint: 'check the file name and that odmon may read it',
      cause,
    });
  }
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') {
    try {
      const { header, rows } = parseCsvWithHeader(text);
      const problems = rows
        .filter((r) => r.values['\u0000extra'] !== undefined)
        .map((r) => `${shown}:${r.line}: row: has ${r.values['\u0000extra']} more cell(s) than the header's ${header.length} columns`);
      if (problems.length) throw importError(shown, problems);
      return { file: shown, columns: header, rows };
    } catch (e) {
      if (e instanceof CsvSyntaxError) throw importError(shown, [`${shown}:${e.line}: column ${e.column}: ${e.message}`]);
      throw e;
    }
  }
  if (ext === '.json') {
    // Editors on Windows save UTF-8 with a BOM, which JSON.parse rejects; the CSV reader drops it too.
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (cause) {
      throw importError(shown, [`${shown}: not valid JSON: ${(cause as Error).message}`]);
    }
    if (!Array.isArray(data)) throw importError(shown, [`${shown}:1: the file must hold a JSON array of objects`]);
    const lines = elementLines(text);
    const columns = new Set<string>();
    const problems: string[] = [];
    const rows: InputRow[] = data.map((item, i) => {
      const line = lines[i] ?? 1;
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        problems.push(`${shown}:${line}: element ${i}: must be an object`);
        return { line, values: {} };
      }
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
        columns.add(k);
        values[k] = cellText(v);
      }
      return { line, values };
    });
    if (problems.length) throw importError(shown, problems);
    return { file: shown, columns: [...columns], rows };
  }
  throw new OdmonError('E_IMPORT', `${shown}: unsupported file type "${ext || '(none)'}"`, {
    hint: 'give a .csv file with a header row, or a .json file holding an array of objects',
  });
}

export function importError(file: string, problems: readonly string[]): OdmonError {
  return new OdmonError(
    'E_IMPORT',
    `${file}: ${problems.length} problem(s), nothing was imported:\n  ${problems.join('\n  ')}`,
    { problems, hint: 'fix the rows named above and import the file again; the database is unchanged' },
  );
}
