/**
 * The yearly report that task 2.2 of the plan asks for ("запровадити щорічне звітування щодо виконання завдань
 * Плану дій"): every plan task with its deadline, status and completion date; each steward's datasets and
 * quarterly scores; notices sent and findings resolved; datasets suspended, with their basis. A view model
 * only: the Markdown, HTML and CSV forms are rendered from it (render.ts).
 */
import { DateTime } from 'luxon';
import type { Steward } from '../domain';
import { OdmonError } from '../errors';
import { complianceAsOf, type HistorySettings, ALL_STEWARDS_NAME } from '../history/snapshots';
import { quarterEnd, quarterKey, quarterLabel, quarterStart, quartersOf, type Quarter } from '../history/quarters';
import { ALL_STEWARDS, complianceBySteward, formatScore, type ComplianceCounts } from '../history/score';
import { datasetSubjects, type Subject } from '../rules/subjects';
import type { Db } from '../store/db';
import { findingCountsByResponsibility, findingTotals, firstYearOnRecord, noticesSentBySteward, type FindingCounts } from '../store/report-queries';
import { datasetsAsOf, listSnapshots, type QuarterSnapshot } from '../store/snapshots';
import { listStewards } from '../store/stewards';
import { listRegisterSuspensions, listSuspensions } from '../store/suspensions';
import { formatDate, formatDateTime, fromStoredInstant, toStoredInstant } from '../time/days';
import { ZONE } from '../time/zone';
import { plural } from '../uk';
import { executorLine, ORG_DEFAULTS, REPORT_DEFAULTS, type OrgConfig, type ReportConfig, type Signatory } from '../config/org';
import { planSections, type PlanSection } from './plan-tasks';
import { conclusionsOf } from './conclusions';

export { responsibleText, taskStatus } from '../plan/task-status';
export type { PlanSection, TaskRow } from './plan-tasks';

export interface ScoreCell {
  readonly quarter: string;
  readonly label: string;
  readonly value: number | null;
  readonly text: string;
  /** snapshot | reconstructed † (computed for the report: the quarter ended before odmon's first run) | current ‡ | none */
  readonly kind: 'snapshot' | 'reconstructed' | 'current' | 'none';
}

export interface DatasetRow {
  readonly id: string;
  readonly title: string;
  readonly required: string;
  readonly frequency: string;
  readonly lastUpdated: string;
  readonly status: string;
}

export interface StewardSection {
  readonly id: string;
  readonly name: string;
  readonly scores: readonly ScoreCell[];
  readonly counts: ComplianceCounts;
  readonly yearScore: string;
  readonly datasets: readonly DatasetRow[];
  readonly hasDatasets: boolean;
  readonly noticesSent: number;
  /** Findings that name this steward alone (shared plan tasks are a row of their own in appendix 2). */
  readonly findingsOpened: number;
  readonly findingsResolved: number;
  /** Findings that ended because their dataset was suspended: not fixed, so not counted as resolved. */
  readonly findingsSuspended: number;
}

/**
 * A row of appendix 2: a steward with notices or findings in the year, the findings of shared plan tasks, or those
 * of datasets assigned to nobody. Each finding is counted in one row, so the rows add up to «Усього».
 */
export interface FindingRow {
  /** The steward's id; `shared` and `unassigned` for the rows that are no steward. */
  readonly id: string;
  readonly isSteward: boolean;
  readonly name: string;
  /** Notices sent; «—» for the rows that are no steward. */
  readonly noticesSent: number | string;
  readonly findingsOpened: number;
  readonly findingsResolved: number;
  readonly findingsSuspended: number;
}

export interface SuspensionRow {
  readonly datasetId: string;
  readonly title: string;
  readonly stewardId: string;
  readonly steward: string;
  readonly basis: string;
  readonly since: string;
  readonly reviewBy: string;
  readonly ended: string;
  readonly status: string;
}

/** A signature line: a position, and a name as «Власне ім'я ПРІЗВИЩЕ» or a line to write it by hand. */
export interface SignatureView {
  readonly position: string;
  readonly name: string;
  readonly hasName: boolean;
}

export interface AppendixView {
  readonly n: number;
  readonly title: string;
  /** «на 2 арк.» once the printed pages are known (PDF), else empty. */
  readonly sheets: string;
}

