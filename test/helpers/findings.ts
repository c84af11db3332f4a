/**
 * A small check's findings, one of each kind a grouping or a listing must handle: a task of one steward, a task of
 * every steward, an unassigned dataset, a steward without contact and a late dataset.
 */
import type { Finding, Steward } from '../../src/domain';

export const STEWARDS: Steward[] = [
  { id: 'it', name: "Відділ інформаційно-комп'ютерного забезпечення", kind: 'department', emails: ['it@example.org'], headEmail: null },
  { id: 'hr', name: 'Відділ кадрової роботи', kind: 'department', emails: [], headEmail: null },
];

export function finding(over: Partial<Finding> & Pick<Finding, 'rule'>): Finding {
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

export const overdueTask = finding({
  rule: 'overdue-plan-task',
  subject: { type: 'task', id: '1.3' },
  steward: 'it',
  stewards: ['it'],
  dueAt: '2019-06-30T21:00:00.000Z',
  daysOverdue: 1,
  message: 'Завдання 1.3 не виконано.',
});
export const everyStewardTask = finding({
  rule: 'plan-task-due-soon',
  severity: 'info',
  subject: { type: 'task', id: '8.1' },
  stewards: ['it', 'hr'],
  dueAt: '2019-12-31T22:00:00.000Z',
  daysOverdue: -183,
});
export const unassigned = finding({ rule: 'unassigned-dataset', severity: 'medium', subject: { type: 'dataset', id: 'r835-all-08' } });
export const noContact = finding({ rule: 'steward-without-contact', subject: { type: 'steward', id: 'hr' }, steward: 'hr', stewards: ['hr'] });
export const staleHr = finding({ rule: 'stale-publication', severity: 'medium', subject: { type: 'dataset', id: 'hr-vacancies' }, steward: 'hr', stewards: ['hr'], dueAt: '2019-06-30T21:00:00.000Z', daysOverdue: 3 });
