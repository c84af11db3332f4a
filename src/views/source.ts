/**
 * Read models: what odmon shows — status, findings, stewards' compliance, plan tasks, history, the outbox, the
 * audit log, exemptions — as plain data (ids, numbers, stored UTC instants, the domain's Ukrainian names), never
 * formatted or printed. The CLI formats them; a web page will format the same ones. A view reads the store and
 * the pure parts below it (rules' facts, history's counts); it never writes, never imports the app or the CLI.
 */
import type { Db } from '../store/db';
import type { FrequencyCatalogue } from '../time/frequency';

/** What every read model reads: the store, and the settings that decide what counts as late or overdue. */
export interface ReadSource {
  readonly db: Db;
  readonly graceDays: number;
  readonly dueSoonDays: number;
  readonly frequencies: FrequencyCatalogue;
  /** The daemon's jobs and their cron expressions (Kyiv time), to judge which job is overdue. */
  readonly schedules: Readonly<Record<string, string>>;
}
