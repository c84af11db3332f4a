import { readFileSync } from 'fs';
import { join } from 'path';
import { ParsedDeadline, parseDeadline, parsePlanPeriod, PlanPeriod } from '../../src/time/deadline';

const PLAN: PlanPeriod = { firstYear: 2018, lastYear: 2019 };
const EXPECTED =
  '(очікується, наприклад, "II квартал 2019 року", "IV квартал 2018 року I квартал 2019 року", ' +
  '"Протягом року", "Постійно", "30.06.2019")';

/** A dated deadline as [startsAt, deadlineDay, dueAt] in readable ISO form, or the problem. */
function describeDeadline(text: string, period: PlanPeriod | null = PLAN): string[] | string {
  const r = parseDeadline(text, period);
  if (!r.ok) return r.problem;
  return show(r.deadline);
}

function show(d: ParsedDeadline): string[] {
  if (d.kind === 'continuous') return ['continuous'];
  return [d.startsAt?.toISODate() ?? 'no start', d.deadlineDay.toISO() ?? '', d.dueAt.toISO() ?? ''];
}

describe('parseDeadline with the forms of the plan', () => {
  it.each([
    ['one quarter', 'II квартал 2019 року', ['2019-04-01', '2019-06-30T00:00:00.000+03:00', '2019-07-01T00:00:00.000+03:00']],
    ['a span of quarters across years', 'IV квартал 2018 року I квартал 2019 року', ['2018-10-01', '2019-03-31T00:00:00.000+02:00', '2019-04-01T00:00:00.000+03:00']],
    ['a span of quarters in one year', 'I квартал 2019 року II квартал 2019 року', ['2019-01-01', '2019-06-30T00:00:00.000+03:00', '2019-07-01T00:00:00.000+03:00']],
    ['the last quarter, due at the new year in winter time', 'IV квартал 2019 року', ['2019-10-01', '2019-12-31T00:00:00.000+02:00', '2020-01-01T00:00:00.000+02:00']],
    ['"during the year" as the end of the plan period', 'Протягом року', ['2018-01-01', '2019-12-31T00:00:00.000+02:00', '2020-01-01T00:00:00.000+02:00']],
    ['"continuously" as no single deadline', 'Постійно', ['continuous']],
  ])('reads %s', (_what, text, expected) => {
    expect(describeDeadline(text)).toEqual(expected);
  });
});