export interface AnnualReport {
  readonly year: number;
  /** The council and the unit that prepared the report, and the date it was made: the report's header. */
  readonly header: { readonly council: string; readonly unit: string; readonly date: string };
  readonly approval: SignatureView;
  readonly preparer: SignatureView;
  /** «Виконавець: …»; empty when no contact is configured. */
  readonly executor: string;
  readonly hasExecutor: boolean;
  /** «про виконання Плану дій … за 2019 рік»: the title after «ЗВІТ», without a full stop. */
  readonly reportTitle: string;
  readonly period: string;
  readonly conclusions: readonly string[];
  readonly proposals: readonly string[];
  readonly hasProposals: boolean;
  readonly appendices: readonly AppendixView[];
  readonly title: string;
  readonly subtitle: string;
  readonly asOf: string;
  readonly generatedAt: string;
  readonly inProgress: boolean;
  readonly quarterLabels: readonly string[];
  readonly summary: readonly { label: string; value: string }[];
  readonly plans: readonly PlanSection[];
  readonly hasPlans: boolean;
  readonly stewards: readonly StewardSection[];
  /** Appendix 2: only the stewards with notices or findings, then shared tasks and unassigned datasets; they add up to `total`. */
  readonly findingRows: readonly FindingRow[];
  readonly total: StewardSection;
  readonly suspensions: readonly SuspensionRow[];
  readonly hasSuspensions: boolean;
  readonly hasReconstructed: boolean;
  readonly hasCurrent: boolean;
}

/**
 * A dataset's state in appendix 3, in the one vocabulary of every output (dashboard.md): «Вчасно», «Прострочено на
 * 5 днів», «Не оприлюднено», «Призупинено», «Періодичність не вказана». Each is one of the counts of section 1: a
 * dataset without a periodic deadline (event-driven), or whose frequency is blank or not recognised, is counted
 * on time, as src/history/score.ts counts it; the legend says so.
 */
function datasetStatus(d: Subject): string {
  if (d.facts.suspended === true) return 'Призупинено';
  if (d.facts.published !== true) return 'Не оприлюднено';
  const late = d.facts.daysOverdue;
  if (typeof late === 'number' && late > 0) return `Прострочено на ${late} ${plural(late, 'день', 'дні', 'днів')}`;
  if (d.facts.frequencyStatus === 'blank' || d.facts.frequencyStatus === 'unknown') return 'Періодичність не вказана';
  return 'Вчасно';
}

function scoreCells(
  id: string,
  year: number,
  snaps: readonly QuarterSnapshot[],
  computed: ReadonlyMap<string, Map<string, ComplianceCounts>>,
  current: { key: string; byId: Map<string, ComplianceCounts> } | null,
): ScoreCell[] {
  return quartersOf(year).map((q) => {
    const key = quarterKey(q);
    const label = quarterLabel(q);
    const snap = snaps.find((s) => s.quarter === key && s.stewardId === id);
    if (snap) return { quarter: key, label, value: snap.score, text: formatScore(snap.score), kind: 'snapshot' as const };
    const c = computed.get(key);
    if (c) {
      const v = c.get(id)?.score ?? null;
      return { quarter: key, label, value: v, text: v === null ? '—' : `${formatScore(v)} †`, kind: c.has(id) ? ('reconstructed' as const) : ('none' as const) };
    }
    if (current && current.key === key && current.byId.has(id)) {
      const v = current.byId.get(id)?.score ?? null;
      return { quarter: key, label, value: v, text: v === null ? '—' : `${formatScore(v)} ‡`, kind: 'current' as const };
    }
    return { quarter: key, label, value: null, text: '—', kind: 'none' as const };
  });
}

export interface AnnualInputs {
  readonly db: Db;
  readonly settings: HistorySettings;
  readonly year: number;
  readonly now: DateTime;
  /** The council and the unit (header, executor line); the defaults of src/config/org.ts when absent. */
  readonly org?: OrgConfig;
  /** Who approves and who signs (approval and signature blocks). */
  readonly signatories?: ReportConfig;
}

const signature = (s: Signatory): SignatureView => ({ position: s.position, name: s.name, hasName: s.name !== '' });

/** «про виконання Плану дій … за 2019 рік»: the plan's own title in the genitive when there is one plan. */
function reportTitleOf(plans: readonly PlanSection[], year: number): string {
  const one = plans.length === 1 ? plans[0].title.trim() : '';
  const plan = /^План\s/.test(one) ? `Плану${one.slice(4)}` : 'Плану дій з розвитку відкритих даних';
  return `про виконання ${plan.replace(/(\d{4})-(\d{4})/g, '$1–$2')} за ${year} рік`;
}

