/**
 * One row of a notice's table: what the item is (its title, linked to its portal page when known), its state in
 * the words every output uses (dashboard.md: «Прострочено», «Не оприлюднено», «Наближається термін», …), the
 * deadline, how late it is in full words, and what to do. The shipped rules get a short state and an action of
 * their own; a rule written by the council shows its own message as the state.
 */
import type { Severity, SubjectType } from '../domain';
import { deadlineShownOf, formatDate, fromStoredInstant } from '../time/days';
import { daysWords } from './letter';

/** What the notice knows about the subjects beyond the finding: titles, portal pages, last updates. */
export interface SubjectCatalog {
  readonly portalUrl: string | null;
  readonly datasets: ReadonlyMap<string, { readonly title: string; readonly portalId: string | null; readonly lastUpdated: string | null }>;
  readonly tasks: ReadonlyMap<string, { readonly title: string; readonly deadlineText: string }>;
  readonly stewards: ReadonlyMap<string, string>;
}

export const EMPTY_CATALOG: SubjectCatalog = { portalUrl: null, datasets: new Map(), tasks: new Map(), stewards: new Map() };

export interface FindingLike {
  readonly rule: string;
  readonly severity: Severity;
  readonly subjectType: SubjectType;
  readonly subjectId: string;
  readonly message: string;
  readonly dueAt: string | null;
  readonly daysOverdue: number | null;
  readonly openedAt: string;
}

interface Presentation {
  /** The state, as a short phrase. */
  readonly state: string;
  /** What to do, as an infinitive phrase («Оновити набір …»). */
  readonly action: string;
  /**
   * What to do for the unit that sends the letters (the IT department), when `action` asks it to report: the
   * same without «або повідомити …», since nobody asks a unit to report to itself.
   */
  readonly selfAction?: string;
}

const SHIPPED: Readonly<Record<string, Presentation>> = {
  'stale-publication': {
    state: 'Прострочено оновлення',
    action: 'Оновити набір даних на Порталі відкритих даних або повідомити причину затримки.',
    selfAction: 'Оновити набір даних на Порталі відкритих даних.',
  },
  'missing-dataset': {
    state: 'Не оприлюднено',
    action: 'Оприлюднити набір даних на Порталі відкритих даних або повідомити причину затримки.',
    selfAction: 'Оприлюднити набір даних на Порталі відкритих даних.',
  },
  'overdue-plan-task': { state: 'Прострочено', action: 'Виконати завдання або повідомити про стан його виконання.', selfAction: 'Виконати завдання.' },
  'plan-task-due-soon': { state: 'Наближається термін', action: 'Виконати завдання до строку.' },
  'unknown-frequency': { state: 'Періодичність не вказана', action: 'Зазначити періодичність оновлення в паспорті набору даних.' },
  'portal-dataset-gone': {
    state: 'Зник з Порталу відкритих даних',
    action: 'Відновити оприлюднення або повідомити, з якої причини набір знято.',
    selfAction: 'Відновити оприлюднення набору на Порталі відкритих даних.',
  },
  'portal-no-resources': { state: 'На Порталі немає жодного файлу чи API', action: 'Додати дані (ресурс) до набору на Порталі.' },
  'portal-document-formats-only': {
    state: 'Оприлюднено лише у форматах, що не є машиночитаними',
    action: 'Додати ресурс у форматі CSV, XLSX, JSON або XML (Постанова КМУ № 835).',
  },
  'portal-frequency-mismatch': { state: 'Періодичність на Порталі відрізняється від реєстру', action: 'Узгодити паспорт набору на Порталі з реєстром.' },
  'portal-missing-contact': {
    state: 'У паспорті на Порталі не зазначено відповідальну особу',
    action: 'Заповнити поля «Відповідальна особа» та «Email відповідальної особи».',
  },
  'unassigned-dataset': { state: 'Не закріплено за розпорядником', action: 'Визначити відповідального розпорядника.' },
  'steward-without-contact': { state: 'Немає адреси для повідомлень', action: 'Додати адресу електронної пошти до реєстру розпорядників.' },
};

