import { listDatasets } from '../../src/store/datasets';
import type { Db } from '../../src/store/db';
import type { Dataset } from '../../src/domain';
import { kyivStored, useTempDir, type Format, type TableRow } from '../helpers/temp-db';
import { addStewards, refusedImport, runImport } from '../helpers/import';

const tmp = useTempDir();

function dbWithStewards(): Db {
  const { db } = tmp.db();
  addStewards(db, ['it', 'hr']);
  return db;
}

const byId = (db: Db, id: string): Dataset => {
  const d = listDatasets(db).find((x) => x.id === id);
  if (!d) throw new Error(`no dataset ${id}`);
  return d;
};

const publications = (db: Db): unknown[] =>
  db.prepare('SELECT dataset_id, published_at, source FROM publications ORDER BY dataset_id, published_at').all();

describe.each<Format>(['csv', 'json'])('importing datasets from .%s', (format) => {
  let n = 0;
  const file = (rows: readonly TableRow[], columns?: readonly string[]): string => {
    n += 1;
    return tmp.table(`datasets-${format}-${n}`, format, rows, columns);
  };

  it('inserts every dataset with its cells and reports the counts', () => {
    const db = dbWithStewards();
    const f = file([
      { id: 'budget', title: 'Бюджет міста, "рішення" про нього', steward_id: 'it', frequency: 'once a month', last_updated: '2019-06-03', required: 'yes', portal_id: 'abc-1', suspended: '' },
      { id: 'orthophoto', title: 'Ортофотоплан', steward_id: '', frequency: '', last_updated: '', required: 'no', portal_id: '', suspended: 'воєнний стан' },
    ]);
    expect(runImport(db, 'datasets', f)).toEqual({ kind: 'datasets', file: f, rows: 2, inserted: 2, updated: 0, unchanged: 0, publications: 1, detected: expect.any(String), renamed: [] });
    expect(listDatasets(db)).toEqual([
      {
        id: 'budget',
        title: 'Бюджет міста, "рішення" про нього',
        stewardId: 'it',
        frequency: 'once a month',
        frequencyRaw: 'once a month',
        required: true,
        portalId: 'abc-1',
        suspended: null,
        lastUpdated: kyivStored('2019-06-03T00:00'),
      },
      {
        id: 'orthophoto',
        title: 'Ортофотоплан',
        stewardId: null,
        frequency: null,
        frequencyRaw: null,
        required: false,
        portalId: null,
        suspended: 'воєнний стан',
        lastUpdated: null,
      },
    ]);
  });

  it('updates a dataset imported again with changed cells, and counts it as updated', () => {
    const db = dbWithStewards();
    runImport(db, 'datasets', file([{ id: 'budget', title: 'Бюджет', steward_id: 'it', frequency: 'once a year' }]));
    const f = file([
      { id: 'budget', title: 'Бюджет міста', steward_id: 'hr', frequency: 'once a quarter' },
      { id: 'vacancies', title: 'Вакансії', steward_id: 'hr', frequency: 'once a week' },
    ]);
    expect(runImport(db, 'datasets', f)).toMatchObject({ rows: 2, inserted: 1, updated: 1 });
    expect(listDatasets(db).map((d) => [d.id, d.title, d.stewardId, d.frequency])).toEqual([
      ['budget', 'Бюджет міста', 'hr', 'once a quarter'],
      ['vacancies', 'Вакансії', 'hr', 'once a week'],
    ]);
  });

  it.each([
    ['yes', true], ['no', false], ['true', true], ['false', false], ['1', true], ['0', false],
    ['YES', true], ['ні', false], ['', true],
  ])('reads required %p as %p', (cell, expected) => {
    const db = dbWithStewards();
    runImport(db, 'datasets', file([{ id: 'd', title: 'D', required: cell }]));
    expect(byId(db, 'd').required).toBe(expected);
  });

  it('makes a dataset required when the file has no required column', () => {
    const db = dbWithStewards();
    runImport(db, 'datasets', file([{ id: 'd', title: 'D' }]));
    expect(byId(db, 'd').required).toBe(true);
  });

  it('refuses a required cell that is not yes or no', () => {
    const db = dbWithStewards();
    const f = file([{ id: 'd', title: 'D', required: 'maybe' }]);
    expect(refusedImport(db, 'datasets', f)).toEqual([`${f}:2: required: "maybe" — ні «так», ні «ні» (пишіть так, ні, yes, no, true, false, 1 або 0)`]);
  });

  it.each([
    ['the portal value', 'once a month', 'once a month'],
    ['the Ukrainian label', 'Щомісяця', 'once a month'],
    ['a spelling variant', 'щоквартально', 'once a quarter'],
    ['the label with odd spaces and case', '  кожного   ПІВРІЧЧЯ ', 'once a half year'],
    ['the portal value with a stray curly quote', 'immediately after making changes”', 'immediately after making changes'],
  ])('normalises a frequency given as %s', (_what, raw, value) => {
    const db = dbWithStewards();
    runImport(db, 'datasets', file([{ id: 'd', title: 'D', frequency: raw }]));
    expect(byId(db, 'd')).toMatchObject({ frequency: value, frequencyRaw: raw.trim() });
  });

  it('allows a blank frequency', () => {
    const db = dbWithStewards();
    runImport(db, 'datasets', file([{ id: 'd', title: 'D', frequency: '   ' }]));
    expect(byId(db, 'd')).toMatchObject({ frequency: null, frequencyRaw: null });
  });

  it('treats an empty last_updated as never published and adds no publication', () => {
    const db = dbWithStewards();
    const report = runImport(db, 'datasets', file([{ id: 'd', title: 'D', last_updated: '' }]));
    expect(report.publications).toBe(0);
    expect(byId(db, 'd').lastUpdated).toBeNull();
    expect(publications(db)).toEqual([]);
  });

  it.each([
    ['an ISO date as 00:00 Kyiv', '2019-06-03', '2019-06-03T00:00'],
    ['a Ukrainian date', '03.06.2019', '2019-06-03T00:00'],
    ['a naive date-time as Kyiv time', '2019-06-03T14:30', '2019-06-03T14:30'],
  ])('reads last_updated given as %s and adds it to the publications', (_what, cell, kyiv) => {
    const db = dbWithStewards();
    const report = runImport(db, 'datasets', file([{ id: 'd', title: 'D', last_updated: cell }]));
    expect(report.publications).toBe(1);
    expect(byId(db, 'd').lastUpdated).toBe(kyivStored(kyiv));
    expect(publications(db)).toEqual([{ dataset_id: 'd', published_at: kyivStored(kyiv), source: 'register' }]);
  });

  it('adds a publication once when the same last_updated is imported twice', () => {
    const db = dbWithStewards();
    const f = file([{ id: 'd', title: 'D', last_updated: '2019-06-03' }]);
    runImport(db, 'datasets', f);
    expect(runImport(db, 'datasets', f).publications).toBe(0);
    expect(publications(db)).toHaveLength(1);
  });

  it('keeps the history as the last update when a later import empties last_updated', () => {
    const db = dbWithStewards();
    runImport(db, 'datasets', file([{ id: 'd', title: 'D', last_updated: '2019-06-03' }]));
    runImport(db, 'datasets', file([{ id: 'd', title: 'D', last_updated: '' }]));
    expect(byId(db, 'd').lastUpdated).toBe(kyivStored('2019-06-03T00:00'));
  });
});

describe('importing datasets from .json', () => {
  it.each([
    [true, true], [false, false], [1, true], [0, false], [null, true],
  ])('reads required %p as %p', (cell, expected) => {
    const { db } = tmp.db();
    const f = tmp.write(`datasets-required-${String(cell)}.json`, JSON.stringify([{ id: 'd', title: 'D', required: cell }]));
    runImport(db, 'datasets', f);
    expect(byId(db, 'd').required).toBe(expected);
  });

  it('reads a null frequency and a null last_updated as blank', () => {
    const { db } = tmp.db();
    const f = tmp.write('datasets-nulls.json', JSON.stringify([{ id: 'd', title: 'D', frequency: null, last_updated: null }]));
    runImport(db, 'datasets', f);
    expect(byId(db, 'd')).toMatchObject({ frequency: null, frequencyRaw: null, lastUpdated: null });
  });
});
