/**
 * `/admin/…`: what only the IT head sees — whether the monitor works, the stewards' contacts, the outbox, the audit
 * log, acknowledgements, suspensions with their review days, snoozes. Live (not the last check's picture), read
 * only: every change is a command on the server. They may name people and addresses; the public pages never do.
 */
import { toStoredInstant } from '../../time/days';
import { auditLog } from '../../views/audit';
import { contactsView } from '../../views/contacts';
import { acknowledgementsView, snoozesView, suspensionsView } from '../../views/exemptions';
import { outboxView, type OutboxStatus } from '../../views/outbox';
import { statusView } from '../../views/status';
import { day, days, dayTime, num } from '../format';
import { html, type Html } from '../html';
import { page } from '../layout';
import { datasetHref, pager, query, stewardHref, table } from '../parts';
import type { PageContext } from './context';

/** Rows of the audit log and of each outbox status shown at most. */
export const ADMIN_ROWS = 200;

function adminShell(ctx: PageContext, title: string, adminPath: string, content: Html): Html {
  return page({ title, links: ctx.links, section: 'admin', council: ctx.council, asOf: toStoredInstant(ctx.now), asOfNote: 'зараз', adminPath }, content);
}

const OUTBOX_WORDS: Readonly<Record<OutboxStatus, string>> = { pending: 'очікує', sending: 'надсилається', sent: 'надіслано', failed: 'не вдалося' };
const JOB_WORDS: Readonly<Record<string, string>> = { sync: 'синхронізація з Порталом', notify: 'повідомлення розпорядникам', digest: 'огляд для керівника ІТ' };

export function adminIndexPage(ctx: PageContext): Html {
  const s = statusView(ctx.src, ctx.now, ctx.now.toMillis());
  const d = s.daemon;
  const daemon =
    d.kind === 'running'
      ? `працює (pid ${d.lock.pid} на ${d.lock.host}, з ${dayTime(d.lock.startedAt)}, останній сигнал ${dayTime(d.lock.heartbeatAt)})`
      : d.kind === 'dead'
        ? `НЕ ПРАЦЮЄ, хоча не зупинився як слід (pid ${d.lock.pid} на ${d.lock.host}, останній сигнал ${dayTime(d.lock.heartbeatAt)})`
        : 'не працює';
  const jobHead = html`<tr><th scope="col">Завдання</th><th scope="col">Востаннє</th><th scope="col">Результат</th><th scope="col">Наступне</th><th scope="col">Увага</th></tr>`;
  const jobBody = s.jobs.map(
    (j) => html`<tr><th scope="row">${JOB_WORDS[j.job.name] ?? j.job.name}</th><td>${j.job.lastRunAt ? dayTime(j.job.lastRunAt) : 'ще не запускалося'}</td>
<td>${j.job.lastStatus ?? '—'}${j.job.lastError ? html`<br><span class="muted">${j.job.lastError}</span>` : ''}</td><td>${j.job.nextDueAt ? dayTime(j.job.nextDueAt) : '—'}</td>
<td>${[j.failed ? 'останній запуск невдалий' : '', j.overdue ? 'прострочено' : '', j.running ? 'виконується' : '', j.interrupted ? 'перервано' : ''].filter(Boolean).join('; ') || '—'}</td></tr>`,
  );
  const ruleHead = html`<tr><th scope="col">Правило</th><th scope="col" class="num">Відкритих порушень</th></tr>`;
  const ruleBody = s.findings.byRule.map((r) => html`<tr><th scope="row"><code>${r.rule}</code></th><td class="num">${num(r.count)}</td></tr>`);
  const o = s.outbox;
  const content = html`<h1>Стан монітора</h1>
<p class="${s.problems.length === 0 ? 'notice' : 'warning'}">${s.problems.length === 0 ? 'Монітор працює: невдалих і прострочених завдань немає.' : `Потребує уваги: ${num(s.problems.length)} ${s.problems.length === 1 ? 'проблема' : 'проблеми'} (докладно — odmon status на сервері).`}</p>
<p>Демон: ${daemon}.</p>
${s.jobs.length === 0 ? html`<p>Завдання демона ще не запускалися.</p>` : table('jobs', 'Завдання демона', jobHead, jobBody)}
<p>Черга листів: очікують — ${num(o.pending)}, надсилаються — ${num(o.sending)}, не вдалося — ${num(o.failed)}, надіслано — ${num(o.sent)}. <a href="${ctx.links.root}admin/outbox">Черга листів</a></p>
${table('rules', `Відкриті порушення за правилами: ${num(s.findings.open)}`, ruleHead, ruleBody)}`;
  return adminShell(ctx, 'Стан монітора', 'admin/', content);
}

