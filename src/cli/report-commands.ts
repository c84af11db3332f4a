/** `odmon report annual`, `odmon history` and `odmon log`. */
import fs from 'node:fs';
import path from 'node:path';
import type { DateTime } from 'luxon';
import { recordQuarterHistory, trialFor } from '../app';
import { OdmonError } from '../errors';
import { parseMoment } from '../exemptions/dates';
import { formatScore } from '../history/score';
import { annualReport } from '../report/annual';
import { REPORT_FORMATS, renderReport, renderReportPdf, type ReportFormat } from '../report/render';
import { DEFAULT_TEMPLATES_DIR } from '../paths';
import { listAudit, type AuditEntry } from '../store/audit';
import { listSnapshots } from '../store/snapshots';
import { formatDate, formatDateTime, fromStoredInstant, kyivDay, toStoredInstant } from '../time/days';
import type { CliArgs } from './args';
import type { Io } from './commands';
import { withApp } from './exemption-commands';
import { trialNote } from './format';

function reportFormat(args: CliArgs): ReportFormat {
  if (args.format !== undefined) {
    if (!(REPORT_FORMATS as readonly string[]).includes(args.format)) {
      throw new OdmonError('E_USAGE', `--format "${args.format}" is not known (known: ${REPORT_FORMATS.join(', ')})`);
    }
    return args.format as ReportFormat;
  }
  const ext = args.out === undefined ? '' : path.extname(args.out).toLowerCase();
  return ext === '.html' || ext === '.htm' ? 'html' : ext === '.csv' ? 'csv' : ext === '.pdf' ? 'pdf' : 'md';
}

/** `odmon report annual --year Y [--format md|html|csv|pdf] [--out FILE]` */
export function cmdReport(args: CliArgs, io: Io, now: DateTime): number | Promise<number> {
  const [, kind, ...rest] = args.command;
  if (kind !== 'annual' || rest.length > 0) {
    throw new OdmonError('E_USAGE', 'usage: odmon report annual --year Y [--format md|html|csv|pdf] [--out FILE]', { hint: 'e.g. odmon report annual --year 2019 --out zvit-2019.pdf' });
  }
  if (args.year === undefined) throw new OdmonError('E_USAGE', '--year is required, e.g. --year 2019');
  if (!/^\d{4}$/.test(args.year)) throw new OdmonError('E_INPUT', `--year "${args.year}" is not a year`, { hint: 'e.g. --year 2019' });
  const year = Number(args.year);
  if (year > now.year) throw new OdmonError('E_INPUT', `--year ${year} has not begun yet (now is ${formatDate(now)})`);
  const format = reportFormat(args);
  if (format === 'pdf' && args.out === undefined) throw new OdmonError('E_USAGE', '--format pdf needs --out FILE', { hint: 'e.g. odmon report annual --year 2019 --out zvit-2019.pdf' });
  return withApp(args, io, now, async (app) => {
    // Closes any quarter still waiting for its snapshot, so the report and the next digest agree (not in a trial).
    const trial = trialFor(app, now);
    if (trial) io.err(trialNote(trial));
    recordQuarterHistory(app, now);
    const settings = { graceDays: app.config.graceDays, dueSoonDays: app.config.dueSoonDays, frequencies: app.frequencies };
    const report = annualReport({ db: app.db, settings, year, now, org: app.config.org, signatories: app.config.report });
    const text = format === 'pdf' ? await renderReportPdf(report, DEFAULT_TEMPLATES_DIR, io.env) : renderReport(report, format, DEFAULT_TEMPLATES_DIR);
    if (args.out === undefined) {
      io.out(text.toString());
      return 0;
    }
    const file = path.resolve(io.cwd, args.out);
    try {
      fs.writeFileSync(file, text);
    } catch (cause) {
      throw new OdmonError('E_INPUT', `cannot write ${file}: ${(cause as Error).message}`, { hint: 'check that the folder exists and is writable', cause });
    }
    io.out(`report for ${year} (${format}) written to ${file}\n`);
    return 0;
  });
}

/** `odmon history [--steward ID]`: the quarterly snapshots kept so far. */
export function cmdHistory(args: CliArgs, io: Io, now: DateTime): number {
  return withApp(args, io, now, (app) => {
    const trial = trialFor(app, now);
    if (trial) io.err(trialNote(trial));
    recordQuarterHistory(app, now);
    const snaps = listSnapshots(app.db).filter((s) => args.steward === undefined || s.stewardId === args.steward);
    if (snaps.length === 0) io.out('no quarter has closed since the first check\n');
    for (const s of snaps) {
      io.out(
        `${s.quarter} ${s.stewardId.padEnd(12)} ${formatScore(s.score).padStart(8)} · required ${s.required}, published ${s.published}, on time ${s.onTime}, ` +
          `late ${s.late}, never published ${s.neverPublished}, suspended ${s.suspended} · ${s.source} ${formatDate(fromStoredInstant(s.takenAt))}\n`,
      );
    }
    return 0;
  });
}

const STORED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Stored instants in the details read as Kyiv dates (a midnight as the day alone). */
function detailsText(details: Readonly<Record<string, unknown>>): string {
  const show = (v: unknown): unknown => {
    if (typeof v === 'string' && STORED.test(v)) {
      const dt = fromStoredInstant(v);
      return dt.equals(kyivDay(dt)) ? formatDate(dt) : formatDateTime(dt);
    }
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, show(x)]));
    return v;
  };
  return Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}=${typeof show(v) === 'string' ? show(v) : JSON.stringify(show(v))}`)
    .join('; ');
}

function logLine(e: AuditEntry): string {
  return `${formatDateTime(fromStoredInstant(e.at))}  ${e.actor}  ${e.action} ${e.subjectType} ${e.subjectId}${e.reason ? ` — ${e.reason}` : ''}\n    ${detailsText(e.details)}\n`;
}

/** More entries than any audit log holds; a bigger number is a typing error (SQLite refuses one past 2^63). */
const MAX_LOG_LIMIT = 1_000_000;

/** `odmon log [--since DATE] [--limit N] [--json]` */
export function cmdLog(args: CliArgs, io: Io, now: DateTime): number {
  if (args.command.length > 1) throw new OdmonError('E_USAGE', 'usage: odmon log [--since DATE] [--limit N] [--json]');
  const since = args.since === undefined ? undefined : toStoredInstant(parseMoment(args.since, '--since'));
  let limit: number | undefined;
  if (args.limit !== undefined) {
    if (!/^\d+$/.test(args.limit) || Number(args.limit) < 1) throw new OdmonError('E_USAGE', `--limit "${args.limit}" is not a whole number above 0`);
    if (Number(args.limit) > MAX_LOG_LIMIT) {
      throw new OdmonError('E_USAGE', `--limit "${args.limit}" is more than ${MAX_LOG_LIMIT}, the most odmon shows`, { hint: 'leave --limit out to see the whole log' });
    }
    limit = Number(args.limit);
  }
  return withApp(args, io, now, (app) => {
    const entries = listAudit(app.db, { sinceIso: since, limit });
    if (args.json) {
      io.out(JSON.stringify(entries.map((e) => ({ ...e, at: fromStoredInstant(e.at).toISO() })), null, 2) + '\n');
      return 0;
    }
    if (entries.length === 0) io.out('the log is empty\n');
    for (const e of entries) io.out(logLine(e));
    return 0;
  });
}
