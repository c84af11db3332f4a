/**
 * From raw records (a CSV line's cells, a worksheet row's cells) to rows keyed by column: finds the header row,
 * maps its names to the kind's columns (Ukrainian names included), and checks what no column check can see —
 * a short row, a cell under no header, a column named twice, a cell too long or holding control characters.
 *
 * Records are pushed one at a time and rows come out as soon as the header is known, so a register of 200,000
 * rows streams through without being held in memory.
 */
import { COLUMNS, columnKey, columnLabel, maxLength, specOf, ukrainianHeaders, unknownColumnProblem } from './columns';
import type { ImportKind } from './kinds';
import { plural } from '../uk';

/** One record as read: where it is (a line of a CSV, a row of a sheet) and its cells as text. */
export interface RawRecord {
  readonly line: number;
  readonly cells: readonly string[];
  /** Cells that could not be read as text (a workbook's #N/A), by index. */
  readonly problems?: readonly (string | undefined)[];
}

/** One input row: where it is and the cells of the columns it has, by column key. */
export interface InputRow {
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

/** Where a problem is: `FILE:LINE` in a CSV or JSON file, `FILE: Sheet!C7` in a workbook. */
export interface Places {
  readonly file: string;
  /** The place of a cell (column index, 0-based), or of the whole record when index is undefined. */
  place(line: number, index?: number): string;
}

/** How far down a title row or two may push the header. */
const HEADER_SEARCH = 20;

/**
 * Control characters have no place in a register: NUL and the other C0 codes (tab and line breaks excepted in
 * text), DEL, the C1 codes, and the bidirectional overrides that make a name read differently than it is stored.
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

export function controlProblem(value: string): string | null {
  const m = FORBIDDEN.exec(value);
  if (m === null) return null;
  const code = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return `містить керівний символ U+${code} (${m.index + 1}-й символ); вилучіть його й імпортуйте знову`;
}

export function lengthProblem(value: string, limit: number): string | null {
  return value.length > limit ? `задовге значення: ${value.length} ${plural(value.length, 'символ', 'символи', 'символів')}, а дозволено щонайбільше ${limit}` : null;
}

/** Checks one cell of a known column; returns the problem or null. */
export function cellProblem(kind: ImportKind, key: string, value: string): string | null {
  return controlProblem(value) ?? lengthProblem(value, maxLength(specOf(kind, key)));
}

export class RowMapper {
  /** Column keys in the order of the header. */
  columns: string[] = [];
  headerLine: number | null = null;
  /** Per header cell: its column key, IGNORED (reported in the header already), or null (no name). */
  private keys: (string | null)[] = [];
  /** Per header cell: the header as the file writes it (trimmed), for messages. */
  private names: string[] = [];
  /** The file's headers are Ukrainian: a column it lacks is named by its Ukrainian header. */
  private ukrainian = false;
  private pending: RawRecord[] = [];
  private readonly problems: string[];

  /**
   * @param strictWidth a record shorter than the header is an error (CSV: a missing separator shifts or drops
   *   cells); in a workbook an empty cell at the end of a row is simply not stored.
   */
  constructor(
    private readonly kind: ImportKind,
    private readonly places: Places,
    problems: string[],
    private readonly strictWidth: boolean,
  ) {
    this.problems = problems;
  }

  /** Pushes one record; returns the rows it completes (none while the header is still being looked for). */
  push(r: RawRecord): InputRow[] {
    if (isEmpty(r)) return [];
    if (this.headerLine !== null) {
      const row = this.row(r);
      return row === null ? [] : [row];
    }
    this.pending.push(r);
    if (this.known(r) >= 2) return this.header(this.pending.length - 1);
    if (this.pending.length >= HEADER_SEARCH) return this.header(0);
    return [];
  }

  /** Ends the input; returns the rows still held back. */
  end(): InputRow[] {
    if (this.headerLine !== null) return [];
    if (this.pending.length === 0) {
      this.problems.push(`${this.places.place(1)}: заголовок: файл порожній, у ньому немає рядка заголовків (обов’язкові стовпці: ${COLUMNS[this.kind].filter((c) => c.required).map((c) => c.key).join(', ')})`);
      return [];
    }
    return this.header(0);
  }