export function contactsPage(ctx: PageContext, offset = 0): Html {
  const all = contactsView(ctx.src);
  const rows = all.slice(offset, offset + ADMIN_ROWS);
  const paging = { total: all.length, offset, limit: ADMIN_ROWS };
  const href = (o: number): string => `${ctx.links.root}admin/contacts${query({ offset: o || null })}`;
  const head = html`<tr><th scope="col">Розпорядник</th><th scope="col">Ідентифікатор</th><th scope="col">Адреси для повідомлень</th><th scope="col">Керівник (копія)</th><th scope="col">Вид</th></tr>`;
  const body = rows.map(
    (c) => html`<tr><th scope="row"><a href="${stewardHref(ctx.links, c.id)}">${c.name}</a></th><td><code>${c.id}</code></td>
<td>${c.emails.length === 0 ? html`<strong>немає</strong>` : c.emails.join('; ')}</td><td>${c.headEmail ?? '—'}</td><td>${c.kind === 'department' ? 'підрозділ' : 'зовнішній'}</td></tr>`,
  );
  const content = html`<h1>Контакти розпорядників</h1>
<p>Кому надходять повідомлення. Змінюються імпортом: <code>odmon import stewards FILE</code>.</p>
${pager(paging, href, 'розпорядники')}${table('contacts', `Розпорядники: ${num(all.length)}`, head, body)}${pager(paging, href, 'розпорядники')}`;
  return adminShell(ctx, 'Контакти розпорядників', 'admin/contacts', content);
}

export function outboxPage(ctx: PageContext): Html {
  const v = outboxView(ctx.src, { all: true, newest: ADMIN_ROWS });
  const head = html`<tr><th scope="col" class="num">№</th><th scope="col">Стан</th><th scope="col">Кому</th><th scope="col">Тема</th><th scope="col" class="num">Спроб</th><th scope="col">Створено</th><th scope="col">Надіслано / наступна спроба</th><th scope="col">Помилка</th></tr>`;
  const body = v.messages.map(
    (m) => html`<tr><td class="num">${num(m.id)}</td><td>${OUTBOX_WORDS[m.status]}</td><td>${[...m.to, ...m.cc.map((c) => `копія ${c}`)].join('; ')}</td><td>${m.subject}</td>
<td class="num">${num(m.attempts)}</td><td>${dayTime(m.createdAt)}</td><td>${m.sentAt ? dayTime(m.sentAt) : m.nextAttemptAt ? dayTime(m.nextAttemptAt) : '—'}</td><td>${m.lastError ?? ''}</td></tr>`,
  );
  const c = v.counts;
  const content = html`<h1>Черга листів</h1>
<p>Очікують — ${num(c.pending)}, надсилаються — ${num(c.sending)}, не вдалося — ${num(c.failed)}, надіслано — ${num(c.sent)}. Показано не більше ${num(ADMIN_ROWS)} найновіших листів кожного стану; усі — <code>odmon outbox --all</code>.</p>
${v.messages.length === 0 ? html`<p>Листів немає.</p>` : table('outbox', 'Листи: спершу ті, що надсилаються й очікують', head, body)}`;
  return adminShell(ctx, 'Черга листів', 'admin/outbox', content);
}

export function auditPage(ctx: PageContext): Html {
  const entries = [...auditLog(ctx.src, { limit: ADMIN_ROWS })].reverse();
  const head = html`<tr><th scope="col">Коли</th><th scope="col">Хто</th><th scope="col">Дія</th><th scope="col">Щодо</th><th scope="col">Чому</th></tr>`;
  const body = entries.map(
    (e) => html`<tr><td class="nowrap">${dayTime(e.at)}</td><td>${e.actor}</td><td><code>${e.action}</code></td><td>${e.subjectType} <code>${e.subjectId}</code></td><td>${e.reason ?? ''}</td></tr>`,
  );
  const content = html`<h1>Журнал дій</h1>
<p>Хто призупиняв, відстрочував, підтверджував, об’єднував розпорядників чи змінював завдання плану — від найновішого; показано не більше ${num(ADMIN_ROWS)} записів, усі — <code>odmon log</code>.</p>
${entries.length === 0 ? html`<p>Записів немає.</p>` : table('audit', 'Журнал дій', head, body)}`;
  return adminShell(ctx, 'Журнал дій', 'admin/audit', content);
}

export function acknowledgementsPage(ctx: PageContext): Html {
  const acks = acknowledgementsView(ctx.src);
  const head = html`<tr><th scope="col" class="num">Порушення</th><th scope="col">Що</th><th scope="col">Розпорядник</th><th scope="col">Підтвердив(ла)</th><th scope="col">Коли</th><th scope="col">Коментар</th><th scope="col">Записав(ла)</th></tr>`;
  const body = acks.map(
    (a) => html`<tr><td class="num">${num(a.finding.id)}</td><td>${a.finding.message}</td><td>${a.stewardName ?? 'усі розпорядники порушення'}</td><td>${a.person}</td><td>${day(a.at)}</td><td>${a.comment ?? ''}</td><td>${a.actor}</td></tr>`,
  );
  const content = html`<h1>Підтвердження</h1>
<p>Відкриті порушення, про які відповідальні особи розпорядників сказали, що знають (<code>odmon ack</code>): такі пункти нагадуються рідше.</p>
${acks.length === 0 ? html`<p>Підтверджень відкритих порушень немає.</p>` : table('acks', `Підтверджені відкриті порушення: ${num(acks.length)}`, head, body)}`;
  return adminShell(ctx, 'Підтвердження', 'admin/acknowledgements', content);
}

