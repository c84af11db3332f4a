/**
 * `/`: the council at a glance (dashboard.md, item 3) — the score and its trend by quarter (a chart with its
 * numbers beside it), the state of every dataset by status, the stewards worst first, and the plan's progress.
 */
import { changePp, isMarkedDrop, trendChart } from '../../charts/svg';
import { ALL_STEWARDS } from '../../history/score';
import { fromStoredInstant } from '../../time/days';
import { quarterTrend, type TrendQuarter } from '../../views/history';
import { DATASET_STATUS_LABELS, DATASET_STATUSES, TASK_STATUS_LABELS, TASK_STATUSES, taskStatus } from '../../views/statuses';
import { planProgress } from '../../views/tasks';
import { change, count, num, percentText } from '../format';
import { html, type Html } from '../html';
import { page } from '../layout';
import { chartWithTable, datasetTag, n, rubricHref, scoreLink, table, taskTag } from '../parts';
import { planTasks, shellOf, type PageContext } from './context';
import { overdueTasksBySteward, stewardsTable, tasksTable } from './tables';

/** Stewards listed on the overview; the rest are on /stewards. */
export const OVERVIEW_STEWARDS = 20;

/** The score by quarter as a chart, and the same numbers as a table beside it. */
export function trendSection(id: string, title: string, subject: string, trend: readonly TrendQuarter[], rubric: string): Html {
  const svg = trendChart(
    { id, title, description: `Частка обов’язкових наборів даних ${subject}, оприлюднених і оновлених вчасно, за кварталами; поточний квартал не завершено` },
    trend.map((q) => ({ label: q.label.replace(/ кв\. /, ' кв.\n'), value: q.score, final: q.final })),
    { width: 640, height: 270 },
  );
  const head = html`<tr><th scope="col">Квартал</th><th scope="col" class="num"><a href="${rubric}">Оцінка</a></th><th scope="col" class="num">Вчасно</th><th scope="col" class="num">Обов’язкових без призупинених</th><th scope="col" class="num">Прострочено</th><th scope="col" class="num">Не оприлюднено</th></tr>`;
  const body = trend.map((q, i) => {
    const pp = i > 0 ? changePp(q.score, trend[i - 1].score) : null;
    return html`<tr><th scope="row">${q.label}${q.final ? '' : html` <span class="muted">(поточний, не остаточно)</span>`}</th>
<td class="num">${percentText(q.score)}${isMarkedDrop(pp) ? html` <span class="drop"><span aria-hidden="true">▼</span> ${change(pp)}</span>` : ''}</td>${n(q.onTime)}${n(q.required - q.suspended)}${n(q.late)}${n(q.neverPublished)}</tr>`;
  });
  const numbers = table(`${id}-table`, `${title}: числа`, head, body);
  return chartWithTable({ id, title, description: `Оцінка ${subject} за кварталами`, svg }, numbers);
}

