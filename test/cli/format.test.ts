import { findingJson, formatCheck } from '../../src/cli/format';
import { NOW } from '../helpers/rules-app';
import { STEWARDS, everyStewardTask, finding, overdueTask, unassigned } from '../helpers/findings';

describe('findingJson', () => {
  it('gives the deadline as a Kyiv ISO instant and keeps every other field', () => {
    expect(findingJson(overdueTask)).toEqual({
      rule: 'overdue-plan-task',
      severity: 'high',
      subject: { type: 'task', id: '1.3' },
      steward: 'it',
      stewards: ['it'],
      dueAt: '2019-07-01T00:00:00.000+03:00',
      daysOverdue: 1,
      message: 'Завдання 1.3 не виконано.',
    });
  });

  it('keeps a missing deadline as null', () => {
    expect(findingJson(unassigned).dueAt).toBeNull();
  });
});

describe('formatCheck', () => {
  it('prints a heading, then each group with its findings, their deadline day and how late they are', () => {
    expect(formatCheck(NOW, [overdueTask, everyStewardTask, unassigned], STEWARDS, { opened: 2, resolved: 1 })).toBe(
      [
        'Перевірка станом на 01.07.2019 09:00 (Київ): 3 порушення; нових — 2, усунено — 1.',
        'Завдання плану, доручене кільком розпорядникам, показано в кожного з них.',
        '',
        "Відділ інформаційно-комп'ютерного забезпечення (it) — 2 порушення",
        '  [високий] overdue-plan-task · завдання 1.3 · термін 30.06.2019, прострочено на 1 день',
        '      Завдання 1.3 не виконано.',
        '  [до відома] plan-task-due-soon · завдання 8.1 · термін 31.12.2019 · спільне для 2 розпорядників',
        '      Повідомлення.',
        '',
        'Без розпорядника — 1 порушення',
        '  [середній] unassigned-dataset · набір даних r835-all-08',
        '      Повідомлення.',
        '',
        'Відділ кадрової роботи (hr) — 1 порушення',
        '  [до відома] plan-task-due-soon · завдання 8.1 · термін 31.12.2019 · спільне для 2 розпорядників',
        '      Повідомлення.',
        '',
      ].join('\n'),
    );
  });

  it('shows one steward as its notice lists it: every finding that names it, under one heading', () => {
    expect(formatCheck(NOW, [overdueTask, everyStewardTask], STEWARDS, { opened: 2, resolved: 1 }, 'it').split('\n').slice(0, 4)).toEqual([
      'Перевірка станом на 01.07.2019 09:00 (Київ): 2 порушення.',
      '',
      "Відділ інформаційно-комп'ютерного забезпечення (it) — 2 порушення",
      '  [високий] overdue-plan-task · завдання 1.3 · термін 30.06.2019, прострочено на 1 день',
    ]);
  });

  it('says so when there is nothing to report', () => {
    expect(formatCheck(NOW, [], STEWARDS, { opened: 0, resolved: 4 })).toBe(
      'Перевірка станом на 01.07.2019 09:00 (Київ): 0 порушень; нових — 0, усунено — 4.\n\nПорушень не виявлено.\n',
    );
  });

  it.each([
    [1, '1 порушення'],
    [2, '2 порушення'],
    [5, '5 порушень'],
    [11, '11 порушень'],
    [14, '14 порушень'],
    [21, '21 порушення'],
    [22, '22 порушення'],
  ])('counts %i findings in Ukrainian as "%s"', (count, words) => {
    const many = Array.from({ length: count }, (_, i) => finding({ rule: 'unassigned-dataset', subject: { type: 'dataset', id: `d${i}` } }));
    const text = formatCheck(NOW, many, STEWARDS, { opened: 0, resolved: 0 });
    expect(text.split('\n')[0]).toBe(`Перевірка станом на 01.07.2019 09:00 (Київ): ${words}; нових — 0, усунено — 0.`);
    expect(text.split('\n')[2]).toBe(`Без розпорядника — ${words}`);
  });
});
