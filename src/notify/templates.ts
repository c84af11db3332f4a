import fs from 'node:fs';
import path from 'node:path';
import Mustache from 'mustache';
import { OdmonError } from '../errors';
import { messageValue } from '../text';

/**
 * Message templates live in `templates/` as `{kind}.subject.mustache`, `{kind}.text.mustache` and
 * `{kind}.html.mustache`, so the IT head can reword them without touching code. Mustache escapes `{{x}}`
 * in the HTML body (a dataset title holding `<script>` arrives as text); subject and text are plain text.
 */
export type MessageKind = 'notice' | 'digest' | 'guard';

export interface Rendered {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface TemplateSet {
  render(kind: MessageKind, view: object): Rendered;
}

const PARTS = ['subject', 'text', 'html'] as const;
// Every {{value}} is cleaned and bounded first (src/text.ts): no control character or terminal escape reaches a
// mail program, and a 20-million-character title cannot make a 230 MB e-mail.
const plain = (s: unknown): string => messageValue(s);
const html = (s: unknown): string => Mustache.escape(messageValue(s));

export function loadTemplates(dir: string): TemplateSet {
  const cache = new Map<string, string>();
  const get = (kind: MessageKind, part: (typeof PARTS)[number]): string => {
    const file = path.join(dir, `${kind}.${part}.mustache`);
    let text = cache.get(file);
    if (text === undefined) {
      try {
        text = fs.readFileSync(file, 'utf8');
        Mustache.parse(text);
      } catch (cause) {
        throw new OdmonError('E_CONFIG', `шаблон ${file} не можна використати («${(cause as Error).message}»)`, {
          hint: 'відновіть його з репозиторію odmon або виправте в ньому теги {{…}}',
          cause,
        });
      }
      cache.set(file, text);
    }
    return text;
  };
  return {
    render(kind, view) {
      const subject = Mustache.render(get(kind, 'subject'), view, {}, { escape: plain })
        .replace(/\s+/g, ' ')
        .trim();
      const text = Mustache.render(get(kind, 'text'), view, {}, { escape: plain }).replace(/\n{3,}/g, '\n\n');
      return { subject, text, html: Mustache.render(get(kind, 'html'), view, {}, { escape: html }) };
    },
  };
}