/** Builds the report of `year` as of `now` (a year still running is reported as of now). */
export function annualReport({ db, settings, year, now, org = ORG_DEFAULTS, signatories = REPORT_DEFAULTS }: AnnualInputs): AnnualReport {
  const first = firstYearOnRecord(db);
  if (first !== null && year < first) {
    throw new OdmonError('E_INPUT', `--year ${year}: про цей рік відомостей немає — план і реєстр починаються з ${first} року`, {
      hint: `вкажіть рік від ${first} до ${now.setZone(ZONE).year}`,
    });
  }
  const from = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: ZONE });
  const to = from.plus({ years: 1 });
  const inProgress = now < to;
  // "Станом на 31.12.Y" is the whole of that day: the report is as of its last instant, so a deadline of that
  // day is still within its term, and counts as of the end of the year (quarter IV included) agree with it.
  const asOf = inProgress ? now : to.minus({ milliseconds: 1 });
  const stewards: Steward[] = listStewards(db);
  const names = new Map(stewards.map((s) => [s.id, s.name]));
  // The register as it stood at the report's moment, through the facts the rules use.
  const subjects = datasetSubjects({
    now: asOf,
    graceDays: settings.graceDays,
    dueSoonDays: settings.dueSoonDays,
    frequencies: settings.frequencies,
    stewards,
    datasets: datasetsAsOf(db, toStoredInstant(asOf.plus({ milliseconds: 1 }))),
    tasks: [],
  });
  const yearEnd = complianceBySteward(subjects);
  const snaps = listSnapshots(db, quarterKey({ year, q: 1 }), quarterKey({ year, q: 4 }));
  // Quarters that ended without a snapshot (before odmon's first run) are rebuilt from the history for the report.
  const computed = new Map<string, Map<string, ComplianceCounts>>();
  for (const q of quartersOf(year)) {
    if (quarterEnd(q) > now || snaps.some((s) => s.quarter === quarterKey(q))) continue;
    computed.set(quarterKey(q), complianceAsOf(db, settings, quarterEnd(q)));
  }
  const running: Quarter | undefined = quartersOf(year).find((q) => quarterStart(q) <= now && now < quarterEnd(q));
  const current = running ? { key: quarterKey(running), byId: yearEnd } : null;
  const notices = noticesSentBySteward(db, toStoredInstant(from), toStoredInstant(to));
  const findings = findingCountsByResponsibility(db, toStoredInstant(from), toStoredInstant(to));
  const totals = findingTotals(db, toStoredInstant(from), toStoredInstant(to));
  const frequencyLabel = (d: Subject): string => d.vars.frequency || '—';
  const section = (id: string, name: string, mine: readonly Subject[]): StewardSection => {
    const scores = scoreCells(id, year, snaps, computed, current);
    const known = scores.filter((s) => s.value !== null).map((s) => s.value as number);
    return {
      id,
      name,
      scores,
      counts: yearEnd.get(id) ?? { required: 0, published: 0, onTime: 0, late: 0, neverPublished: 0, suspended: 0, score: null },
      yearScore: known.length ? formatScore(known.reduce((a, b) => a + b, 0) / known.length) : '—',
      datasets: mine.map((d) => ({
        id: d.id,
        title: d.vars.title,
        required: d.facts.required === true ? 'так' : 'ні',
        frequency: frequencyLabel(d),
        lastUpdated: d.vars.lastUpdated || '—',
        status: datasetStatus(d),
      })),
      hasDatasets: mine.length > 0,
      noticesSent: id === ALL_STEWARDS ? [...notices.values()].reduce((a, b) => a + b, 0) : (notices.get(id) ?? 0),
      findingsOpened: id === ALL_STEWARDS ? totals.opened : (findings.bySteward.get(id)?.opened ?? 0),
      findingsResolved: id === ALL_STEWARDS ? totals.resolved : (findings.bySteward.get(id)?.resolved ?? 0),
      findingsSuspended: id === ALL_STEWARDS ? totals.suspended : (findings.bySteward.get(id)?.suspended ?? 0),
    };
  };
  const withSomething = new Set([...subjects.flatMap((d) => (d.steward ? [d.steward] : [])), ...snaps.map((s) => s.stewardId), ...notices.keys()]);
  withSomething.delete(ALL_STEWARDS);
  const stewardSections = [...withSomething]
    .map((id) => section(id, names.get(id) ?? snaps.find((s) => s.stewardId === id)?.stewardName ?? id, subjects.filter((d) => d.steward === id)))
    .sort((a, b) => a.name.localeCompare(b.name, 'uk'));
  const total = section(ALL_STEWARDS, ALL_STEWARDS_NAME, []);
  const findingRows = findingRowsOf(stewardSections, findings, notices, names);
  const suspensions = suspensionRows(db, names, from, to, asOf);
  const plans = planSections(db, names, from, to, asOf);
  const tasks = plans.flatMap((p) => p.tasks);
  const c = total.counts;
  const allScores = [...stewardSections, total].flatMap((s) => s.scores);
  const executor = executorLine(org);
  const unassigned = subjects.filter((d) => d.facts.required === true && d.steward === null).length;
  const { conclusions, proposals } = conclusionsOf({ year, asOf: formatDate(asOf), tasks, counts: c, total, unassigned, suspensions });
  const appendices = [
    'Показники розпорядників за кварталами',
    'Повідомлення розпорядникам і порушення',
    `Набори даних розпорядників станом на ${formatDate(asOf)}`,
    ...(suspensions.length > 0 ? ['Призупинені набори даних'] : []),
  ].map((title, i) => ({ n: i + 1, title, sheets: '' }));
  return {
    year,
    header: { council: org.name, unit: org.unit, date: formatDate(now) },
    approval: signature(signatories.approver),
    preparer: signature(signatories.preparer),
    executor,
    hasExecutor: executor !== '',
    reportTitle: reportTitleOf(plans, year),
    period: `${formatDate(from)}–${formatDate(to.minus({ days: 1 }))}`,
    conclusions,
    proposals,
    hasProposals: proposals.length > 0,
    appendices,
    title: `Звіт про виконання Плану дій з розвитку відкритих даних за ${year} рік`,
    subtitle: 'щорічне звітування відповідно до завдання 2.2 Плану дій щодо реалізації принципів Міжнародної хартії відкритих даних',
    asOf: formatDate(asOf),
    generatedAt: formatDateTime(now),
    inProgress,
    quarterLabels: quartersOf(year).map(quarterLabel),
    summary: [
      { label: 'Завдань плану у звіті', value: String(tasks.length) },
      { label: 'з них виконано', value: String(tasks.filter((t) => t.done).length) },
      { label: 'не виконано, термін минув', value: String(tasks.filter((t) => t.overdue).length) },
      ...nonZero([
        { label: `не виконано, термін — ${formatDate(asOf)} (ще не минув)`, n: tasks.filter((t) => t.dueToday).length },
        { label: 'у роботі, термін не настав', n: tasks.filter((t) => !t.done && !t.overdue && !t.dueToday && !t.continuous).length },
        { label: 'виконуються постійно', n: tasks.filter((t) => t.continuous).length },
      ]),
      { label: `Обов'язкових наборів даних станом на ${formatDate(asOf)}`, value: String(c.required) },
      { label: 'з них оприлюднено', value: `${c.published} (вчасно — ${c.onTime}, із запізненням — ${c.late})` },
      { label: 'не оприлюднено жодного разу', value: String(c.neverPublished) },
      { label: 'призупинено', value: String(c.suspended) },
      { label: 'Частка оприлюднених вчасно (без призупинених)', value: formatScore(c.score) },
      { label: 'Повідомлень розпорядникам надіслано', value: String(total.noticesSent) },
      { label: 'Порушень виявлено / усунено', value: `${total.findingsOpened} / ${total.findingsResolved}` },
      ...nonZero([{ label: 'Порушень знято з контролю через призупинення (не усунено)', n: total.findingsSuspended }]),
      { label: `Наборів даних, призупинених протягом ${year} року, зокрема не обов'язкових${suspensions.length > 0 ? ' (додаток 4)' : ''}`, value: String(new Set(suspensions.map((x) => x.datasetId)).size) },
    ],
    plans,
    hasPlans: plans.length > 0,
    stewards: stewardSections,
    findingRows,
    total,
    suspensions,
    hasSuspensions: suspensions.length > 0,
    hasReconstructed: allScores.some((s) => s.kind === 'reconstructed'),
    hasCurrent: allScores.some((s) => s.kind === 'current'),
  };
}

