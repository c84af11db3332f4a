/**
 * Passwords never leave odmon: the one redactor for log lines, error messages, stored errors
 * (`outbox.last_error`, `jobs.last_error`, `sync_runs.errors`) and listings. Imports nothing.
 *
 * A URL's password runs from the first `:` after `scheme://` to the LAST `@` of the URL: the user name may be a
 * mailbox (`smtp://opendata@city.gov.ua:S3cretPW@host`, the usual SMTP login) and the password may hold an
 * unencoded `@`, `:`, `/` or `#`. Where that is ambiguous (an `@` in a path) more is hidden, never less.
 * Done by hand rather than with URL: the text may not be a valid URL (the error that says so must not show the
 * password either), and URL would re-encode what it prints.
 */

export const MASK = '***';

const SCHEME = /[a-z][a-z0-9+.-]*:\/\//i;
const URL_IN_TEXT = /([a-z][a-z0-9+.-]*:\/\/)(\S*)/gi;
/** Shorter known secrets are left to the URL rule: masking every "ab" would make any text unreadable. */
const MIN_SECRET = 4;

/** Masks the password of a text that is one URL: `smtp://u:secret@h:587` → `smtp://u:***@h:587`. */
export function redactUrl(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (m === null) return url;
  return m[0] + maskAuthority(url.slice(m[0].length));
}

/** `user:pass@host/…` → `user:***@host/…`; unchanged without a password. */
function maskAuthority(rest: string): string {
  const at = rest.lastIndexOf('@');
  if (at < 0) return rest;
  const colon = rest.indexOf(':');
  if (colon < 0 || colon > at) return rest;
  return `${rest.slice(0, colon + 1)}${MASK}${rest.slice(at)}`;
}

/** The encodings in which a secret may show up in a text: as typed, URL-encoded, decoded, JSON-escaped. */
function forms(secret: string): string[] {
  const out = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  try {
    out.add(decodeURIComponent(secret));
  } catch {
    // not URL-encoded: the other forms cover it
  }
  return [...out].filter((f) => f.length >= MIN_SECRET).sort((a, b) => b.length - a.length);
}

/**
 * Masks, in free text, every known secret (say, the configured SMTP and portal passwords) and the password of
 * every URL. A URL runs to the next white space: its password is everything from the first `:` after `://` to
 * the last `@` before that space.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET) continue;
    for (const form of forms(secret)) out = out.split(form).join(MASK);
  }
  if (!SCHEME.test(out)) return out;
  return out.replace(URL_IN_TEXT, (_all, scheme: string, rest: string) => scheme + maskAuthority(rest));
}

/** `redact` applied to every string inside a value (log fields, JSON summaries); other values unchanged. */
export function redactDeep(value: unknown, secrets: readonly string[] = []): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, secrets)]));
  }
  return value;
}

/** The password of a URL as written, to hand to `redact`; none when the URL holds none. */
export function urlSecrets(url: string | null | undefined): string[] {
  const password = url ? splitCredentials(url).password : null;
  return password ? [password] : [];
}

/** A URL split into the address proper and the credentials written before its host (by the rule above). */
export interface UrlCredentials {
  /** The URL without `user:password@`. */
  readonly url: string;
  /** As written (percent-encoding kept); null when the URL names none. */
  readonly user: string | null;
  readonly password: string | null;
}

export function splitCredentials(url: string): UrlCredentials {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)(.*)$/is.exec(url);
  const none = { url, user: null, password: null };
  if (m === null) return none;
  const rest = m[2];
  const at = rest.lastIndexOf('@');
  if (at < 0) return none;
  const userinfo = rest.slice(0, at);
  const colon = userinfo.indexOf(':');
  // Without a password, an "@" after a "/" belongs to the path (https://host/a@b), not to a user name.
  if (colon < 0 && /[/?#]/.test(userinfo)) return none;
  return {
    url: m[1] + rest.slice(at + 1),
    user: colon < 0 ? userinfo : userinfo.slice(0, colon),
    password: colon < 0 ? null : userinfo.slice(colon + 1),
  };
}

/** `https://u:p@portal.example/x` → `https://portal.example/x`: for links people receive and what is stored. */
export function withoutCredentials(url: string): string {
  return splitCredentials(url).url;
}
