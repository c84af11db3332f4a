/**
 * CSV as Ukrainian Excel and other tools save it, written here with iconv-lite: `;` and Windows-1251 (Excel's
 * "CSV"), UTF-8 with a BOM (Excel's "CSV UTF-8"), tab-separated text — and files in other encodings, which must
 * be refused rather than imported garbled.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { listStewards } from '../../src/store/stewards';
import { listDatasets } from '../../src/store/datasets';
import { useTempDir } from '../helpers/temp-db';
import { addStewards, refusedImport, runImport } from '../helpers/import';

const tmp = useTempDir();

const STEWARDS = [
  'Ідентифікатор;Назва;Електронна пошта;Електронна пошта керівника',
  "it;Відділ інформаційно-комп'ютерного забезпечення;opendata.it@example.org;babaeva@example.org",
  'finance;Фінансове управління;budget@example.org;',
  'economy;"Департамент з питань економічного розвитку, торгівлі та інвестицій";econom@example.org;',
  'youth;Управління молоді та спорту «Юність» № 1 — їхній ґанок;;',
].join('\r\n') + '\r\n';

const NAMES = [
  "Відділ інформаційно-комп'ютерного забезпечення",
  'Департамент з питань економічного розвитку, торгівлі та інвестицій',
  'Фінансове управління',
  'Управління молоді та спорту «Юність» № 1 — їхній ґанок',
];

function writeBytes(name: string, bytes: Buffer): string {
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

describe('a CSV file saved by Ukrainian Excel', () => {
  it('reads ";" and Windows-1251 with every Cyrillic letter intact, and says what it detected', () => {
    const { db } = tmp.db();
    const file = writeBytes('stewards-1251.csv', iconv.encode(STEWARDS, 'win1251'));
    expect(runImport(db, 'stewards', file)).toMatchObject({ detected: 'роздільник ";", Windows-1251', rows: 4, inserted: 4 });
    expect(listStewards(db).map((s) => s.name).sort()).toEqual([...NAMES].sort());
  });

  it('reads "CSV UTF-8": a BOM and ";"', () => {
    const { db } = tmp.db();
    const file = writeBytes('stewards-utf8-bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(STEWARDS, 'utf8')]));
    expect(runImport(db, 'stewards', file)).toMatchObject({ detected: 'роздільник ";", UTF-8 з BOM', rows: 4 });
    expect(listStewards(db).map((s) => s.name).sort()).toEqual([...NAMES].sort());
  });

  it('reads tab-separated UTF-8, and a first line "sep=;" as Excel writes it', () => {
    const { db } = tmp.db();
    const tabbed = writeBytes('stewards-tab.csv', Buffer.from(STEWARDS.replace(/;/g, '\t').replace('"Департамент з питань економічного розвитку, торгівлі та інвестицій"', 'Департамент з питань економічного розвитку, торгівлі та інвестицій'), 'utf8'));
    expect(runImport(db, 'stewards', tabbed)).toMatchObject({ detected: 'роздільник табуляція, UTF-8', rows: 4 });
    const { db: db2 } = tmp.db();
    const sep = writeBytes('stewards-sep.csv', iconv.encode(`sep=;\r\n${STEWARDS}`, 'win1251'));
    expect(runImport(db2, 'stewards', sep)).toMatchObject({ detected: 'роздільник ";", Windows-1251', rows: 4 });
  });

  it.each([
    ['KOI8-U', 'koi8-u'],
    ['DOS 866', 'cp866'],
    ['ISO-8859-5', 'iso-8859-5'],
    ['Mac Cyrillic', 'maccyrillic'],
  ])('refuses a file in %s instead of importing it garbled', (_name, encoding) => {
    const { db } = tmp.db();
    addStewards(db, ['hr']);
    const file = writeBytes(`stewards-${encoding}.csv`, iconv.encode(STEWARDS, encoding));
    const [problem] = refusedImport(db, 'stewards', file);
    expect(problem).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: файл — не текст ні в UTF-8, ні в Windows-1251: .*; нічого не прочитано, щоб не спотворити назви: збережіть його в Excel як «CSV UTF-8» або збережіть книгу як \\.xlsx та імпортуйте її$`));
  });

  it('refuses UTF-16 ("Unicode text") and names it', () => {
    const { db } = tmp.db();
    const file = writeBytes('stewards-utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(STEWARDS, 'utf16le')]));
    expect(refusedImport(db, 'stewards', file)).toEqual([
      `${file}: файл у кодуванні UTF-16 («Текст Юнікод»); odmon читає UTF-8 і Windows-1251: збережіть його в Excel як «CSV UTF-8» або збережіть книгу як .xlsx та імпортуйте її`,
    ]);
  });
});

describe('problems named by the headers the file has', () => {
  const REGISTER = [
    'Ідентифікатор набору даних;Назва набору даних;Розпорядник;Періодичність оновлення;Дата останнього оновлення',
    'budget;Бюджет міста;it;Щомісяця;30.06.2019',
    'roads;Ремонт доріг;it;Щокварталу;31.02.2026',
  ].join('\r\n') + '\r\n';

  it('names the column by its Ukrainian header in a ";" Windows-1251 file, as Ukrainian Excel saves it', () => {
    const { db } = tmp.db();
    addStewards(db, ['it']);
    const file = writeBytes('register.csv', iconv.encode(REGISTER, 'win1251'));
    expect(refusedImport(db, 'datasets', file)).toEqual([
      `${file}:3: Дата останнього оновлення: "31.02.2026" — не дата (пишіть 30.06.2019, 2019-06-30 або 2019-06-30T14:30)`,
    ]);
  });

  it('quotes the header as written, trimmed, whatever its case and spaces', () => {
    const { db } = tmp.db();
    const file = writeBytes('register-caps.csv', iconv.encode(REGISTER.replace('Розпорядник', '  РОЗПОРЯДНИК  інформації ').replace('Дата останнього оновлення', 'Востаннє оновлено'), 'win1251'));
    expect(refusedImport(db, 'datasets', file)).toEqual([
      `${file}:2: РОЗПОРЯДНИК інформації: розпорядника "it" немає в реєстрі (укажіть ідентифікатор або назву розпорядника; нового розпорядника спершу імпортуйте командою "odmon import stewards")`,
      `${file}:3: РОЗПОРЯДНИК інформації: розпорядника "it" немає в реєстрі (укажіть ідентифікатор або назву розпорядника; нового розпорядника спершу імпортуйте командою "odmon import stewards")`,
      `${file}:3: Востаннє оновлено: "31.02.2026" — не дата (пишіть 30.06.2019, 2019-06-30 або 2019-06-30T14:30)`,
    ]);
  });

  it('keeps the key where the header in the file is the key', () => {
    const { db } = tmp.db();
    addStewards(db, ['it']);
    const file = writeBytes('register-en.csv', iconv.encode('id;title;steward_id;last_updated\r\nroads;Roads;it;31.02.2026\r\n', 'win1251'));
    expect(refusedImport(db, 'datasets', file)).toEqual([
      `${file}:2: last_updated: "31.02.2026" — не дата (пишіть 30.06.2019, 2019-06-30 або 2019-06-30T14:30)`,
    ]);
  });

  it('suggests the accepted name an unknown Ukrainian header meant, and lists the columns in Ukrainian', () => {
    const { db } = tmp.db();
    addStewards(db, ['it']);
    const file = writeBytes('register-unknown.csv', iconv.encode(REGISTER.replace('Періодичність оновлення', 'Періодичність').replace('Назва набору даних', 'Назва набру даних'), 'win1251'));
    const known =
      '(відомі: «Ідентифікатор набору даних» (id), «Назва набору даних» (title), «Розпорядник» (steward_id), «Періодичність оновлення» (frequency), ' +
      '«Дата останнього оновлення» (last_updated), «Обов\'язковий» (required), «Ідентифікатор на порталі» (portal_id), «Підстава призупинення» (suspended); ' +
      'інші прийняті назви — у docs/register.md)';
    expect(refusedImport(db, 'datasets', file)).toEqual([
      `${file}:1: заголовок: бракує стовпця "Назва набору даних" (обов’язкові: Ідентифікатор набору даних, Назва набору даних)`,
      `${file}:1: заголовок: невідомий стовпець "Назва набру даних"; можливо, ви мали на увазі «Назва набору даних»? ${known}`,
      `${file}:1: заголовок: невідомий стовпець "Періодичність"; можливо, ви мали на увазі «Періодичність оновлення»? ${known}`,
      `${file}:2: Назва набору даних: не заповнено`,
      `${file}:3: Назва набору даних: не заповнено`,
      `${file}:3: Дата останнього оновлення: "31.02.2026" — не дата (пишіть 30.06.2019, 2019-06-30 або 2019-06-30T14:30)`,
    ]);
  });

  it('suggests nothing for a header near no accepted name, and still lists them', () => {
    const { db } = tmp.db();
    const file = writeBytes('register-far.csv', iconv.encode('Ідентифікатор набору даних;Назва набору даних;Примітка\r\na;А;б\r\n', 'win1251'));
    const [problem] = refusedImport(db, 'datasets', file);
    expect(problem).toMatch(/^.*:1: заголовок: невідомий стовпець "Примітка" \(відомі: «Ідентифікатор набору даних» \(id\), .*\)$/);
  });
});

describe('headers and values as councils write them', () => {
  it('matches headers whatever their case, spaces and apostrophe', () => {
    const { db } = tmp.db();
    addStewards(db, ['it']);
    const file = tmp.write('headers.csv', [
      "ІДЕНТИФІКАТОР НАБОРУ ДАНИХ;  назва   набору даних ;розпорядник;ОБОВʼЯЗКОВИЙ;Дата останнього оновлення",
      'a;Набір А;Steward it;так;30.06.2019',
      'b;Набір Б;it;ні;',
    ].join('\n'));
    runImport(db, 'datasets', file);
    expect(listDatasets(db).map((d) => [d.id, d.title, d.stewardId, d.required])).toEqual([
      ['a', 'Набір А', 'it', true],
      ['b', 'Набір Б', 'it', false],
    ]);
  });

  it('refuses a header that names a column twice, even in two languages', () => {
    const { db } = tmp.db();
    const file = tmp.write('twice.csv', 'id;title;Назва набору даних\na;A;Б\n');
    expect(refusedImport(db, 'datasets', file)).toEqual([`${file}:1: заголовок: стовпець "title" названо двічі ("title" і "Назва набору даних"); залиште один`]);
  });

  it('skips a title row above the header and names the lines of the file', () => {
    const { db } = tmp.db();
    const file = tmp.write('title-row.csv', 'Реєстр наборів даних;;\n;;\nid;title;steward_id\na;A;nosuch\n');
    expect(refusedImport(db, 'datasets', file)).toEqual([
      `${file}:4: steward_id: розпорядника "nosuch" немає в реєстрі (укажіть ідентифікатор або назву розпорядника; нового розпорядника спершу імпортуйте командою "odmon import stewards")`,
    ]);
  });
});
