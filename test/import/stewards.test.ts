import { listStewards } from '../../src/store/stewards';
import { kyivStored, NOW, useTempDir, type Format } from '../helpers/temp-db';
import { refusedImport, runImport } from '../helpers/import';

const tmp = useTempDir();

describe.each<Format>(['csv', 'json'])('importing stewards from .%s', (format) => {
  it('inserts every steward with its contacts and reports the counts', () => {
    const { db } = tmp.db();
    const file = tmp.table(`stewards-new-${format}`, format, [
      { id: 'it', name: "Відділ інформаційно-комп'ютерного забезпечення", email: 'opendata@example.org', head_email: 'head@example.org' },
      { id: 'experts', name: 'Зовнішні експерти', email: '', head_email: '', kind: 'external' },
    ], ['id', 'name', 'email', 'head_email', 'kind']);
    expect(runImport(db, 'stewards', file)).toEqual({ kind: 'stewards', file, rows: 2, inserted: 2, updated: 0, unchanged: 0, publications: 0, detected: expect.any(String), renamed: [] });
    expect(listStewards(db)).toEqual([
      { id: 'experts', name: 'Зовнішні експерти', kind: 'external', emails: [], headEmail: null },
      { id: 'it', name: "Відділ інформаційно-комп'ютерного забезпечення", kind: 'department', emails: ['opendata@example.org'], headEmail: 'head@example.org' },
    ]);
  });

  it('reads several e-mail addresses separated by ";" in their order, dropping repeats and blanks', () => {
    const { db } = tmp.db();
    const file = tmp.table(`stewards-emails-${format}`, format, [
      { id: 'finance', name: 'Фінансове управління', email: 'budget@example.org; o.kovalenko@example.org;;budget@example.org' },
    ]);
    runImport(db, 'stewards', file);
    expect(listStewards(db)[0].emails).toEqual(['budget@example.org', 'o.kovalenko@example.org']);
  });

  it('updates a steward imported again with changed details and replaces its contacts', () => {
    const { db } = tmp.db();
    runImport(db, 'stewards', tmp.table(`stewards-v1-${format}`, format, [
      { id: 'hr', name: 'Відділ кадрів', email: 'a@example.org;b@example.org' },
    ]), NOW, NOW);
    const later = NOW.plus({ days: 1 });
    const file = tmp.table(`stewards-v2-${format}`, format, [
      { id: 'hr', name: 'Відділ кадрової роботи', email: 'c@example.org' },
      { id: 'cnap', name: 'Центр надання адміністративних послуг', email: 'cnap@example.org' },
    ]);
    expect(runImport(db, 'stewards', file, later, later)).toMatchObject({ rows: 2, inserted: 1, updated: 1 });
    expect(listStewards(db).map((s) => [s.id, s.name, s.emails])).toEqual([
      ['cnap', 'Центр надання адміністративних послуг', ['cnap@example.org']],
      ['hr', 'Відділ кадрової роботи', ['c@example.org']],
    ]);
    expect(db.prepare("SELECT created_at, updated_at FROM stewards WHERE id = 'hr'").get()).toEqual({
      created_at: kyivStored('2019-07-01T09:00'),
      updated_at: kyivStored('2019-07-02T09:00'),
    });
  });

  it('keeps the steward unchanged when the same file is imported twice', () => {
    const { db } = tmp.db();
    const file = tmp.table(`stewards-same-${format}`, format, [{ id: 'hr', name: 'Відділ кадрової роботи', email: 'hr@example.org' }]);
    runImport(db, 'stewards', file);
    const before = listStewards(db);
    expect(runImport(db, 'stewards', file)).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    expect(listStewards(db)).toEqual(before);
  });

  it('refuses a second steward with a name that another steward already has', () => {
    const { db } = tmp.db();
    runImport(db, 'stewards', tmp.table(`stewards-first-${format}`, format, [{ id: 'hr', name: 'Відділ кадрів', email: '' }]));
    const file = tmp.table(`stewards-clash-${format}`, format, [{ id: 'hr2', name: 'Відділ кадрів', email: '' }]);
    expect(refusedImport(db, 'stewards', file)).toEqual([`${file}:2: name: назва "Відділ кадрів" уже належить розпоряднику "hr"`]);
  });

  it('reports every bad cell of every row', () => {
    const { db } = tmp.db();
    const file = tmp.table(`stewards-bad-${format}`, format, [
      { id: 'it dept', name: 'ІТ', email: 'it@example' },
      { id: 'hr', name: '', email: 'hr@example.org', head_email: 'boss', kind: 'agency' },
      { id: 'fin', name: 'ІТ', email: 'fin@example.org' },
    ], ['id', 'name', 'email', 'head_email', 'kind']);
    expect(refusedImport(db, 'stewards', file)).toEqual([
      `${file}:2: id: "it dept" — неприпустимий ідентифікатор (лише літери, цифри та . _ : / -, без пропусків)`,
      `${file}:2: email: "it@example" — не адреса електронної пошти`,
      `${file}:3: name: не заповнено`,
      `${file}:3: head_email: "boss" — не адреса електронної пошти`,
      `${file}:3: kind: "agency" — ні «підрозділ», ні «зовнішній» (пишіть підрозділ, зовнішній, department або external)`,
      `${file}:4: name: назву "ІТ" уже вжито в рядку 2`,
    ]);
  });
});

describe('importing stewards from .json', () => {
  it('takes the e-mail addresses as an array', () => {
    const { db } = tmp.db();
    const file = tmp.write('stewards-array.json', JSON.stringify([{ id: 'it', name: 'ІТ', email: ['a@example.org', 'b@example.org'] }]));
    runImport(db, 'stewards', file);
    expect(listStewards(db)[0].emails).toEqual(['a@example.org', 'b@example.org']);
  });
});
