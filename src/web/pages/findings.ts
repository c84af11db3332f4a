/**
 * `/findings`: the open findings, worst first, filtered by rule, steward and severity (a plain GET form: it works
 * without JavaScript), in pages of at most MAX_LIMIT. The chosen filters show as chips that remove themselves.
 */
import { SEVERITIES, type Severity } from '../../domain';
import { findingState } from '../../views/finding-states';
import { SEVERITY_UK } from '../../uk';
import type { CompliancePicture, PublicFinding } from '../../views/picture';
import { byUkrainian, num } from '../format';
import { html, type Html } from '../html';
import { page } from '../layout';
import { pager, query } from '../parts';
import { planTasks, shellOf, type PageContext } from './context';
import { findingsTable } from './tables';

export const DEFAULT_LIMIT = 50;
/** The most findings one page lists, whatever `limit` asks. */
export const MAX_LIMIT = 200;
/** Above this many stewards the steward filter is a text field, not a list. */
const STEWARD_SELECT_MAX = 300;

export interface FindingsQuery {
  readonly rule?: string;
  readonly steward?: string;
  readonly severity?: Severity;
  readonly offset: number;
  readonly limit: number;
}

/** A query's problem in words (a 400 page), or the query; a steward the register lacks is the caller's 404. */
export function parseFindingsQuery(q: Readonly<Record<string, unknown>>): FindingsQuery | string {
  const text = (k: string): string | undefined => {
    const v = q[k];
    const s = Array.isArray(v) ? v[0] : v;
    return typeof s === 'string' && s.trim() !== '' ? s.trim() : undefined;
  };
  const whole = (k: string, fallback: number): number | string => {
    const v = text(k);
    if (v === undefined) return fallback;
    return /^\d{1,9}$/.test(v) ? Number(v) : `«${k}» має бути цілим невід’ємним числом, а не «${v}»`;
  };
  const rule = text('rule');
  if (rule !== undefined && !/^[a-z0-9][a-z0-9-]{0,99}$/.test(rule)) return `правила «${rule}» не буває: назва правила — латинські літери, цифри й дефіси`;
  const severity = text('severity');
  if (severity !== undefined && !(SEVERITIES as readonly string[]).includes(severity)) return `важливості «${severity}» немає (є: ${SEVERITIES.join(', ')})`;
  const offset = whole('offset', 0);
  if (typeof offset === 'string') return offset;
  const limit = whole('limit', DEFAULT_LIMIT);
  if (typeof limit === 'string') return limit;
  return { rule, steward: text('steward'), severity: severity as Severity | undefined, offset, limit: Math.max(1, Math.min(MAX_LIMIT, limit)) };
}

const SEVERITY_RANK = new Map(SEVERITIES.map((s, i) => [s, i]));

/** Most important first, then most days late, then the oldest. */
export function worstFindingsFirst(list: readonly PublicFinding[]): PublicFinding[] {
  return [...list].sort((a, b) => (SEVERITY_RANK.get(a.severity) ?? 9) - (SEVERITY_RANK.get(b.severity) ?? 9) || (b.daysOverdue ?? -1e9) - (a.daysOverdue ?? -1e9) || a.id - b.id);
}

interface Facets {
  /** Every open finding, worst first. */
  readonly worst: readonly PublicFinding[];
  /** A finding's place in `worst`, by id. */
  readonly rank: ReadonlyMap<number, number>;
  /** The rules that have open findings, by name. */
  readonly rules: readonly string[];
  /** The stewards that have open findings, alphabetically. */
  readonly stewards: readonly { readonly id: string; readonly name: string }[];
}

/** What the page needs of all the findings, made once per picture: a national register has tens of thousands. */
const facetsOnce = new WeakMap<CompliancePicture, Facets>();
function facetsOf(p: CompliancePicture): Facets {
  let f = facetsOnce.get(p);
  if (f === undefined) {
    const worst = worstFindingsFirst(p.findings);
    f = {
      worst,
      rank: new Map(worst.map((x, i) => [x.id, i])),
      rules: [...new Set(p.findings.map((x) => x.rule))].sort(),
      stewards: p.stewards.filter((s) => s.openFindings > 0).sort((a, b) => byUkrainian(a.name, b.name)),
    };
    facetsOnce.set(p, f);
  }
  return f;
}

