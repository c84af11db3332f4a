/** A check's findings grouped by the stewards they name, worst first: what `odmon check` prints and a web page lists. */
import type { Finding, Steward } from '../../src/domain';
import { findingsBySteward } from '../../src/views/findings';

const STEWARDS: Steward[] = [
  { id: 'it', name: "Відділ інформаційно-комп'ютерного забезпечення", kind: 'department', emails: ['it@example.org'], headEmail: null },
  { id: 'hr', name: 'Відділ кадрової роботи', kind: 'department', emails: [], headEmail: null },
];

function finding(over: Partial<Finding> & Pick<Finding, 'rule'>): Finding {
  return {
    severity: 'high',
    subject: { type: 'dataset', id: 'd1' },
    steward: null,
    stewards: [],
    dueAt: null,
    daysOverdue: null,
    message: 'Повідомлення.',
    ...over,
  };
}

const overdueTask = finding({
  rule: 'overdue-plan-task',
  subject: { type: 'task', id: '1.3' },
  steward: 'it',
  stewards: ['it'],
  dueAt: '2019-06-30T21:00:00.000Z',
  daysOverdue: 1,
  message: 'Завдання 1.3 не виконано.',
});
const everyStewardTask = finding({
  rule: 'plan-task-due-soon',
  severity: 'info',
  subject: { type: 'task', id: '8.1' },
  stewards: ['it', 'hr'],
  dueAt: '2019-12-31T22:00:00.000Z',
  daysOverdue: -183,
});
const unassigned = finding({ rule: 'unassigned-dataset', severity: 'medium', subject: { type: 'dataset', id: 'r835-all-08' } });
const noContact = finding({ rule: 'steward-without-contact', subject: { type: 'steward', id: 'hr' }, steward: 'hr', stewards: ['hr'] });
const staleHr = finding({ rule: 'stale-publication', severity: 'medium', subject: { type: 'dataset', id: 'hr-vacancies' }, steward: 'hr', stewards: ['hr'], dueAt: '2019-06-30T21:00:00.000Z', daysOverdue: 3 });

describe('findingsBySteward', () => {
  it('groups by steward, the group with the most high findings first, then the most medium ones', () => {
    const groups = findingsBySteward([overdueTask, everyStewardTask, unassigned, noContact, staleHr], STEWARDS);
    expect(groups.map((g) => [g.stewardId, g.name, g.findings.map((f) => f.subject.id), g.bySeverity])).toEqual([
      ['hr', 'Відділ кадрової роботи', ['8.1', 'hr', 'hr-vacancies'], { high: 1, medium: 1, low: 0, info: 1 }],
      ['it', "Відділ інформаційно-комп'ютерного забезпечення", ['1.3', '8.1'], { high: 1, medium: 0, low: 0, info: 1 }],
      [null, 'Без розпорядника', ['r835-all-08'], { high: 0, medium: 1, low: 0, info: 0 }],
    ]);
  });

  it('lists a plan task shared by several stewards under each of them, as each is told about it', () => {
    const groups = findingsBySteward([overdueTask, everyStewardTask], STEWARDS);
    expect(groups.map((g) => [g.stewardId, g.findings.length])).toEqual([
      ['it', 2],
      ['hr', 1],
    ]);
  });

  it('names a steward missing from the register by its id', () => {
    expect(findingsBySteward([finding({ rule: 'x', steward: 'gone', stewards: ['gone'] })], STEWARDS)[0].name).toBe('gone');
  });
});

