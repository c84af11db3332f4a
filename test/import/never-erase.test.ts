/**
 * Imports never erase by accident, and never take what cannot be true or cannot be shown: short rows and
 * columns named twice are errors; a column the file does not have leaves the field as it is, while an empty cell
 * in a column the file has clears it; dates later than the real clock, control characters and over-long cells
 * are refused with the row and the column named.
 */
import { DateTime } from 'luxon';
import { listDatasets } from '../../src/store/datasets';
import type { Db } from '../../src/store/db';
import { listStewards } from '../../src/store/stewards';
import { kyivStored, useTempDir } from '../helpers/temp-db';
import { refusedImport, runImport, runImportAsync } from '../helpers/import';

const tmp = useTempDir();

let n = 0;
const csv = (text: string): string => tmp.write(`file-${++n}.csv`, text);

function financeDb(): Db {
  const { db } = tmp.db();
  runImport(db, 'stewards', csv('id,name,email,head_email\nfinance,Фінансове управління,budget@example.org;o.kovalenko@example.org,head@example.org\n'));
  return db;
}

const finance = (db: Db) => listStewards(db).find((s) => s.id === 'finance');

describe('a row or a header that would erase a steward\'s addresses', () => {
  it('refuses a row with fewer cells than the header instead of emptying the cells it lacks', () => {
    const db = financeDb();
    const f = csv('id,name,email,head_email\nfinance,Фінансове управління\n');
    expect(refusedImport(db, 'stewards', f)).toEqual([
      `${f}:2: рядок: клітинок — 2, а стовпців у заголовку — 4; бракує клітинки (порожня клітинка теж потребує свого роздільника)`,
    ]);
    expect(finance(db)?.emails).toEqual(['budget@example.org', 'o.kovalenko@example.org']);
  });

  it('refuses a header that names email twice when the second email cell is empty', () => {
    const db = financeDb();
    const f = csv('id,name,email,email\nfinance,Фінансове управління,budget@example.org,\n');
    expect(refusedImport(db, 'stewards', f)).toEqual([`${f}:1: заголовок: стовпець "email" названо двічі ("email" і "email"); залиште один`]);
    expect(finance(db)?.emails).toEqual(['budget@example.org', 'o.kovalenko@example.org']);
  });
});

describe('columns a file has and columns it has not', () => {
  it('keeps the head\'s address when the file has no head_email column, and clears it for an empty cell', () => {
    const db = financeDb();
    runImport(db, 'stewards', csv('id,name,email\nfinance,Фінансове управління,budget@example.org\n'));
    expect(finance(db)).toMatchObject({ emails: ['budget@example.org'], headEmail: 'head@example.org' });
    runImport(db, 'stewards', csv('id,name,email,head_email\nfinance,Фінансове управління,budget@example.org,\n'));
    expect(finance(db)?.headEmail).toBeNull();
  });

  it('keeps a dataset\'s steward, frequency, dates and flags when the file lacks their columns', () => {
    const db = financeDb();
    runImport(db, 'datasets', csv('id,title,steward_id,frequency,last_updated,required,suspended\nbudget,Бюджет,finance,once a month,2019-06-03,no,воєнний стан\n'));
    runImport(db, 'datasets', csv('id,title\nbudget,Бюджет міста\n'));
    expect(listDatasets(db)[0]).toMatchObject({
      title: 'Бюджет міста', stewardId: 'finance', frequency: 'once a month', required: false, suspended: 'воєнний стан', lastUpdated: kyivStored('2019-06-03T00:00'),
    });
    runImport(db, 'datasets', csv('id,title,steward_id,frequency,required,suspended\nbudget,Бюджет міста,,,,\n'));
    expect(listDatasets(db)[0]).toMatchObject({ stewardId: null, frequency: null, frequencyRaw: null, required: true, suspended: null });
  });

  it('keeps the link to the portal when the portal_id cell is empty', () => {
    const db = financeDb();
    runImport(db, 'datasets', csv('id,title,portal_id\nbudget,Бюджет,abc-1\n'));
    runImport(db, 'datasets', csv('id,title,portal_id\nbudget,Бюджет,\n'));
    expect(listDatasets(db)[0].portalId).toBe('abc-1');
  });

  it('keeps a task\'s completion when the plan file has no done_at column', () => {
    const { db } = tmp.db({ seeded: true });
    const row = `1.3,G,Розробити порядок моніторингу,II квартал 2019 року,Відділ інформаційно-комп'ютерного забезпечення`;
    runImport(db, 'plan', csv(`id,goal,task,deadline,responsible,done_at\n${row},2019-06-20\n`));
    runImport(db, 'plan', csv(`id,goal,task,deadline,responsible\n${row}\n`));
    expect(db.prepare("SELECT done_at FROM plan_tasks WHERE id = '1.3'").pluck().get()).toBe(kyivStored('2019-06-20T00:00'));
  });

  it('reads a JSON element without a key as a row without that column', () => {
    const db = financeDb();
    const f = tmp.write('no-head.json', '[\n  {"id": "finance", "name": "Фінансове управління", "email": ["budget@example.org"]}\n]\n');
    runImport(db, 'stewards', f);
    expect(finance(db)).toMatchObject({ emails: ['budget@example.org'], headEmail: 'head@example.org' });
  });
});

