/**
 * One notion of "an e-mail address" for imports, settings and flags. Imports nothing.
 * Control characters are refused outright: mail software cuts an address at a NUL, so `a\0@evil.example`
 * would be checked as one address and delivered to another.
 */
const EMAIL_RE = /^[^\s@;,<>\u0000-\u001f\u007f-\u009f]+@[^\s@;,<>\u0000-\u001f\u007f-\u009f]+\.[^\s@;,<>\u0000-\u001f\u007f-\u009f]+$/;

export function isEmail(text: string): boolean {
  return EMAIL_RE.test(text);
}