describe('parseDeadline with the ways people type it', () => {
  const q2 = ['2019-04-01', '2019-06-30T00:00:00.000+03:00', '2019-07-01T00:00:00.000+03:00'];
  it.each([
    ['Cyrillic І as the Roman one', 'ІІ квартал 2019 року'],
    ['Cyrillic and Latin I mixed', 'IІ квартал 2019 року'],
    ['the Unicode numeral Ⅱ', 'Ⅱ квартал 2019 року'],
    ['the Unicode numeral glued to the word', 'Ⅱквартал 2019 року'],
    ['an arabic quarter number', '2 квартал 2019'],
    ['"2-й квартал"', '2-й квартал 2019 року'],
    ['lower case numerals', 'ii квартал 2019 року'],
    ['upper case words', 'II КВАРТАЛ 2019 РОКУ'],
    ['extra and non-breaking spaces', '  II\u00a0квартал   2019\u202fроку '],
    ['the abbreviation "р."', 'II квартал 2019 р.'],
    ['the abbreviation "р" without a dot', 'II квартал 2019 р'],
    ['no year word', 'II квартал 2019'],
    ['"кв." for quarter', 'II кв. 2019 р.'],
    ['"кв" without a dot', 'II кв 2019'],
    ['a Latin "a" inside the Cyrillic word', 'II квaртал 2019 року'],
    ['"протягом" before a quarter', 'протягом II кварталу 2019 року'],
  ])('reads %s', (_what, text) => {
    expect(describeDeadline(text)).toEqual(q2);
  });

  it.each([
    ['the Unicode numerals Ⅰ and Ⅳ in a span', 'Ⅳ квартал 2018 року Ⅰ квартал 2019 року', ['2018-10-01', '2019-03-31T00:00:00.000+02:00', '2019-04-01T00:00:00.000+03:00']],
    ['Cyrillic numerals in a span', 'ІV квартал 2018 року І квартал 2019 року', ['2018-10-01', '2019-03-31T00:00:00.000+02:00', '2019-04-01T00:00:00.000+03:00']],
    ['a span written "з … по …"', 'з IV кварталу 2018 року по I квартал 2019 року', ['2018-10-01', '2019-03-31T00:00:00.000+02:00', '2019-04-01T00:00:00.000+03:00']],
    ['a span joined with "і" before a Cyrillic numeral', 'II квартал 2019 року і ІІІ квартал 2019 року', ['2019-04-01', '2019-09-30T00:00:00.000+03:00', '2019-10-01T00:00:00.000+03:00']],
    ['a span joined with a dash', 'II квартал 2019 – III квартал 2019', ['2019-04-01', '2019-09-30T00:00:00.000+03:00', '2019-10-01T00:00:00.000+03:00']],
    ['the same quarter twice', 'I квартал 2019 року I квартал 2019 року', ['2019-01-01', '2019-03-31T00:00:00.000+02:00', '2019-04-01T00:00:00.000+03:00']],
    ['the first half-year', 'I півріччя 2019 року', ['2019-01-01', '2019-06-30T00:00:00.000+03:00', '2019-07-01T00:00:00.000+03:00']],
    ['the second half-year', 'II півріччя 2019', ['2019-07-01', '2019-12-31T00:00:00.000+02:00', '2020-01-01T00:00:00.000+02:00']],
    ['a named year "протягом 2019 року"', 'Протягом 2019 року', ['2019-01-01', '2019-12-31T00:00:00.000+02:00', '2020-01-01T00:00:00.000+02:00']],
    ['"2019 рік"', '2019 рік', ['2019-01-01', '2019-12-31T00:00:00.000+02:00', '2020-01-01T00:00:00.000+02:00']],
    ['an explicit day after "до"', 'до 30.06.2019', ['no start', '2019-06-30T00:00:00.000+03:00', '2019-07-01T00:00:00.000+03:00']],
    ['an explicit day alone', '30.06.2019', ['no start', '2019-06-30T00:00:00.000+03:00', '2019-07-01T00:00:00.000+03:00']],
    ['an explicit day on the spring DST day', '31.03.2019', ['no start', '2019-03-31T00:00:00.000+02:00', '2019-04-01T00:00:00.000+03:00']],
    ['an explicit day on the autumn DST day', 'до 27.10.2019 року', ['no start', '2019-10-27T00:00:00.000+03:00', '2019-10-28T00:00:00.000+02:00']],
    ['"Постійно" in any case', ' ПОСТІЙНО ', ['continuous']],
  ])('reads %s', (_what, text, expected) => {
    expect(describeDeadline(text)).toEqual(expected);
  });

  it('ends "during the year" of a one-year plan on 31 December of that year', () => {
    expect(describeDeadline('протягом  року', { firstYear: 2020, lastYear: 2020 })).toEqual([
      '2020-01-01',
      '2020-12-31T00:00:00.000+02:00',
      '2021-01-01T00:00:00.000+02:00',
    ]);
  });
});

describe('parseDeadline problems', () => {
  it.each([
    ['a fifth quarter', 'V квартал 2019', `строк "V квартал 2019" не розпізнано ${EXPECTED}`],
    ['a quarter 0', '0 квартал 2019 року', `строк "0 квартал 2019 року" не розпізнано ${EXPECTED}`],
    ['a quarter 5 in arabic', '5 квартал 2019', `строк "5 квартал 2019" не розпізнано ${EXPECTED}`],
    ['a third half-year', 'III півріччя 2019', `строк "III півріччя 2019" не розпізнано ${EXPECTED}`],
    ['a quarter without a year', 'II квартал', `строк "II квартал" не розпізнано ${EXPECTED}`],
    ['a quarter without a numeral', 'квартал 2019 року', `строк "квартал 2019 року" не розпізнано ${EXPECTED}`],
    ['words after a quarter', 'II квартал 2019 року або пізніше', `строк "II квартал 2019 року або пізніше" не розпізнано ${EXPECTED}`],
    ['free text', 'як буде змога', `строк "як буде змога" не розпізнано ${EXPECTED}`],
    ['an empty text', '', `строк не вказано ${EXPECTED}`],
    ['a text of spaces', ' \u00a0 ', `строк не вказано ${EXPECTED}`],
    ['a day that does not exist', 'до 31.02.2019', 'строк "до 31.02.2019" називає день, якого не існує'],
    [
      'a span whose last quarter is before its first',
      'II квартал 2019 року I квартал 2019 року',
      'строк "II квартал 2019 року I квартал 2019 року" іде назад у часі: період, що починається 01.01.2019, стоїть після періоду, що починається 01.04.2019',
    ],
    [
      'a span that goes back a year',
      'I квартал 2019 року IV квартал 2018 року',
      'строк "I квартал 2019 року IV квартал 2018 року" іде назад у часі: період, що починається 01.10.2018, стоїть після періоду, що починається 01.01.2019',
    ],
  ])('reports %s', (_what, text, problem) => {
    expect(parseDeadline(text, PLAN)).toEqual({ ok: false, problem });
  });

  it('asks for the plan period when "during the year" has none', () => {
    expect(parseDeadline('Протягом року', null)).toEqual({
      ok: false,
      problem: 'для строку "Протягом року" потрібен період плану (наприклад, "2018-2019"), щоб знати, коли закінчується рік',
    });
  });

  it('needs no plan period for a quarter', () => {
    expect(parseDeadline('II квартал 2019 року', null).ok).toBe(true);
  });
});

