import { OdmonError } from '../../src/errors';
import type { Db } from '../../src/store/db';
import { listDatasets } from '../../src/store/datasets';
import { thrownBy, useTempDir, type Format, type TableRow } from '../helpers/temp-db';
import { addStewards, refusedImport, runImport } from '../helpers/import';

const tmp = useTempDir();

const NOT_A_DATE = '"31.02.2024" — не дата (пишіть 30.06.2019, 2019-06-30 або 2019-06-30T14:30)';
const KNOWN_FREQUENCIES =
  '«Більш як один раз на день», «Щодня», «Щотижня», «Щомісяця», «Щокварталу», «Кожного півріччя», «Щороку», ' +
  '«Відразу після внесення змін», «Більше не оновлюється»';

/** A database holding stewards it and hr and one dataset, so "unchanged" is checked against real content. */
function populatedDb(): Db {
  const { db } = tmp.db();
  addStewards(db, ['it', 'hr']);
  runImport(db, 'datasets', tmp.table(`existing-${Math.random().toString(36).slice(2)}`, 'csv', [
    { id: 'budget', title: 'Бюджет', steward_id: 'it', frequency: 'once a year', last_updated: '2019-01-10' },
  ]));
  return db;
}

describe.each<Format>(['csv', 'json'])('a broken .%s file', (format) => {
  let n = 0;
  const file = (rows: readonly TableRow[], columns?: readonly string[]): string => {
    n += 1;
    return tmp.table(`broken-${format}-${n}`, format, rows, columns);
  };

  it('is refused with every bad row reported as FILE:LINE: column: problem, and nothing written', () => {
    const db = populatedDb();
    const f = file([
      { id: 'a', title: 'A', steward_id: 'it', frequency: 'once a month', last_updated: '2019-06-01' },
      { id: 'b', title: 'B', steward_id: 'nosuch', frequency: 'once a month', last_updated: '' },
      { id: 'a', title: 'A again', steward_id: 'hr', frequency: 'Щомісяця', last_updated: '31.02.2024' },
      { id: 'c', title: 'C', steward_id: '', frequency: 'fortnightly', last_updated: '' },
      { id: 'budget', title: 'Бюджет 2020', steward_id: 'hr', frequency: 'once a year', last_updated: '2019-06-01' },
    ]);
    expect(refusedImport(db, 'datasets', f)).toEqual([
      `${f}:3: steward_id: розпорядника "nosuch" немає в реєстрі (укажіть ідентифікатор або назву розпорядника; нового розпорядника спершу імпортуйте командою "odmon import stewards")`,
      `${f}:4: id: ідентифікатор "a" повторюється (уперше — у рядку 2)`,
      `${f}:4: last_updated: ${NOT_A_DATE}`,
      `${f}:5: frequency: "fortnightly" — невідома періодичність оновлення (відомі: ${KNOWN_FREQUENCIES} або значення порталу data.gov.ua; якщо періодичність не задекларовано, залиште клітинку порожньою)`,
    ]);
    expect(listDatasets(db).map((d) => [d.id, d.title, d.stewardId])).toEqual([['budget', 'Бюджет', 'it']]);
  });

  it('is refused for an unknown column in the header that replaces a required one', () => {
    const db = populatedDb();
    const f = file([{ id: 'a', titel: 'A' }, { id: 'b', titel: 'B' }], ['id', 'titel']);
    expect(refusedImport(db, 'datasets', f)).toEqual([
      `${f}:1: заголовок: бракує стовпця "title" (обов’язкові: id, title)`,
      `${f}:1: заголовок: невідомий стовпець "titel"; можливо, ви мали на увазі «title»? (відомі: id, title, steward_id, frequency, last_updated, required, portal_id, suspended або їхні українські назви з docs/register.md)`,
      `${f}:2: title: не заповнено`,
      `${f}:3: title: не заповнено`,
    ]);
  });

  it('is refused for a misspelt optional column, which would otherwise be dropped silently', () => {
    const db = populatedDb();
    const f = file([{ id: 'a', title: 'A', stewardid: 'it' }], ['id', 'title', 'stewardid']);
    expect(refusedImport(db, 'datasets', f)).toEqual([
      `${f}:1: заголовок: невідомий стовпець "stewardid"; можливо, ви мали на увазі «steward_id»? (відомі: id, title, steward_id, frequency, last_updated, required, portal_id, suspended або їхні українські назви з docs/register.md)`,
    ]);
  });

  it('is refused for a missing required column', () => {
    const db = populatedDb();
    const f = file([{ id: 'hr', email: 'hr@example.org' }], ['id', 'email']);
    expect(refusedImport(db, 'stewards', f)).toEqual([
      `${f}:1: заголовок: бракує стовпця "name" (обов’язкові: id, name, email)`,
      `${f}:2: name: не заповнено`,
    ]);
  });

  it('is refused when only the last row of 100 is bad, and nothing of the 99 good rows is written', () => {
    const db = populatedDb();
    const rows: TableRow[] = Array.from({ length: 100 }, (_, i) => ({
      id: `ds-${i + 1}`,
      title: `Набір ${i + 1}`,
      steward_id: i === 99 ? 'ghost' : 'it',
      frequency: 'once a month',
      last_updated: '2019-06-01',
    }));
    const f = file(rows);
    expect(refusedImport(db, 'datasets', f)).toEqual([
      `${f}:101: steward_id: розпорядника "ghost" немає в реєстрі (укажіть ідентифікатор або назву розпорядника; нового розпорядника спершу імпортуйте командою "odmon import stewards")`,
    ]);
    expect(listDatasets(db)).toHaveLength(1);
  });

  it('is refused as a whole for the stewards, the plan and the publications too', () => {
    const db = populatedDb();
    const stewards = file([{ id: 'x', name: 'X', email: 'x@example.org' }, { id: 'x', name: 'Y', email: 'y@example.org' }]);
    expect(refusedImport(db, 'stewards', stewards)).toEqual([`${stewards}:3: id: ідентифікатор "x" повторюється (уперше — у рядку 2)`]);
    const plan = file([{ id: '1.1', goal: 'G', task: 'T', deadline: '30.06.2019', responsible: 'ghost' }]);
    expect(refusedImport(db, 'plan', plan)).toEqual([
      `${plan}:2: responsible: підрозділу "ghost" немає в реєстрі (спершу імпортуйте його командою "odmon import stewards" або вкажіть ідентифікатор розпорядника)`,
    ]);
    const pubs = file([{ dataset_id: 'budget', published_at: '2019-06-01' }, { dataset_id: 'budget', published_at: '31.02.2024' }]);
    expect(refusedImport(db, 'publications', pubs)).toEqual([`${pubs}:3: published_at: ${NOT_A_DATE}`]);
  });
});

