/**
 * `/datasets/{id}`: one sentence of its state first (healthchecks' "This check is late"), then its facts, its open
 * findings, the history of its publications and of its changes of state, what the portal showed of it, and its
 * suspensions. Who lifted a suspension and the portal's responsible person are never shown.
 */
import { findingState } from '../../views/finding-states';
import { datasetHistory, findingEpisodes } from '../../views/dataset';
import type { PictureDataset } from '../../views/picture';
import { day, days, deadlineDay, num } from '../format';
import { html, type Html } from '../html';
import { page } from '../layout';
import { datasetTag, facts, stewardHref, table } from '../parts';
import { planTasks, portalPage, shellOf, type PageContext } from './context';
import { findingsTable } from './tables';

/** Publications, portal observations and changes of state listed on the page, newest first. */
export const HISTORY_ROWS = 100;

const SOURCE_WORDS: Readonly<Record<string, string>> = {
  register: 'реєстр (дата останніх змін)',
  import: 'історія оприлюднення (імпорт)',
  portal: 'Портал відкритих даних',
};

/** The sentence that opens the page: its status, and what it means for the next update. */
export function statusSentence(d: PictureDataset): string {
  const deadline = deadlineDay(d.dueAt);
  switch (d.status) {
    case 'overdue':
      return `Прострочено: набір даних мав бути оновлений до ${deadline}; прострочено на ${days(d.daysOverdue ?? 0)}.`;
    case 'due-soon': {
      const left = -(d.daysOverdue ?? 0);
      return left === 0 ? `Наближається термін: набір даних треба оновити сьогодні, ${deadline}.` : `Наближається термін: набір даних треба оновити до ${deadline} (залишилося ${days(left)}).`;
    }
    case 'on-time':
      return d.dueAt === null ? `Вчасно: набір даних оприлюднено; періодичного строку оновлення немає (${d.frequencyLabel.toLocaleLowerCase('uk')}).` : `Вчасно: наступне оновлення — до ${deadline}.`;
    case 'not-published':
      return d.required ? 'Не оприлюднено: обов’язковий набір даних жодного разу не оприлюднювали.' : 'Не оприлюднено: набір даних жодного разу не оприлюднювали.';
    case 'suspended':
      return `Призупинено: оприлюднення набору даних призупинено (підстава: ${d.suspended ?? 'не вказано'}); доки обмеження діє, набір не вважається ні простроченим, ні відсутнім.`;
    case 'no-frequency':
      return `Періодичність не вказана: строк наступного оновлення визначити неможливо; востаннє оновлено ${day(d.lastUpdated)}.`;
  }
}

const episodeWords = (e: { resolvedAt: string | null; resolvedSuspended: string | null }): string =>
  e.resolvedAt === null ? 'триває' : e.resolvedSuspended !== null ? 'завершено призупиненням' : 'усунено';