describe('the deadlines of decree No. 154 (2018)', () => {
  const decree = readFileSync(join(__dirname, '../../data/seed/decree-154-2018-kropyvnytskyi.txt'), 'utf8');
  // Plan rows are tab-separated: goal, task, deadline, responsible units.
  const wordings = [
    ...new Set(
      decree
        .split('\n')
        .map((line) => line.split('\t'))
        .filter((cells) => cells.length >= 4 && /^\d+\.\d+\./.test(cells[1].trim()))
        .map((cells) => cells[2].trim()),
    ),
  ].sort();
  const title = decree.split('\n').find((line) => line.includes('План дій')) ?? '';

  it('finds the plan period 2018-2019 in the plan title', () => {
    expect(parsePlanPeriod(title)).toEqual({ firstYear: 2018, lastYear: 2019 });
  });

  const expectedDays: Record<string, string> = {
    'I квартал 2019 року': '31.03.2019',
    'I квартал 2019 року II квартал 2019 року': '30.06.2019',
    'II квартал 2019 року': '30.06.2019',
    'II квартал 2019 року III квартал 2019 року': '30.09.2019',
    'IV квартал 2018 року I квартал 2019 року': '31.03.2019',
    'IV квартал 2019 року': '31.12.2019',
    'Постійно': 'continuous',
    'Протягом року': '31.12.2019',
  };

  it('holds exactly the wordings this test knows', () => {
    expect(wordings).toEqual(Object.keys(expectedDays).sort());
  });

  it.each(wordings)('reads "%s" with the period from the plan title', (wording) => {
    const r = parseDeadline(wording, parsePlanPeriod(title));
    if (!r.ok) throw new Error(r.problem);
    const got = r.deadline.kind === 'date' ? r.deadline.deadlineDay.toFormat('dd.MM.yyyy') : r.deadline.kind;
    expect(got).toBe(expectedDays[wording]);
  });
});

describe('parsePlanPeriod', () => {
  it.each([
    ['a range with a hyphen', '2018-2019', { firstYear: 2018, lastYear: 2019 }],
    ['a range with an en dash', '2018–2019', { firstYear: 2018, lastYear: 2019 }],
    ['a range with spaces', '2018 - 2019', { firstYear: 2018, lastYear: 2019 }],
    ['one year', '2020', { firstYear: 2020, lastYear: 2020 }],
    ['one year with "рік"', '2020 рік', { firstYear: 2020, lastYear: 2020 }],
    ['a range inside a title', 'План дій щодо реалізації принципів Міжнародної хартії відкритих даних на 2018-2019 роки', { firstYear: 2018, lastYear: 2019 }],
    ['a plan year next to a decree date', 'Розпорядження від 27 грудня 2019 року: план дій на 2020 рік', { firstYear: 2020, lastYear: 2020 }],
    ['the only year in a title', 'План дій 2021', { firstYear: 2021, lastYear: 2021 }],
  ])('reads %s', (_what, text, expected) => {
    expect(parsePlanPeriod(text)).toEqual(expected);
  });

  it.each([
    ['a backwards range', '2019-2018'],
    ['no year at all', 'План дій'],
    ['two unrelated years', 'Рішення 2017 року, зміни 2019 року'],
    ['an empty text', ''],
  ])('returns null for %s', (_what, text) => {
    expect(parsePlanPeriod(text)).toBeNull();
  });
});