describe('a broken .csv file', () => {
  it('names the right lines after a quoted field that spans two lines', () => {
    const db = populatedDb();
    const f = tmp.write('multiline.csv', [
      'id,title,steward_id,last_updated',
      'a,"Назва,',
      'на двох рядках",it,2019-06-01',
      'b,B,nosuch,',
      'c,"C ""quoted""",it,31.02.2024',
      '',
    ].join('\r\n'));
    expect(refusedImport(db, 'datasets', f)).toEqual([
      `${f}:4: steward_id: розпорядника "nosuch" немає в реєстрі (укажіть ідентифікатор або назву розпорядника; нового розпорядника спершу імпортуйте командою "odmon import stewards")`,
      `${f}:5: last_updated: ${NOT_A_DATE}`,
    ]);
  });

  it('keeps the line break inside a quoted field of a good file', () => {
    const { db } = tmp.db();
    const f = tmp.write('multiline-good.csv', 'id,title\na,"Перший рядок\nдругий рядок"\n');
    runImport(db, 'datasets', f);
    expect(listDatasets(db)[0].title).toBe('Перший рядок\nдругий рядок');
  });

  it('skips blank lines and a UTF-8 BOM but still counts their lines', () => {
    const db = populatedDb();
    const f = tmp.write('blank-lines.csv', '\ufeffid,title,steward_id\n\na,A,it\n\nb,B,nosuch\n');
    expect(refusedImport(db, 'datasets', f)).toEqual([
      `${f}:5: steward_id: розпорядника "nosuch" немає в реєстрі (укажіть ідентифікатор або назву розпорядника; нового розпорядника спершу імпортуйте командою "odmon import stewards")`,
    ]);
  });

  it('is refused for a row with more cells than the header', () => {
    const db = populatedDb();
    const f = tmp.write('extra-cells.csv', 'id,title\na,A\nb,B,extra,more\n');
    expect(refusedImport(db, 'datasets', f)).toEqual([`${f}:3: рядок: клітинок — 4, а стовпців у заголовку — лише 2`]);
  });

  it('is refused for a quoted field that is never closed, naming the line where it opens', () => {
    const db = populatedDb();
    const f = tmp.write('unclosed.csv', 'id,title\na,A\nb,"B\nc,C\n');
    expect(refusedImport(db, 'datasets', f)).toEqual([`${f}:3: column 1: a quoted field is not closed before the end of the file`]);
  });

  it('is refused for text after a closing quote', () => {
    const db = populatedDb();
    const f = tmp.write('after-quote.csv', 'id,title\na,"A"x\n');
    expect(refusedImport(db, 'datasets', f)).toEqual([`${f}:2: column 6: unexpected character "x" after a closing quote`]);
  });
});

