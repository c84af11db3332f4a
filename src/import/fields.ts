import type { DateTime } from 'luxon';
import { isEmail } from '../email';
import { parseInstant } from '../time/days';
import type { InputRow } from './read';

/** Collects `FILE:LINE: column: problem` lines while a table is checked. */
export class RowProblems {
  readonly list: string[] = [];
  constructor(private readonly file: string) {}

  add(row: InputRow, column: string, problem: string): void {
    this.list.push(`${this.file}:${row.line}: ${column}: ${problem}`);
  }

  header(problem: string): void {
    this.list.push(`${this.file}:1: header: ${problem}`);
  }
}

const ID_RE = /^[\p{L}\p{N}][\p{L}\p{N}._:/-]*$/u;

export function cell(row: InputRow, column: string): string {
  return (row.values[column] ?? '').trim();
}

/** Checks the header: every required column present, no unknown column (a typo would silently drop data). */
export function checkColumns(columns: readonly string[], required: readonly string[], optional: readonly string[], p: RowProblems): void {
  for (const c of required) if (!columns.includes(c)) p.header(`missing column "${c}" (required: ${required.join(', ')})`);
  const known = [...required, ...optional];
  for (const c of columns) if (!known.includes(c)) p.header(`unknown column "${c}" (known: ${known.join(', ')})`);
}

export function requiredText(row: InputRow, column: string, p: RowProblems): string | null {
  const v = cell(row, column);
  if (v === '') {
    p.add(row, column, 'is empty');
    return null;
  }
  return v;
}

export function id(row: InputRow, column: string, p: RowProblems): string | null {
  const v = requiredText(row, column, p);
  if (v !== null && !ID_RE.test(v)) {
    p.add(row, column, `"${v}" is not a valid id (letters, digits and . _ : / - only, no spaces)`);
    return null;
  }
  return v;
}

/** Several addresses separated by `;` (commas are accepted too); empty gives []. */
export function emails(row: InputRow, column: string, p: RowProblems): string[] {
  const list = cell(row, column)
    .split(/[;,]/)
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = list.filter((e) => !isEmail(e));
  for (const b of bad) p.add(row, column, `"${b}" is not an e-mail address`);
  return [...new Set(list)];
}

export function optionalEmail(row: InputRow, column: string, p: RowProblems): string | null {
  const v = cell(row, column);
  if (v === '') return null;
  if (!isEmail(v)) {
    p.add(row, column, `"${v}" is not an e-mail address`);
    return null;
  }
  return v;
}

const YES = ['yes', 'true', '1', 'так', 'y', 'т'];
const NO = ['no', 'false', '0', 'ні', 'n', 'н'];

export function yesNo(row: InputRow, column: string, fallback: boolean, p: RowProblems): boolean {
  const v = cell(row, column).toLowerCase();
  if (v === '') return fallback;
  if (YES.includes(v)) return true;
  if (NO.includes(v)) return false;
  p.add(row, column, `"${cell(row, column)}" is not yes/no (use yes, no, true, false, 1 or 0)`);
  return fallback;
}

/** An ISO date (00:00 Kyiv), an ISO date-time (naive = Kyiv time) or `30.06.2019`; empty gives null. */
export function optionalInstant(row: InputRow, column: string, p: RowProblems): DateTime | null {
  const v = cell(row, column);
  if (v === '') return null;
  const dt = parseInstant(v);
  if (dt === null) p.add(row, column, `"${v}" is not a date (use 2019-06-30, 2019-06-30T14:30 or 30.06.2019)`);
  return dt;
}

export function optionalText(row: InputRow, column: string): string | null {
  const v = cell(row, column);
  return v === '' ? null : v;
}

/** Reports an id seen twice in one file, naming the first line. */
export function trackDuplicate(seen: Map<string, number>, key: string | null, row: InputRow, column: string, p: RowProblems): void {
  if (key === null) return;
  const first = seen.get(key);
  if (first !== undefined) p.add(row, column, `duplicate id "${key}" (first on line ${first})`);
  else seen.set(key, row.line);
}
