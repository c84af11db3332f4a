/**
 * HTML by tagged template, escaped by default: every value put into `html\`…\`` is escaped unless it is itself
 * markup made by `html` (or a chart made by src/charts, passed through `trusted`). So a title holding `<script>`
 * arrives as text, and a page cannot forget to escape: there is no way to put raw text in but `trusted`.
 */

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Markup that is already safe: made by `html`, or trusted on purpose. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** What may be put into a template: text (escaped), numbers, markup, lists of them; null, undefined and false put nothing. */
export type Part = string | number | Html | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return (part as readonly Part[]).map(render).join('');
  if (typeof part === 'number') return String(part);
  return escapeHtml(part as string);
}

export function html(strings: TemplateStringsArray, ...parts: readonly Part[]): Html {
  let out = strings[0];
  for (let i = 0; i < parts.length; i++) out += render(parts[i]) + strings[i + 1];
  return new Html(out);
}

/** Markup made elsewhere that escapes its own text (src/charts/svg.ts does): the one way around the escaping. */
export function trusted(markup: string): Html {
  return new Html(markup);
}

/** `a` and `b` joined by `separator` (escaped text or markup). */
export function join(parts: readonly Part[], separator: Part): Html {
  return new Html(parts.map(render).join(render(separator)));
}
