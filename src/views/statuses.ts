/**
 * The one status vocabulary of every page and download (dashboard.md, item 2): a dataset is «Вчасно», «Наближається
 * термін», «Прострочено», «Не оприлюднено», «Призупинено» or «Періодичність не вказана»; a plan task «Виконано»,
 * «Триває» or «Прострочено». Each has a stable machine code for downloads and styles; the label is what people read.
 * The statuses refine the counts of "How odmon counts" (src/history/score.ts) and never contradict them: a required
 * dataset counted on time is «Вчасно», «Наближається термін» or (published, with no periodic deadline to judge)
 * «Періодичність не вказана»; late is «Прострочено»; never published «Не оприлюднено»; suspended «Призупинено».
 */
import type { TaskState } from './tasks';

/** A deadline day this many days away or nearer (today included) is «Наближається термін». */
export const DUE_SOON_DAYS = 7;

export const DATASET_STATUSES = ['overdue', 'not-published', 'due-soon', 'no-frequency', 'on-time', 'suspended'] as const;
export type DatasetStatus = (typeof DATASET_STATUSES)[number];

export const DATASET_STATUS_LABELS: Readonly<Record<DatasetStatus, string>> = {
  'on-time': 'Вчасно',
  'due-soon': 'Наближається термін',
  overdue: 'Прострочено',
  'not-published': 'Не оприлюднено',
  suspended: 'Призупинено',
  'no-frequency': 'Періодичність не вказана',
};

/** What each status means, in words: the rubric page and the open data's description say the same. */
export const DATASET_STATUS_MEANINGS: Readonly<Record<DatasetStatus, string>> = {
  overdue: 'оприлюднено, але строк оновлення (дата останнього оновлення + періодичність) минув',
  'not-published': 'набір даних жодного разу не оприлюднювали',
  'due-soon': `оприлюднено вчасно, але останній день строку оновлення настане протягом ${DUE_SOON_DAYS} днів (або сьогодні)`,
  'no-frequency': 'оприлюднено, але періодичність оновлення не вказана або не розпізнана, тож строк визначити неможливо',
  'on-time': 'оприлюднено, і строк оновлення ще не минув (або набір оновлюється лише після змін чи більше не оновлюється)',
  suspended: 'оприлюднення призупинено рішенням (воєнний стан тощо): набір не вважається ні простроченим, ні відсутнім',
};

/**
 * A dataset's status from its state as the rules judge it. A published dataset without a periodic deadline is
 * «Вчасно» when it has none by nature (event-driven, no longer updated) and «Періодичність не вказана» when its
 * frequency is blank or not recognised.
 */
/** A dataset's state as the rules judge it (src/views/datasets.ts); `not-periodic`: published, no periodic deadline. */
export type DatasetState = 'on-time' | 'late' | 'never-published' | 'suspended' | 'not-periodic';

export function datasetStatus(d: {
  readonly state: DatasetState;
  readonly daysOverdue: number | null;
  readonly frequencyStatus: 'known' | 'blank' | 'unknown';
}): DatasetStatus {
  switch (d.state) {
    case 'suspended':
      return 'suspended';
    case 'never-published':
      return 'not-published';
    case 'late':
      return 'overdue';
    case 'not-periodic':
      return d.frequencyStatus === 'known' ? 'on-time' : 'no-frequency';
    case 'on-time':
      return d.daysOverdue !== null && d.daysOverdue >= -DUE_SOON_DAYS ? 'due-soon' : 'on-time';
  }
}

export const TASK_STATUSES = ['overdue', 'in-progress', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_STATUS_LABELS: Readonly<Record<TaskStatus, string>> = {
  done: 'Виконано',
  'in-progress': 'Триває',
  overdue: 'Прострочено',
};

export const TASK_STATUS_MEANINGS: Readonly<Record<TaskStatus, string>> = {
  done: 'завдання виконано (вчасно або із запізненням — це сказано словами поруч)',
  'in-progress': 'не виконано, але строк не минув: останній день строку ще не настав або настав сьогодні; або завдання виконується постійно',
  overdue: 'не виконано, і останній день строку минув',
};

/** A plan task's status; its words (`виконано із запізненням`, `прострочено на 3 дні`) say the rest. */
export function taskStatus(state: TaskState): TaskStatus {
  if (state === 'done' || state === 'done-late') return 'done';
  return state === 'overdue' ? 'overdue' : 'in-progress';
}
