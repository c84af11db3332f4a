/**
 * Structured logs: one JSON object per line on stderr (stdout stays for command output), with a time, a
 * level, an event name and counts. Values that look like secrets are never passed in: callers log
 * redacted targets (`smtp://odmon:***@host`), and `redact` below masks URL passwords in free text.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: Level, event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/** Masks the password of any `scheme://user:password@host` in a text. */
export function redact(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@\s]+@/gi, '$1***@');
}

export function jsonLogger(write: (line: string) => void, base: Record<string, unknown> = {}): Logger {
  const log = (level: Level, event: string, fields: Record<string, unknown> = {}): void => {
    const entry = { time: new Date().toISOString(), level, event, ...base, ...fields };
    write(redact(JSON.stringify(entry)) + '\n');
  };
  return {
    log,
    info: (e, f) => log('info', e, f),
    warn: (e, f) => log('warn', e, f),
    error: (e, f) => log('error', e, f),
  };
}

export const silentLogger: Logger = { log: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
