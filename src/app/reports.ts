/** The yearly report of plan task 2.2 and the rules check, for the entry points. */
import type { DateTime } from 'luxon';
import type { App } from '../app';
import type { Config } from '../config/config';
import { DEFAULT_TEMPLATES_DIR } from '../paths';
import { annualReport } from '../report/annual';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../report/render';
import { loadRules, type LoadedRules } from '../rules/load';

export { REPORT_FORMATS };
export type { LoadedRules, ReportFormat };

/** The report for `year` as of `now` (31.12 of a past year, or now), rendered as Markdown, HTML or CSV. */
export function annualReportText(app: App, year: number, format: ReportFormat, now: DateTime): string {
  const report = annualReport({ db: app.db, settings: { graceDays: app.config.graceDays, dueSoonDays: app.config.dueSoonDays, frequencies: app.frequencies }, year, now });
  return renderReport(report, format, DEFAULT_TEMPLATES_DIR);
}

/** Every rule file of `rulesDir`, validated: the rules that load and every problem of the others. */
export function checkRules(config: Config): LoadedRules {
  return loadRules(config.rulesDir);
}
