/**
 * Declared update frequencies → calendar periods. The table (data/seed/update-frequencies.csv) holds the
 * values data.gov.ua stores; real passports also carry Ukrainian labels, spelling variants and stray quotes,
 * so everything is matched on a normalised key. Monitors differ on what "a month" is, hence the overrides.
 */
import { DateTime, Duration } from 'luxon';
import { parseCsvWithHeader } from '../csv/read';
import { KYIV } from './kyiv-zone';

export type FrequencyMatch =
  | { kind: 'blank' }
  /** period null: no periodic deadline (event-driven, or no longer updated). */
  | { kind: 'known'; value: string; labelUk: string; period: Duration | null }
  | { kind: 'unknown'; raw: string };

export interface FrequencyCatalogue {
  match(raw: string | null | undefined): FrequencyMatch;
  /** The api values in the table's order. */
  values(): readonly string[];
  /** The Ukrainian label of an api value (or of anything match() knows); throws on an unknown one. */
  labelUk(value: string): string;
}

interface Frequency {
  readonly value: string;
  readonly labelUk: string;
  readonly period: Duration | null;
}

/** Spellings seen in passports that are not in the table, by the api value they mean. */
const VARIANTS: Readonly<Record<string, readonly string[]>> = {
  'once a day': ['щоденно', 'раз на день', 'daily'],
  'once a week': ['щотижнево', 'раз на тиждень', 'weekly'],
  'once a month': ['щомісячно', 'раз на місяць', 'monthly'],
  'once a quarter': ['щоквартально', 'раз на квартал', 'quarterly'],
  'once a half year': ['щопівроку', 'кожні півроку', 'раз на півроку', 'раз на пів року', 'щопівріччя'],
  'once a year': ['щорічно', 'раз на рік', 'yearly', 'annually'],
};

const QUOTES = `"'“”„«»‘’\``;
const EDGES = new RegExp(`^[\\s${QUOTES}]+|[\\s${QUOTES}]+$`, 'g');

/** The key every spelling is compared on: no edge quotes, single spaces, lowercase. */
function normalise(raw: string): string {
  return raw.replace(EDGES, '').replace(/\s+/g, ' ').toLowerCase();
}

interface Table {
  readonly frequencies: readonly Frequency[];
  readonly byKey: ReadonlyMap<string, Frequency>;
}

const COLUMNS = ['api_value', 'label_uk', 'label_en', 'calendar_period'];

function readTable(csvText: string): Table {
  const { header, rows } = parseCsvWithHeader(csvText);
  const missing = COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new Error(`frequency table: missing column(s) ${missing.join(', ')}`);
  const frequencies: Frequency[] = [];
  const byKey = new Map<string, Frequency>();
  const variantRows: { line: number; key: string; raw: string }[] = [];
  for (const { line, values } of rows) {
    const value = values.api_value.trim();
    const labelUk = values.label_uk.trim();
    const period = values.calendar_period.trim();
    if (value === '' && labelUk === '') continue; // the documented blank row
    if (labelUk === '' && values.label_en.trim() === '' && period === '') {
      // A dirty spelling of another row (e.g. a trailing curly quote): it must normalise to a real value.
      variantRows.push({ line, key: normalise(value), raw: value });
      continue;
    }
    if (value === '' || labelUk === '') {
      throw new Error(`frequency table line ${line}: api_value and label_uk are both required`);
    }
    const frequency: Frequency = { value, labelUk, period: period === '' ? null : durationOrThrow(period, line) };
    for (const key of [value, labelUk, values.label_en.trim()].filter((k) => k !== '').map(normalise)) {
      const taken = byKey.get(key);
      if (taken !== undefined && taken.value !== value) {
        throw new Error(`frequency table line ${line}: "${key}" already names "${taken.value}"`);
      }
      byKey.set(key, frequency);
    }
    frequencies.push(frequency);
  }
  for (const v of variantRows) {
    if (!byKey.has(v.key)) {
      throw new Error(
        `frequency table line ${v.line}: "${v.raw}" has no label or period and is not a spelling of a known value`,
      );
    }
  }
  for (const [value, spellings] of Object.entries(VARIANTS)) {
    const frequency = byKey.get(value);
    if (frequency === undefined) continue; // a trimmed-down table simply lacks that frequency
    for (const s of spellings) if (!byKey.has(s)) byKey.set(s, frequency);
  }
  return { frequencies, byKey };
}

