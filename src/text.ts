/**
 * Text from outside (a portal, a register, a command line) on its way to a terminal, a message or the store.
 * Imports nothing of odmon's own.
 *
 * Control characters are what turns text into commands: NUL cuts strings in C libraries (and addresses in
 * mail software), ESC and CSI (U+009B) start terminal escape sequences that recolour, retitle or rewrite a
 * terminal. They never carry meaning in a title, a name or a message, so they are removed; tab, line feed and
 * carriage return stay where the text may span lines.
 */
import { distance } from 'fastest-levenshtein';

/** C0 controls except tab, LF and CR; DEL; C1 controls (U+0080–U+009F, CSI among them). */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Removes control characters, keeping tab, line feed and carriage return. */
export function stripControls(text: string): string {
  return ANY_CONTROL.test(text) ? text.replace(CONTROLS, '') : text;
}

/** At most `max` characters (a surrogate pair is never cut in two), ending with `…` when cut. */
export function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/**
 * The longest texts odmon keeps or shows, in characters. A title longer than any real one (data.gov.ua's are
 * under 300) is cut with `…`: a 20-million-character title must not become a 230 MB e-mail.
 */
export const TEXT_LIMITS = {
  /** A dataset's or an organization's title, a steward's name. */
  title: 1000,
  /** Ids, slugs, formats, frequencies. */
  name: 200,
  /** A maintainer, an address, a portal's error text; one value in a message. */
  line: 2000,
  /** A URL. */
  url: 2000,
} as const;

/** A one-line field (a title, a name): white space runs become one space, controls go, at most `max` characters. */
export function fieldText(text: string, max: number): string {
  // Cut first (with room for white space that collapses), so a 20-million-character title costs nothing.
  const head = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const cleaned = stripControls(head).replace(/[\s\u2028\u2029]+/g, ' ').trim();
  if (head.length === text.length || cleaned.length >= max) return bounded(cleaned, max);
  return `${cleaned}…`;
}

/**
 * Text on its way to a terminal: no control characters but tab, line feed and carriage return, and no escape
 * sequence but the one odmon's own progress line uses (ESC [ K, erase to the end of the line).
 */
export function terminalSafe(text: string): string {
  return ANY_CONTROL.test(text) ? text.replace(/\u001b(?!\[K)|[\u0000-\u0008\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f-\u009f]/g, '') : text;
}

/**
 * One value in a rendered message (a title, a finding, a name): no control characters, line ends as LF, at most
 * TEXT_LIMITS.line characters. Whatever a register or a portal holds, a message stays the size of a message.
 */
export function messageValue(value: unknown): string {
  const s = String(value);
  const head = s.length > TEXT_LIMITS.line * 2 ? s.slice(0, TEXT_LIMITS.line * 2) : s;
  return bounded(stripControls(head).replace(/\r\n?/g, '\n'), TEXT_LIMITS.line);
}

/**
 * The closest candidate within 3 edits and 40 % similar (as commander judges), or null. Ties go alphabetically.
 * For every "did you mean": commands and options (src/cli/parser.ts), import headers (src/import/columns.ts).
 */
export function closest(word: string, candidates: readonly string[]): string | null {
  const bare = (s: string): string => s.replace(/^-+/, '');
  let best: string | null = null;
  let bestDistance = 4;
  for (const c of [...new Set(candidates)].sort()) {
    const a = bare(word);
    const b = bare(c);
    if (b.length <= 1) continue;
    const d = distance(a, b);
    const similar = (Math.max(a.length, b.length) - d) / Math.max(a.length, b.length) > 0.4;
    if (similar && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * A sentence that ends with text from outside (evidence, a reason), closed with one full stop: none is added
 * after a text that already ends with `.`, `!`, `?` or `…`, even inside closing quotes or brackets
 * (`наказ № 5, відп. Сидоренко І.`, `«Так!»`), so that a message never shows «І..».
 */
export function endSentence(text: string): string {
  const t = text.trimEnd();
  return /[.!?…]["»”’')\]]*$/.test(t) ? t : `${t}.`;
}
