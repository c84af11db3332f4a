/**
 * `/stewards`: every steward worst first, in pages; `/stewards/{id}`: one steward's page (dashboard.md, item 5) —
 * one sentence of its state, its counts by status, its score by quarter, its datasets worst first (with last
 * update and next due date), its plan tasks and its open findings. No addresses: only whether it can be told.
 */
import { fromStoredInstant } from '../../time/days';
import { quarterTrend } from '../../views/history';
import { countStatuses } from '../../views/picture';
import { DATASET_STATUSES } from '../../views/statuses';
import { count, num, percentText } from '../format';
import { html, type Html } from '../html';
import { page } from '../layout';
import { datasetTag, n, pager, query, rubricHref, scoreLink, stewardHref, table } from '../parts';
import { planTasks, shellOf, type PageContext } from './context';
import { trendSection } from './overview';
import { datasetsTable, findingsTable, overdueTasksBySteward, stewardsTable, tasksTable, worstFirst } from './tables';

export const STEWARDS_PER_PAGE = 100;
export const DATASETS_PER_PAGE = 100;
export const STEWARD_FINDINGS = 50;

export function stewardsPage(ctx: PageContext, offset: number): Html {
  const p = ctx.picture;
  const rows = p.stewards.slice(offset, offset + STEWARDS_PER_PAGE);
  const tasks = planTasks(ctx);
  const paging = { total: p.stewards.length, offset, limit: STEWARDS_PER_PAGE };
  const href = (o: number): string => `${ctx.links.root}stewards${query({ offset: o || null })}`;
  const content = html`<h1>Розпорядники</h1>
<p>Від найнижчої <a href="${rubricHref(ctx.links)}">оцінки</a>; за однакової — ті, хто має більше відкритих порушень. Розпорядників без обов’язкових наборів, порушень і призупинень не показано.</p>
${pager(paging, href, 'розпорядники')}
${rows.length === 0 ? html`<p>Розпорядників із наборами даних або порушеннями немає.</p>` : stewardsTable(ctx, 'stewards', 'Розпорядники від найнижчої оцінки', rows, offset, overdueTasksBySteward(tasks))}
${pager(paging, href, 'розпорядники')}`;
  return page(shellOf(ctx, 'Розпорядники', 'stewards'), content);
}

/** The sentence that opens a steward's page: its score and what is wrong, in words. */
function stewardSentence(c: { score: number | null; onTime: number; required: number; suspended: number; late: number; neverPublished: number; openFindings: number }): string {
  const judged = c.required - c.suspended;
  if (judged === 0) return c.openFindings === 0 ? 'Обов’язкових наборів даних, які можна оцінити, немає; відкритих порушень немає.' : `Обов’язкових наборів даних, які можна оцінити, немає; відкритих порушень: ${num(c.openFindings)}.`;
  const wrong = [c.late > 0 ? `прострочено оновлення — ${num(c.late)}` : '', c.neverPublished > 0 ? `не оприлюднено — ${num(c.neverPublished)}` : ''].filter(Boolean).join('; ');
  return `Оцінка — ${percentText(c.score)}: вчасно ${num(c.onTime)} з ${count(judged, 'обов’язкового набору', 'обов’язкових наборів', 'обов’язкових наборів')}${wrong ? `; ${wrong}` : ''}. Відкритих порушень: ${num(c.openFindings)}.`;
}

export function stewardPage(ctx: PageContext, id: string, offset: number): Html | null {
  const p = ctx.picture;
  const info = p.stewardInfo.get(id);
  if (info === undefined) return null;
  const l = ctx.links;
  const asOf = fromStoredInstant(p.asOf);
  const mine = p.datasetsBySteward.get(id) ?? [];
  const row = p.stewards.find((s) => s.id === id);
  const required = mine.filter((d) => d.required);
  // A steward with nothing to count is not among the rows: its counts are all zero.
  const c = row ?? { id, name: info.name, required: 0, published: 0, onTime: 0, late: 0, neverPublished: 0, suspended: 0, score: null, openFindings: (p.findingsBySteward.get(id) ?? []).length, reachable: info.reachable };
  const all = countStatuses(mine);
  const req = countStatuses(required);
  const statusHead = html`<tr><th scope="col">Стан</th><th scope="col" class="num">Обов’язкові</th><th scope="col" class="num">Усі набори</th></tr>`;
  const statusBody = DATASET_STATUSES.map((s) => html`<tr><th scope="row">${datasetTag(s)}</th>${n(req[s])}${n(all[s])}</tr>`);
  const statuses = table('statuses', 'Набори даних за станом', statusHead, statusBody, { narrow: true, foot: html`<tr><th scope="row">Усього</th>${n(required.length)}${n(mine.length)}</tr>` });
  const sorted = worstFirst(mine);
  const shown = sorted.slice(offset, offset + DATASETS_PER_PAGE);
  const paging = { total: sorted.length, offset, limit: DATASETS_PER_PAGE };
  const href = (o: number): string => `${stewardHref(l, id)}${query({ offset: o || null })}#datasets`;
  const findings = p.findingsBySteward.get(id) ?? [];
  const tasks = planTasks(ctx, id);
  const trend = quarterTrend(ctx.src, id, asOf, c);
  const s = c.late + c.neverPublished > 0 ? 's-overdue' : c.score === null ? '' : 's-on-time';
  const content = html`<nav class="breadcrumbs" aria-label="Де ви є"><ol><li><a href="${l.root}">Огляд</a></li><li><a href="${l.root}stewards">Розпорядники</a></li><li aria-current="page">${info.name}</li></ol></nav>
<h1>${info.name}</h1>
<p class="status-line ${s}">${stewardSentence(c)} ${scoreLink(l, 'Як рахується оцінка')}</p>
${info.reachable ? '' : html`<p class="warning">До реєстру не внесено адреси для повідомлень цього розпорядника: повідомлення про порушення йому не надходять.</p>`}
${statuses}
<h2 id="trend">Оцінка за кварталами</h2>
${trendSection('steward-trend', 'Оцінка за кварталами', 'розпорядника', trend, rubricHref(l))}
<h2 id="datasets">Набори даних (${num(mine.length)})</h2>
${mine.length === 0 ? html`<p>За розпорядником не закріплено жодного набору даних.</p>` : html`${pager(paging, href, 'набори даних')}${datasetsTable(ctx, 'datasets-table', 'Набори даних: спершу прострочені', shown)}${pager(paging, href, 'набори даних')}`}
<h2 id="tasks">Завдання плану (${num(tasks.length)})</h2>
${tasks.length === 0 ? html`<p>Завдань плану, за які відповідає розпорядник, немає.</p>` : tasksTable(ctx, 'tasks-table', 'Завдання плану, за які відповідає розпорядник (зокрема як один з усіх розпорядників)', tasks)}
<h2 id="findings">Відкриті порушення (${num(findings.length)})</h2>
${findings.length === 0
  ? html`<p>Відкритих порушень немає.</p>`
  : html`${findingsTable(ctx, 'findings-table', findings.length > STEWARD_FINDINGS ? `Перші ${STEWARD_FINDINGS} з ${num(findings.length)} відкритих порушень` : 'Відкриті порушення', findings.slice(0, STEWARD_FINDINGS), tasks)}
<p><a href="${l.root}findings${query({ steward: id })}">Усі порушення розпорядника з фільтрами</a></p>`}`;
  return page(shellOf(ctx, info.name, 'stewards'), content);
}
