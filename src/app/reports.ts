/** The yearly report of plan task 2.2 and the rules check, for the entry points. */
import type { DateTime } from 'luxon';
import type { App } from '../app';
import type { Config } from '../config/config';
import { DEFAULT_TEMPLATES_DIR } from '../paths';
import { annualReport } from '../report/annual';
import { REPORT_FORMATS, renderReport, renderReportPdf, type ReportFormat } from '../report/render';
import { loadRules, type LoadedRules } from '../rules/load';

export { REPORT_FORMATS };
export type { LoadedRules, ReportFormat };

/**
 * The report for `year` as of `now` (31.12 of a past year, or now), with the council's header and the approval and
 * signature blocks from the settings, rendered as Markdown, HTML, CSV or (through Chromium) PDF.
 */
export async function annualReportText(app: App, year: number, format: ReportFormat, now: DateTime, env: NodeJS.ProcessEnv = process.env): Promise<string | Buffer> {
  const settings = { graceDays: app.config.graceDays, dueSoonDays: app.config.dueSoonDays, frequencies: app.frequencies };
  const report = annualReport({ db: app.db, settings, year, now, org: app.config.org, signatories: app.config.report });
  return format === 'pdf' ? renderReportPdf(report, DEFAULT_TEMPLATES_DIR, env) : renderReport(report, format, DEFAULT_TEMPLATES_DIR);
}

/** Every rule file of `rulesDir`, validated: the rules that load and every problem of the others. */
export function checkRules(config: Config): LoadedRules {
  return loadRules(config.rulesDir);
}
