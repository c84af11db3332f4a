/** `odmon report annual`, `odmon history` and `odmon log`. */
import fs from 'node:fs';
import path from 'node:path';
import { recordQuarterHistory, trialFor } from '../app';
import { readSource } from '../app/reads';
import { annualReportText, REPORT_FORMATS, type ReportFormat } from '../app/reports';
import { OdmonError } from '../errors';
import { parseMoment } from '../time/typed-dates';
import { formatDate, formatDateTime, fromStoredInstant, kyivDay, toStoredInstant } from '../time/days';
import { formatScore } from '../uk';
import { auditLog, type AuditEntry } from '../views/audit';
import { ALL_STEWARDS, quarterlyHistory } from '../views/history';
import type { CliArgs } from './args';
import { withApp } from './context';
import { at, day, trialNote } from './format';
import { OPT, type CommandSpec } from './spec';

function reportFormat(args: CliArgs): ReportFormat {
  if (args.format !== undefined) {
    if (!(REPORT_FORMATS as readonly string[]).includes(args.format)) {
      throw new OdmonError('E_USAGE', `--format "${args.format}" — невідомий формат (відомі: ${REPORT_FORMATS.join(', ')})`, { hint: 'наприклад: --format html' });
    }
    return args.format as ReportFormat;
  }
  const ext = args.out === undefined ? '' : path.extname(args.out).toLowerCase();
  return ext === '.html' || ext === '.htm' ? 'html' : ext === '.csv' ? 'csv' : ext === '.pdf' ? 'pdf' : 'md';
}

const STORED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** What the audit log's actions are called. */
const ACTIONS: Readonly<Record<string, string>> = {
  suspend: 'призупинення',
  resume: 'зняття призупинення',
  snooze: 'відстрочка',
  unsnooze: 'завершення відстрочки',
  ack: 'підтвердження',
  'task-done': 'виконання завдання',
  'task-reopen': 'повторне відкриття завдання',
  'steward-merge': 'об’єднання розпорядників',
  'steward-id': 'новий ідентифікатор підрозділу',
  'portal-link': 'зв’язок із порталом',
  'portal-adopt': 'прийняття з порталу',
};

const SUBJECTS: Readonly<Record<string, string>> = {
  dataset: 'набір даних',
  finding: 'порушення',
  steward: 'розпорядник',
  task: 'завдання',
  register: 'реєстр',
};

/** The details' keys, in words; a key not listed here is shown as it is stored. */
const DETAILS: Readonly<Record<string, string>> = {
  basis: 'підстава',
  since: 'з',
  reviewBy: 'переглянути',
  replaced: 'замінено',
  registerReason: 'підстава в реєстрі',
  sinceStated: 'початок указано',
  evaluatedAsOf: 'станом на',
  from: 'звідки',
  stewardId: 'розпорядник',
  findingId: 'порушення',
  rule: 'правило',
  subject: 'предмет',
  resumeAt: 'повідомлення відновлюються',
  cancelled: 'завершено відстрочок',
  person: 'хто підтвердив',
  comment: 'коментар',
  doneAt: 'виконано',
  evidence: 'підтвердження',
  previousDoneAt: 'було виконано',
  to: 'до',
  name: 'назва',
  moved: 'перенесено',
};

