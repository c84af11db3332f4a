import { listDatasets } from '../../src/store/datasets';
import type { Db } from '../../src/store/db';
import { kyivStored, useTempDir, type Format, type TableRow } from '../helpers/temp-db';
import { refusedImport, runImport } from '../helpers/import';

const tmp = useTempDir();

const history = (db: Db): unknown[] =>
  db.prepare('SELECT dataset_id, published_at, source FROM publications ORDER BY dataset_id, published_at').all();

const lastUpdated = (db: Db, id: string): string | null | undefined => listDatasets(db).find((d) => d.id === id)?.lastUpdated;

describe.each<Format>(['csv', 'json'])('importing publications from .%s', (format) => {
  let n = 0;
  const file = (rows: readonly TableRow[]): string => {
    n += 1;
    return tmp.table(`publications-${format}-${n}`, format, rows);
  };

  /** A database with datasets `a` (last updated 01.05.2019) and `b` (never published). */
  function dbWithDatasets(): Db {
    const { db } = tmp.db();
    runImport(db, 'datasets', file([
      { id: 'a', title: 'A', frequency: 'once a month', last_updated: '2019-05-01' },
      { id: 'b', title: 'B', frequency: 'once a month', last_updated: '' },
    ]));
    return db;
  }

  it('appends to the history and reports how many were added', () => {
    const db = dbWithDatasets();
    const f = file([
      { dataset_id: 'b', published_at: '2019-03-01' },
      { dataset_id: 'b', published_at: '01.06.2019' },
      { dataset_id: 'a', published_at: '2019-04-01T10:15' },
    ]);
    expect(runImport(db, 'publications', f)).toEqual({ kind: 'publications', file: f, rows: 3, inserted: 3, updated: 0, unchanged: 0, publications: 3, detected: expect.any(String), renamed: [] });
    expect(history(db)).toEqual([
      { dataset_id: 'a', published_at: kyivStored('2019-04-01T10:15'), source: 'import' },
      { dataset_id: 'a', published_at: kyivStored('2019-05-01T00:00'), source: 'register' },
      { dataset_id: 'b', published_at: kyivStored('2019-03-01T00:00'), source: 'import' },
      { dataset_id: 'b', published_at: kyivStored('2019-06-01T00:00'), source: 'import' },
    ]);
  });

  it('makes the latest publication the last update of a dataset', () => {
    const db = dbWithDatasets();
    runImport(db, 'publications', file([
      { dataset_id: 'a', published_at: '2019-06-20' },
      { dataset_id: 'b', published_at: '2019-06-02' },
      { dataset_id: 'b', published_at: '2019-02-02' },
    ]));
    expect([lastUpdated(db, 'a'), lastUpdated(db, 'b')]).toEqual([kyivStored('2019-06-20T00:00'), kyivStored('2019-06-02T00:00')]);
  });

  it("keeps the register's last_updated as the last update when every publication is older", () => {
    const db = dbWithDatasets();
    runImport(db, 'publications', file([{ dataset_id: 'a', published_at: '2019-01-15' }]));
    expect(lastUpdated(db, 'a')).toBe(kyivStored('2019-05-01T00:00'));
  });

  it('adds nothing when the same publications are imported again', () => {
    const db = dbWithDatasets();
    const f = file([{ dataset_id: 'b', published_at: '2019-06-02' }]);
    runImport(db, 'publications', f);
    expect(runImport(db, 'publications', f)).toMatchObject({ rows: 1, inserted: 0, publications: 0 });
    expect(history(db)).toHaveLength(2);
  });

  it('refuses publications of unknown datasets, empty and impossible dates, and records none', () => {
    const db = dbWithDatasets();
    const f = file([
      { dataset_id: 'a', published_at: '2019-06-02' },
      { dataset_id: 'nosuch', published_at: '2019-06-02' },
      { dataset_id: 'a', published_at: '' },
      { dataset_id: 'b', published_at: '31.02.2019' },
    ]);
    expect(refusedImport(db, 'publications', f)).toEqual([
      `${f}:3: dataset_id: набору даних "nosuch" немає в реєстрі (спершу імпортуйте його командою "odmon import datasets")`,
      `${f}:4: published_at: не заповнено`,
      `${f}:5: published_at: "31.02.2019" — не дата (пишіть 30.06.2019, 2019-06-30 або 2019-06-30T14:30)`,
    ]);
  });
});
