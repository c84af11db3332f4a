/**
 * Registers kept as Excel workbooks, made here by exceljs the way Excel stores them: Ukrainian headers above a
 * title row, real date cells beside dates typed as text, formulas, empty rows and columns left at the end.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { listDatasets } from '../../src/store/datasets';
import type { Db } from '../../src/store/db';
import { listStewards } from '../../src/store/stewards';
import { kyivStored, useTempDir } from '../helpers/temp-db';
import { addStewards, refusedImportAsync, runImportAsync } from '../helpers/import';

const tmp = useTempDir();

const HEADERS = [
  'Ідентифікатор набору даних',
  '  НАЗВА НАБОРУ   ДАНИХ ',
  'Розпорядник',
  'Періодичність оновлення',
  'Дата останнього оновлення',
  'Обов’язковий',
  'Ідентифікатор на порталі',
  'Підстава призупинення',
];

/** A date cell as Excel keeps it: the wall-clock time, with no time zone. */
const cellDate = (y: number, m: number, d: number, h = 0, min = 0): Date => new Date(Date.UTC(y, m - 1, d, h, min));

async function workbook(name: string, fill: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  const file = path.join(tmp.dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

function dbWithStewards(): Db {
  const { db } = tmp.db();
  addStewards(db, ['it', 'hr']);
  db.prepare("UPDATE stewards SET name = 'Фінансове управління' WHERE id = 'it'").run();
  return db;
}

/** The council's register: a title row, the header, rows with date cells and typed dates, empty rows and columns after. */
function register(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet('Реєстр');
  ws.addRow(['Реєстр наборів даних Кропивницької міської ради станом на 01.07.2019']);
  ws.addRow(HEADERS);
  ws.addRow(['budget', 'Бюджет міста', 'Фінансове управління', 'Щомісяця', cellDate(2019, 6, 3), 'так', '', '']);
  ws.addRow(['vacancies', 'Вакансії', 'hr', 'once a week', '30.06.2019', 'ні', 'vac-2019', '']);
  ws.addRow(['roads', 'Ремонт доріг', 'HR', 'Щокварталу', cellDate(2019, 6, 3, 14, 30), 'ТАК', '', '']);
  ws.getCell('E3').numFmt = 'dd.mm.yyyy';
  ws.getCell('E5').numFmt = 'dd.mm.yyyy hh:mm';
  // What Excel leaves behind: formatted but empty cells below the table and to its right.
  for (let r = 6; r <= 9; r++) for (let c = 1; c <= 10; c++) ws.getCell(r, c).value = '';
  ws.getCell('J3').value = '';
  wb.addWorksheet('Інше').addRow(['id', 'title']);
  wb.getWorksheet('Інше')?.addRow(['other', 'Інший набір']);
}

describe('a register kept as an .xlsx workbook', () => {
  it('reads the first sheet: Ukrainian headers, date cells and typed dates, steward by name or id, так/ні', async () => {
    const db = dbWithStewards();
    const file = await workbook('register.xlsx', register);
    const report = await runImportAsync(db, 'datasets', file);
    expect(report).toMatchObject({ detected: 'аркуш "Реєстр"', rows: 3, inserted: 3, updated: 0, publications: 3 });
    expect(listDatasets(db).map((d) => [d.id, d.title, d.stewardId, d.frequency, d.lastUpdated, d.required, d.portalId])).toEqual([
      ['budget', 'Бюджет міста', 'it', 'once a month', kyivStored('2019-06-03T00:00'), true, null],
      ['roads', 'Ремонт доріг', 'hr', 'once a quarter', kyivStored('2019-06-03T14:30'), true, null],
      ['vacancies', 'Вакансії', 'hr', 'once a week', kyivStored('2019-06-30T00:00'), false, 'vac-2019'],
    ]);
  });

  it('reads the sheet named with --sheet, and lists the sheets when there is no such sheet', async () => {
    const db = dbWithStewards();
    const file = await workbook('two-sheets.xlsx', register);
    expect(await runImportAsync(db, 'datasets', file, { sheet: 'Інше' })).toMatchObject({ detected: 'аркуш "Інше"', rows: 1 });
    expect(listDatasets(db).map((d) => d.id)).toEqual(['other']);
    expect(await refusedImportAsync(db, 'datasets', file, { sheet: 'Набори' })).toEqual([
      `${file}: у книзі немає аркуша "Набори" (її аркуші: "Реєстр", "Інше")`,
    ]);
  });

  it('names an unknown header by its cell and suggests the accepted name it meant', async () => {
    const db = dbWithStewards();
    const file = await workbook('unknown-header.xlsx', (wb) => {
      const ws = wb.addWorksheet('Набори даних');
      ws.addRow(HEADERS.map((h) => (h === 'Періодичність оновлення' ? 'Періодичність' : h)));
      ws.addRow(['d1', 'Набір 1', 'it', 'Щомісяця', '31.02.2024', 'так']);
    });
    const problems = await refusedImportAsync(db, 'datasets', file);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^.*unknown-header\.xlsx: Набори даних!D1: заголовок: невідомий стовпець "Періодичність"; можливо, ви мали на увазі «Періодичність оновлення»\? \(відомі: «Ідентифікатор набору даних» \(id\), /);
    expect(problems[1]).toBe(`${file}: Набори даних!E2: Дата останнього оновлення: "31.02.2024" — не дата (пишіть 30.06.2019, 2019-06-30 або 2019-06-30T14:30)`);
  });

  it('names the sheet and the cell of every problem, and writes nothing', async () => {
    const db = dbWithStewards();
    const file = await workbook('datasets.xlsx', (wb) => {
      const ws = wb.addWorksheet('Набори даних');
      ws.addRow(HEADERS);
      for (let i = 2; i <= 6; i++) ws.addRow([`d${i}`, `Набір ${i}`, 'it', 'Щомісяця', cellDate(2019, 5, i), 'так']);
      ws.addRow(['d7', 'Набір 7', 'Відділ, якого немає', 'щотижня', '31.02.2024', 'можливо']);
      ws.addRow(['d8', { formula: 'A8&"-x"', result: 'd8-x' }, 'it', '', { error: '#N/A' }, '']);
    });
    expect(await refusedImportAsync(db, 'datasets', file)).toEqual([
      `${file}: Набори даних!C7: Розпорядник: розпорядника "Відділ, якого немає" немає в реєстрі (укажіть ідентифікатор або назву розпорядника; нового розпорядника спершу імпортуйте командою "odmon import stewards")`,
      `${file}: Набори даних!E7: Дата останнього оновлення: "31.02.2024" — не дата (пишіть 30.06.2019, 2019-06-30 або 2019-06-30T14:30)`,
      `${file}: Набори даних!F7: Обов’язковий: "можливо" — ні «так», ні «ні» (пишіть так, ні, yes, no, true, false, 1 або 0)`,
      `${file}: Набори даних!E8: Дата останнього оновлення: містить помилку електронної таблиці #N/A`,
    ]);
    expect(listDatasets(db)).toEqual([]);
  });

  it('takes a formula as its computed value, and text that looks like a formula as text', async () => {
    const db = dbWithStewards();
    const file = await workbook('formulas.xlsx', (wb) => {
      const ws = wb.addWorksheet('Аркуш1');
      ws.addRow(['id', 'title']);
      ws.addRow(['a', { formula: '"Бюджет "&"міста"', result: 'Бюджет міста' }]);
      ws.addRow(['b', '=HYPERLINK("http://evil","x")']);
    });
    await runImportAsync(db, 'datasets', file);
    expect(listDatasets(db).map((d) => d.title)).toEqual(['Бюджет міста', '=HYPERLINK("http://evil","x")']);
  });

  it('refuses a legacy .xls workbook with a hint to save it as .xlsx', async () => {
    const db = dbWithStewards();
    const file = tmp.write('register.xls', '\u00d0\u00cf\u0011\u00e0 old binary workbook');
    const [message] = await refusedImportAsync(db, 'datasets', file);
    expect(message).toBe(`${file}: стару книгу Excel 97–2003 (.xls) прочитати не можна`);
  });

  it('refuses a file named .xlsx that is not a workbook', async () => {
    const db = dbWithStewards();
    const file = tmp.write('fake.xlsx', 'id,title\na,A\n');
    const [problem] = await refusedImportAsync(db, 'datasets', file);
    expect(problem).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: це не книга \\.xlsx, яку можна прочитати \\(«`));
  });

  it('reads every Cyrillic letter of a large sheet whole, where exceljs splits a letter between two chunks', async () => {
    const db = dbWithStewards();
    const titles = Array.from({ length: 3000 }, (_, i) => `Відомості про об’єкти комунальної власності, що перебувають у користуванні, розділ ${i} — «Їжак і ґанок»`);
    const shared = await workbook('large-shared.xlsx', (wb) => {
      const ws = wb.addWorksheet('Реєстр');
      ws.addRow(['Ідентифікатор набору даних', 'Назва набору даних']);
      titles.forEach((t, i) => ws.addRow([`d-${i}`, t]));
    });
    await runImportAsync(db, 'datasets', shared);
    const byId = new Map(listDatasets(db).map((d) => [d.id, d.title]));
    expect(titles.filter((t, i) => byId.get(`d-${i}`) !== t)).toEqual([]);
    // The same titles written inline (as odmon's own export writes them) go through the sheet's own text.
    const inline = path.join(tmp.dir, 'large-inline.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: inline, useSharedStrings: false });
    const ws = writer.addWorksheet('Реєстр');
    ws.addRow(['id', 'title']).commit();
    titles.forEach((t, i) => ws.addRow([`d-${i}`, `${t} (2)`]).commit());
    ws.commit();
    await writer.commit();
    await runImportAsync(db, 'datasets', inline);
    const again = new Map(listDatasets(db).map((d) => [d.id, d.title]));
    expect(titles.filter((t, i) => again.get(`d-${i}`) !== `${t} (2)`)).toEqual([]);
  });

  it('reads stewards with Ukrainian headers and several addresses in one cell', async () => {
    const { db } = tmp.db();
    const file = await workbook('stewards.xlsx', (wb) => {
      const ws = wb.addWorksheet('Розпорядники');
      ws.addRow(['Ідентифікатор', 'Назва', 'Електронна пошта', 'Електронна пошта керівника', 'Вид']);
      ws.addRow(['fin', 'Фінансове управління', 'budget@example.org;\no.kovalenko@example.org', 'head@example.org', 'підрозділ']);
      ws.addRow(['experts', 'Зовнішні експерти', '', '', 'зовнішній']);
    });
    await runImportAsync(db, 'stewards', file);
    expect(listStewards(db)).toEqual([
      { id: 'experts', name: 'Зовнішні експерти', kind: 'external', emails: [], headEmail: null },
      { id: 'fin', name: 'Фінансове управління', kind: 'department', emails: ['budget@example.org', 'o.kovalenko@example.org'], headEmail: 'head@example.org' },
    ]);
    expect(fs.existsSync(file)).toBe(true);
  });

  it('reads a workbook whatever order its zip holds the parts in: Excel\'s (shared strings last) or the workbook after the sheets', async () => {
    // exceljs's own streaming reader walks the zip front to back: on these orders it crashed ("reading 'sheets'") or
    // now and then ended early with no rows (1 to 17 reads in 100). Each order is read several times here.
    const original = await JSZip.loadAsync(await fs.promises.readFile(await workbook('ordered.xlsx', register)));
    const names = Object.keys(original.files).filter((n) => !original.files[n].dir);
    const excel = (n: string): number =>
      ['[Content_Types].xml', '_rels/.rels', 'docProps/app.xml', 'docProps/core.xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels'].includes(n) ? 0 : n.startsWith('xl/worksheets/') ? 1 : n === 'xl/sharedStrings.xml' ? 3 : 2;
    const late = (n: string): number => (n === 'xl/workbook.xml' ? 3 : n.startsWith('xl/worksheets/') ? 2 : n.includes('rels') || n.endsWith('sharedStrings.xml') ? 1 : 0);
    for (const [label, rank] of [['excel', excel], ['late', late]] as const) {
      const made = new JSZip();
      for (const n of [...names].sort((x, y) => rank(x) - rank(y))) made.file(n, await original.files[n].async('nodebuffer'));
      const file = path.join(tmp.dir, `${label}.xlsx`);
      await fs.promises.writeFile(file, await made.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
      const order = Object.keys((await JSZip.loadAsync(await fs.promises.readFile(file))).files);
      if (label === 'late') expect(order.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(order.indexOf('xl/workbook.xml'));
      else expect(order.indexOf('xl/worksheets/sheet2.xml')).toBeLessThan(order.indexOf('xl/sharedStrings.xml'));
      for (let i = 0; i < 8; i++) {
        const db = dbWithStewards();
        expect(await runImportAsync(db, 'datasets', file, { sheet: 'Інше' })).toMatchObject({ detected: 'аркуш "Інше"', rows: 1 });
        expect(listDatasets(db).map((d) => d.id)).toEqual(['other']);
        const db2 = dbWithStewards();
        expect(await runImportAsync(db2, 'datasets', file)).toMatchObject({ detected: 'аркуш "Реєстр"', rows: 3, inserted: 3 });
        expect(listDatasets(db2).map((d) => d.title)).toEqual(['Бюджет міста', 'Ремонт доріг', 'Вакансії']);
      }
    }
  });
});
