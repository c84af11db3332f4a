/**
 * The pieces every page is made of: status tags (text + colour + icon shape, never colour alone), tables that
 * scroll sideways on a phone, the pager, a chart with its numbers beside it, and links between pages. Links are
 * relative to the page (`root`), so the dashboard works behind a reverse proxy at any path.
 */
import { isMarkedDrop, type ChartText } from '../charts/svg';
import { DATASET_STATUS_LABELS, TASK_STATUS_LABELS, type DatasetStatus, type TaskStatus } from '../views/statuses';
import { change, num } from './format';
import { html, trusted, type Html, type Part } from './html';

/** The shape that goes with each status, so that it reads without colour (and in print). */
export const DATASET_ICONS: Readonly<Record<DatasetStatus, string>> = {
  'on-time': '✓',
  'due-soon': '◷',
  overdue: '✗',
  'not-published': '○',
  suspended: '‖',
  'no-frequency': '?',
};

export const TASK_ICONS: Readonly<Record<TaskStatus, string>> = { done: '✓', 'in-progress': '◷', overdue: '✗' };

export function datasetTag(status: DatasetStatus): Html {
  return html`<span class="tag tag-${status}"><span class="tag-icon" aria-hidden="true">${DATASET_ICONS[status]}</span> ${DATASET_STATUS_LABELS[status]}</span>`;
}

export function taskTag(status: TaskStatus): Html {
  return html`<span class="tag tag-task-${status}"><span class="tag-icon" aria-hidden="true">${TASK_ICONS[status]}</span> ${TASK_STATUS_LABELS[status]}</span>`;
}

/** Where the page's links start from: `./` on `/`, `../` on `/stewards/x`. */
export interface Links {
  readonly root: string;
}

export function linksFor(path: string): Links {
  const depth = path.split('?')[0].split('/').length - 2;
  return { root: depth <= 0 ? './' : '../'.repeat(depth) };
}

export const stewardHref = (l: Links, id: string): string => `${l.root}stewards/${encodeURIComponent(id)}`;
export const datasetHref = (l: Links, id: string): string => `${l.root}datasets/${encodeURIComponent(id)}`;
export const rubricHref = (l: Links): string => `${l.root}rubric`;

/** A score with its rubric one click away: every score on every page links to how it is counted. */
export function scoreLink(l: Links, text: string): Html {
  return html`<a href="${rubricHref(l)}" class="score" title="Як рахується оцінка">${text}</a>`;
}

/** A change of score; a drop of 10 points or more is marked ▼ and in words for screen readers. */
export function changeCell(pp: number | null): Html {
  if (!isMarkedDrop(pp)) return html`${change(pp)}`;
  return html`<span class="drop"><span aria-hidden="true">▼ </span><span class="visually-hidden">падіння: </span>${change(pp)}</span>`;
}

/**
 * A table in a region that scrolls sideways when the screen is narrower than it (a phone), named by its caption
 * and reachable by keyboard.
 */
export function table(id: string, caption: Part, head: Html, body: readonly Html[], opts: { readonly className?: string; readonly foot?: Html; readonly narrow?: boolean } = {}): Html {
  return html`<div class="table-wrap" role="region" aria-labelledby="${id}-caption" tabindex="0">
<table id="${id}" class="${[opts.className ?? '', opts.narrow ? 'narrow' : ''].join(' ').trim()}"><caption id="${id}-caption">${caption}</caption>
<thead>${head}</thead>
<tbody>${body}</tbody>${opts.foot === undefined ? '' : html`<tfoot>${opts.foot}</tfoot>`}</table></div>`;
}

/** A number cell: right-aligned, thousands apart. */
export const n = (value: number | string): Html => html`<td class="num">${typeof value === 'number' ? num(value) : value}</td>`;

/** A chart (SVG from src/charts, which escapes its own text) with the table of its numbers beside it. */
export function chartWithTable(chart: ChartText & { readonly svg: string }, numbers: Html): Html {
  return html`<div class="chart-pair"><figure class="chart" aria-labelledby="${chart.id}-figcaption">${trusted(chart.svg)}<figcaption id="${chart.id}-figcaption">${chart.description}. Ті самі числа — у таблиці.</figcaption></figure>
<div class="chart-numbers">${numbers}</div></div>`;
}

export interface Paging {
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
}

/** «Показано 51–100 з 32 912» with previous / next links that keep the page's other query parameters. */
export function pager(p: Paging, hrefFor: (offset: number) => string, what: string): Html {
  // A list that fits on one page needs no pager: its heading says how many.
  if (p.total <= p.limit && p.offset === 0) return html``;
  const from = Math.min(p.total, p.offset + 1);
  const to = Math.min(p.total, p.offset + p.limit);
  const shown = html`<p class="pager-count">Показано ${num(from)}–${num(to)} з ${num(p.total)} (${what}).</p>`;
  if (p.total <= p.limit) return shown;
  const prev = p.offset > 0 ? html`<a rel="prev" href="${hrefFor(Math.max(0, p.offset - p.limit))}">← Попередні ${num(p.limit)}</a>` : '';
  const next = to < p.total ? html`<a rel="next" href="${hrefFor(p.offset + p.limit)}">Наступні ${num(Math.min(p.limit, p.total - to))} →</a>` : '';
  return html`<nav class="pager" aria-label="Сторінки: ${what}">${shown}<p class="pager-links">${prev}${prev && next ? ' ' : ''}${next}</p></nav>`;
}

/** A query string from the parameters that have a value: `?steward=x&page=2`. */
export function query(params: Readonly<Record<string, string | number | null | undefined>>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

/** A definition list of facts: term → description. */
export function facts(rows: readonly (readonly [string, Part])[]): Html {
  return html`<dl class="facts">${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}
