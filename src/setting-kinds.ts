/**
 * The kinds of values settings hold: a zod schema that reads the config file's JSON value (and, through
 * `fromEnv`, an environment variable's text) into the typed value, with messages (in Ukrainian: people read them)
 * that quote what was given and say what is expected. `type` is the docs' English description. The loader (src/config) puts the source before each message (`odmon.config.json:
 * graceDays:` or `ODMON_GRACE_DAYS:`). A secret's value is never quoted. Low in the layers, like setting.ts:
 * channel folders declare their settings with these; kinds that need a feature (cron, frequencies) live in
 * src/config/kinds.ts.
 */
import { z } from 'zod';
import { isEmail } from './email';
import { redactUrl, urlSecrets } from './redact';
import { parseInstant } from './time/days';
import { plural } from './uk';

export interface Kind<T> {
  /** Reads a value as the config file gives it (or as `fromEnv` made it of an environment variable). */
  readonly schema: z.ZodType<T>;
  /** An environment variable's text → what `schema` reads; undefined: the variable counts as not set. */
  readonly fromEnv: (text: string) => unknown;
  /** What a value looks like, for docs/settings.md. */
  readonly type: string;
  /** A path: relative to the config file's folder when the file gives it, else to the working folder. */
  readonly isPath?: boolean;
  /** Passwords and tokens: never quoted in a message. */
  readonly secret?: boolean;
  /** The secrets a value holds (a URL's password, a token), masked wherever they would appear (secretsOf). */
  secrets?(value: T): string[];
}

/** The largest value of each kind of number: beyond it a date computed from it is no longer a date. */
export const MAXIMUM = { days: 3650, milliseconds: 3_600_000 } as const;

export const show = (v: unknown): string => (v === undefined ? 'порожнє значення' : JSON.stringify(v));
/** An error function for zod that quotes the value given: `"abc" — не ціле число днів`. */
const says = (phrase: string) => (iss: { input?: unknown }): string => `${show(iss.input)} — ${phrase}`;

/** A unit of a whole-number setting: its English name for the docs, its Ukrainian forms (1, 2, 5) for messages. */
export interface Unit {
  readonly en: string;
  readonly uk: readonly [one: string, few: string, many: string];
}

export const UNITS = {
  days: { en: 'days', uk: ['день', 'дні', 'днів'] },
  milliseconds: { en: 'milliseconds', uk: ['мілісекунда', 'мілісекунди', 'мілісекунд'] },
  retries: { en: 'retries', uk: ['повторна спроба', 'повторні спроби', 'повторних спроб'] },
  megabytes: { en: 'megabytes', uk: ['мегабайт', 'мегабайти', 'мегабайтів'] },
  pages: { en: 'pages', uk: ['сторінка', 'сторінки', 'сторінок'] },
} as const satisfies Record<string, Unit>;

/** `3650 днів`, `1 день`. */
const amount = (n: number, u: Unit): string => `${n} ${plural(n, ...u.uk)}`;

export const text = (t: string): unknown => t;
/** An empty variable is as good as none: systemd's `Environment=ODMON_DB=` leaves the file's value in force. */
const textOrUnset = (t: string): unknown => (t.trim() === '' ? undefined : t);

/**
 * A whole number from `min` to `max` of `unit`: a JSON number, or decimal digits in the environment (`0x10`,
 * `1e3` or `16.0` are refused, not read as 16, 1000 or 16).
 */
export function wholeNumber(unit: Unit, opts: { min?: number; max: number }): Kind<number> {
  const min = opts.min ?? 0;
  const notWhole = says(`не ціле число ${unit.uk[2]} (${min} або більше)`);
  const tooFew = min === 0 ? notWhole : says(`менше за найменше допустиме значення (${amount(min, unit)})`);
  return {
    schema: z.number({ error: notWhole }).int({ error: notWhole }).min(min, { error: tooFew })
      .max(opts.max, { error: says(`більше за найбільше допустиме значення (${amount(opts.max, unit)})`) }),
    fromEnv: (t) => (/^\s*\d+\s*$/.test(t) ? Number(t) : t),
    type: `whole number of ${unit.en}, ${min} to ${opts.max}`,
  };
}

