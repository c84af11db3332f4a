/**
 * Passwords never leave odmon: every URL or message that may contain one goes through these first.
 */

const MASK = '***';

// The password runs to the LAST "@": a password with an unencoded "@", "/" or "#" must still be hidden,
// even if that hides a little more than the password.
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^:@/?#]*):.*@([^@]*)$/is;

/** `smtp://u:secret@h:587` → `smtp://u:***@h:587`; text without a password comes back as it was. */
export function redactUrl(url: string): string {
  // By hand rather than with URL: the text may be invalid, and URL would re-encode what it prints.
  return url.replace(URL_PASSWORD, `$1:${MASK}@$2`);
}

/** Replaces every occurrence of each secret (as typed and as URL-encoded) with `***`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret === '') continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join(MASK);
  }
  return out;
}