export function overviewPage(ctx: PageContext): Html {
  const p = ctx.picture;
  const l = ctx.links;
  const c = p.council;
  const asOf = fromStoredInstant(p.asOf);
  const tasks = planTasks(ctx);
  const progress = planProgress(tasks);
  const judged = c.required - c.suspended;
  const prevScore = p.previousQuarter?.scores.get(ALL_STEWARDS) ?? null;
  const pp = changePp(c.score, prevScore);
  const cards = html`<ul class="cards">
<li class="card"><span class="label">Оцінка міської ради</span><span class="value">${scoreLink(l, percentText(c.score))}</span><span class="note">вчасно ${num(c.onTime)} з ${num(judged)} обов’язкових${pp === null ? '' : html`; ${isMarkedDrop(pp) ? '▼ ' : ''}${change(pp)} від ${p.previousQuarter?.label ?? ''}`}</span></li>
<li class="card c-overdue"><span class="label">Прострочено оновлення</span><span class="value">${num(c.late)}</span><span class="note">обов’язкових наборів</span></li>
<li class="card c-not-published"><span class="label">Не оприлюднено</span><span class="value">${num(c.neverPublished)}</span><span class="note">обов’язкових наборів</span></li>
<li class="card c-suspended"><span class="label">Призупинено</span><span class="value">${num(c.suspended)}</span><span class="note">обов’язкових наборів; воєнний стан та інші підстави</span></li>
<li class="card"><span class="label">Відкриті порушення</span><span class="value"><a href="${l.root}findings">${num(c.openFindings)}</a></span><span class="note">усіх правил</span></li>
<li class="card"><span class="label">Завдання плану</span><span class="value"><a href="${l.root}plan">${num(progress.done + progress.doneLate)} з ${num(progress.total)}</a></span><span class="note">виконано; прострочено: ${num(progress.overdue)}</span></li>
</ul>`;
  const statusHead = html`<tr><th scope="col">Стан</th><th scope="col" class="num">Усі набори</th></tr>`;
  const statusBody = DATASET_STATUSES.map((s) => html`<tr><th scope="row">${datasetTag(s)}</th>${n(p.statusCounts[s])}</tr>`);
  const statuses = table('statuses', html`Набори даних реєстру за станом (усього ${num(p.datasets.length)}, обов’язкові й ні)`, statusHead, statusBody, {
    narrow: true,
    foot: html`<tr><th scope="row">Усього</th>${n(p.datasets.length)}</tr>`,
  });
  const trend = quarterTrend(ctx.src, ALL_STEWARDS, asOf, c);
  const overdueTasks = overdueTasksBySteward(tasks);
  const worst = p.stewards.slice(0, OVERVIEW_STEWARDS);
  const taskCounts = TASK_STATUSES.map((s) => html`<li>${taskTag(s)} ${num(tasks.filter((t) => taskStatus(t.state) === s).length)}</li>`);
  const content = html`<h1>Стан оприлюднення відкритих даних</h1>
<p class="lead">${ctx.council}: ${count(c.required, 'обов’язковий набір', 'обов’язкові набори', 'обов’язкових наборів')} даних у реєстрі, з них вчасно оприлюднено й оновлено ${num(c.onTime)}.
<a href="${rubricHref(l)}">Як рахується оцінка</a>.</p>
${cards}
<h2 id="trend">Оцінка за кварталами</h2>
${trendSection('council-trend', 'Оцінка міської ради за кварталами', 'міської ради', trend, rubricHref(l))}
<h2 id="stewards">Розпорядники — від найнижчої оцінки</h2>
<p>Спершу ті, чия оцінка найнижча (▲); за однакової — ті, хто має більше відкритих порушень. ${p.stewards.length > worst.length ? html`Показано ${num(worst.length)} з ${num(p.stewards.length)}: <a href="${l.root}stewards">усі розпорядники</a>.` : ''}</p>
${worst.length === 0 ? html`<p>Розпорядників із наборами даних або порушеннями немає.</p>` : stewardsTable(ctx, 'stewards-worst', 'Розпорядники від найнижчої оцінки', worst, 0, overdueTasks)}
<p class="key">Оцінка — частка обов’язкових наборів, оприлюднених і оновлених вчасно. Зміна — у відсоткових пунктах (п. п.) від кінця попереднього кварталу; ▼ — падіння на 10 п. п. і більше.</p>
<h2 id="datasets">Набори даних за станом</h2>
${statuses}
<p class="key">${DATASET_STATUSES.map((s) => DATASET_STATUS_LABELS[s]).join(', ')} — <a href="${rubricHref(l)}#statuses">що означає кожен стан</a>.</p>
<h2 id="plan">План дій</h2>
<ul class="chips" aria-label="Завдання плану за станом">${taskCounts}</ul>
${tasksTable(ctx, 'plan-tasks', html`Завдання плану (${num(progress.total)}): ${TASK_STATUSES.map((s) => TASK_STATUS_LABELS[s].toLocaleLowerCase('uk')).join(', ')}`, tasks)}
<p><a href="${l.root}plan">План дій: відповідальні й строки</a></p>`;
  return page(shellOf(ctx, 'Огляд', 'overview'), content);
}
