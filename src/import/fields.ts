import type { DateTime } from 'luxon';
import { isEmail } from '../email';
import { formatDate, parseInstant } from '../time/days';
import { normaliseName } from './columns';
import type { InputRow } from './rows';

/**
 * Collects `FILE:LINE: column: problem` lines (`FILE: Sheet!E7: column: problem` in a workbook); the problem is in
 * Ukrainian, the column is named by the file's own header (`Розпорядник`, or `steward_id` in a file headed so) and
 * values are quoted as given.
 */
export class RowProblems {
  constructor(
    readonly list: string[],
    private readonly place: (line: number, column?: string) => string,
    /** What a line is called in this file: a line of a CSV or JSON file, a row of a sheet. */
    readonly lineWord: 'line' | 'row' = 'line',
    /** How the file names a column (its header as written); the key itself by default. */
    private readonly label: (column: string) => string = (column) => column,
  ) {}

  add(row: InputRow, column: string, problem: string): void {
    this.list.push(`${this.place(row.line, column)}: ${this.label(column)}: ${problem}`);
  }
}

const ID_RE = /^[\p{L}\p{N}][\p{L}\p{N}._:/-]*$/u;

/** True when the row has this column (a JSON element may lack a key the others have). */
export function has(row: InputRow, column: string): boolean {
  return Object.prototype.hasOwnProperty.call(row.values, column);
}

export function cell(row: InputRow, column: string): string {
  return (row.values[column] ?? '').trim();
}

export function requiredText(row: InputRow, column: string, p: RowProblems): string | null {
  const v = cell(row, column);
  if (v === '') {
    p.add(row, column, 'не заповнено');
    return null;
  }
  return v;
}

export function isId(v: string): boolean {
  return ID_RE.test(v);
}

export function id(row: InputRow, column: string, p: RowProblems): string | null {
  const v = requiredText(row, column, p);
  if (v !== null && !ID_RE.test(v)) {
    p.add(row, column, `"${v}" — неприпустимий ідентифікатор (лише літери, цифри та . _ : / -, без пропусків)`);
    return null;
  }
  return v;
}

/** Several addresses separated by `;` (commas and line breaks are accepted too); empty gives []. */
export function emails(row: InputRow, column: string, p: RowProblems): string[] {
  const list = cell(row, column)
    .split(/[;,\n]/)
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = list.filter((e) => !isEmail(e));
  for (const b of bad) p.add(row, column, `${JSON.stringify(b)} — не адреса електронної пошти`);
  return [...new Set(list)];
}

export function optionalEmail(row: InputRow, column: string, p: RowProblems): string | null {
  const v = cell(row, column);
  if (v === '') return null;
  if (!isEmail(v)) {
    p.add(row, column, `${JSON.stringify(v)} — не адреса електронної пошти`);
    return null;
  }
  return v;
}

const YES = ['yes', 'true', '1', 'так', 'y', 'т', 'да'];
const NO = ['no', 'false', '0', 'ні', 'n', 'н', 'нет'];

export function yesNo(row: InputRow, column: string, fallback: boolean, p: RowProblems): boolean {
  const v = cell(row, column).toLowerCase();
  if (v === '') return fallback;
  if (YES.includes(v)) return true;
  if (NO.includes(v)) return false;
  p.add(row, column, `"${cell(row, column)}" — ні «так», ні «ні» (пишіть так, ні, yes, no, true, false, 1 або 0)`);
  return fallback;
}

/** An ISO date (00:00 Kyiv), an ISO date-time (naive = Kyiv time) or `30.06.2019`; empty gives null. */
export function optionalInstant(row: InputRow, column: string, p: RowProblems): DateTime | null {
  const v = cell(row, column);
  if (v === '') return null;
  const dt = parseInstant(v);
  if (dt === null) p.add(row, column, `"${v}" — не дата (пишіть 30.06.2019, 2019-06-30 або 2019-06-30T14:30)`);
  return dt;
}

/**
 * A moment that has happened: a date later than the real clock (not --now) plus one day for time zones is a
 * typing error, and would switch lateness off for good, because the history only grows.
 */
export function pastInstant(row: InputRow, column: string, realNow: DateTime, p: RowProblems): DateTime | null {
  const dt = optionalInstant(row, column, p);
  if (dt !== null && dt > realNow.plus({ days: 1 })) {
    p.add(row, column, `"${cell(row, column)}" — дата в майбутньому (сьогодні ${formatDate(realNow)}): дату, яка ще не настала, імпортувати не можна`);
    return null;
  }
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
  if (first !== undefined) p.add(row, column, `ідентифікатор "${key}" повторюється (уперше — у рядку ${first})`);
  else seen.set(key, row.line);
}

/** Finds a steward by its id or its name (case, spaces and apostrophes ignored); the id wins. */
export class StewardFinder {
  private readonly ids = new Set<string>();
  private readonly byKey = new Map<string, string>();

  constructor(stewards: readonly { id: string; name: string }[]) {
    for (const s of stewards) this.ids.add(s.id);
    for (const s of stewards) if (!this.byKey.has(normaliseName(s.name))) this.byKey.set(normaliseName(s.name), s.id);
    for (const s of stewards) this.byKey.set(normaliseName(s.id), s.id);
  }

  find(text: string): string | null {
    if (this.ids.has(text)) return text;
    return this.byKey.get(normaliseName(text)) ?? null;
  }
}
