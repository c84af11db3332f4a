/**
 * The council's ids win over the seed's: a register that names the IT and finance departments `itd` and `fin`
 * takes over the seeded units `it` and `finance`, plan tasks and all. And `odmon steward merge` folds one unit
 * into another, refusing when something would be lost.
 */
import { DateTime } from 'luxon';
import { listAudit } from '../../src/store/audit';
import type { Db } from '../../src/store/db';
import { listTasks } from '../../src/store/plan';
import { listStewards } from '../../src/store/stewards';
import { mergeStewards } from '../../src/register/merge';
import { OdmonError } from '../../src/errors';
import { dumpTables, thrownBy, useTempDir } from '../helpers/temp-db';
import { refusedImport, runImport } from '../helpers/import';

const tmp = useTempDir();
let n = 0;
const csv = (text: string): string => tmp.write(`stewards-${++n}.csv`, text);

const IT = "Відділ інформаційно-комп'ютерного забезпечення";
const REAL_NOW = DateTime.fromISO('2025-03-10T12:00', { zone: 'Europe/Kyiv' });

const tasksOf = (db: Db, stewardId: string): string[] =>
  listTasks(db).filter((t) => t.responsible.some((r) => r.stewardId === stewardId)).map((t) => t.id);

describe('a register naming plan units under the council\'s own ids', () => {
  let db: Db;
  let itTasks: string[];
  let report: ReturnType<typeof runImport>;
  beforeAll(() => {
    db = tmp.db({ seeded: true }).db;
    itTasks = tasksOf(db, 'it');
    report = runImport(db, 'stewards', csv([
      'Ідентифікатор;Назва;Електронна пошта',
      `itd;Відділ інформаційно-комп’ютерного забезпечення;opendata@example.org`,
      'fin;ФІНАНСОВЕ УПРАВЛІННЯ;budget@example.org',
      'hr;Відділ кадрової роботи;kadry@example.org',
      'transport;Управління транспорту;transport@example.org',
    ].join('\n')));
  });

  it('gives the seeded units the council\'s ids and says so', () => {
    expect(report).toMatchObject({ rows: 4, inserted: 1, updated: 3 });
    expect(report.renamed).toEqual([
      { from: 'it', to: 'itd', name: 'Відділ інформаційно-комп’ютерного забезпечення' },
      { from: 'finance', to: 'fin', name: 'ФІНАНСОВЕ УПРАВЛІННЯ' },
    ]);
    const ids = listStewards(db).map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['itd', 'fin', 'hr', 'transport']));
    expect(ids).not.toContain('it');
    expect(ids).not.toContain('finance');
  });

  it('moves the plan tasks with the unit', () => {
    expect(itTasks.length).toBeGreaterThan(0);
    expect(tasksOf(db, 'itd')).toEqual(itTasks);
    expect(tasksOf(db, 'it')).toEqual([]);
  });

  it('records each change of id in the audit log', () => {
    const entries = listAudit(db).filter((e) => e.action === 'steward-id');
    expect(entries.map((e) => [e.subjectId, e.details.from, e.actor])).toEqual([['itd', 'it', 'import'], ['fin', 'finance', 'import']]);
  });

  it('keeps an error for a name the council itself gave another steward', () => {
    const f = csv('id,name,email\nit2,Відділ кадрової роботи,x@example.org\n');
    expect(refusedImport(db, 'stewards', f)).toEqual([`${f}:2: name: назва "Відділ кадрової роботи" уже належить розпоряднику "hr"`]);
  });
});

describe('a seeded unit and a council\'s unit of the same name', () => {
  it('is refused with the merge command to run when both ids exist', () => {
    const { db } = tmp.db({ seeded: true });
    runImport(db, 'stewards', csv('id,name,email\nitd,ІТ-відділ,it@example.org\n'));
    const f = csv(`id,name,email\nitd,${IT.replace("'", '’')},it@example.org\n`);
    expect(refusedImport(db, 'stewards', f)).toEqual([
      `${f}:2: name: "${IT.replace("'", '’')}" — назва підрозділу "it" з початкових даних, а розпорядник "itd" теж є в реєстрі: об’єднайте їх командою "odmon steward merge it itd"`,
    ]);
  });
});

