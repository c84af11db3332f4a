/**
 * One row of a notice's table: what the item is (its title, linked to its portal page when known), its state in
 * the words every output uses (dashboard.md: «Прострочено», «Не оприлюднено», «Наближається термін», …), the
 * deadline, how late it is in full words, and what to do. The shipped rules get a short state and an action of
 * their own; a rule written by the council shows its own message as the state.
 */
import type { NoticeCandidate } from '../domain';
import { deadlineShownOf, formatDate, fromStoredInstant } from '../time/days';
import { findingState, hasOwnState } from '../views/finding-states';
import { daysWords } from './letter';

/** What the notice knows about the subjects beyond the finding: titles, portal pages, last updates. */
export interface SubjectCatalog {
  readonly portalUrl: string | null;
  /** `web.baseUrl`: the dashboard, whose pages of each steward and dataset the messages link to; null: no links. */
  readonly webUrl?: string | null;
  readonly datasets: ReadonlyMap<string, { readonly title: string; readonly portalId: string | null; readonly lastUpdated: string | null }>;
  readonly tasks: ReadonlyMap<string, { readonly title: string; readonly deadlineText: string }>;
  readonly stewards: ReadonlyMap<string, string>;
}

export const EMPTY_CATALOG: SubjectCatalog = { portalUrl: null, webUrl: null, datasets: new Map(), tasks: new Map(), stewards: new Map() };

/** The dashboard's page of a steward or a dataset (src/web), when `web.baseUrl` is set; else empty. */
export function monitorLink(catalog: Pick<SubjectCatalog, 'webUrl'>, kind: 'stewards' | 'datasets', id: string): string {
  return catalog.webUrl ? `${catalog.webUrl}/${kind}/${encodeURIComponent(id)}` : '';
}

/** What an item of a letter is made from: a notice candidate's finding, or a finding as stored. */
export type FindingLike = Pick<NoticeCandidate, 'rule' | 'severity' | 'subjectType' | 'subjectId' | 'message' | 'dueAt' | 'daysOverdue' | 'openedAt'>;

/** A shipped rule's finding: what to do (its state, the same on the pages, is in src/views/finding-states.ts). */
interface Presentation {
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
    action: 'Оновити набір даних на Порталі відкритих даних або повідомити причину затримки.',
    selfAction: 'Оновити набір даних на Порталі відкритих даних.',
  },
  'missing-dataset': {
    action: 'Оприлюднити набір даних на Порталі відкритих даних або повідомити причину затримки.',
    selfAction: 'Оприлюднити набір даних на Порталі відкритих даних.',
  },
  'overdue-plan-task': { action: 'Виконати завдання або повідомити про стан його виконання.', selfAction: 'Виконати завдання.' },
  'plan-task-due-soon': { action: 'Виконати завдання до строку.' },
  'unknown-frequency': { action: 'Зазначити періодичність оновлення в паспорті набору даних.' },
  'portal-dataset-gone': {
    action: 'Відновити оприлюднення або повідомити, з якої причини набір знято.',
    selfAction: 'Відновити оприлюднення набору на Порталі відкритих даних.',
  },
  'portal-no-resources': { action: 'Додати дані (ресурс) до набору на Порталі.' },
  'portal-document-formats-only': {
    action: 'Додати ресурс у форматі CSV, XLSX, JSON або XML (Постанова КМУ № 835).',
  },
  'portal-frequency-mismatch': { action: 'Узгодити паспорт набору на Порталі з реєстром.' },
  'portal-missing-contact': {
    action: 'Заповнити поля «Відповідальна особа» та «Email відповідальної особи».',
  },
  'unassigned-dataset': { action: 'Визначити відповідального розпорядника.' },
  'steward-without-contact': { action: 'Додати адресу електронної пошти до реєстру розпорядників.' },
};

export { findingState, hasOwnState };

function actionOf(p: Presentation, self: boolean): string {
  return self ? (p.selfAction ?? p.action) : p.action;
}

export interface ItemRow {
  /** «Набір даних» / «Завдання 1.3 Плану дій». */
  readonly kind: string;
  readonly title: string;
  readonly link: string;
  readonly hasLink: boolean;
  /** The item's page on the dashboard (a dataset's or a steward's), when `web.baseUrl` is set. */
  readonly page: string;
  readonly hasPage: boolean;
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
const OWN_RULE: Presentation = { action: 'Усунути невідповідність або повідомити причину затримки.', selfAction: 'Усунути невідповідність.' };

/** One row of a notice's table; `self`: of the sending unit's own notice, whose actions never ask it to report. */
export function itemRow(f: FindingLike, catalog: SubjectCatalog, self = false): ItemRow {
  const shipped = Object.hasOwn(SHIPPED, f.rule) ? SHIPPED[f.rule] : undefined;
  const { kind, title } = subjectOf(f, catalog);
  const link = f.subjectType === 'dataset' ? portalLink(catalog, f.subjectId) : '';
  const page = f.subjectType === 'dataset' ? monitorLink(catalog, 'datasets', f.subjectId) : f.subjectType === 'steward' ? monitorLink(catalog, 'stewards', f.subjectId) : '';
  const late = f.daysOverdue !== null && f.daysOverdue > 0 ? f.daysOverdue : 0;
  const last = f.subjectType === 'dataset' ? catalog.datasets.get(f.subjectId)?.lastUpdated : null;
  return {
    kind,
    title,
    link,
    hasLink: link !== '',
    page,
    hasPage: page !== '',
    state: findingState(f.rule, f.message),
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
