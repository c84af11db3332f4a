import { SEED_PLAN_ID } from '../../src/import/import';
import { SEED_DIR } from '../../src/paths';
import { seedIfNew } from '../../src/seed/seed';
import { applyCorrections, mixedScriptWords } from '../../src/plan/mixed-script';
import { listDatasets } from '../../src/store/datasets';
import { getMeta, type Db } from '../../src/store/db';
import { getPlan, listTasks } from '../../src/store/plan';
import { listStewards } from '../../src/store/stewards';
import type { PlanTask } from '../../src/domain';
import { NOW, dumpTables, kyivStored, thrownBy, useTempDir, writeFixture } from '../helpers/temp-db';
import fs from 'node:fs';
import path from 'node:path';

const tmp = useTempDir();
const GROUP = 'Розпорядники наборів відкритих даних';

let db: Db;
let tasks: PlanTask[];
beforeAll(() => {
  db = tmp.db().db;
  expect(seedIfNew(db, SEED_DIR, NOW)).toEqual({ seeded: true, stewards: 6, tasks: 18, datasets: 73 });
  tasks = listTasks(db);
});

const task = (id: string): PlanTask => {
  const t = tasks.find((x) => x.id === id);
  if (!t) throw new Error(`no task ${id}`);
  return t;
};