export function datasetPage(ctx: PageContext, id: string): Html | null {
  const d = ctx.picture.datasetById.get(id);
  if (d === undefined) return null;
  const l = ctx.links;
  // The register may have lost it since the check: then there is nothing to show.
  const view = datasetHistory(ctx.src, id, { limit: HISTORY_ROWS });
  if (view === null) return null;
  const steward = d.stewardId === null ? null : (ctx.picture.stewardInfo.get(d.stewardId)?.name ?? d.stewardId);
  const portal = portalPage(ctx, view.portal?.portalId ?? d.portalId);
  const findings = ctx.picture.findings.filter((f) => f.subject.type === 'dataset' && f.subject.id === id);
  const { total: episodeCount, episodes } = findingEpisodes(ctx.src, 'dataset', id, HISTORY_ROWS);
  const facts_ = facts([
    ['Стан', datasetTag(d.status)],
    ['Розпорядник', d.stewardId === null ? 'не визначено' : html`<a href="${stewardHref(l, d.stewardId)}">${steward}</a>`],
    ['Обов’язковий', d.required ? html`так${view.legalBasis ? html` (${view.legalBasis})` : ''}` : 'ні'],
    ['Періодичність оновлення', d.frequencyLabel || 'не вказано'],
    ['Останнє оновлення', day(d.lastUpdated)],
    ['Наступний строк', d.status === 'suspended' ? '—' : deadlineDay(d.dueAt)],
    ['Ідентифікатор у реєстрі', html`<code>${d.id}</code>`],
    ['На Порталі відкритих даних', portal === null ? (d.portalId === null ? 'не пов’язано' : html`<code>${d.portalId}</code>`) : html`<a href="${portal}">сторінка набору на Порталі</a>`],
  ]);
  const pubHead = html`<tr><th scope="col" class="num">Дата оприлюднення</th><th scope="col">Звідки відомо</th><th scope="col" class="num">Записано</th></tr>`;
  const pubBody = view.publications.map((p) => html`<tr><td class="num">${day(p.publishedAt)}</td><td>${SOURCE_WORDS[p.source] ?? p.source}</td><td class="num">${day(p.recordedAt)}</td></tr>`);
  const more = (shown: number, total: number): Html => (total > shown ? html`<p class="muted">Показано останні ${num(shown)} з ${num(total)}.</p>` : html``);
  const epHead = html`<tr><th scope="col">Порушення</th><th scope="col" class="num">Виявлено</th><th scope="col" class="num">Завершено</th><th scope="col">Як завершено</th></tr>`;
  const epBody = episodes.map((e) => html`<tr><td>${findingState(e.rule, e.rule)}</td><td class="num">${day(e.openedAt)}</td><td class="num">${day(e.resolvedAt)}</td><td>${episodeWords(e)}</td></tr>`);
  const p = view.portal;
  const obsHead = html`<tr><th scope="col" class="num">Синхронізація</th><th scope="col" class="num">Змінено паспорт</th><th scope="col" class="num">Оновлено дані</th><th scope="col" class="num">Ресурсів</th><th scope="col">Періодичність на Порталі</th></tr>`;
  const obsBody = (p?.observations ?? []).map(
    (o) => html`<tr><td class="num">${day(o.observedAt)}</td><td class="num">${day(o.metadataModified)}</td><td class="num">${day(o.resourcesModified)}</td><td class="num">${o.resourceCount === null ? '—' : num(o.resourceCount)}</td><td>${portalFrequency(ctx, o.frequencyRaw)}</td></tr>`,
  );
  const susHead = html`<tr><th scope="col">Підстава</th><th scope="col" class="num">Діє з</th><th scope="col" class="num">Дата перегляду</th><th scope="col" class="num">Знято</th></tr>`;
  const susBody = view.suspensions.map(
    (s) => html`<tr><td>${s.basis}</td><td class="num">${day(s.since)}</td><td class="num">${s.reviewBy === null ? 'не визначено' : day(s.reviewBy)}</td><td class="num">${s.endedAt === null ? 'діє' : day(s.endedAt)}</td></tr>`,
  );
  const tasks = findings.some((f) => f.subject.type === 'task') ? planTasks(ctx) : [];
  const tone = d.status === 'overdue' || d.status === 'not-published' ? 's-overdue' : d.status === 'due-soon' ? 's-due-soon' : d.status === 'on-time' ? 's-on-time' : '';
  const content = html`<nav class="breadcrumbs" aria-label="Де ви є"><ol><li><a href="${l.root}">Огляд</a></li>${d.stewardId === null ? '' : html`<li><a href="${stewardHref(l, d.stewardId)}">${steward}</a></li>`}<li aria-current="page">${d.title}</li></ol></nav>
<h1>${d.title}</h1>
<p class="status-line ${tone}">${statusSentence(d)}</p>
${facts_}
<h2 id="findings">Відкриті порушення (${num(findings.length)})</h2>
${findings.length === 0 ? html`<p>Відкритих порушень немає.</p>` : findingsTable(ctx, 'findings-table', 'Відкриті порушення щодо набору даних', findings, tasks)}
<h2 id="publications">Історія оприлюднення (${num(view.publicationCount)})</h2>
${view.publications.length === 0 ? html`<p>Дат оприлюднення не записано.</p>` : html`${table('publications-table', 'Дати оприлюднення, від найновішої', pubHead, pubBody)}${more(view.publications.length, view.publicationCount)}`}
<h2 id="changes">Зміни стану (${num(episodeCount)})</h2>
${episodes.length === 0 ? html`<p>Порушень щодо набору даних не виявляли.</p>` : html`${table('changes-table', 'Порушення, які виявляли, від найновішого', epHead, epBody)}${more(episodes.length, episodeCount)}`}
<h2 id="portal">На Порталі відкритих даних</h2>
${p === null
  ? html`<p>${d.portalId === null ? 'Запис реєстру не пов’язано з набором на Порталі.' : 'Синхронізація з Порталом цього набору ще не бачила.'}</p>`
  : html`${facts([
      ['Назва на Порталі', p.title ?? '—'],
      ['Ресурсів (файлів, API)', p.resourceCount === null ? '—' : num(p.resourceCount)],
      ['Формати', p.formats.length === 0 ? '—' : p.formats.join(', ')],
      ['Відповідальну особу в паспорті зазначено', p.hasContact ? 'так' : 'ні'],
      ['Зник з Порталу', p.goneAt === null ? 'ні' : day(p.goneAt)],
    ])}${obsBody.length === 0 ? '' : html`${table('portal-table', 'Що бачила синхронізація з Порталом', obsHead, obsBody)}${more(p.observations.length, p.observationCount)}`}`}
${view.suspensions.length === 0 ? '' : html`<h2 id="suspensions">Призупинення</h2>${table('suspensions-table', 'Призупинення оприлюднення', susHead, susBody)}`}`;
  return page(shellOf(ctx, d.title, null), content);
}

/** The portal's frequency as people read it: the Ukrainian label of a value odmon knows, else the text as written. */
function portalFrequency(ctx: PageContext, raw: string | null): string {
  if (raw === null || raw.trim() === '') return '—';
  const m = ctx.src.frequencies.match(raw);
  return m.kind === 'known' ? m.labelUk : raw;
}