export const days = (min = 0): Kind<number> => wholeNumber(UNITS.days, { min, max: MAXIMUM.days });
export const milliseconds = (min = 0): Kind<number> => wholeNumber(UNITS.milliseconds, { min, max: MAXIMUM.milliseconds });

/** A number where 0 stands for `fallback` (kept from the first versions, where 0 meant "the default"). */
export function zeroMeans(kind: Kind<number>, fallback: number): Kind<number> {
  return { ...kind, schema: kind.schema.transform((n) => (n === 0 ? fallback : n)), type: `${kind.type}; 0: the default` };
}

/** A decimal number above 0 and at most `max`; `why` (Ukrainian) says what the bound protects. */
export function rate(max: number, why: string): Kind<number> {
  const phrase = says(`має бути більше за 0 і не більше за ${max} (${why})`);
  return {
    schema: z.number({ error: phrase }).gt(0, { error: phrase }).lte(max, { error: phrase }),
    fromEnv: (t) => (/^\s*\d+(\.\d+)?\s*$/.test(t) ? Number(t) : t),
    type: `decimal number above 0, at most ${max}`,
  };
}

/** Any text but an empty one; `trim` takes the white space off its ends. */
export function nonEmptyText(opts: { trim?: boolean } = {}): Kind<string> {
  const phrase = says('має бути непорожнім текстом');
  const schema = z.string({ error: phrase }).refine((s) => s.trim() !== '', { error: phrase });
  return { schema: opts.trim ? schema.transform((s) => s.trim()) : schema, fromEnv: text, type: 'text' };
}

/** A file or folder. */
export function filePath(): Kind<string> {
  return { ...nonEmptyText(), fromEnv: textOrUnset, type: 'path', isPath: true };
}

/** One of a few words. */
export function oneOf<const V extends readonly [string, ...string[]]>(values: V): Kind<V[number]> {
  return {
    schema: z.enum(values, { error: says(`має бути ${values.map((v) => JSON.stringify(v)).join(' або ')}`) }) as unknown as z.ZodType<V[number]>,
    fromEnv: text,
    type: values.map((v) => `\`${v}\``).join(' or '),
  };
}

/**
 * A list: a JSON array, or one text with the items separated by `separators` (in the file as in the
 * environment). Blank items are dropped; an empty variable means an empty list. `what`: what it must be, in
 * Ukrainian (`адреса або список адрес`); `type`: the docs' words.
 */
function list(item: z.ZodType<string>, separators: RegExp, what: string, type: string): Kind<readonly string[]> {
  const schema = z
    .unknown()
    .transform((v, ctx) => {
      const items = typeof v === 'string' ? v.split(separators) : Array.isArray(v) ? (v as unknown[]) : null;
      if (items === null) {
        ctx.addIssue({ code: 'custom', message: `${show(v)} — має бути ${what}` });
        return z.NEVER;
      }
      return items.map((x) => (typeof x === 'string' ? x.trim() : x)).filter((x) => x !== '');
    })
    .pipe(z.array(item))
    .transform((l): readonly string[] => Object.freeze(l));
  return { schema, fromEnv: text, type };
}

export const emailList = (): Kind<readonly string[]> =>
  list(
    z.string({ error: says('не адреса електронної пошти') }).refine(isEmail, { error: says('не адреса електронної пошти') }),
    /[;,]/,
    'адреса або список адрес',
    'e-mail addresses: a list, or separated by `;` or `,`',
  );

/**
 * Names or ids: a list, or separated by `,` `;` or white space. `one`, `list`: what an item and the whole must be,
 * in Ukrainian; `many`: the docs' English words.
 */
export const names = (words: { one: string; list: string; many: string }): Kind<readonly string[]> =>
  list(z.string({ error: says(`має бути ${words.one}`) }), /[\s,;]+/, words.list, `${words.many}: a list, or separated by \`,\` \`;\` or spaces`);

