/**
 * The action plan's deadline wording ("II квартал 2019 року", "Протягом року", …) turned into Kyiv days.
 * A deadline day is the last day allowed; its work is overdue from 00:00 Kyiv of the next day (dueAt).
 */
import { DateTime } from 'luxon';
import { parseInstant } from './days';
import { KYIV } from './kyiv-zone';

export interface PlanPeriod {
  readonly firstYear: number;
  readonly lastYear: number;
}

export type ParsedDeadline =
  | { kind: 'date'; startsAt: DateTime | null; deadlineDay: DateTime; dueAt: DateTime }
  | { kind: 'continuous' };

export type DeadlineResult = { ok: true; deadline: ParsedDeadline } | { ok: false; problem: string };

const EXPECTED =
  '(expected e.g. "II квартал 2019 року", "IV квартал 2018 року I квартал 2019 року", ' +
  '"Протягом року", "Постійно", "30.06.2019")';

// Ⅰ…Ⅻ (U+2160…) and ⅰ…ⅻ (U+2170…) are single characters; spell them out as Latin letters.
const UNICODE_ROMAN = ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x', 'xi', 'xii'];
// Latin letters that look like Cyrillic ones turn up inside Ukrainian words typed on a mixed layout.
// The grammar below uses no Latin letters except the numerals i and v, so mapping the rest is safe.
const LATIN_LOOKALIKES: Readonly<Record<string, string>> = { a: 'а', c: 'с', e: 'е', k: 'к', o: 'о', p: 'р', x: 'х', y: 'у' };

/** Lowercase, one plain space between words, and numerals in Latin letters (or Cyrillic і). */
function normalise(text: string): string {
  return text
    .replace(/[\u2160-\u216b\u2170-\u217b]/g, (c) => ` ${UNICODE_ROMAN[(c.charCodeAt(0) - 0x2160) % 16]} `)
    .toLowerCase()
    .replace(/[acekopxy]/g, (c) => LATIN_LOOKALIKES[c] ?? c)
    .replace(/\s+/g, ' ') // JS \s covers non-breaking and narrow spaces too
    .trim();
}

/** Roman numerals are often typed with the Cyrillic letter І, which looks exactly like Latin I. */
function numeralValue(token: string): number | null {
  if (/^\d+$/.test(token)) return Number(token);
  const roman = token.replace(/і/g, 'i');
  const value = ['i', 'ii', 'iii', 'iv', 'v'].indexOf(roman) + 1;
  return value === 0 ? null : value;
}

/** A quarter or a half-year of one year, as a half-open range of Kyiv days [start, end). */
interface Term {
  readonly start: DateTime;
  readonly end: DateTime;
}

const LETTER = '[\\p{L}]';
// "II квартал 2019 року", "2 кв. 2019 р.", "І півріччя 2019"; the year word is optional.
const TERM = new RegExp(
  `(\\d{1,2}|[iіv]+)\\s*(?:-?й\\s*)?(квартал[уі]?|кв\\.?(?!${LETTER})|півріччя|півріччі)\\s*(\\d{4})` +
    `(?:\\s*(?:року|рік|р\\.|р(?!${LETTER})))?(?=$|[\\s,;–—-])`,
  'uy',
);
const GAP = /[\s,;–—-]*/y;
// Tried only after a term fails here, so a Cyrillic numeral І is never taken for the word "і" (and).
const CONNECTOR = /(?:та|і|й|по)\s+/y;
const SPAN_PREFIX = /(?:протягом|з|із)\s+/y;

function readTerm(s: string, at: number): { term: Term | null; next: number } | null {
  TERM.lastIndex = at;
  const m = TERM.exec(s);
  if (!m) return null;
  const n = numeralValue(m[1]);
  const months = m[2].startsWith('пів') ? 6 : 3;
  const count = 12 / months;
  if (n === null || n < 1 || n > count) return { term: null, next: TERM.lastIndex };
  const start = DateTime.fromObject({ year: Number(m[3]), month: (n - 1) * months + 1, day: 1 }, { zone: KYIV });
  return { term: { start, end: start.plus({ months }) }, next: TERM.lastIndex };
}

/** Every term of a span, or null when the text is not a sequence of quarters / half-years. */
function readTerms(s: string): Term[] | null {
  SPAN_PREFIX.lastIndex = 0;
  let at = SPAN_PREFIX.test(s) ? SPAN_PREFIX.lastIndex : 0;
  const terms: Term[] = [];
  while (at < s.length) {
    let read = readTerm(s, at);
    if (read === null && terms.length > 0) {
      CONNECTOR.lastIndex = at;
      if (CONNECTOR.test(s)) read = readTerm(s, CONNECTOR.lastIndex);
    }
    if (read === null || read.term === null) return null;
    terms.push(read.term);
    GAP.lastIndex = read.next;
    GAP.test(s);
    at = GAP.lastIndex;
  }
  return terms.length > 0 ? terms : null;
}

