import { readFileSync } from 'fs';
import { join } from 'path';
import { DateTime, Duration } from 'luxon';
import { addPeriod, loadFrequencyCatalogue, validateFrequencyOverrides } from '../../src/time/frequency';
import { kyiv } from '../helpers/clock';

const CSV = readFileSync(join(__dirname, '../../data/seed/update-frequencies.csv'), 'utf8');
const KNOWN =
  'more than once a day, once a day, once a week, once a month, once a quarter, once a half year, once a year, ' +
  'immediately after making changes, no longer updated';

/** What a raw passport value resolves to, in a form easy to compare. */
function resolve(raw: string | null | undefined, overrides?: Record<string, string>): string {
  const m = loadFrequencyCatalogue(CSV, overrides).match(raw);
  if (m.kind === 'blank') return 'blank';
  if (m.kind === 'unknown') return `unknown ${JSON.stringify(m.raw)}`;
  return `${m.value} ${m.period?.toISO() ?? 'no period'}`;
}

describe('loadFrequencyCatalogue on the seed table', () => {
  const catalogue = loadFrequencyCatalogue(CSV);

  it('lists the api values in table order, without the blank row or the dirty variant', () => {
    expect(catalogue.values().join(', ')).toBe(KNOWN);
  });

  it.each([
    ['an api value', 'once a month', 'once a month P1M'],
    ['an English label', 'Once a month', 'once a month P1M'],
    ['a Ukrainian label', 'Щомісяця', 'once a month P1M'],
    ['a Ukrainian label in lower case', 'щомісяця', 'once a month P1M'],
    ['"щомісячно"', 'щомісячно', 'once a month P1M'],
    ['"щопівроку"', 'щопівроку', 'once a half year P6M'],
    ['"кожні півроку"', 'Кожні півроку', 'once a half year P6M'],
    ['"раз на півроку"', 'раз на півроку', 'once a half year P6M'],
    ['"щоквартально"', 'Щоквартально', 'once a quarter P3M'],
    ['"щотижнево"', 'щотижнево', 'once a week P1W'],
    ['"щорічно"', 'Щорічно', 'once a year P1Y'],
    ['"щоденно"', 'щоденно', 'once a day P1D'],
    ['"more than once a day"', 'more than once a day', 'more than once a day P1D'],
    ['extra spaces and upper case', '  ONCE   a  WEEK ', 'once a week P1W'],
    ['a non-breaking space', 'once\u00a0a\u00a0year', 'once a year P1Y'],
    ['the dirty variant with a trailing curly quote', 'immediately after making changes”', 'immediately after making changes no period'],
    ['curly quotes at both ends', '“Щокварталу”', 'once a quarter P3M'],
    ['guillemets', '«Щороку»', 'once a year P1Y'],
    ['straight quotes and an apostrophe', `"'once a day'"`, 'once a day P1D'],
    ['an event-driven value', 'Відразу після внесення змін', 'immediately after making changes no period'],
    ['a value no longer updated', 'no longer updated', 'no longer updated no period'],
  ])('matches %s', (_what, raw, expected) => {
    expect(resolve(raw)).toBe(expected);
  });

  it.each([
    ['an empty string', ''],
    ['spaces', '   '],
    ['only quotes', '“”'],
    ['null', null],
    ['undefined', undefined],
  ])('calls %s blank', (_what, raw) => {
    expect(resolve(raw)).toBe('blank');
  });

  it('keeps an unknown value as it was written', () => {
    expect(catalogue.match(' fortnightly ')).toEqual({ kind: 'unknown', raw: ' fortnightly ' });
  });

  it('gives the Ukrainian label of a value', () => {
    expect(catalogue.labelUk('once a half year')).toBe('Кожного півріччя');
  });

  it('refuses the Ukrainian label of an unknown value', () => {
    expect(() => catalogue.labelUk('fortnightly')).toThrow(`frequency "fortnightly" is not known (known: ${KNOWN})`);
  });
});

describe('frequency overrides', () => {
  it.each([
    ['by api value', { 'once a month': 'P31D' }, 'Щомісяця', 'once a month P31D'],
    ['by Ukrainian label', { Щомісяця: 'P30D' }, 'once a month', 'once a month P30D'],
    ['for an event-driven value', { 'immediately after making changes': 'P3D' }, 'immediately after making changes”', 'immediately after making changes P3D'],
    ['leaving other values alone', { 'once a month': 'P31D' }, 'once a week', 'once a week P1W'],
  ])('replace the period %s', (_what, overrides, raw, expected) => {
    expect(resolve(raw, overrides)).toBe(expected);
  });

  it('refuse an unknown key, naming it', () => {
    expect(() => loadFrequencyCatalogue(CSV, { fortnightly: 'P14D' })).toThrow(
      `frequency override "fortnightly" is not a known frequency (known: ${KNOWN})`,
    );
  });

  it('refuse a bad duration, naming the key and the value', () => {
    expect(() => loadFrequencyCatalogue(CSV, { 'once a month': '31 days' })).toThrow(
      'frequency override "once a month": "31 days" is not an ISO 8601 duration (e.g. "P31D", "P1M")',
    );
  });
});

