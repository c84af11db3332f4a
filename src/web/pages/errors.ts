/** The pages of what went wrong, in Ukrainian: a page not found, a bad request, a method not allowed, a login, an error. */
import { html, type Html } from '../html';
import { page } from '../layout';
import type { Links } from '../parts';

export interface ErrorText {
  readonly title: string;
  readonly text: string;
}

export const ERRORS = {
  notFound: { title: 'Сторінку не знайдено', text: 'Такої сторінки немає. Перевірте адресу або почніть з огляду.' },
  badRequest: { title: 'Неправильний запит', text: 'Сторінку не вдалося показати з такими параметрами.' },
  methodNotAllowed: { title: 'Дію не дозволено', text: 'Ці сторінки лише показують дані й нічого не змінюють: дозволено лише перегляд (GET і HEAD).' },
  unauthorized: { title: 'Потрібен вхід', text: 'Службові сторінки закрито паролем. Користувач — admin; пароль налаштовує адміністратор сервера.' },
  internal: { title: 'Сталася помилка', text: 'Сторінку не вдалося сформувати. Спробуйте пізніше; якщо помилка повторюється, повідомте адміністратора сервера (подробиці — у журналі odmon).' },
} satisfies Record<string, ErrorText>;

export function errorPage(links: Links, council: string, e: ErrorText, detail?: string): Html {
  const content = html`<h1>${e.title}</h1>
<p class="lead">${detail ?? e.text}</p>
${detail === undefined ? '' : html`<p>${e.text}</p>`}
<p><a href="${links.root}">Перейти до огляду</a></p>`;
  return page({ title: e.title, links, section: null, council, asOf: null }, content);
}