describe('what cannot be true', () => {
  const realNow = DateTime.fromISO('2025-03-10T12:00', { zone: 'Europe/Kyiv' });

  it('refuses a last update or a publication later than the real clock, whatever --now says, and names the row', async () => {
    const db = financeDb();
    const f = csv('id,title,last_updated\nbudget,Бюджет,31.12.2099\nroads,Дороги,11.03.2025\nparks,Парки,12.03.2025\n');
    const problems = await (async () => {
      try {
        await runImportAsync(db, 'datasets', f, { now: DateTime.fromISO('2100-01-01', { zone: 'Europe/Kyiv' }), realNow });
        return [];
      } catch (e) {
        return [...(e as { problems: string[] }).problems];
      }
    })();
    // A day of tolerance for time zones: 11.03 is accepted on 10.03, 12.03 is not.
    expect(problems).toEqual([
      `${f}:2: last_updated: "31.12.2099" — дата в майбутньому (сьогодні 10.03.2025): дату, яка ще не настала, імпортувати не можна`,
      `${f}:4: last_updated: "12.03.2025" — дата в майбутньому (сьогодні 10.03.2025): дату, яка ще не настала, імпортувати не можна`,
    ]);
    expect(listDatasets(db)).toEqual([]);
    runImport(db, 'datasets', csv('id,title\nbudget,Бюджет\n'));
    const pubs = csv('dataset_id,published_at\nbudget,2099-12-31\n');
    expect(refusedImport(db, 'publications', pubs)).toEqual([
      `${pubs}:2: published_at: "2099-12-31" — дата в майбутньому (сьогодні ${DateTime.now().setZone('Europe/Kyiv').toFormat('dd.MM.yyyy')}): дату, яка ще не настала, імпортувати не можна`,
    ]);
  });

  it('refuses NUL, terminal escapes and direction overrides in any cell, naming the row and the column', () => {
    const db = financeDb();
    const f = csv('id,title,suspended\na,"Бюджет\u0000міста",\nb,"\u001b[31mЧервоний",\nc,Назва,"reason \u202e txt"\nd,"Два\nрядки\tі табуляція",\n');
    expect(refusedImport(db, 'datasets', f)).toEqual([
      `${f}:2: title: містить керівний символ U+0000 (7-й символ); вилучіть його й імпортуйте знову`,
      `${f}:3: title: містить керівний символ U+001B (1-й символ); вилучіть його й імпортуйте знову`,
      `${f}:4: suspended: містить керівний символ U+202E (8-й символ); вилучіть його й імпортуйте знову`,
    ]);
  });

  it('keeps line breaks and tabs in a title, where they are text', () => {
    const db = financeDb();
    runImport(db, 'datasets', csv('id,title\nd,"Два\nрядки\tі табуляція"\n'));
    expect(listDatasets(db)[0].title).toBe('Два\nрядки\tі табуляція');
  });

  it('refuses a title longer than 2,000 characters and an id longer than 200', () => {
    const db = financeDb();
    const long = 'б'.repeat(2001);
    const f = csv(`id,title\nok,${'а'.repeat(2000)}\nlong,${long}\n${'x'.repeat(201)},X\n`);
    expect(refusedImport(db, 'datasets', f)).toEqual([
      `${f}:3: title: задовге значення: 2001 символ, а дозволено щонайбільше 2000`,
      `${f}:4: id: задовге значення: 201 символ, а дозволено щонайбільше 200`,
    ]);
  });
});
