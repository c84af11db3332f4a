/** The tables several pages share: stewards worst first, a steward's datasets, open findings, plan tasks. */
import { changePp, isMarkedDrop } from '../../charts/svg';
import { findingState, hasOwnState } from '../../views/finding-states';
import { findingMessages } from '../../views/findings';
import { SEVERITY_UK } from '../../uk';
import type { StewardCompliance } from '../../views/compliance';
import type { PictureDataset, PublicFinding } from '../../views/picture';
import { DATASET_STATUSES, TASK_STATUS_LABELS, taskStatus } from '../../views/statuses';
import type { PlanTaskView } from '../../views/tasks';
import { byUkrainian, day, deadlineDay, num, percentText } from '../format';
import { html, type Html, type Part } from '../html';
import { changeCell, datasetHref, datasetTag, n, rubricHref, stewardHref, table, taskTag } from '../parts';
import type { PageContext } from './context';

/** Overdue plan tasks per steward (a task of several units counts for each). */
export function overdueTasksBySteward(tasks: readonly PlanTaskView[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of tasks) if (t.state === 'overdue') for (const id of t.stewardIds) out.set(id, (out.get(id) ?? 0) + 1);
  return out;
}

/**
 * Stewards worst first (the order of src/views/compliance.ts: lowest score first, whatever else), with the
 * columns of dashboard.md: score, change since the last quarter, required, published, on time, late, never
 * published, overdue plan tasks, open findings.
 */
export function stewardsTable(ctx: PageContext, id: string, caption: string, rows: readonly StewardCompliance[], start: number, overdueTasks: ReadonlyMap<string, number>): Html {
  const l = ctx.links;
  const prev = ctx.picture.previousQuarter;
  const head = html`<tr><th scope="col" class="num">№</th><th scope="col">Розпорядник</th><th scope="col" class="num"><a href="${rubricHref(l)}">Оцінка</a> ▲</th>
<th scope="col" class="num">Зміна${prev === null ? ' за квартал' : html` від ${prev.label}`}</th><th scope="col" class="num">Обов’язкових</th><th scope="col" class="num">Оприлюднено</th>
<th scope="col" class="num">Вчасно</th><th scope="col" class="num">Прострочено</th><th scope="col" class="num">Не оприлюднено</th>
<th scope="col" class="num">Прострочені завдання плану</th><th scope="col" class="num">Відкриті порушення</th></tr>`;
  const body = rows.map((r, i) => {
    const pp = changePp(r.score, prev?.scores.get(r.id) ?? null);
    return html`<tr${isMarkedDrop(pp) ? html` class="dropped"` : ''}><td class="num">${num(start + i + 1)}</td><th scope="row"><a href="${stewardHref(l, r.id)}">${r.name}</a></th>
<td class="num">${percentText(r.score)}</td><td class="num">${changeCell(pp)}</td>${n(r.required)}${n(r.published)}${n(r.onTime)}${n(r.late)}${n(r.neverPublished)}${n(overdueTasks.get(r.id) ?? 0)}${n(r.openFindings)}</tr>`;
  });
  return table(id, caption, head, body, { className: 'stewards' });
}

const STATUS_RANK = new Map(DATASET_STATUSES.map((s, i) => [s, i]));

