import path from 'node:path';
import type { ImportKind, ImportReport } from '../../src/import/import';
import { EXAMPLE_DIR } from '../../src/paths';
import { listDatasets } from '../../src/store/datasets';
import type { Db } from '../../src/store/db';
import { listTasks } from '../../src/store/plan';
import { listStewards } from '../../src/store/stewards';
import { kyivStored, useTempDir } from '../helpers/temp-db';
import { runImport } from '../helpers/import';

const tmp = useTempDir();

const ORDER: readonly [ImportKind, string][] = [
  ['stewards', 'stewards.csv'],
  ['datasets', 'datasets.csv'],
  ['publications', 'publications.csv'],
  ['plan', 'plan.csv'],
];

let db: Db;
let reports: ImportReport[];
beforeAll(() => {
  db = tmp.db({ seeded: true }).db;
  reports = ORDER.map(([kind, name]) => runImport(db, kind, path.join(EXAMPLE_DIR, name)));
});

describe('the example register imported on a seeded database', () => {
  it('imports every file cleanly, with the row counts of its README', () => {
    expect(reports.map((r) => [r.kind, r.rows, r.inserted, r.updated])).toEqual([
      ['stewards', 18, 14, 4],
      ['datasets', 90, 45, 44],
      ['publications', 31, 31, 0],
      ['plan', 18, 0, 18],
    ]);
  });

  it('keeps the seeded external units and adds the stewards of the example', () => {
    const stewards = listStewards(db);
    expect(stewards).toHaveLength(20);
    expect(stewards.filter((s) => s.kind === 'external').map((s) => s.id)).toEqual(['external-experts', 'working-group']);
    expect(stewards.find((s) => s.id === 'it')?.emails).toEqual(['opendata.it@example.org', 'babaeva@example.org']);
    expect(stewards.find((s) => s.id === 'youth-sport')).toMatchObject({ emails: [], headEmail: 'sport.head@example.org' });
  });

  it('keeps the 28 required datasets missing from the file unassigned', () => {
    const datasets = listDatasets(db);
    expect(datasets).toHaveLength(73 + 45);
    const unassigned = datasets.filter((d) => d.required && d.stewardId === null).map((d) => d.id);
    expect(unassigned).toHaveLength(31);
    expect(unassigned).toEqual(expect.arrayContaining(['r835-all-03', 'r835-all-08', 'r835-lsg-15', 'r835-lsg-31', 'r835-lsg-57']));
  });

  it('normalises the Ukrainian labels and the dirty frequency of the example', () => {
    const byId = new Map(listDatasets(db).map((d) => [d.id, d]));
    expect(byId.get('r835-all-05')).toMatchObject({ frequency: 'once a quarter', frequencyRaw: 'Щокварталу' });
    expect(byId.get('arch-street-names')?.frequency).toBe('immediately after making changes');
  });

  it('makes the latest publication the last update, as far as the register states it', () => {
    const byId = new Map(listDatasets(db).map((d) => [d.id, d]));
    expect(byId.get('r835-all-06')?.lastUpdated).toBe(kyivStored('2026-10-14T11:20'));
  });

  it('marks the 10 tasks done in 2019 and keeps the 18 tasks of the decree', () => {
    const tasks = listTasks(db);
    expect(tasks.map((t) => t.id)).toHaveLength(18);
    expect(tasks.filter((t) => t.doneAt !== null).map((t) => t.id)).toEqual(['1.1', '1.2', '1.3', '2.1', '3.1', '4.1', '5.1', '6.3', '9.1', '9.2']);
    const t31 = tasks.find((t) => t.id === '3.1');
    expect(t31?.responsible.map((r) => r.stewardId)).toEqual(['it', 'external-experts']);
  });
});