/** ISO dates such as 2027-01-01. */
export function isoDates(): Kind<readonly string[]> {
  const phrase = says('не дата на зразок "2027-01-01"');
  return list(
    z.string({ error: phrase }).refine((h) => /^\d{4}-\d{2}-\d{2}$/.test(h) && parseInstant(h) !== null, { error: phrase }),
    /[\s,;]+/,
    'список дат на зразок "2027-01-01"',
    'ISO dates: a list, or separated by `,` `;` or spaces',
  );
}

/** `Name <a@b.c>` or `a@b.c` */
const MAILBOX_RE = /^(?:[^<>]*<\s*[^\s@<>]+@[^\s@<>]+\s*>|[^\s@<>]+@[^\s@<>]+)$/;

/** A sender address. A control character in it would let mail software read another address than the one checked. */
export function mailbox(): Kind<string> {
  const phrase = says('не адреса на зразок "odmon <opendata@city.gov.ua>"');
  return {
    schema: z
      .string({ error: phrase })
      .refine((v) => MAILBOX_RE.test(v.trim()) && !/[\u0000-\u001f\u007f-\u009f]/.test(v), { error: phrase })
      .transform((v) => v.trim()),
    fromEnv: text,
    type: 'address, `Name <a@b.c>` or `a@b.c`',
  };
}