/** Worst first: overdue (most days first), never published, due soon (nearest first), no frequency, on time, suspended. */
export function worstFirst(list: readonly PictureDataset[]): PictureDataset[] {
  return [...list].sort(
    (a, b) =>
      (STATUS_RANK.get(a.status) ?? 9) - (STATUS_RANK.get(b.status) ?? 9) ||
      (b.daysOverdue ?? -1e9) - (a.daysOverdue ?? -1e9) ||
      byUkrainian(a.title, b.title) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** Datasets with status, frequency, last update, next due date and days late. */
export function datasetsTable(ctx: PageContext, id: string, caption: string, rows: readonly PictureDataset[], opts: { readonly steward?: boolean } = {}): Html {
  const l = ctx.links;
  const head = html`<tr><th scope="col">Набір даних</th>${opts.steward ? html`<th scope="col">Розпорядник</th>` : ''}<th scope="col">Стан</th><th scope="col">Обов’язковий</th>
<th scope="col">Періодичність</th><th scope="col" class="num">Останнє оновлення</th><th scope="col" class="num">Наступний строк</th><th scope="col" class="num">Днів прострочено</th></tr>`;
  const body = rows.map((d) => {
    const steward = d.stewardId === null ? 'не визначено' : (ctx.picture.stewardInfo.get(d.stewardId)?.name ?? d.stewardId);
    return html`<tr><th scope="row"><a href="${datasetHref(l, d.id)}">${d.title}</a></th>${opts.steward ? html`<td>${d.stewardId === null ? steward : html`<a href="${stewardHref(l, d.stewardId)}">${steward}</a>`}</td>` : ''}
<td>${datasetTag(d.status)}</td><td>${d.required ? 'так' : 'ні'}</td><td>${d.frequencyLabel || 'не вказано'}</td>
<td class="num">${day(d.lastUpdated)}</td><td class="num">${d.status === 'suspended' ? '—' : deadlineDay(d.dueAt)}</td><td class="num">${d.status === 'overdue' && d.daysOverdue !== null ? num(d.daysOverdue) : '—'}</td></tr>`;
  });
  return table(id, caption, head, body, { className: 'datasets' });
}

/** The responsible stewards of a finding in words: names with links, or how many when it is every department. */
function stewardsCell(ctx: PageContext, ids: readonly string[]): Html {
  if (ids.length === 0) return html`не закріплено`;
  if (ids.length > 3) return html`${num(ids.length)} розпорядників`;
  return html`${ids.map((id, i) => html`${i > 0 ? '; ' : ''}<a href="${stewardHref(ctx.links, id)}">${ctx.picture.stewardInfo.get(id)?.name ?? id}</a>`)}`;
}

/** What a finding is about, named and linked: a dataset's page, a plan task, a steward's page. */
function subjectCell(ctx: PageContext, f: PublicFinding, taskTitles: ReadonlyMap<string, string>): Html {
  const l = ctx.links;
  if (f.subject.type === 'dataset') {
    const d = ctx.picture.datasetById.get(f.subject.id);
    return html`Набір даних <a href="${datasetHref(l, f.subject.id)}">«${d?.title ?? f.subject.id}»</a>`;
  }
  if (f.subject.type === 'task') return html`Завдання ${f.subject.id} <a href="${l.root}plan#task-${f.subject.id}">«${taskTitles.get(f.subject.id) ?? ''}»</a>`;
  return html`Розпорядник <a href="${stewardHref(l, f.subject.id)}">${ctx.picture.stewardInfo.get(f.subject.id)?.name ?? f.subject.id}</a>`;
}

/** Open findings: what, whose, its state, the deadline, days late, since when, how important. */
export function findingsTable(ctx: PageContext, id: string, caption: string, rows: readonly PublicFinding[], tasks: readonly PlanTaskView[]): Html {
  // A council's own rule says its state in its message: read those few messages, not every finding's.
  const messages = findingMessages(ctx.src, rows.filter((f) => !hasOwnState(f.rule)).map((f) => f.id));
  const taskTitles = new Map(tasks.map((t) => [t.id, t.title]));
  const head = html`<tr><th scope="col" class="num">№</th><th scope="col">Що</th><th scope="col">Розпорядник</th><th scope="col">Стан</th>
<th scope="col" class="num">Строк</th><th scope="col" class="num">Днів прострочено</th><th scope="col" class="num">Виявлено</th><th scope="col">Важливість</th></tr>`;
  const body = rows.map(
    (f) => html`<tr><td class="num">${num(f.id)}</td><td>${subjectCell(ctx, f, taskTitles)}</td><td>${stewardsCell(ctx, f.stewards)}</td>
<td>${findingState(f.rule, messages.get(f.id)?.message ?? '')}</td><td class="num">${deadlineDay(f.dueAt)}</td>
<td class="num">${f.daysOverdue !== null && f.daysOverdue > 0 ? num(f.daysOverdue) : '—'}</td><td class="num">${day(f.openedAt)}</td><td class="severity">${SEVERITY_UK[f.severity]}</td></tr>`,
  );
  return table(id, caption, head, body, { className: 'findings' });
}

/** Plan tasks: number, task, deadline (as the plan writes it, and the day), who, status. */
export function tasksTable(ctx: PageContext, id: string, caption: Part, rows: readonly PlanTaskView[], opts: { readonly responsible?: boolean; readonly anchors?: boolean } = {}): Html {
  const head = html`<tr><th scope="col" class="num">№</th><th scope="col">Завдання</th><th scope="col">Строк</th>${opts.responsible ? html`<th scope="col">Відповідальні</th>` : ''}<th scope="col">Стан</th></tr>`;
  const body = rows.map((t) => {
    const words = t.status.charAt(0).toLocaleUpperCase('uk') + t.status.slice(1);
    return html`<tr${opts.anchors ? html` id="task-${t.id}"` : ''}><td class="num">${t.id}</td><th scope="row">${t.title}</th>
<td>${t.deadlineText}${t.deadlineDay === null ? '' : html`<br><span class="muted">до ${day(t.deadlineDay)}</span>`}</td>${opts.responsible ? html`<td>${t.responsibleText}</td>` : ''}
<td>${taskTag(taskStatus(t.state))}${words.toLocaleLowerCase('uk') === TASK_STATUS_LABELS[taskStatus(t.state)].toLocaleLowerCase('uk') ? '' : html`<br><span class="muted">${words}</span>`}</td></tr>`;
  });
  return table(id, caption, head, body, { className: 'tasks' });
}