function actionOf(p: Presentation, self: boolean): string {
  return self ? (p.selfAction ?? p.action) : p.action;
}

export interface ItemRow {
  /** «Набір даних» / «Завдання 1.3 Плану дій». */
  readonly kind: string;
  readonly title: string;
  readonly link: string;
  readonly hasLink: boolean;
  readonly state: string;
  /** The deadline day, `30.06.2019`; empty when the item has none. */
  readonly deadline: string;
  /** The plan's wording of the deadline (`II квартал 2019 року`), for tasks. */
  readonly deadlineText: string;
  /** `15 днів`; `—` when the item has no deadline or is not late. */
  readonly late: string;
  readonly isLate: boolean;
  readonly action: string;
  /** The last update of a dataset, when known: `31.05.2019`. */
  readonly lastUpdated: string;
  readonly daysOverdue: number;
}

export function portalLink(catalog: SubjectCatalog, datasetId: string): string {
  const portalId = catalog.datasets.get(datasetId)?.portalId;
  return portalId && catalog.portalUrl ? `${catalog.portalUrl}/dataset/${encodeURIComponent(portalId)}` : '';
}

/** `набір даних «…»` / `завдання 1.3 «…»`: an item named in running text. */
export function itemName(f: Pick<FindingLike, 'subjectType' | 'subjectId'>, catalog: SubjectCatalog): string {
  const row = subjectOf(f, catalog);
  return `${row.kind.charAt(0).toLocaleLowerCase('uk')}${row.kind.slice(1)} «${row.title}»`;
}

function subjectOf(f: Pick<FindingLike, 'subjectType' | 'subjectId'>, catalog: SubjectCatalog): { kind: string; title: string } {
  if (f.subjectType === 'dataset') return { kind: 'Набір даних', title: catalog.datasets.get(f.subjectId)?.title ?? f.subjectId };
  if (f.subjectType === 'task') return { kind: `Завдання ${f.subjectId} Плану дій`, title: catalog.tasks.get(f.subjectId)?.title ?? '' };
  return { kind: 'Розпорядник', title: catalog.stewards.get(f.subjectId) ?? f.subjectId };
}

/** A rule of the council's own: its message is the state, and this is what to do. */
const OWN_RULE: Presentation = { state: '', action: 'Усунути невідповідність або повідомити причину затримки.', selfAction: 'Усунути невідповідність.' };

/** One row of a notice's table; `self`: of the sending unit's own notice, whose actions never ask it to report. */
export function itemRow(f: FindingLike, catalog: SubjectCatalog, self = false): ItemRow {
  const shipped = SHIPPED[f.rule];
  const { kind, title } = subjectOf(f, catalog);
  const link = f.subjectType === 'dataset' ? portalLink(catalog, f.subjectId) : '';
  const late = f.daysOverdue !== null && f.daysOverdue > 0 ? f.daysOverdue : 0;
  const last = f.subjectType === 'dataset' ? catalog.datasets.get(f.subjectId)?.lastUpdated : null;
  return {
    kind,
    title,
    link,
    hasLink: link !== '',
    state: shipped?.state ?? f.message,
    // dueAt is the first overdue instant; people read the deadline day, the day before it.
    deadline: f.dueAt ? deadlineShownOf(f.dueAt) : '',
    deadlineText: f.subjectType === 'task' ? (catalog.tasks.get(f.subjectId)?.deadlineText ?? '') : '',
    late: late > 0 ? daysWords(late) : '—',
    isLate: late > 0,
    action: actionOf(shipped ?? OWN_RULE, self),
    lastUpdated: last ? formatDate(fromStoredInstant(last)) : '',
    daysOverdue: late,
  };
}
