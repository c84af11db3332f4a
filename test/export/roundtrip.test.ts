/**
 * `odmon export` → fill in → `odmon import`: a file exported and imported back changes nothing at all, for every
 * kind and every format, on a register with the hard cases (formula-like and multi-line titles, times with
 * seconds, the hour the autumn DST change repeats, suspensions and completions made by hand, a renamed unit).
 * The workbook is the one a department fills in: Ukrainian headers, date cells, a frozen header row, widths,
 * drop-down lists.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { exportRegister, LISTS_SHEET, registerDate, SHEET_NAMES } from '../../src/export/write';
import { IMPORT_KINDS, type ImportKind } from '../../src/import/import';
import { EXAMPLE_DIR } from '../../src/paths';
import type { Db } from '../../src/store/db';
import { markTaskDone } from '../../src/store/task-progress';
import { startSuspension } from '../../src/store/suspensions';
import { dumpTables, frequencies, kyivStored, useTempDir } from '../helpers/temp-db';
import { runImport, runImportAsync } from '../helpers/import';

const tmp = useTempDir();
const FREQUENCIES = frequencies();

function register(): Db {
  const { db } = tmp.db({ seeded: true });
  for (const kind of ['stewards', 'datasets', 'publications', 'plan'] as const) runImport(db, kind, path.join(EXAMPLE_DIR, `${kind}.csv`));
  // The council names the seeded external experts its own way: the unit takes the id, plan tasks follow.
  expect(runImport(db, 'stewards', tmp.write('experts.csv', 'id;name;email;kind\nexperts;Зовнішні експерти;;external\n')).renamed).toHaveLength(1);
  const hard = [
    { id: 'formula', title: '=HYPERLINK("http://evil","x")', steward_id: 'it', frequency: 'Щомісяця', last_updated: '2026-10-25T03:30', required: 'так' },
    { id: 'quoted', title: "'=1+1 — текст", last_updated: '2019-06-30T14:30:15', required: 'ні' },
    { id: 'lines', title: 'Перший рядок\nдругий рядок', steward_id: 'it', frequency: 'once a year', last_updated: '2019-06-30T23:59', portal_id: 'abc-1', suspended: 'Постанова КМУ № 263; воєнний стан' },
    { id: 'autumn', title: 'Осінь', steward_id: 'it', frequency: 'once a day', last_updated: '2026-10-25T00:30:00Z' },
  ];
  runImport(db, 'datasets', tmp.write('hard.json', JSON.stringify(hard)));
  db.prepare("INSERT INTO publications(dataset_id, published_at, source, recorded_at) VALUES ('autumn', '2026-10-25T00:45:00.123Z', 'portal', '2026-10-26T00:00:00.000Z')").run();
  db.transaction(() => {
    startSuspension(db, { datasetId: 'formula', basis: 'Постанова КМУ № 263 від 12.03.2022', since: kyivStored('2022-03-12T00:00'), reviewBy: kyivStored('2026-12-31T00:00'), actor: 'it-head', createdAt: kyivStored('2026-11-01T10:00') });
    db.prepare("UPDATE datasets SET suspended = 'Постанова КМУ № 263 від 12.03.2022' WHERE id = 'formula'").run();
    markTaskDone(db, '8.1', kyivStored('2019-12-20T00:00'), 'протокол № 5', 'Бабаєва');
  })();
  return db;
}

describe.each(['xlsx', 'csv', 'json'] as const)('a .%s export imported back', (format) => {
  let db: Db;
  beforeAll(() => {
    db = register();
  });

  it.each([...IMPORT_KINDS])('changes nothing at all for %s', async (kind: ImportKind) => {
    const before = dumpTables(db);
    const file = path.join(tmp.dir, `${kind}-${format}.${format}`);
    const written = await exportRegister(db, kind, file, FREQUENCIES);
    expect(written.rows).toBeGreaterThan(0);
    const report = await runImportAsync(db, kind, file);
    expect(report.rows).toBe(written.rows);
    expect(report.inserted).toBe(kind === 'publications' ? 0 : 0);
    expect(dumpTables(db)).toBe(before);
  });
});

describe('the workbook a department fills in', () => {
  let ws: ExcelJS.Worksheet;
  let lists: ExcelJS.Worksheet;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    const db = register();
    const file = path.join(tmp.dir, 'fill-in.xlsx');
    await exportRegister(db, 'datasets', file, FREQUENCIES);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    ws = wb.worksheets[0];
    lists = wb.getWorksheet(LISTS_SHEET) as ExcelJS.Worksheet;
  });

  const rowOf = (id: string): ExcelJS.Row => {
    let found: ExcelJS.Row | null = null;
    ws.eachRow((r) => {
      if (r.getCell(1).value === id) found = r;
    });
    if (found === null) throw new Error(`no row ${id}`);
    return found;
  };

  it('has the register first, under Ukrainian headers, with the header row frozen', () => {
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([[SHEET_NAMES.datasets, 'visible'], [LISTS_SHEET, 'hidden']]);
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Ідентифікатор набору даних', 'Назва набору даних', 'Розпорядник', 'Періодичність оновлення', 'Дата останнього оновлення',
      "Обов'язковий", 'Ідентифікатор на порталі', 'Підстава призупинення',
    ]);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(1).font).toMatchObject({ bold: true });
    expect(ws.columns.map((c) => c.width)).toEqual([24, 70, 45, 26, 20, 14, 38, 40]);
  });

  it('writes dates as date cells, names departments by name, and says так/ні', () => {
    const r = rowOf('r835-all-06');
    expect(r.getCell(5).value).toEqual(new Date(Date.UTC(2026, 9, 14, 11, 20)));
    expect(r.getCell(5).numFmt).toBe('dd.mm.yyyy hh:mm');
    expect(r.getCell(3).value).toBe("Відділ інформаційно-комп'ютерного забезпечення");
    expect(r.getCell(6).value).toBe('так');
    expect(rowOf('r835-all-05').getCell(5).numFmt).toBe('dd.mm.yyyy');
  });

  it('writes a title that starts like a formula as text, never as a formula', () => {
    const cell = rowOf('formula').getCell(2);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe('=HYPERLINK("http://evil","x")');
    expect(cell.formula).toBeUndefined();
  });

  it('writes the exact instant as text where a wall-clock time would be ambiguous (the autumn DST hour)', () => {
    expect(registerDate('2026-10-25T00:30:00.000Z')).toMatchObject({ exact: false, text: '2026-10-25T03:30:00.000+03:00' });
    expect(rowOf('autumn').getCell(5).value).toBe('2026-10-25T03:30:00.000+03:00');
  });

  it('offers drop-down lists of the frequencies, the stewards and так/ні from the hidden sheet', () => {
    const dv = (address: string): unknown => (ws as unknown as { dataValidations: { model: Record<string, unknown> } }).dataValidations.model[address];
    expect(dv('D2')).toMatchObject({ type: 'list', allowBlank: true, showErrorMessage: true, errorStyle: 'stop', formulae: [`'${LISTS_SHEET}'!$A$2:$A$19`] });
    expect(dv('C2')).toMatchObject({ type: 'list', formulae: [`'${LISTS_SHEET}'!$B$2:$B$21`] });
    expect(dv('F2')).toMatchObject({ type: 'list', formulae: [`'${LISTS_SHEET}'!$C$2:$C$3`] });
    expect(dv('C600')).toBeDefined(); // below the last row too, for rows a department adds
    const column = (c: string): unknown[] => (lists.getColumn(c).values as unknown[]).slice(2).filter((v) => v !== null && v !== undefined);
    expect(column('A')).toEqual([
      'Більш як один раз на день', 'Щодня', 'Щотижня', 'Щомісяця', 'Щокварталу', 'Кожного півріччя', 'Щороку', 'Відразу після внесення змін', 'Більше не оновлюється',
      // the portal's own values follow, so the cells a register already holds pass their own list
      'more than once a day', 'once a day', 'once a week', 'once a month', 'once a quarter', 'once a half year', 'once a year', 'immediately after making changes', 'no longer updated',
    ]);
    expect(column('B')).toHaveLength(20);
    expect(column('B')).toContain("Відділ інформаційно-комп'ютерного забезпечення");
    expect(column('C')).toEqual(['так', 'ні']);
  });
});

describe('the CSV export', () => {
  it('opens right in Ukrainian Excel: UTF-8 with a BOM, ";", Ukrainian headers, formulas neutralised', async () => {
    const db = register();
    const file = path.join(tmp.dir, 'datasets.csv');
    await exportRegister(db, 'datasets', file, FREQUENCIES);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith('\ufeffІдентифікатор набору даних;Назва набору даних;Розпорядник;')).toBe(true);
    expect(text).toContain(`formula;"'=HYPERLINK(""http://evil"",""x"")";Відділ інформаційно-комп'ютерного забезпечення;Щомісяця;`);
    expect(text.split('\r\n').find((l) => l.startsWith('quoted'))).toBe("quoted;''=1+1 — текст;;;30.06.2019 14:30:15;ні;;");
  });
});
