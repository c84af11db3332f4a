/**
 * Structured logs: one JSON object per line on stderr (stdout stays for command output), with a time, a
 * level, an event name and counts. Every string in a line goes through the one redactor (src/redact.ts):
 * URL passwords and the configured secrets are masked, whatever the caller passed in.
 */
import { redactDeep } from './redact';

export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: Level, event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/** `secrets`: passwords known from the settings, masked wherever they appear (see src/redact.ts). */
export function jsonLogger(write: (line: string) => void, base: Record<string, unknown> = {}, secrets: readonly string[] = []): Logger {
  const log = (level: Level, event: string, fields: Record<string, unknown> = {}): void => {
    // Each value is redacted before it is JSON-encoded, so that a password is masked in the form it was typed.
    const entry = redactDeep({ time: new Date().toISOString(), level, event, ...base, ...fields }, secrets);
    write(JSON.stringify(entry) + '\n');
  };
  return {
    log,
    info: (e, f) => log('info', e, f),
    warn: (e, f) => log('warn', e, f),
    error: (e, f) => log('error', e, f),
  };
}

export const silentLogger: Logger = { log: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
