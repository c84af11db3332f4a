import type { App } from '../../src/app';
import { check, importCsv, kyiv, makeTempDir, NOW, openTestApp, removeDir } from '../helpers/rules-app';

const DEPARTMENTS = ['economy', 'finance', 'hr', 'it'];
const DURING_THE_YEAR = ['1.2', '2.1', '3.1', '4.1', '4.2', '5.2', '6.1', '8.1', '8.2', '9.2'];

let root: string;
let app: App;

beforeAll(() => {
  root = makeTempDir('rules-plan');
  app = openTestApp(root, 'seeded', { seededAt: kyiv('2018-12-27T12:00') });
});
afterAll(() => {
  app.close();
  removeDir(root);
});

/** task id → daysOverdue of the findings of `rule` as of `now`. */
async function days(rule: string, now = NOW): Promise<Record<string, number | null>> {
  return Object.fromEntries([...(await check(app, now, rule))].map(([id, f]) => [id, f.daysOverdue]));
}

describe('the seeded action plan, checked by the default rules', () => {
  it('on 01.07.2019 09:00 finds exactly tasks 1.1, 1.3, 5.1 and 6.3 overdue, by 92, 1, 92 and 1 days', async () => {
    expect(await days('overdue-plan-task')).toEqual({ '1.1': 92, '1.3': 1, '5.1': 92, '6.3': 1 });
  });

  it('gives each overdue task the end of its deadline day in Kyiv: 31.03.2019 for 1.1, 30.06.2019 for 1.3', async () => {
    const found = await check(app, NOW, 'overdue-plan-task');
    expect(Object.fromEntries([...found].map(([id, f]) => [id, f.dueAt]))).toEqual({
      '1.1': '2019-03-31T21:00:00.000Z', // 01.04.2019 00:00 Kyiv, summer time since 31.03
      '1.3': '2019-06-30T21:00:00.000Z',
      '5.1': '2019-03-31T21:00:00.000Z',
      '6.3': '2019-06-30T21:00:00.000Z',
    });
    expect(found.get('1.1')?.message).toContain('строк виконання — 31.03.2019 (IV квартал 2018 року I квартал 2019 року), прострочення становить 92 дні.');
  });

  it('says what is overdue, by when it was due and who is responsible', async () => {
    const f = (await check(app, NOW, 'overdue-plan-task')).get('1.3');
    expect(f).toEqual({
      rule: 'overdue-plan-task',
      severity: 'high',
      subject: { type: 'task', id: '1.3' },
      steward: 'it',
      stewards: ['it'],
      dueAt: '2019-06-30T21:00:00.000Z',
      daysOverdue: 1,
      message:
        'Завдання 1.3 Плану дій «Розробити і запровадити порядок моніторингу та контролю за роботою розпорядників щодо ' +
        'оприлюднення відкритих даних» не виконано: строк виконання — 30.06.2019 (II квартал 2019 року), прострочення становить 1 день. ' +
        'Просимо виконати завдання або повідомити про стан його виконання.',
    });
  });

  it('addresses a task of every steward to its named unit, copying every department', async () => {
    const f = (await check(app, NOW, 'overdue-plan-task')).get('5.1');
    expect([f?.steward, [...(f?.stewards ?? [])].sort()]).toEqual(['hr', DEPARTMENTS]);
  });

  it('on 01.07.2019 finds no task due within the next 30 days', async () => {
    expect(await days('plan-task-due-soon')).toEqual({});
  });

  it('on 30.06.2019 does not call 1.3 overdue but due soon, with 0 days overdue', async () => {
    const now = kyiv('2019-06-30T09:00');
    expect(await days('overdue-plan-task', now)).toEqual({ '1.1': 91, '5.1': 91 });
    expect(await days('plan-task-due-soon', now)).toEqual({ '1.3': 0, '6.3': 0 });
    const f = (await check(app, now, 'plan-task-due-soon')).get('1.3');
    expect([f?.severity, f?.dueAt, f?.message]).toEqual([
      'info',
      '2019-06-30T21:00:00.000Z',
      'Завдання 1.3 Плану дій «Розробити і запровадити порядок моніторингу та контролю за роботою розпорядників щодо ' +
        'оприлюднення відкритих даних»: строк виконання — 30.06.2019, до нього залишилося 0 днів.',
    ]);
  });

  it.each([
    ['at the last minute of the deadline day', '2019-06-30T23:59', false],
    ['at midnight after it', '2019-07-01T00:00', true],
  ])('turns 1.3 overdue only after its deadline day: %s', async (_what, at, overdue) => {
    expect((await check(app, kyiv(at), 'overdue-plan-task')).has('1.3')).toBe(overdue);
  });

  it('on 31.05.2019 finds 1.3 and 6.3 due soon with 30 days left, and 9.1 not yet', async () => {
    expect(await days('plan-task-due-soon', kyiv('2019-05-31T09:00'))).toEqual({ '1.3': -30, '6.3': -30 });
  });

  it('on 01.01.2020 finds every "Протягом року" task overdue by 1 day', async () => {
    const overdue = await days('overdue-plan-task', kyiv('2020-01-01T09:00'));
    for (const id of DURING_THE_YEAR) expect([id, overdue[id]]).toEqual([id, 1]);
    expect(overdue).toEqual({
      ...Object.fromEntries(DURING_THE_YEAR.map((id) => [id, 1])),
      '1.1': 276,
      '1.3': 185,
      '2.2': 1,
      '5.1': 276,
      '6.2': 1,
      '6.3': 185,
      '9.1': 93,
    });
  });

  it.each(['2018-12-27T12:00', '2019-07-01T09:00', '2020-01-01T09:00', '2026-11-27T00:00'])(
    'never finds the continuous task 7.1 overdue or due soon (%s)',
    async (at) => {
      expect((await check(app, kyiv(at), 'overdue-plan-task')).has('7.1')).toBe(false);
      expect((await check(app, kyiv(at), 'plan-task-due-soon')).has('7.1')).toBe(false);
    },
  );

  it('stops reporting a task once it is marked done', async () => {
    const other = openTestApp(root, 'done', { seededAt: kyiv('2018-12-27T12:00') });
    try {
      importCsv(
        other,
        'plan',
        ['id', 'goal', 'task', 'deadline', 'responsible', 'done_at'],
        [['1.1', 'Розробка нормативно-правової бази', 'Приєднати місто до хартії', 'IV квартал 2018 року I квартал 2019 року', 'it', '2019-02-15']],
      );
      expect([...(await check(other, NOW, 'overdue-plan-task')).keys()].sort()).toEqual(['1.3', '5.1', '6.3']);
    } finally {
      other.close();
    }
  });
});