const anything = (c: FindingCounts | undefined): boolean => c !== undefined && c.opened + c.resolved + c.suspended > 0;

/**
 * Appendix 2's rows: every steward the year's notices or findings name (a working group with an overdue task too),
 * by name, and no other (a unit with nothing to report is left out); then the findings of plan tasks shared by several units, and those of
 * datasets assigned to nobody, when there are any. Each finding is in one row: the rows add up to the total.
 */
function findingRowsOf(
  sections: readonly StewardSection[],
  findings: ReturnType<typeof findingCountsByResponsibility>,
  notices: ReadonlyMap<string, number>,
  names: ReadonlyMap<string, string>,
): FindingRow[] {
  const row = (id: string, name: string, sent: number | string, c: FindingCounts | undefined, isSteward = true): FindingRow => ({
    id,
    isSteward,
    name,
    noticesSent: sent,
    findingsOpened: c?.opened ?? 0,
    findingsResolved: c?.resolved ?? 0,
    findingsSuspended: c?.suspended ?? 0,
  });
  const sectionNames = new Map(sections.map((s) => [s.id, s.name]));
  const stewards = [...new Set([...sections.map((s) => s.id), ...findings.bySteward.keys(), ...notices.keys()])]
    .filter((id) => id !== ALL_STEWARDS && (anything(findings.bySteward.get(id)) || (notices.get(id) ?? 0) > 0))
    .map((id) => row(id, sectionNames.get(id) ?? names.get(id) ?? id, notices.get(id) ?? 0, findings.bySteward.get(id)))
    .sort((a, b) => a.name.localeCompare(b.name, 'uk'));
  const tasks = findings.sharedSubjects
    .filter((x) => x.type === 'task')
    .map((x) => x.id)
    .sort((a, b) => a.localeCompare(b, 'uk', { numeric: true }));
  const sharedName =
    tasks.length > 0 && tasks.length === findings.sharedSubjects.length
      ? `Завдання, доручені кільком розпорядникам (${tasks.join(', ')})`
      : 'Порушення, що стосуються кількох розпорядників';
  return [
    ...stewards,
    ...(anything(findings.shared) ? [row('shared', sharedName, '—', findings.shared, false)] : []),
    ...(anything(findings.unassigned) ? [row('unassigned', 'Не закріплено за розпорядником', '—', findings.unassigned, false)] : []),
  ];
}