function durationOrThrow(text: string, line: number): Duration {
  const d = Duration.fromISO(text);
  if (!d.isValid || !isPositive(d)) {
    throw new Error(`frequency table line ${line}: calendar_period "${text}" is not a positive ISO 8601 duration`);
  }
  return d;
}

function isPositive(d: Duration): boolean {
  const parts = Object.values(d.toObject()) as number[];
  return parts.every((n) => n >= 0) && parts.some((n) => n > 0);
}

/** Checks overrides against the table; every problem is returned, none thrown. */
function checkOverrides(table: Table, overrides: unknown): { problems: string[]; periods: Map<string, Duration> } {
  const problems: string[] = [];
  const periods = new Map<string, Duration>();
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    const got = overrides === null ? 'null' : Array.isArray(overrides) ? 'an array' : typeof overrides;
    problems.push(`frequency overrides must be an object mapping a frequency to an ISO 8601 duration (got ${got})`);
    return { problems, periods };
  }
  const namedBy = new Map<string, string>();
  for (const [key, raw] of Object.entries(overrides)) {
    const frequency = table.byKey.get(normalise(key));
    if (frequency === undefined) {
      const known = table.frequencies.map((f) => f.value).join(', ');
      problems.push(`frequency override "${key}" is not a known frequency (known: ${known})`);
      continue;
    }
    const earlier = namedBy.get(frequency.value);
    if (earlier !== undefined) {
      problems.push(`frequency overrides "${earlier}" and "${key}" both set "${frequency.value}"`);
      continue;
    }
    namedBy.set(frequency.value, key);
    const d = typeof raw === 'string' ? Duration.fromISO(raw.trim()) : null;
    if (d === null || !d.isValid) {
      problems.push(`frequency override "${key}": ${JSON.stringify(raw)} is not an ISO 8601 duration (e.g. "P31D", "P1M")`);
    } else if (!isPositive(d)) {
      problems.push(`frequency override "${key}": ${JSON.stringify(raw)} must be longer than zero`);
    } else {
      periods.set(frequency.value, d);
    }
  }
  return { problems, periods };
}

/** Every problem of a configured overrides object, for config validation (empty when it is fine). */
export function validateFrequencyOverrides(csvText: string, overrides: unknown): string[] {
  return checkOverrides(readTable(csvText), overrides).problems;
}

/**
 * Builds the catalogue. `overrides` maps an api value (or a label) to an ISO 8601 duration that replaces
 * the table's period, e.g. { 'once a month': 'P31D' }; a bad one throws with every problem in the message.
 */
export function loadFrequencyCatalogue(
  csvText: string,
  overrides: Readonly<Record<string, string>> = {},
): FrequencyCatalogue {
  const table = readTable(csvText);
  const { problems, periods } = checkOverrides(table, overrides);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const resolved = new Map<string, Frequency>(
    table.frequencies.map((f) => [f.value, { ...f, period: periods.get(f.value) ?? f.period }]),
  );
  const lookup = (raw: string): Frequency | undefined => {
    const f = table.byKey.get(normalise(raw));
    return f === undefined ? undefined : resolved.get(f.value);
  };
  const values = Object.freeze(table.frequencies.map((f) => f.value));
  return {
    match(raw) {
      if (raw === null || raw === undefined || normalise(raw) === '') return { kind: 'blank' };
      const f = lookup(raw);
      if (f === undefined) return { kind: 'unknown', raw };
      return { kind: 'known', value: f.value, labelUk: f.labelUk, period: f.period };
    },
    values: () => values,
    labelUk(value) {
      const f = lookup(value);
      if (f === undefined) throw new Error(`frequency "${value}" is not known (known: ${values.join(', ')})`);
      return f.labelUk;
    },
  };
}

/** The day a period after `day` falls on, on the Kyiv calendar: 31.01 + P1M is 28.02 (or 29.02), as luxon does. */
export function addPeriod(day: DateTime, period: Duration): DateTime {
  return day.setZone(KYIV).plus(period);
}
