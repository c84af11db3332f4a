/**
 * The page around every page: language, landmarks (header, navigation, main, footer), a skip link, «Станом на» at
 * the top of the content, the one stylesheet. No script, no inline style: the Content-Security-Policy allows neither.
 */
import { dayTime } from './format';
import { html, type Html } from './html';
import type { Links } from './parts';

export type Section = 'overview' | 'stewards' | 'findings' | 'plan' | 'open-data' | 'rubric' | 'admin' | null;

const PUBLIC_NAV: readonly (readonly [Exclude<Section, null | 'admin'>, string, string])[] = [
  ['overview', '', 'Огляд'],
  ['stewards', 'stewards', 'Розпорядники'],
  ['findings', 'findings', 'Порушення'],
  ['plan', 'plan', 'План дій'],
  ['open-data', 'open-data/', 'Відкриті дані'],
  ['rubric', 'rubric', 'Як рахується оцінка'],
];

export const ADMIN_NAV: readonly (readonly [string, string])[] = [
  ['admin/', 'Стан монітора'],
  ['admin/contacts', 'Контакти'],
  ['admin/outbox', 'Черга листів'],
  ['admin/audit', 'Журнал дій'],
  ['admin/acknowledgements', 'Підтвердження'],
  ['admin/suspensions', 'Призупинення'],
  ['admin/snoozes', 'Відстрочки'],
];

export interface PageShell {
  readonly title: string;
  readonly links: Links;
  readonly section: Section;
  /** The council's name (org.name). */
  readonly council: string;
  /** The moment the page's numbers are as of (stored instant); null on pages that have none (an error). */
  readonly asOf: string | null;
  /** Says what «Станом на» is: the last check, or (before the first) when the page was made. */
  readonly asOfNote?: string;
  /** The admin path of the current admin page, to mark it in the admin menu. */
  readonly adminPath?: string;
}

export function page(shell: PageShell, content: Html): Html {
  const l = shell.links;
  const admin = shell.section === 'admin';
  const nav = admin
    ? ADMIN_NAV.map(([href, label]) => html`<li><a href="${l.root}${href}"${shell.adminPath === href ? html` aria-current="page"` : ''}>${label}</a></li>`)
    : PUBLIC_NAV.map(([key, href, label]) => html`<li><a href="${l.root}${href === '' ? '' : href}"${shell.section === key ? html` aria-current="page"` : ''}>${label}</a></li>`);
  return html`<!DOCTYPE html>
<html lang="uk">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${shell.title} — ${admin ? 'Службові сторінки' : 'Моніторинг відкритих даних'} — ${shell.council}</title>
<link rel="stylesheet" href="${l.root}odmon.css">
<link rel="icon" href="${l.root}favicon.svg" type="image/svg+xml">
${admin ? html`<meta name="robots" content="noindex, nofollow">` : ''}
</head>
<body${admin ? html` class="admin"` : ''}>
<a class="skip-link" href="#main">Перейти до основного вмісту</a>
<header class="site-header">
<div class="wrap">
<p class="brand"><a href="${l.root}${admin ? 'admin/' : ''}">${admin ? 'Моніторинг відкритих даних: службові сторінки' : 'Моніторинг відкритих даних'}</a> <span class="council">${shell.council}</span></p>
<nav aria-label="${admin ? 'Службові розділи' : 'Розділи'}"><ul class="nav">${nav}</ul></nav>
</div>
</header>
<main id="main" class="wrap" tabindex="-1">
${shell.asOf === null ? '' : html`<p class="as-of">Станом на: <time datetime="${shell.asOf}">${dayTime(shell.asOf)}</time>${shell.asOfNote ? html` <span class="as-of-note">(${shell.asOfNote})</span>` : ''}</p>`}
${content}
</main>
<footer class="site-footer">
<div class="wrap">
${admin
  ? html`<p>Службові сторінки показують контакти й рішення, тому закриті паролем. Вони нічого не змінюють: зміни вносять командами odmon на сервері.</p><p><a href="${l.root}">Публічні сторінки</a></p>`
  : html`<p>Дані моніторингу — відкриті: <a href="${l.root}open-data/compliance.csv">compliance.csv</a>, <a href="${l.root}open-data/compliance.json">compliance.json</a> (<a href="${l.root}open-data/">опис полів</a>). Публічні сторінки не містять персональних даних: розпорядників названо підрозділами, без імен та адрес.</p>
<p>${shell.council}. Сформовано системою моніторингу оприлюднення відкритих даних (odmon).</p>`}
</div>
</footer>
</body>
</html>
`;
}
