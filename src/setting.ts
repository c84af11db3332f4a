/**
 * How a setting is declared: once, with everything odmon derives from it — its type (the value its kind
 * yields), its default, its validation (the kind's zod schema), its environment variable and its line in
 * docs/settings.md. Like renovate's options list, from which the CLI names and the environment names are
 * derived. Low in the layers (it imports only the kinds' types): channel folders declare their own settings with
 * it, and src/config/settings.ts gathers them all.
 */
import type { Kind } from './setting-kinds';

export interface Setting<T> {
  readonly kind: Kind<T>;
  /** The value when no source gives one. */
  readonly default: T;
  /** One line for people: what it does (docs/settings.md). */
  readonly doc: string;
  /** How the default reads in the docs, when the value itself would not (an absolute path). */
  readonly defaultText?: string;
  /**
   * The environment variable, when not the derived one (`ODMON_` + the section's prefix + the key in upper
   * snake case); false: only the config file sets it.
   */
  readonly env?: string | false;
  /** The command-line flag that sets it, for the docs (flags are parsed by the CLI). */
  readonly flag?: string;
  /** Other settings (full keys) that must be given too when this one is, e.g. a sender for an SMTP server. */
  readonly requires?: readonly string[];
}

const SECTION = Symbol('section');

/** A group of settings under one key of the config file (`mail`, `schedule`); `env` prefixes its variables. */
export type Section<S> = S & { readonly [SECTION]: { readonly env: string } };

export function setting<T>(kind: Kind<T>, meta: Omit<Setting<NoInfer<T>>, 'kind'>): Setting<T> {
  return { kind, ...meta };
}

/**
 * `section('SCHEDULE_', { notify: … })`: settings `schedule.notify` read from ODMON_SCHEDULE_NOTIFY. Sections nest
 * (`org.contact.email` from ODMON_ORG_CONTACT_EMAIL); each names its own whole prefix.
 */
export function section<S extends Record<string, Setting<unknown> | Section<Record<string, unknown>>>>(env: string, settings: S): Section<S> {
  return { ...settings, [SECTION]: { env } };
}

export type Tree = { readonly [key: string]: Setting<unknown> | Section<Record<string, Setting<unknown>>> };

/** The values a tree of settings yields: the type of the configuration, derived from the declarations. */
export type ValuesOf<S> = {
  readonly [K in keyof S as K extends string ? K : never]: S[K] extends Setting<infer T> ? T : ValuesOf<S[K]>;
};

function isSetting(x: unknown): x is Setting<unknown> {
  return typeof x === 'object' && x !== null && 'kind' in x && 'doc' in x;
}

/** One declared setting with what is derived from its place in the tree. */
export interface Declared extends Setting<unknown> {
  /** `mail.smtpUrl` */
  readonly key: string;
  readonly path: readonly string[];
  /** The environment variable, or null when only the file sets it. */
  readonly envName: string | null;
  /** The name derived from its place (`ODMON_` + the section's prefix + the key in upper snake case). */
  readonly derivedEnv: string;
}

/** A section of the tree: `mail` with its variables' prefix `MAIL_`, `notify` with none. */
export interface DeclaredSection {
  readonly key: string;
  readonly env: string;
}

/** `smtpUrl` → `SMTP_URL`, `maxReplyMB` → `MAX_REPLY_MB`. */
export function upperSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** Every setting of the tree in declaration order: the order of the docs and of the problems reported. */
export function declared(tree: Tree): Declared[] {
  const out: Declared[] = [];
  const visit = (node: Record<string, unknown>, path: string[], prefix: string): void => {
    for (const [name, child] of Object.entries(node)) {
      const p = [...path, name];
      if (isSetting(child)) {
        const derivedEnv = `ODMON_${prefix}${upperSnake(name)}`;
        const envName = child.env === false ? null : (child.env ?? derivedEnv);
        out.push({ ...child, key: p.join('.'), path: p, envName, derivedEnv });
      } else {
        visit(child as Record<string, unknown>, p, (child as Section<object>)[SECTION].env);
      }
    }
  };
  visit(tree, [], '');
  return out;
}

/** Every section of the tree, nested ones too, in declaration order, with its variables' prefix. */
export function sections(tree: Tree): DeclaredSection[] {
  const out: DeclaredSection[] = [];
  const visit = (node: Record<string, unknown>, path: string[]): void => {
    for (const [name, child] of Object.entries(node)) {
      if (isSetting(child)) continue;
      const p = [...path, name];
      out.push({ key: p.join('.'), env: (child as Section<object>)[SECTION].env });
      visit(child as Record<string, unknown>, p);
    }
  };
  visit(tree, []);
  return out;
}

/** The names a section of the tree knows, in order; null when `path` is a setting, not a section. */
export function keysAt(tree: Tree, path: readonly string[]): string[] | null {
  let node: unknown = tree;
  for (const p of path) node = (node as Record<string, unknown>)[p];
  return isSetting(node) ? null : Object.keys(node as object);
}