  /** The place of a problem in `row` about column `key` (the whole row when the file has no such column). */
  place(line: number, key?: string): string {
    const index = key === undefined ? -1 : this.keys.indexOf(key);
    return this.places.place(line, index >= 0 ? index : undefined);
  }

  /** How messages name column `key`: the file's own header for it, as written (trimmed). */
  label(key: string): string {
    const index = this.keys.indexOf(key);
    return index >= 0 ? this.names[index] : columnLabel(this.kind, key, this.ukrainian);
  }

  private known(r: RawRecord): number {
    return new Set(r.cells.map((c) => columnKey(this.kind, c)).filter((k) => k !== null)).size;
  }

  private header(at: number): InputRow[] {
    const head = this.pending[at];
    this.headerLine = head.line;
    const seen = new Map<string, number>();
    const known = COLUMNS[this.kind];
    const problems: string[] = [];
    // A header wrapped onto two lines in its cell is named on one line: each problem is one line of the report.
    this.names = head.cells.map((c) => c.trim().replace(/\s+/g, ' '));
    this.ukrainian = ukrainianHeaders(this.names);
    this.keys = head.cells.map((raw, index) => {
      const name = raw.trim();
      if (name === '') return null;
      const key = columnKey(this.kind, name);
      const where = this.places.place(head.line, index);
      if (key === null) {
        problems.push(`${where}: заголовок: ${unknownColumnProblem(this.kind, name, this.ukrainian)}`);
        return IGNORED;
      }
      const first = seen.get(key);
      if (first !== undefined) {
        problems.push(`${where}: заголовок: стовпець "${key}" названо двічі ("${head.cells[first].trim()}" і "${name}"); залиште один`);
        return IGNORED;
      }
      seen.set(key, index);
      return key;
    });
    this.columns = this.keys.filter((k): k is string => k !== null && k !== IGNORED);
    const required = known.filter((c) => c.required).map((c) => c.key);
    const requiredNames = required.map((c) => columnLabel(this.kind, c, this.ukrainian)).join(', ');
    for (const c of required) {
      if (!this.columns.includes(c)) this.problems.push(`${this.places.place(head.line)}: заголовок: бракує стовпця "${columnLabel(this.kind, c, this.ukrainian)}" (обов’язкові: ${requiredNames})`);
    }
    this.problems.push(...problems);
    const rest = this.pending.slice(at + 1);
    this.pending = [];
    return rest.map((r) => this.row(r)).filter((r): r is InputRow => r !== null);
  }

  private row(r: RawRecord): InputRow | null {
    const width = this.keys.length;
    if (this.strictWidth && r.cells.length < width) {
      this.problems.push(
        `${this.places.place(r.line)}: рядок: клітинок — ${r.cells.length}, а стовпців у заголовку — ${width}; бракує клітинки (порожня клітинка теж потребує свого роздільника)`,
      );
      return null;
    }
    const beyond = r.cells.slice(width).filter((c) => c.trim() !== '').length;
    if (beyond > 0) {
      this.problems.push(`${this.places.place(r.line)}: рядок: клітинок — ${r.cells.length}, а стовпців у заголовку — лише ${width}`);
      return null;
    }
    const unnamed = this.keys.findIndex((k, index) => k === null && (r.cells[index] ?? '').trim() !== '');
    if (unnamed >= 0) {
      this.problems.push(`${this.places.place(r.line, unnamed)}: рядок: значення у стовпці без заголовка: "${clip(r.cells[unnamed])}"`);
      return null;
    }
    const values: Record<string, string> = {};
    this.keys.forEach((key, index) => {
      if (key === null || key === IGNORED) return;
      const value = r.cells[index] ?? '';
      const unreadable = r.problems?.[index];
      if (unreadable !== undefined) this.problems.push(`${this.places.place(r.line, index)}: ${this.names[index]}: ${unreadable}`);
      // A bad cell is reported here; the row still goes on, so that its other problems are listed too.
      const problem = cellProblem(this.kind, key, value);
      if (problem !== null) this.problems.push(`${this.places.place(r.line, index)}: ${this.names[index]}: ${problem}`);
      values[key] = value;
    });
    return { line: r.line, values };
  }
}

/** A header cell that names no column of this kind, or one named before: already reported, its cells are not read. */
const IGNORED = '\u0000ignored';

function isEmpty(r: RawRecord): boolean {
  return r.cells.every((c) => c.trim() === '');
}

const clip = (s: string): string => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
