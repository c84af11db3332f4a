/** One notion of "an e-mail address" for imports, settings and flags. Imports nothing. */
const EMAIL_RE = /^[^\s@;,<>]+@[^\s@;,<>]+\.[^\s@;,<>]+$/;

export function isEmail(text: string): boolean {
  return EMAIL_RE.test(text);
}