describe('odmon steward merge', () => {
  function world(): Db {
    const { db } = tmp.db({ seeded: true });
    runImport(db, 'stewards', csv('id,name,email\nitd,ІТ-відділ міської ради,it@example.org\n'));
    runImport(db, 'datasets', csv('id,title,steward_id\nregister,Реєстр наборів даних,it\nbudget,Бюджет,itd\n'));
    return db;
  }

  it('moves the unit\'s plan tasks, datasets and findings to the other, removes it and logs it', () => {
    const db = world();
    const itTasks = tasksOf(db, 'it');
    db.prepare(
      `INSERT INTO evaluation_runs(id, started_at, as_of) VALUES (1, '2019-07-01T06:00:00.000Z', '2019-07-01T06:00:00.000Z')`,
    ).run();
    db.prepare(
      `INSERT INTO findings(rule, subject_type, subject_id, steward_id, stewards, severity, message, opened_at, opened_run, last_seen_at, last_seen_run)
       VALUES ('steward-without-contact', 'steward', 'it', 'it', '["it"]', 'high', 'm', 't', 1, 't', 1),
              ('overdue-plan-task', 'task', '1.3', 'it', '["it","hr","itd"]', 'high', 'm', 't', 1, 't', 1)`,
    ).run();
    const r = mergeStewards(db, { from: 'it', to: 'itd', actor: 'Бабаєва', reason: 'один відділ', at: REAL_NOW });
    expect(r.moved).toMatchObject({ datasets: 1, tasks: itTasks.length, findings: 2 });
    expect(listStewards(db).map((s) => s.id)).not.toContain('it');
    expect(tasksOf(db, 'itd')).toEqual(itTasks);
    expect(db.prepare("SELECT steward_id FROM datasets WHERE id = 'register'").pluck().get()).toBe('itd');
    expect(db.prepare('SELECT subject_id, steward_id, stewards FROM findings ORDER BY id').all()).toEqual([
      { subject_id: 'itd', steward_id: 'itd', stewards: '["itd"]' },
      { subject_id: '1.3', steward_id: 'itd', stewards: '["itd","hr"]' },
    ]);
    const [entry] = listAudit(db).filter((e) => e.action === 'steward-merge');
    expect(entry).toMatchObject({ actor: 'Бабаєва', subjectId: 'itd', reason: 'один відділ', at: '2025-03-10T10:00:00.000Z' });
    expect(entry.details).toMatchObject({ from: 'it', to: 'itd' });
  });

  it('is refused, changing nothing, when the unit has addresses the other has not', () => {
    const db = world();
    runImport(db, 'stewards', csv(`id,name,email\nit,${IT},old-it@example.org\n`));
    const before = dumpTables(db);
    const e = thrownBy(() => mergeStewards(db, { from: 'it', to: 'itd', actor: 'a', reason: null, at: REAL_NOW })) as OdmonError;
    expect(e).toBeInstanceOf(OdmonError);
    expect(e.code).toBe('E_INPUT');
    expect(e.message).toBe(`якщо влити "it" у "itd", odmon утратить відоме:\n  розпорядник "itd" не має адрес old-it@example.org, які має "it"`);
    expect(dumpTables(db)).toBe(before);
  });

  it('adds up the history of both units for the same quarter, recomputing the score by its one definition', () => {
    const db = world();
    db.prepare(`INSERT INTO quarters_closed(quarter, ends_at, taken_at, source) VALUES ('2019-Q2', 'e', 't', 'live')`).run();
    const add = db.prepare(
      `INSERT INTO quarter_snapshots(quarter, steward_id, steward_name, required, published, on_time, late, never_published, suspended, score, taken_at, source)
       VALUES ('2019-Q2', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // it: 4 required = 3 published (2 on time, 1 late) + 1 never; itd: 3 required = 1 on time + 1 never + 1 suspended
    add.run('it', IT, 4, 3, 2, 1, 1, 0, 0.5, 't1', 'live');
    add.run('itd', 'ІТ-відділ міської ради', 3, 1, 1, 0, 1, 1, 0.5, 't2', 'reconstructed');
    mergeStewards(db, { from: 'it', to: 'itd', actor: 'a', reason: null, at: REAL_NOW });
    expect(db.prepare("SELECT * FROM quarter_snapshots WHERE quarter = '2019-Q2'").all()).toEqual([
      {
        quarter: '2019-Q2', steward_id: 'itd', steward_name: 'ІТ-відділ міської ради',
        required: 7, published: 4, on_time: 3, late: 1, never_published: 2, suspended: 1,
        score: 3 / 6, taken_at: 't2', source: 'reconstructed',
      },
    ]);
  });

  it('names unknown stewards', () => {
    const db = world();
    const e = thrownBy(() => mergeStewards(db, { from: 'ghost', to: 'itd', actor: 'a', reason: null, at: REAL_NOW })) as OdmonError;
    expect({ code: e.code, message: e.message }).toEqual({ code: 'E_NOT_FOUND', message: 'розпорядника "ghost" немає в реєстрі' });
  });
});