describe('seedIfNew on a new database', () => {
  it('marks the database as seeded at the time of the run', () => {
    expect(getMeta(db, 'seeded_at')).toBe(kyivStored('2019-07-01T09:00'));
  });

  it('stores the decree plan with its period 2018-2019', () => {
    expect(getPlan(db, SEED_PLAN_ID)).toEqual({
      id: SEED_PLAN_ID,
      title: 'План дій щодо реалізації принципів Міжнародної хартії відкритих даних на 2018-2019 роки',
      firstYear: 2018,
      lastYear: 2019,
      source: 'seed',
    });
  });

  it('stores exactly the 9 goals of the plan', () => {
    const goals = db.prepare('SELECT no, title FROM plan_goals WHERE plan_id = ? ORDER BY CAST(no AS INTEGER)').all(SEED_PLAN_ID);
    expect(goals).toEqual([
      { no: '1', title: 'Розробка нормативно-правової бази щодо відкритих даних' },
      { no: '2', title: 'Розвиток культури відкритості даних' },
      { no: '3', title: 'Методичне забезпечення' },
      { no: '4', title: 'Фінансове забезпечення' },
      { no: '5', title: 'Кадрове та організаційне забезпечення' },
      { no: '6', title: 'Підвищення якості управління даними' },
      { no: '7', title: 'Публікація наборів даних та їх популяризація' },
      { no: '8', title: 'Культура управління даними' },
      { no: '9', title: 'Популяризація широкого використання відкритих даних' },
    ]);
  });

  it('stores exactly 18 tasks, 1.1 to 9.2, in the order of the decree', () => {
    expect(tasks.map((t) => t.id)).toEqual([
      '1.1', '1.2', '1.3', '2.1', '2.2', '3.1', '4.1', '4.2', '5.1', '5.2', '6.1', '6.2', '6.3', '7.1', '8.1', '8.2', '9.1', '9.2',
    ]);
    expect(new Set(tasks.map((t) => t.planId))).toEqual(new Set([SEED_PLAN_ID]));
    expect(tasks.every((t) => t.doneAt === null)).toBe(true);
  });

  it('keeps the goal and the task title as the decree writes them', () => {
    expect(task('1.1')).toMatchObject({
      goal: '1. Розробка нормативно-правової бази щодо відкритих даних',
      title: 'Приєднати місто Кропивницький до Міжнародної хартії відкритих даних',
    });
    expect(task('6.3').title).toBe(
      'Розробити та впровадити стандарти оприлюднення даних, запровадити унікальні і наскрізні ідентифікатори для наборів даних',
    );
  });

  it('keeps every deadline text exactly as in the decree', () => {
    const year = 'Протягом року';
    expect(Object.fromEntries(tasks.map((t) => [t.id, t.deadlineText]))).toEqual({
      '1.1': 'IV квартал 2018 року I квартал 2019 року',
      '1.2': year,
      '1.3': 'II квартал 2019 року',
      '2.1': year,
      '2.2': 'IV квартал 2019 року',
      '3.1': year,
      '4.1': year,
      '4.2': year,
      '5.1': 'I квартал 2019 року',
      '5.2': year,
      '6.1': year,
      '6.2': 'IV квартал 2019 року',
      '6.3': 'I квартал 2019 року II квартал 2019 року',
      '7.1': 'Постійно',
      '8.1': year,
      '8.2': year,
      '9.1': 'II квартал 2019 року III квартал 2019 року',
      '9.2': year,
    });
  });

  it('has every deadline text of the decree file verbatim (the titles with corrections.csv applied)', () => {
    const decree = applyCorrections(fs.readFileSync(path.join(SEED_DIR, 'decree-154-2018-kropyvnytskyi.txt'), 'utf8'), [{ found: 'методiku', corrected: 'методику' }]).text;
    for (const t of tasks) expect(decree).toContain(`${t.title}\t${t.deadlineText}\t`);
  });

  it.each([
    ['1.1', 'a span IV кв 2018 – I кв 2019', '2018-10-01T00:00', '2019-04-01T00:00'],
    ['1.3', 'the II quarter 2019', '2019-04-01T00:00', '2019-07-01T00:00'],
    ['1.2', '"Протягом року" of a 2018-2019 plan', '2018-01-01T00:00', '2020-01-01T00:00'],
    ['5.1', 'the I quarter 2019', '2019-01-01T00:00', '2019-04-01T00:00'],
    ['6.3', 'a span I – II кв 2019', '2019-01-01T00:00', '2019-07-01T00:00'],
    ['9.1', 'a span II – III кв 2019', '2019-04-01T00:00', '2019-10-01T00:00'],
    ['2.2', 'the IV quarter 2019', '2019-10-01T00:00', '2020-01-01T00:00'],
  ])('makes task %s due the day after %s (00:00 Kyiv)', (id, _what, startsAt, dueAt) => {
    expect([task(id).startsAt, task(id).dueAt]).toEqual([kyivStored(startsAt), kyivStored(dueAt)]);
  });

  it('gives the continuous task 7.1 ("Постійно") no due date', () => {
    expect([task('7.1').startsAt, task('7.1').dueAt]).toEqual([null, null]);
  });

  const unit = (stewardId: string) => ({ stewardId, allStewards: false });
  const group = { unit: GROUP, stewardId: null, allStewards: true };
  it.each([
    ['1.1', 'one department', [unit('it')]],
    ['2.1', 'two departments glued together', [unit('hr'), unit('it')]],
    ['4.1', 'the group, then two departments', [group, unit('finance'), unit('it')]],
    ['4.2', 'a department whose name holds a comma', [unit('economy')]],
    ['3.1', 'a department and the external experts', [unit('it'), unit('external-experts')]],
    ['5.2', 'the working group', [unit('working-group')]],
    ['8.1', 'only the group of every steward', [group]],
    ['9.2', 'only the group of every steward', [group]],
  ])('splits the responsible units of task %s: %s', (id, _what, expected) => {
    expect(task(id).responsible).toMatchObject(expected);
    expect(task(id).responsible).toHaveLength(expected.length);
  });

  it('names each unit as the decree does', () => {
    expect(task('4.1').responsible.map((r) => r.unit)).toEqual([
      GROUP,
      'Фінансове управління',
      "Відділ інформаційно-комп'ютерного забезпечення",
    ]);
  });

  it('stores the units of units.csv, the external ones as external, with no contacts', () => {
    expect(listStewards(db)).toEqual([
      { id: 'economy', name: 'Департамент з питань економічного розвитку, торгівлі та інвестицій', kind: 'department', emails: [], headEmail: null },
      { id: 'external-experts', name: 'Зовнішні експерти', kind: 'external', emails: [], headEmail: null },
      { id: 'finance', name: 'Фінансове управління', kind: 'department', emails: [], headEmail: null },
      { id: 'hr', name: 'Відділ кадрової роботи', kind: 'department', emails: [], headEmail: null },
      { id: 'it', name: "Відділ інформаційно-комп'ютерного забезпечення", kind: 'department', emails: [], headEmail: null },
      { id: 'working-group', name: 'Робоча група щодо розвитку відкритих даних', kind: 'external', emails: [], headEmail: null },
    ]);
  });

  it('stores the 73 datasets of Resolution 835: 16 of every steward and 57 of a council', () => {
    const ids = listDatasets(db).map((d) => d.id);
    const numbered = (prefix: string, n: number): string[] =>
      Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(2, '0')}`);
    expect(ids).toEqual([...numbered('r835-all', 16), ...numbered('r835-lsg', 57)]);
  });

  it('makes every Resolution 835 dataset required, with no steward, frequency or update yet', () => {
    for (const d of listDatasets(db)) {
      expect(d).toMatchObject({ required: true, stewardId: null, frequency: null, frequencyRaw: null, suspended: null, lastUpdated: null });
    }
  });

  it('takes the titles and the legal basis from the resolution file', () => {
    expect(listDatasets(db).find((d) => d.id === 'r835-all-02')?.title).toBe(
      'Інформація про структуру (організаційну структуру) розпорядника інформації',
    );
    const row = db.prepare("SELECT source, legal_basis FROM datasets WHERE id = 'r835-lsg-01'").get();
    expect(row).toEqual({
      source: 'resolution835',
      legal_basis: 'Постанова КМУ № 835, «Органи місцевого самоврядування», п. 1',
    });
  });
});

describe('seedIfNew on a database already seeded', () => {
  it('changes nothing when run a second time', () => {
    const before = dumpTables(db);
    const later = NOW.plus({ days: 3 });
    expect(seedIfNew(db, SEED_DIR, later)).toEqual({ seeded: false, stewards: 0, tasks: 0, datasets: 0 });
    expect(dumpTables(db)).toBe(before);
  });
});

describe('seedIfNew with a broken seed', () => {
  it('refuses a decree whose units are not in units.csv, with the decree line, and writes nothing', () => {
    const dir = path.join(tmp.dir, 'broken-seed');
    fs.mkdirSync(dir);
    for (const f of fs.readdirSync(SEED_DIR)) fs.copyFileSync(path.join(SEED_DIR, f), path.join(dir, f));
    const units = fs.readFileSync(path.join(SEED_DIR, 'units.csv'), 'utf8').split('\n').filter((l) => !l.startsWith('hr,')).join('\n');
    writeFixture(dir, 'units.csv', units);

    const fresh = tmp.db().db;
    const before = fresh.prepare('SELECT count(*) FROM stewards').pluck().get();
    const error = thrownBy(() => seedIfNew(fresh, dir, NOW)) as { code: string; problems: string[] };
    expect(error.code).toBe('E_DB');
    expect(error.problems).toEqual([
      'decree line 45: task 2.1: unit "Відділ кадрової роботи" is not in units.csv',
      'decree line 52: task 5.1: unit "Відділ кадрової роботи" is not in units.csv',
      'decree line 54: task 6.1: unit "Відділ кадрової роботи" is not in units.csv',
    ]);
    expect(fresh.prepare('SELECT count(*) FROM stewards').pluck().get()).toBe(before);
    expect(getMeta(fresh, 'seeded_at')).toBeNull();
  });
});

describe('words mixing Latin and Cyrillic letters in the seed', () => {
  it('stores task 6.2 as meant, «методику», though the decree file writes «методiku» with Latin letters', () => {
    const decree = fs.readFileSync(path.join(SEED_DIR, 'decree-154-2018-kropyvnytskyi.txt'), 'utf8');
    expect(decree).toContain('методiku');
    expect(task('6.2').title).toBe('Розробити та затвердити методику та графік аудиту даних в міській раді');
  });

  it('leaves no word mixing Latin and Cyrillic letters anywhere in the seeded plan, units or datasets', () => {
    const texts = [
      ...tasks.flatMap((t) => [t.title, t.goal, t.deadlineText, ...t.responsible.map((r) => r.unit)]),
      ...listStewards(db).map((s) => s.name),
      ...listDatasets(db).map((d) => d.title),
    ];
    expect(mixedScriptWords(texts.join('\n'))).toEqual([]);
  });

  it('notes every correction beside the seed, in data/seed/corrections.csv', () => {
    expect(fs.readFileSync(path.join(SEED_DIR, 'corrections.csv'), 'utf8')).toContain('decree-154-2018-kropyvnytskyi.txt,методiku,методику,');
  });

  function seedCopy(name: string, edit: (dir: string) => void): string {
    const dir = path.join(tmp.dir, name);
    fs.mkdirSync(dir);
    for (const f of fs.readdirSync(SEED_DIR)) fs.copyFileSync(path.join(SEED_DIR, f), path.join(dir, f));
    edit(dir);
    return dir;
  }

  it('refuses a seed that holds a mixed word with no correction, naming the file and the word, and writes nothing', () => {
    const dir = seedCopy('mixed-seed', (d) => writeFixture(d, 'corrections.csv', 'file,found,corrected,note\n'));
    const fresh = tmp.db().db;
    const error = thrownBy(() => seedIfNew(fresh, dir, NOW)) as { code: string; problems: string[] };
    expect(error.code).toBe('E_DB');
    expect(error.problems).toEqual([
      'decree-154-2018-kropyvnytskyi.txt: "методiku" mixes Latin and Cyrillic letters (add its correction to data/seed/corrections.csv)',
    ]);
    expect(getMeta(fresh, 'seeded_at')).toBeNull();
  });

  it('refuses a correction that no longer finds its word, so the list never outlives the text', () => {
    const dir = seedCopy('stale-correction', (d) =>
      writeFixture(d, 'corrections.csv', 'file,found,corrected,note\ndecree-154-2018-kropyvnytskyi.txt,методiku,методику,x\nunits.csv,Вiддiл,Відділ,y\n'),
    );
    const error = thrownBy(() => seedIfNew(tmp.db().db, dir, NOW)) as { problems: string[] };
    expect(error.problems).toEqual(['corrections.csv:3: "Вiддiл" does not occur in units.csv']);
  });
});

describe('mixedScriptWords and applyCorrections', () => {
  it.each<[string, string[]]>([
    ['Розробити та затвердити методiku та графік', ['методiku']],
    ['IV квартал 2019 року', []],
    ['Wi-Fi-мережа, e-mail, CSV-файл', []],
    ["Відділ інформаційно-комп'ютерного забезпечення", []],
    ['Вiддiл and Вiддiл again, аudit', ['Вiддiл', 'аudit']],
  ])('finds the mixed words of %j', (text, words) => {
    expect(mixedScriptWords(text)).toEqual(words);
  });

  it('replaces whole words only', () => {
    expect(applyCorrections('методiku; методikum', [{ found: 'методiku', corrected: 'методику' }])).toEqual({ text: 'методику; методikum', replaced: 1 });
  });
});