export function suspensionsPage(ctx: PageContext, offset = 0): Html {
  const v = suspensionsView(ctx.src, ctx.now, { all: true, page: { offset, limit: ADMIN_ROWS } });
  const paging = { total: v.activeTotal, offset, limit: ADMIN_ROWS };
  const href = (o: number): string => `${ctx.links.root}admin/suspensions${query({ offset: o || null })}`;
  const head = html`<tr><th scope="col">Набір даних</th><th scope="col">Розпорядник</th><th scope="col">Підстава</th><th scope="col">Діє з</th><th scope="col">Дата перегляду</th><th scope="col">Як внесено</th></tr>`;
  const body = v.active.map(
    (s) => html`<tr><th scope="row"><a href="${datasetHref(ctx.links, s.datasetId)}">${s.title || s.datasetId}</a></th><td>${s.stewardName ?? 'не визначено'}</td><td>${s.basis}</td>
<td>${day(s.since)}</td><td>${s.reviewBy === null ? 'не визначено' : html`${day(s.reviewBy)}${s.reviewDue ? html` <strong class="drop">— настав час переглянути</strong>` : s.daysToReview !== null ? html`<br><span class="muted">через ${days(s.daysToReview)}</span>` : ''}`}</td>
<td>${s.madeBy === 'command' ? 'odmon suspend' : 'позначено в реєстрі'}</td></tr>`,
  );
  const liftedHead = html`<tr><th scope="col">Набір даних</th><th scope="col">Підстава</th><th scope="col">Діяло з</th><th scope="col">Знято</th><th scope="col">Хто зняв</th><th scope="col">Чому</th></tr>`;
  const liftedBody = v.lifted.slice(-ADMIN_ROWS).reverse().map(
    (s) => html`<tr><th scope="row"><a href="${datasetHref(ctx.links, s.datasetId)}">${s.datasetId}</a></th><td>${s.basis}</td><td>${day(s.since)}</td><td>${day(s.endedAt)}</td><td>${s.endedBy ?? ''}</td><td>${s.endReason ?? ''}</td></tr>`,
  );
  const content = html`<h1>Призупинення</h1>
<p>Набори даних, оприлюднення яких призупинено (воєнний стан тощо), з підставою і датою перегляду. Змінюються командами <code>odmon suspend</code> і <code>odmon resume</code>.</p>
${v.activeTotal === 0 ? html`<p>Чинних призупинень немає.</p>` : html`${pager(paging, href, 'призупинення')}${table('active', `Чинні призупинення: ${num(v.activeTotal)}`, head, body)}${pager(paging, href, 'призупинення')}`}
<h2>Зняті призупинення</h2>
${v.lifted.length === 0 ? html`<p>Знятих призупинень немає.</p>` : table('lifted', `Зняті призупинення: ${num(v.lifted.length)}${v.lifted.length > ADMIN_ROWS ? ` (показано останні ${num(ADMIN_ROWS)}; усі — odmon suspensions --all)` : ''}`, liftedHead, liftedBody)}`;
  return adminShell(ctx, 'Призупинення', 'admin/suspensions', content);
}

export function snoozesPage(ctx: PageContext): Html {
  const list = snoozesView(ctx.src, ctx.now);
  const head = html`<tr><th scope="col">Що</th><th scope="col">Розпорядник</th><th scope="col">До (повідомлення відновляться)</th><th scope="col">Причина</th><th scope="col">Надав(ла)</th><th scope="col">Коли</th></tr>`;
  const body = list.map(
    (s) => html`<tr><td>${s.finding === null ? 'усі порушення розпорядника' : html`№ ${num(s.finding.id)}: ${s.finding.message}`}</td><td>${s.stewardName ?? '—'}</td><td>${dayTime(s.until)}</td><td>${s.reason}</td><td>${s.actor}</td><td>${day(s.createdAt)}</td></tr>`,
  );
  const content = html`<h1>Відстрочки повідомлень</h1>
<p>Чинні відстрочки (<code>odmon snooze</code>): до вказаного часу повідомлень про ці порушення не надсилають.</p>
${list.length === 0 ? html`<p>Чинних відстрочок немає.</p>` : table('snoozes', `Чинні відстрочки: ${num(list.length)}`, head, body)}`;
  return adminShell(ctx, 'Відстрочки повідомлень', 'admin/snoozes', content);
}