describe('validateFrequencyOverrides', () => {
  it('finds nothing wrong with good overrides', () => {
    expect(validateFrequencyOverrides(CSV, { 'once a month': 'P31D', Щокварталу: 'P92D' })).toEqual([]);
  });

  it('finds nothing wrong with no overrides', () => {
    expect(validateFrequencyOverrides(CSV, {})).toEqual([]);
  });

  it.each([
    ['null', null, 'null'],
    ['an array', ['P31D'], 'an array'],
    ['a string', 'P31D', 'string'],
  ])('says overrides that are %s must be an object', (_what, overrides, got) => {
    expect(validateFrequencyOverrides(CSV, overrides)).toEqual([
      `frequency overrides must be an object mapping a frequency to an ISO 8601 duration (got ${got})`,
    ]);
  });

  it('reports every problem at once', () => {
    expect(
      validateFrequencyOverrides(CSV, {
        fortnightly: 'P14D',
        'once a month': '31 days',
        'once a week': 31,
        'once a day': 'P0D',
        'once a year': 'P-1Y',
        'once a quarter': 'P',
        'Once a half year': 'P6M',
        'Кожного півріччя': 'P182D',
      }),
    ).toEqual([
      `frequency override "fortnightly" is not a known frequency (known: ${KNOWN})`,
      'frequency override "once a month": "31 days" is not an ISO 8601 duration (e.g. "P31D", "P1M")',
      'frequency override "once a week": 31 is not an ISO 8601 duration (e.g. "P31D", "P1M")',
      'frequency override "once a day": "P0D" must be longer than zero',
      'frequency override "once a year": "P-1Y" must be longer than zero',
      'frequency override "once a quarter": "P" must be longer than zero',
      'frequency overrides "Once a half year" and "Кожного півріччя" both set "once a half year"',
    ]);
  });
});

describe('loadFrequencyCatalogue on a broken table', () => {
  const HEADER = 'api_value,label_uk,label_en,calendar_period,note\n';

  it.each([
    ['a missing column', 'api_value,label_uk\nonce a day,Щодня\n', 'frequency table: missing column(s) label_en, calendar_period'],
    ['a bad period', `${HEADER}once a day,Щодня,Once a day,1 day,\n`, 'frequency table line 2: calendar_period "1 day" is not a positive ISO 8601 duration'],
    ['a variant of nothing', `${HEADER}once a day,Щодня,Once a day,P1D,\nsometimes”,,,,\n`, 'frequency table line 3: "sometimes”" has no label or period and is not a spelling of a known value'],
    ['a label used twice', `${HEADER}once a day,Щодня,Once a day,P1D,\ndaily,Щодня,Daily,P1D,\n`, 'frequency table line 3: "щодня" already names "once a day"'],
  ])('refuses %s', (_what, csv, message) => {
    expect(() => loadFrequencyCatalogue(csv)).toThrow(message);
  });
});

describe('addPeriod', () => {
  it.each([
    ['a month from 31 January to the end of February', '2019-01-31', 'P1M', '2019-02-28T00:00:00.000+02:00'],
    ['a month from 31 January in a leap year', '2020-01-31', 'P1M', '2020-02-29T00:00:00.000+02:00'],
    ['a month across the spring DST day at midnight', '2019-03-30', 'P1M', '2019-04-30T00:00:00.000+03:00'],
    ['a day onto the spring DST day', '2019-03-30', 'P1D', '2019-03-31T00:00:00.000+02:00'],
    ['a day off the spring DST day', '2019-03-31', 'P1D', '2019-04-01T00:00:00.000+03:00'],
    ['a day off the autumn DST day', '2019-10-27', 'P1D', '2019-10-28T00:00:00.000+02:00'],
    ['a week across the autumn DST day', '2019-10-24', 'P1W', '2019-10-31T00:00:00.000+02:00'],
    ['31 days', '2019-03-30', 'P31D', '2019-04-30T00:00:00.000+03:00'],
    ['a quarter', '2019-11-30', 'P3M', '2020-02-29T00:00:00.000+02:00'],
    ['a year from a leap day', '2020-02-29', 'P1Y', '2021-02-28T00:00:00.000+02:00'],
  ])('adds %s on the Kyiv calendar', (_what, day, period, expected) => {
    expect(addPeriod(kyiv(day), Duration.fromISO(period)).toISO()).toBe(expected);
  });

  it('works on Kyiv dates even when given a UTC instant', () => {
    const utc = DateTime.fromISO('2019-01-30T22:00Z', { zone: 'utc' }); // 31.01.2019 00:00 Kyiv
    expect(addPeriod(utc, Duration.fromISO('P1M')).toISO()).toBe('2019-02-28T00:00:00.000+02:00');
  });
});