function fromDays(startsAt: DateTime | null, endExclusive: DateTime): DeadlineResult {
  const deadline: ParsedDeadline = {
    kind: 'date',
    startsAt,
    deadlineDay: endExclusive.minus({ days: 1 }),
    dueAt: endExclusive,
  };
  return { ok: true, deadline };
}

function wholeYears(firstYear: number, lastYear: number): DeadlineResult {
  const start = DateTime.fromObject({ year: firstYear, month: 1, day: 1 }, { zone: KYIV });
  return fromDays(start, DateTime.fromObject({ year: lastYear + 1, month: 1, day: 1 }, { zone: KYIV }));
}

const YEAR_ALONE = /^(?:протягом |до кінця )?(\d{4})(?: ?(?:рік|року|р\.|р))?$/;
const EXPLICIT_DAY = /^(?:до |не пізніше )?(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})(?: ?(?:року|р\.|р))?$/;

/**
 * Reads one deadline as the plan writes it. `period` is the plan's years, needed by "Протягом року"
 * ("during the year"), which for a 2018–2019 plan means the end of 2019.
 */
export function parseDeadline(text: string, period: PlanPeriod | null): DeadlineResult {
  const quoted = `"${text.replace(/\s+/g, ' ').trim()}"`;
  const s = normalise(text);
  if (s === '') return { ok: false, problem: `deadline is empty ${EXPECTED}` };
  if (s === 'постійно') return { ok: true, deadline: { kind: 'continuous' } };

  if (/^протягом (?:(?:усього|всього|поточного) )?року$/.test(s)) {
    if (period === null) {
      return {
        ok: false,
        problem: `deadline ${quoted} needs the plan period (e.g. "2018-2019") to know when the year ends`,
      };
    }
    return wholeYears(period.firstYear, period.lastYear);
  }

  const year = YEAR_ALONE.exec(s);
  if (year) return wholeYears(Number(year[1]), Number(year[1]));

  const explicit = EXPLICIT_DAY.exec(s);
  if (explicit) {
    const day = parseInstant(explicit[1]);
    if (day === null) return { ok: false, problem: `deadline ${quoted} names a day that does not exist` };
    return fromDays(null, day.plus({ days: 1 }));
  }

  const terms = readTerms(s);
  if (terms === null) return { ok: false, problem: `deadline ${quoted} is not understood ${EXPECTED}` };
  for (let i = 1; i < terms.length; i++) {
    if (terms[i].start < terms[i - 1].start) {
      const [a, b] = [terms[i - 1].start, terms[i].start].map((d) => d.toFormat('dd.MM.yyyy'));
      return {
        ok: false,
        problem: `deadline ${quoted} goes back in time: a period starting ${b} follows one starting ${a}`,
      };
    }
  }
  // Terms start in order; the latest end still wins if a short term follows a long one.
  const end = terms.reduce((latest, t) => (t.end > latest ? t.end : latest), terms[0].end);
  return fromDays(terms[0].start, end);
}

/**
 * The plan's years from "2018-2019", "2018–2019", "2020" or a whole title such as
 * "План дій … на 2018-2019 роки". Null when no period can be told (or it runs backwards).
 */
export function parsePlanPeriod(text: string): PlanPeriod | null {
  const s = text.replace(/\s+/g, ' ').trim().toLowerCase();
  const range = /(?<!\d)(\d{4}) ?(?:[-–—]|по) ?(\d{4})(?!\d)/.exec(s);
  if (range) {
    const [firstYear, lastYear] = [Number(range[1]), Number(range[2])];
    return firstYear <= lastYear ? { firstYear, lastYear } : null;
  }
  const single =
    /^(\d{4})(?: (?:рік|роки|року|р\.?))?$/.exec(s) ?? /(?:^|\s)на (\d{4})(?!\d)/.exec(s) ?? onlyYear(s);
  return single ? { firstYear: Number(single[1]), lastYear: Number(single[1]) } : null;
}

/** A title holding several years (a decree date and a plan year) is ambiguous: say nothing rather than guess. */
function onlyYear(s: string): [string, string] | null {
  const years = new Set(s.match(/(?<!\d)\d{4}(?!\d)/g) ?? []);
  return years.size === 1 ? ['', [...years][0]] : null;
}