/** Stored instants in the details read as Kyiv dates (a midnight as the day alone). */
function detailsText(details: Readonly<Record<string, unknown>>): string {
  const show = (v: unknown): unknown => {
    if (typeof v === 'string' && STORED.test(v)) {
      const dt = fromStoredInstant(v);
      return dt.equals(kyivDay(dt)) ? formatDate(dt) : formatDateTime(dt);
    }
    if (v === true) return 'так';
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, show(x)]));
    return v;
  };
  return Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${DETAILS[k] ?? k}: ${typeof show(v) === 'string' ? show(v) : JSON.stringify(show(v))}`)
    .join('; ');
}

function logLine(e: AuditEntry): string {
  const subject = `${SUBJECTS[e.subjectType] ?? e.subjectType} ${e.subjectId}`;
  return `${at(e.at)}  ${e.actor}  ${ACTIONS[e.action] ?? e.action} · ${subject}${e.reason ? ` — ${e.reason}` : ''}\n    ${detailsText(e.details)}\n`;
}

/** More entries than any audit log holds; a bigger number is a typing error (SQLite refuses one past 2^63). */
const MAX_LOG_LIMIT = 1_000_000;

function limitOf(args: CliArgs): number | undefined {
  if (args.limit === undefined) return undefined;
  if (!/^\d+$/.test(args.limit) || Number(args.limit) < 1) throw new OdmonError('E_USAGE', `--limit "${args.limit}" — не ціле число, більше за 0`, { hint: 'наприклад: --limit 20' });
  if (Number(args.limit) > MAX_LOG_LIMIT) {
    throw new OdmonError('E_USAGE', `--limit "${args.limit}" більше за ${MAX_LOG_LIMIT}, найбільше, що показує odmon`, { hint: 'щоб побачити весь журнал, не вказуйте --limit' });
  }
  return Number(args.limit);
}

export const REPORT_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'history',
    summary: 'квартальні знімки: лічильники й оцінка кожного розпорядника',
    details: [
      'Обов’язкові, оприлюднені (вчасно, із запізненням), не оприлюднені, призупинені набори та оцінка — як у зведенні й річному звіті.',
      'Знімок, зроблений протягом 7 днів після кінця кварталу, — «знімок»; пізніший — «відновлено» з історії.',
    ],
    options: [{ flags: '--steward <ID>', description: 'лише цей розпорядник (* — уся міська рада)' }, OPT.now],
    examples: ['history', 'history --steward finance'],
    group: 'plan',
    run: (args, io, now) =>
      withApp(args, io, now, (app) => {
        const trial = trialFor(app, now);
        if (trial) io.err(trialNote(trial));
        recordQuarterHistory(app, now);
        const snaps = quarterlyHistory(readSource(app), { stewardId: args.steward });
        if (snaps.length === 0) io.out('Від першої перевірки ще не закінчився жоден квартал. Квартали до неї відновлено з історії оприлюднень у щотижневому огляді (позначено *) і в річному звіті (позначено †).\n');
        for (const s of snaps) {
          io.out(
            `${s.label.padEnd(12)} ${(s.stewardId === ALL_STEWARDS ? 'усього' : s.stewardId).padEnd(12)} ${formatScore(s.score).padStart(8)} · обов’язкових ${s.required}: оприлюднено ${s.published} ` +
              `(вчасно ${s.onTime}, із запізненням ${s.late}), не оприлюднено ${s.neverPublished}, призупинено ${s.suspended} · ` +
              `${s.source === 'live' ? 'знімок' : 'відновлено'} ${day(s.takenAt)}\n`,
          );
        }
        return 0;
      }),
  },
  {
    name: 'report annual',
    summary: 'річний звіт за завданням 2.2 плану (Markdown, HTML, CSV, PDF)',
    details: ['Станом на 31.12 року (увесь день) або, для поточного року, станом на зараз. Без --out звіт іде в stdout.'],
    options: [
      { flags: '--year <Y>', description: 'рік звіту', required: true },
      { flags: '--format <FORMAT>', description: `формат: ${REPORT_FORMATS.join(', ')} (типово за розширенням --out, інакше md)` },
      { flags: '--out <FILE>', description: 'записати у файл' },
      OPT.now,
    ],
    examples: ['report annual --year 2019 --out zvit-2019.pdf', 'report annual --year 2019 --out zvit-2019.html', 'report annual --year 2019 --format csv --out zvit-2019.csv'],
    group: 'plan',
    run: (args, io, now) => {
      const y = args.year as string;
      if (!/^\d{4}$/.test(y)) throw new OdmonError('E_INPUT', `--year "${y}" — не рік`, { hint: 'наприклад: --year 2019' });
      const year = Number(y);
      if (year > now.year) throw new OdmonError('E_INPUT', `${year} рік ще не почався (зараз ${formatDate(now)})`, { hint: `наприклад: --year ${now.year}` });
      const format = reportFormat(args);
      if (format === 'pdf' && args.out === undefined) {
        throw new OdmonError('E_USAGE', '--format pdf потребує --out FILE', { hint: 'наприклад: odmon report annual --year 2019 --out zvit-2019.pdf' });
      }
      return withApp(args, io, now, async (app) => {
        // Closes any quarter still waiting for its snapshot, so the report and the next digest agree (not in a trial).
        const trial = trialFor(app, now);
        if (trial) io.err(trialNote(trial));
        recordQuarterHistory(app, now);
        const text = await annualReportText(app, year, format, now, io.env);
        if (args.out === undefined) {
          io.out(text.toString());
          return 0;
        }
        const file = path.resolve(io.cwd, args.out);
        try {
          fs.writeFileSync(file, text);
        } catch (cause) {
          throw new OdmonError('E_INPUT', `не вдалося записати ${file} («${(cause as Error).message}»)`, { hint: 'перевірте, що тека існує і в неї можна писати', cause });
        }
        io.out(`Звіт за ${year} рік (${format}) записано у ${file}.\n`);
        return 0;
      });
    },
  },
  {
    name: 'log',
    summary: 'журнал рішень: хто, коли і чому',
    details: [
      'Хто призупинив, відстрочив, підтвердив, об’єднав розпорядників чи змінив завдання.',
      'Найстаріші записи першими; --limit показує N найновіших.',
    ],
    options: [
      { flags: '--since <DATE>', description: 'записи від цього дня (2019-07-01 або 01.07.2019)' },
      { flags: '--limit <N>', description: 'лише N найновіших записів' },
      OPT.json,
    ],
    examples: ['log', 'log --since 2026-11-01 --limit 20', 'log --json'],
    group: 'plan',
    run: (args, io, now) => {
      const since = args.since === undefined ? undefined : toStoredInstant(parseMoment(args.since, '--since'));
      const limit = limitOf(args);
      return withApp(args, io, now, (app) => {
        const entries = auditLog(readSource(app), { since, limit });
        if (args.json) {
          io.out(JSON.stringify(entries.map((e) => ({ ...e, at: fromStoredInstant(e.at).toISO() })), null, 2) + '\n');
          return 0;
        }
        if (entries.length === 0) io.out('Журнал порожній.\n');
        for (const e of entries) io.out(logLine(e));
        return 0;
      });
    },
  },
];