/** The page, or null when the steward filter names a steward the register does not have. */
export function findingsPage(ctx: PageContext, q: FindingsQuery): Html | null {
  const p = ctx.picture;
  const l = ctx.links;
  if (q.steward !== undefined && !p.stewardInfo.has(q.steward)) return null;
  // Worst first, and still in that order once filtered.
  const facets = facetsOf(p);
  // A steward's own list is short: put it in the worst-first order rather than search every finding for it.
  const base = q.steward === undefined ? facets.worst : [...(p.findingsBySteward.get(q.steward) ?? [])].sort((a, b) => (facets.rank.get(a.id) ?? 0) - (facets.rank.get(b.id) ?? 0));
  const matching = base.filter((f) => (q.rule === undefined || f.rule === q.rule) && (q.severity === undefined || f.severity === q.severity));
  const shown = matching.slice(q.offset, q.offset + q.limit);
  const rules = facets.rules;
  const withFindings = facets.stewards;
  const params = { rule: q.rule, steward: q.steward, severity: q.severity, limit: q.limit === DEFAULT_LIMIT ? null : q.limit };
  const href = (o: number): string => `${l.root}findings${query({ ...params, offset: o || null })}`;
  const without = (k: keyof typeof params): string => `${l.root}findings${query({ ...params, [k]: null })}`;
  const option = (value: string, label: string, selected: boolean): Html => html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  const stewardField =
    withFindings.length <= STEWARD_SELECT_MAX
      ? html`<select id="f-steward" name="steward">${option('', 'усі', q.steward === undefined)}${withFindings.map((s) => option(s.id, s.name, s.id === q.steward))}</select>`
      : html`<input id="f-steward" name="steward" value="${q.steward ?? ''}" autocomplete="off" aria-describedby="f-steward-hint"><span id="f-steward-hint" class="visually-hidden">ідентифікатор розпорядника</span>`;
  const form = html`<form class="filters" method="get" action="${l.root}findings">
<div><label for="f-rule">Порушення</label><select id="f-rule" name="rule">${option('', 'усі', q.rule === undefined)}${rules.map((r) => option(r, findingState(r, r), r === q.rule))}</select></div>
<div><label for="f-steward">Розпорядник</label>${stewardField}</div>
<div><label for="f-severity">Важливість</label><select id="f-severity" name="severity">${option('', 'будь-яка', q.severity === undefined)}${SEVERITIES.map((s) => option(s, SEVERITY_UK[s], s === q.severity))}</select></div>
<div><button type="submit">Показати</button></div>
</form>`;
  const chips = [
    q.rule === undefined ? null : html`<li><a href="${without('rule')}" aria-label="Прибрати фільтр: ${findingState(q.rule, q.rule)}">${findingState(q.rule, q.rule)} ✕</a></li>`,
    q.steward === undefined ? null : html`<li><a href="${without('steward')}" aria-label="Прибрати фільтр: ${p.stewardInfo.get(q.steward)?.name ?? q.steward}">${p.stewardInfo.get(q.steward)?.name ?? q.steward} ✕</a></li>`,
    q.severity === undefined ? null : html`<li><a href="${without('severity')}" aria-label="Прибрати фільтр: важливість ${SEVERITY_UK[q.severity]}">важливість: ${SEVERITY_UK[q.severity]} ✕</a></li>`,
  ].filter((c) => c !== null);
  const paging = { total: matching.length, offset: q.offset, limit: q.limit };
  const tasks = shown.some((f) => f.subject.type === 'task') ? planTasks(ctx) : [];
  const content = html`<h1>Відкриті порушення</h1>
<p>Усього відкритих порушень: ${num(p.findings.length)}. Спершу найважливіші, серед них — найдовше прострочені. Завдання плану кількох розпорядників показано один раз.</p>
${form}
${chips.length === 0 ? '' : html`<ul class="chips" aria-label="Вибрані фільтри">${chips}</ul>`}
${matching.length === 0
  ? html`<p>Порушень, що відповідають фільтрам, немає.</p>`
  : html`${pager(paging, href, 'порушення')}${findingsTable(ctx, 'findings-table', `Відкриті порушення: ${num(matching.length)}`, shown, tasks)}${pager(paging, href, 'порушення')}`}`;
  return page(shellOf(ctx, 'Відкриті порушення', 'findings'), content);
}