describe('a broken .json file', () => {
  it('names the line where each element starts', () => {
    const db = populatedDb();
    const f = tmp.write('pretty.json', `[
  {
    "id": "a",
    "title": "A, with \\"quotes\\" and { braces }",
    "steward_id": "it"
  },
  {
    "id": "b",
    "title": "B",
    "steward_id": "nosuch"
  },
  { "id": "a", "title": "again", "last_updated": "31.02.2024" }
]
`);
    expect(refusedImport(db, 'datasets', f)).toEqual([
      `${f}:7: steward_id: розпорядника "nosuch" немає в реєстрі (укажіть ідентифікатор або назву розпорядника; нового розпорядника спершу імпортуйте командою "odmon import stewards")`,
      `${f}:12: id: ідентифікатор "a" повторюється (уперше — у рядку 2)`,
      `${f}:12: last_updated: ${NOT_A_DATE}`,
    ]);
  });

  it('names the line of an element that is not an object', () => {
    const db = populatedDb();
    const f = tmp.write('not-objects.json', '[\n  {"id": "a", "title": "A"},\n  42,\n  "text"\n]\n');
    expect(refusedImport(db, 'datasets', f)).toEqual([`${f}:3: елемент 1: має бути об’єктом`, `${f}:4: елемент 2: має бути об’єктом`]);
  });

  it('is refused when it holds an object instead of an array', () => {
    const db = populatedDb();
    const f = tmp.write('object.json', '{"id": "a", "title": "A"}\n');
    expect(refusedImport(db, 'datasets', f)).toEqual([`${f}:1: файл має містити масив об’єктів JSON`]);
  });

  it('is refused when it is not JSON', () => {
    const db = populatedDb();
    const f = tmp.write('broken.json', '[{"id": "a",]');
    const [problem] = refusedImport(db, 'datasets', f);
    expect(problem).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: вміст не є коректним JSON \\(«`));
  });

  it('is read even with a UTF-8 byte order mark, as a CSV file is', () => {
    const { db } = tmp.db();
    const f = tmp.write('bom.json', '\ufeff[{"id": "a", "title": "A"}]\n');
    expect(runImport(db, 'datasets', f)).toMatchObject({ rows: 1, inserted: 1 });
  });
});

describe('a file that cannot be imported at all', () => {
  it('is refused with E_IMPORT when it does not exist', () => {
    const { db } = tmp.db();
    const missing = `${tmp.dir}/nope.csv`;
    const error = thrownBy(() => runImport(db, 'datasets', missing));
    expect(error).toBeInstanceOf(OdmonError);
    expect(error).toMatchObject({ code: 'E_IMPORT', exitCode: 2 });
    expect((error as Error).message).toMatch(new RegExp(`^не вдалося прочитати ${missing} \\(«ENOENT`));
  });

  it('is refused with E_IMPORT when it is not a workbook, a .csv or a .json file', () => {
    const db = populatedDb();
    const f = tmp.write('datasets.ods', 'id,title\n');
    expect(refusedImport(db, 'datasets', f)).toEqual([`${f}: тип файлу ".ods" не підтримується`]);
  });
});