/** Summary lines worth a row only when they count something. */
function nonZero(lines: readonly { label: string; n: number }[]): { label: string; value: string }[] {
  return lines.filter((l) => l.n > 0).map((l) => ({ label: l.label, value: String(l.n) }));
}

/**
 * Suspensions in force at some moment of the year: those of `odmon suspend` from their start, then those the
 * register marks from when odmon first recorded them (never earlier).
 */
function suspensionRows(db: Db, names: ReadonlyMap<string, string>, from: DateTime, to: DateTime, asOf: DateTime): SuspensionRow[] {
  const datasets = new Map(
    (db.prepare('SELECT id, title, steward_id AS stewardId FROM datasets').all() as { id: string; title: string; stewardId: string | null }[]).map((d) => [d.id, d]),
  );
  const steward = (id: string): string => {
    const s = datasets.get(id)?.stewardId;
    return s ? (names.get(s) ?? s) : '';
  };
  const day = (iso: string | null): string => (iso ? formatDate(fromStoredInstant(iso)) : '');
  const cli = listSuspensions(db, { fromIso: toStoredInstant(from), toIso: toStoredInstant(to) }).map((s) => ({
    datasetId: s.datasetId,
    title: datasets.get(s.datasetId)?.title ?? '',
    stewardId: datasets.get(s.datasetId)?.stewardId ?? '',
    steward: steward(s.datasetId),
    basis: s.basis,
    since: day(s.since),
    reviewBy: day(s.reviewBy),
    ended: day(s.endedAt),
    status:
      s.endedAt !== null
        ? `знято ${day(s.endedAt)}${s.endReason ? ` (${s.endReason})` : ''}`
        : fromStoredInstant(s.reviewBy) <= asOf
          ? 'діє; строк перегляду минув'
          : 'діє',
  }));
  const register = listRegisterSuspensions(db, { fromIso: toStoredInstant(from), toIso: toStoredInstant(to) }).map((s) => ({
    datasetId: s.datasetId,
    title: datasets.get(s.datasetId)?.title ?? '',
    stewardId: datasets.get(s.datasetId)?.stewardId ?? '',
    steward: steward(s.datasetId),
    basis: s.reason,
    since: day(s.since),
    reviewBy: '',
    ended: day(s.endedAt),
    status: s.endedAt !== null ? `знято ${day(s.endedAt)} (позначено в реєстрі)` : 'діє (позначено в реєстрі, дата перегляду не визначена)',
  }));
  return [...cli, ...register];
}
