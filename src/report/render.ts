/**
 * The yearly report in four forms: Markdown and HTML from `templates/annual.{md,html}.mustache` (reword them
 * freely), PDF printed from that HTML (pdf.ts), and CSV as one table of rows, one row per fact, for a spreadsheet.
 */
import fs from 'node:fs';
import path from 'node:path';
import Mustache from 'mustache';
import { OdmonError } from '../errors';
import { toCsv } from '../csv/write';
import type { AnnualReport } from './annual';
import { reportPdf } from './pdf';

export const REPORT_FORMATS = ['md', 'html', 'csv', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

function template(dir: string, format: 'md' | 'html'): string {
  const file = path.join(dir, `annual.${format}.mustache`);
  try {
    const text = fs.readFileSync(file, 'utf8');
    Mustache.parse(text);
    return text;
  } catch (cause) {
    throw new OdmonError('E_CONFIG', `шаблон ${file} не можна використати («${(cause as Error).message}»)`, {
      hint: 'відновіть його з репозиторію odmon або виправте в ньому теги {{…}}',
      cause,
    });
  }
}

/**
 * A value in the Markdown report: a `|` would end a table cell and a line break the row; `<` and `&` are written
 * as entities, because Markdown passes raw HTML through (a title `<script>` must print as text, not run).
 */
const mdCell = (v: unknown): string =>
  String(v)
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');

export const CSV_COLUMNS = ['section', 'key', 'title', 'steward_id', 'quarter', 'deadline', 'status', 'date', 'value', 'details'] as const;
type CsvRow = Partial<Record<(typeof CSV_COLUMNS)[number], string | number>>;

/** A share as a plain number of percent with a dot (85.7), for spreadsheets; empty when unknown. */
const percent = (v: number | null): string => (v === null ? '' : (Math.round(v * 1000) / 10).toFixed(1));

/**
 * One row per fact: `task` (deadline, status, completion date, evidence), `score` (one per steward and quarter),
 * `dataset` (state at the report's moment), `notices` (sent, found, resolved), `suspension` (basis, dates).
 */
export function reportCsv(r: AnnualReport): string {
  const rows: CsvRow[] = [];
  for (const p of r.plans) {
    for (const t of p.tasks) {
      rows.push({ section: 'task', key: t.id, title: t.title, steward_id: t.stewardIds, deadline: t.deadline, status: t.status, date: t.doneAt, value: p.id, details: [t.deadlineText, t.responsible, t.evidence].filter(Boolean).join(' | ') });
    }
  }
  for (const s of [...r.stewards, r.total]) {
    for (const c of s.scores) {
      rows.push({ section: 'score', key: s.id, title: s.name, steward_id: s.id, quarter: c.quarter, status: c.kind, value: percent(c.value) });
    }
  }
  for (const s of r.stewards) {
    for (const d of s.datasets) {
      rows.push({ section: 'dataset', key: d.id, title: d.title, steward_id: s.id, status: d.status, date: d.lastUpdated === '—' ? '' : d.lastUpdated, details: `обов'язковий: ${d.required}; періодичність: ${d.frequency}` });
    }
  }
  for (const s of [...r.findingRows, { ...r.total, isSteward: true }]) {
    const sent = typeof s.noticesSent === 'number' ? s.noticesSent : '';
    rows.push({ section: 'notices', key: s.id, title: s.name, steward_id: s.isSteward ? s.id : '', value: sent, details: `виявлено: ${s.findingsOpened}; усунено: ${s.findingsResolved}; знято через призупинення: ${s.findingsSuspended}` });
  }
  for (const s of r.suspensions) {
    rows.push({ section: 'suspension', key: s.datasetId, title: s.title, deadline: s.reviewBy, status: s.status, date: s.since, details: s.basis, steward_id: s.stewardId, value: s.ended });
  }
  return toCsv(CSV_COLUMNS, rows);
}

export function renderReport(r: AnnualReport, format: Exclude<ReportFormat, 'pdf'>, templatesDir: string): string {
  if (format === 'csv') return reportCsv(r);
  if (format === 'md') return Mustache.render(template(templatesDir, 'md'), r, {}, { escape: mdCell }).replace(/\n{3,}/g, '\n\n');
  return Mustache.render(template(templatesDir, 'html'), r);
}

/** The report as a PDF printed by the server's Chromium (pdf.ts): E_RENDERER, with a hint, when there is none. */
export function renderReportPdf(r: AnnualReport, templatesDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const html = template(templatesDir, 'html');
  return reportPdf(r, (x) => Mustache.render(html, x), env);
}
