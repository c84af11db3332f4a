import { csvCell, neutralise, toCsv, unneutralise } from '../../src/csv/write';
import { parseCsvWithHeader } from '../../src/csv/read';

describe('CSV for Ukrainian Excel', () => {
  it.each([
    ['=HYPERLINK("http://evil","x")', `'=HYPERLINK("http://evil","x")`],
    ['+380522000000', `'+380522000000`],
    ['-1+2', `'-1+2`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tcmd', `'\tcmd`],
    ['\rcmd', `'\rcmd`],
    ['Бюджет міста', 'Бюджет міста'],
    ['a=b', 'a=b'],
  ])('neutralises %j as a spreadsheet formula would start', (text, safe) => {
    expect(neutralise(text)).toBe(safe);
    expect(unneutralise(neutralise(text))).toBe(text);
  });

  it('leaves a text that only starts with an apostrophe as it is', () => {
    expect(unneutralise("'квітень")).toBe("'квітень");
  });

  it.each(["'=1+1", "''-5", "'@x"])('brings back %j, a text that itself starts with an apostrophe and a formula sign', (text) => {
    expect(neutralise(text)).toBe(`'${text}`);
    expect(unneutralise(neutralise(text))).toBe(text);
  });

  it('writes numbers as numbers and quotes separators, quotes and line breaks', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('a,b')).toBe('a,b');
    expect(csvCell('say "so"')).toBe('"say ""so"""');
    expect(csvCell(null)).toBe('');
  });

  it('starts with a BOM, separates with ";" and ends lines with CRLF', () => {
    const text = toCsv(['id', 'title'] as const, [{ id: 'a', title: '=1+1' }, { id: 'b' }]);
    expect(text).toBe("\ufeffid;title\r\na;'=1+1\r\nb;\r\n");
    const back = parseCsvWithHeader(text, ';');
    expect(back.header).toEqual(['id', 'title']);
    expect(back.rows.map((r) => unneutralise(r.values.title))).toEqual(['=1+1', '']);
  });
});
