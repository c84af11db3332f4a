/**
 * The one error class users see. `code` appears in docs/cli.md's table; `message` says what and where;
 * `hint` says what to do. The CLI prints `error[CODE]: message`, the hint, and a stack only with --verbose.
 */
export type ErrorCode =
  | 'E_USAGE'
  | 'E_CONFIG'
  | 'E_IMPORT'
  | 'E_RULES'
  | 'E_DB'
  | 'E_NOT_FOUND'
  | 'E_INPUT'
  | 'E_MAIL'
  | 'E_LOCKED'
  | 'E_BUSY'
  | 'E_PORTAL'
  | 'E_RENDERER';

const EXIT_CODES: Record<ErrorCode, number> = {
  E_USAGE: 64,
  E_CONFIG: 78,
  E_IMPORT: 2,
  E_RULES: 2,
  E_DB: 74,
  E_NOT_FOUND: 66,
  E_INPUT: 65,
  E_MAIL: 75,
  E_LOCKED: 73,
  E_BUSY: 75,
  E_PORTAL: 69,
  E_RENDERER: 69,
};

export class OdmonError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  /** Every problem when there were several (validation collects them all). */
  readonly problems: readonly string[];

  constructor(code: ErrorCode, message: string, opts: { hint?: string; problems?: readonly string[]; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'OdmonError';
    this.code = code;
    this.hint = opts.hint;
    this.problems = opts.problems ?? [];
  }

  get exitCode(): number {
    return EXIT_CODES[this.code];
  }
}

export function exitCodeOf(code: ErrorCode): number {
  return EXIT_CODES[code];
}
