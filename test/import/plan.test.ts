import { SEED_PLAN_ID } from '../../src/import/import';
import { getPlan, listTasks } from '../../src/store/plan';
import type { Db } from '../../src/store/db';
import type { PlanTask } from '../../src/domain';
import { kyivStored, useTempDir, type Format, type TableRow } from '../helpers/temp-db';
import { refusedImport, runImport } from '../helpers/import';

const tmp = useTempDir();
const IT = "Відділ інформаційно-комп'ютерного забезпечення";
const GROUP = 'Розпорядники наборів відкритих даних';
const COLUMNS = ['id', 'goal', 'task', 'deadline', 'responsible', 'done_at'];

const taskOf = (db: Db, id: string): PlanTask => {
  const t = listTasks(db).find((x) => x.id === id);
  if (!t) throw new Error(`no task ${id}`);
  return t;
};

describe.each<Format>(['csv', 'json'])('importing the plan from .%s', (format) => {
  let n = 0;
  const file = (rows: readonly TableRow[], columns: readonly string[] = COLUMNS): string => {
    n += 1;
    return tmp.table(`plan-${format}-${n}`, format, rows, columns);
  };
  const seeded = (): Db => tmp.db({ seeded: true }).db;

  it('fixes in an imported plan the misspellings the seed corrects («методiku» with Latin letters → «методику»)', () => {
    const db = seeded();
    const f = file([
      { id: '6.2', goal: 'Аудит даних', task: 'Розробити та затвердити методiku та графік аудиту даних в міській раді', deadline: 'IV квартал 2019 року', responsible: IT, done_at: '' },
    ]);
    runImport(db, 'plan', f);
    expect(taskOf(db, '6.2').title).toBe('Розробити та затвердити методику та графік аудиту даних в міській раді');
  });

  it('updates a task of the seeded plan and marks it done', () => {
    const db = seeded();
    const f = file([
      { id: '1.1', goal: 'Нормативна база', task: 'Приєднатися до хартії', deadline: 'IV квартал 2018 року I квартал 2019 року', responsible: IT, done_at: '2019-02-15' },
    ]);
    expect(runImport(db, 'plan', f)).toEqual({ kind: 'plan', file: f, rows: 1, inserted: 0, updated: 1, unchanged: 0, publications: 0, detected: expect.any(String), renamed: [] });
    expect(taskOf(db, '1.1')).toEqual({
      id: '1.1',
      planId: SEED_PLAN_ID,
      goal: 'Нормативна база',
      title: 'Приєднатися до хартії',
      deadlineText: 'IV квартал 2018 року I квартал 2019 року',
      startsAt: kyivStored('2018-10-01T00:00'),
      dueAt: kyivStored('2019-04-01T00:00'),
      doneAt: kyivStored('2019-02-15T00:00'),
      responsible: [{ unit: IT, stewardId: 'it', allStewards: false }],
    });
    expect(listTasks(db)).toHaveLength(18);
  });

  it('reads ";"-separated unit names, steward ids and the group of every steward', () => {
    const db = seeded();
    const f = file([
      { id: '10.1', goal: 'Нова ціль', task: 'Нове завдання', deadline: 'Протягом року', responsible: `${GROUP}; finance ;Відділ кадрової роботи;Зовнішні експерти`, done_at: '' },
    ]);
    expect(runImport(db, 'plan', f)).toMatchObject({ inserted: 1, updated: 0 });
    expect(taskOf(db, '10.1')).toMatchObject({
      planId: SEED_PLAN_ID,
      dueAt: kyivStored('2020-01-01T00:00'),
      doneAt: null,
      responsible: [
        { unit: GROUP, stewardId: null, allStewards: true },
        { unit: 'finance', stewardId: 'finance', allStewards: false },
        { unit: 'Відділ кадрової роботи', stewardId: 'hr', allStewards: false },
        { unit: 'Зовнішні експерти', stewardId: 'external-experts', allStewards: false },
      ],
    });
  });

  it('matches a unit name typed with a curly apostrophe', () => {
    const db = seeded();
    const f = file([{ id: '1.3', goal: 'G', task: 'T', deadline: 'II квартал 2019 року', responsible: 'Відділ інформаційно-комп’ютерного забезпечення', done_at: '' }]);
    runImport(db, 'plan', f);
    expect(taskOf(db, '1.3').responsible).toEqual([{ unit: IT, stewardId: 'it', allStewards: false }]);
  });

  it('gives a continuous task no due date', () => {
    const db = seeded();
    runImport(db, 'plan', file([{ id: '7.1', goal: 'G', task: 'T', deadline: 'Постійно', responsible: GROUP, done_at: '' }]));
    expect(taskOf(db, '7.1')).toMatchObject({ startsAt: null, dueAt: null });
  });

  it('reads "Протягом року" in a new plan from its period column and stores the period', () => {
    const db = seeded();
    const f = file([
      { plan: 'plan-2020', period: '2020-2021', id: 'p.1', goal: 'G', task: 'T1', deadline: 'Протягом року', responsible: 'it', done_at: '' },
      { plan: 'plan-2020', period: '', id: 'p.2', goal: 'G', task: 'T2', deadline: 'Протягом року', responsible: 'hr', done_at: '' },
    ], ['plan', 'period', ...COLUMNS]);
    expect(runImport(db, 'plan', f)).toMatchObject({ rows: 2, inserted: 2 });
    expect(getPlan(db, 'plan-2020')).toEqual({ id: 'plan-2020', title: 'plan-2020', firstYear: 2020, lastYear: 2021, source: 'import' });
    expect([taskOf(db, 'p.1'), taskOf(db, 'p.2')].map((t) => [t.planId, t.startsAt, t.dueAt])).toEqual([
      ['plan-2020', kyivStored('2020-01-01T00:00'), kyivStored('2022-01-01T00:00')],
      ['plan-2020', kyivStored('2020-01-01T00:00'), kyivStored('2022-01-01T00:00')],
    ]);
    expect(getPlan(db, SEED_PLAN_ID)).toMatchObject({ firstYear: 2018, lastYear: 2019 });
  });

  it('reads "Протягом року" of a new plan imported again without the period, from the stored period', () => {
    const db = seeded();
    runImport(db, 'plan', file([
      { plan: 'plan-2020', period: '2020', id: 'p.1', goal: 'G', task: 'T1', deadline: 'Протягом року', responsible: 'it', done_at: '' },
    ], ['plan', 'period', ...COLUMNS]));
    runImport(db, 'plan', file([
      { plan: 'plan-2020', id: 'p.1', goal: 'G', task: 'T1', deadline: 'Протягом року', responsible: 'it', done_at: '2020-05-05' },
    ], ['plan', ...COLUMNS]));
    expect(taskOf(db, 'p.1')).toMatchObject({ dueAt: kyivStored('2021-01-01T00:00'), doneAt: kyivStored('2020-05-05T00:00') });
  });

  it('refuses "Протягом року" in a new plan without a period', () => {
    const db = seeded();
    const f = file([
      { plan: 'plan-2020', id: 'p.1', goal: 'G', task: 'T1', deadline: 'II квартал 2020 року', responsible: 'it', done_at: '' },
      { plan: 'plan-2020', id: 'p.2', goal: 'G', task: 'T2', deadline: 'Протягом року', responsible: 'it', done_at: '' },
    ], ['plan', ...COLUMNS]);
    expect(refusedImport(db, 'plan', f)).toEqual([
      `${f}:3: deadline: для строку "Протягом року" потрібен період плану (наприклад, "2018-2019"), щоб знати, коли закінчується рік`,
    ]);
    expect(getPlan(db, 'plan-2020')).toBeNull();
  });

  it('reports unknown units, bad deadlines, periods and done dates on their lines', () => {
    const db = seeded();
    const f = file([
      { plan: 'x', period: '2020-2018', id: 'x.1', goal: 'G', task: 'T', deadline: 'колись', responsible: 'it;Управління освіти', done_at: '2020-13-01' },
      { plan: 'x', period: '', id: 'x.2', goal: '', task: 'T', deadline: 'V квартал 2020 року', responsible: '', done_at: '' },
    ], ['plan', 'period', ...COLUMNS]);
    expect(refusedImport(db, 'plan', f)).toEqual([
      `${f}:2: period: "2020-2018" — не період плану (пишіть, наприклад, 2020-2021 або 2020)`,
      `${f}:2: deadline: строк "колись" не розпізнано (очікується, наприклад, "II квартал 2019 року", "IV квартал 2018 року I квартал 2019 року", "Протягом року", "Постійно", "30.06.2019")`,
      `${f}:2: responsible: підрозділу "Управління освіти" немає в реєстрі (спершу імпортуйте його командою "odmon import stewards" або вкажіть ідентифікатор розпорядника)`,
      `${f}:2: done_at: "2020-13-01" — не дата (пишіть 30.06.2019, 2019-06-30 або 2019-06-30T14:30)`,
      `${f}:3: goal: не заповнено`,
      `${f}:3: deadline: строк "V квартал 2020 року" не розпізнано (очікується, наприклад, "II квартал 2019 року", "IV квартал 2018 року I квартал 2019 року", "Протягом року", "Постійно", "30.06.2019")`,
      `${f}:3: responsible: не заповнено`,
    ]);
  });
});

describe('importing the plan from .json', () => {
  it('takes the responsible units as an array', () => {
    const { db } = tmp.db({ seeded: true });
    const f = tmp.write('plan-array.json', JSON.stringify([
      { id: '2.1', goal: 'G', task: 'T', deadline: 'Протягом року', responsible: ['hr', IT] },
    ], null, 2));
    runImport(db, 'plan', f);
    expect(taskOf(db, '2.1').responsible.map((r) => r.stewardId)).toEqual(['hr', 'it']);
  });
});