/** An SMTP server's URL, which may hold the password: never quoted. Empty: none. */
export function smtpUrl(): Kind<string | null> {
  const phrase = 'не адреса smtp:// чи smtps:// (наприклад, smtp://user:pass@mail.example.org:587); значення не показано, бо воно може містити пароль';
  const isSmtp = (v: string): boolean => {
    try {
      return ['smtp:', 'smtps:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  };
  return {
    schema: z
      .string({ error: phrase })
      .nullable()
      .refine((v) => v === null || v === '' || isSmtp(v), { error: phrase })
      .transform((v) => (v === '' ? null : v)),
    fromEnv: text,
    type: 'URL',
    secret: true,
    secrets: urlSecrets,
  };
}

const HTTP_URL = /^https?:\/\/\S+$/;
const notHttp = (iss: { input?: unknown }): string =>
  `${typeof iss.input === 'string' ? `"${redactUrl(iss.input)}"` : show(iss.input)} — не адреса http:// чи https://`;

/** An http(s) address, shown with its password masked; trailing slashes dropped. Empty: none. */
export function httpUrl(): Kind<string | null> {
  return {
    schema: z
      .string({ error: notHttp })
      .nullable()
      .refine((v) => v === null || v === '' || HTTP_URL.test(v), { error: notHttp })
      .transform((v) => (v === null || v === '' ? null : v.replace(/\/+$/, ''))),
    fromEnv: text,
    type: 'URL',
    secrets: urlSecrets,
  };
}

/** An http(s) address that must be there (it has a default); trailing slashes dropped. */
export function requiredHttpUrl(): Kind<string> {
  return {
    schema: z.string({ error: notHttp }).refine((v) => HTTP_URL.test(v), { error: notHttp }).transform((v) => v.replace(/\/+$/, '')),
    fromEnv: textOrUnset,
    type: 'URL',
    secrets: urlSecrets,
  };
}

/** Any text that is a secret (a token): never quoted; `pattern` says what one looks like, `looksLike` in Ukrainian. */
export function secretText(pattern: RegExp, looksLike: string): Kind<string | null> {
  const phrase = `значення — не ${looksLike}; його не показано`;
  return {
    schema: z
      .string({ error: phrase })
      .nullable()
      .refine((v) => v === null || v === '' || pattern.test(v), { error: phrase })
      .transform((v) => (v === '' ? null : v)),
    fromEnv: text,
    type: 'text',
    secret: true,
    secrets: (v) => (v === null ? [] : [v]),
  };
}

/**
 * A text matching `pattern`, or a whole number (written as its digits); empty: none. `looksLike`: the docs' English
 * words; `refusal`: what a message says of a value that does not match, in Ukrainian.
 */
export function identifier(pattern: RegExp, looksLike: string, refusal: string): Kind<string | null> {
  const phrase = says(refusal);
  return {
    schema: z
      .union([z.string(), z.number().int()], { error: phrase })
      .nullable()
      .transform((v) => (v === null ? null : String(v).trim()))
      .refine((v) => v === null || v === '' || pattern.test(v), { error: phrase })
      .transform((v) => (v === '' ? null : v)),
    fromEnv: text,
    type: looksLike,
  };
}

/** Longest name, position or phone accepted: a line in a letter, not a document. */
const LINE_MAX = 300;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * One line of text for people (a council's name, a position, a person's name, a phone): no control characters,
 * at most 300 characters, runs of white space made one. `optional`: empty or null means none (null);
 * `allowEmpty`: an empty text is kept as it is (a name left to be written in by hand).
 */
export function oneLine(opts: { optional: true; forbid?: RegExp; forbidWhy?: string }): Kind<string | null>;
export function oneLine(opts?: { optional?: false; allowEmpty?: boolean; forbid?: RegExp; forbidWhy?: string }): Kind<string>;
export function oneLine(opts: { optional?: boolean; allowEmpty?: boolean; forbid?: RegExp; forbidWhy?: string } = {}): Kind<string | null> {
  const notText = says('має бути текстом');
  const empty = says('має бути непорожнім текстом');
  const schema = z
    .string({ error: notText })
    .nullable()
    .refine((v) => v === null || !CONTROL.test(v), { error: 'має бути одним рядком без керівних символів' })
    .refine((v) => v === null || v.length <= LINE_MAX, { error: `довше за ${LINE_MAX} символів` })
    .refine((v) => v === null || opts.forbid === undefined || !opts.forbid.test(v), { error: says(opts.forbidWhy ?? 'містить недопустимі символи') })
    .refine((v) => opts.optional || opts.allowEmpty || (v !== null && v.trim() !== ''), { error: empty })
    .transform((v) => {
      const t = v === null ? '' : v.trim().replace(/\s+/g, ' ');
      return t === '' && opts.optional ? null : t;
    });
  return { schema, fromEnv: text, type: opts.optional ? 'text (one line; empty: none)' : 'text (one line)' };
}

/** One e-mail address, or none (empty or null). */
export function optionalEmail(): Kind<string | null> {
  const phrase = says('не адреса електронної пошти');
  return {
    schema: z
      .string({ error: phrase })
      .nullable()
      .transform((v) => (v === null || v.trim() === '' ? null : v.trim()))
      .refine((v) => v === null || isEmail(v), { error: phrase }),
    fromEnv: text,
    type: 'e-mail address; empty: none',
  };
}

/** A TCP port from 1 to 65535, or none (null or empty). */
export function optionalPort(): Kind<number | null> {
  const phrase = says('is not a port number from 1 to 65535');
  return {
    schema: z
      .union([z.number(), z.string()], { error: phrase })
      .nullable()
      .transform((v) => (v === null || (typeof v === 'string' && v.trim() === '') ? null : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v))
      .refine((v) => v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535), { error: phrase })
      .transform((v) => v as number | null),
    fromEnv: text,
    type: 'port number, 1 to 65535; empty: none',
  };
}

/**
 * A password hash as `odmon password-hash` prints it: `scrypt$N$r$p$SALT$KEY` (N, r, p: scrypt's cost; SALT and KEY in
 * base64). Never quoted in a message; empty: none.
 */
export const SCRYPT_HASH = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/]+=*)\$([A-Za-z0-9+/]+=*)$/;

export function scryptHash(): Kind<string | null> {
  return { ...secretText(SCRYPT_HASH, 'хеш у тому вигляді, у якому його друкує "odmon password-hash" (scrypt$16384$8$1$…$…)'), type: 'scrypt hash' };
}
