/**
 * The IT head's weekly digest, built to be read at a glance (about two screens for 20 departments): the council's
 * score and its change, a chart, one table of stewards sorted by score (worst first, the key shown), the worst
 * items, counts for the rest, and what changed since the previous digest — each item told once, never a list
 * repeated in another section.
 */
import type { DateTime } from 'luxon';
import { changePp, changeText, isMarkedDrop, percentText } from '../charts/svg';
import type { OrgConfig } from '../config/org';
import type { Steward } from '../domain';
import { ALL_STEWARDS, complianceBySteward, complianceOf, onTimeOfRequired, type ComplianceCounts } from '../history/score';
import { stewardComplianceRows } from '../views/compliance';
import { ALL_STEWARDS_NAME } from '../history/snapshots';
import type { Subject } from '../rules/subjects';
import type { StoredFinding } from '../store/findings';
import { formatDate, formatDateTime, fromStoredInstant, kyivDay } from '../time/days';
import { plural } from '../uk';
import type { QuarterScores } from './digest-history';
import { itemRow, monitorLink, type SubjectCatalog } from './notice-items';

export interface UndeliveredView {
  readonly to: string;
  readonly subject: string;
  readonly status: string;
  readonly error: string;
}

export interface DigestInputs {
  readonly now: DateTime;
  readonly previousAt: DateTime | null;
  readonly stewards: readonly Steward[];
  readonly datasetSubjects: readonly Subject[];
  readonly open: readonly StoredFinding[];
  readonly resolvedSince: readonly StoredFinding[];
  readonly undelivered: readonly UndeliveredView[];
  readonly catalog: SubjectCatalog;
  /** Oldest first, the running quarter last (digest-history.ts). */
  readonly quarters: readonly QuarterScores[];
  readonly org: OrgConfig;
}

export interface StewardRow {
  readonly n: number;
  readonly id: string;
  readonly name: string;
  readonly score: string;
  readonly scoreValue: number | null;
  readonly change: string;
  readonly changeValue: number | null;
  readonly drop: boolean;
  /** «3 з 7»: on time of required, not suspended. */
  readonly onTimeOf: string;
  readonly required: number;
  readonly onTime: number;
  readonly late: number;
  readonly neverPublished: number;
  readonly suspended: number;
  /** Open items in this row: for a steward, those of it alone (shared plan tasks have their own row); the rows add up to the total. */
  readonly open: number;
  /** Every open item of the steward, shared plan tasks included: what its notices and `odmon check --steward` count. */
  readonly openAll: number;
  /** A real steward's row, not the row of shared tasks or of what has no steward. */
  readonly steward: boolean;
  readonly reachable: boolean;
  /** Its page on the dashboard, when `web.baseUrl` is set; else empty (or absent). */
  readonly page?: string;
}

/** Ids of the table's rows that are no steward: plan tasks of several units, and what has no steward. */
export const SHARED = 'shared';
export const UNASSIGNED = 'unassigned';

/** Most items listed in one part of the digest; the rest are counted. */
export const WORST_PER_KIND = 5;
/** Overdue plan tasks are the IT head's own plan and change slowly: the few most late are enough. */
export const WORST_TASKS = 3;
export const CHANGES_LISTED = 10;

export function capped<T>(list: readonly T[], limit = CHANGES_LISTED): { items: T[]; more: number; hasMore: boolean; any: boolean; count: number } {
  return { items: list.slice(0, limit), more: Math.max(0, list.length - limit), hasMore: list.length > limit, any: list.length > 0, count: list.length };
}

/** The last closed quarter before the running one, when the digest has its scores. */
function previousQuarterScores(quarters: readonly QuarterScores[]): QuarterScores | null {
  if (quarters.length < 2) return null;
  const prev = quarters[quarters.length - 2];
  return prev.source === 'current' ? null : prev;
}

/**
 * One row per steward with something to count or to do, worst score first (a steward with nothing to judge last),
 * then most open items; the council's total apart. The score is the one of src/history/score.ts, which the yearly
 * report and the quarterly history use.
 */
export function stewardRows(
  stewards: readonly Steward[],
  subjects: readonly Subject[],
  open: readonly StoredFinding[],
  previous: QuarterScores | null,
  catalog: Pick<SubjectCatalog, 'webUrl'> = {},
): { rows: StewardRow[]; total: StewardRow } {
  const row = (id: string, name: string, reachable: boolean, openCount: number, c: ComplianceCounts | undefined): Omit<StewardRow, 'openAll' | 'steward'> => {
    const score = c?.score ?? null;
    const change = changePp(score, previous?.scores.get(id) ?? null);
    return {
      n: 0,
      id,
      name,
      score: percentText(score),
      scoreValue: score,
      change: change === null ? '—' : `${isMarkedDrop(change) ? '▼ ' : ''}${changeText(change)}`,
      changeValue: change,
      drop: isMarkedDrop(change),
      onTimeOf: c && c.required - c.suspended > 0 ? `${c.onTime} з ${c.required - c.suspended}` : '—',
      required: c?.required ?? 0,
      onTime: c?.onTime ?? 0,
      late: c?.late ?? 0,
      neverPublished: c?.neverPublished ?? 0,
      suspended: c?.suspended ?? 0,
      open: openCount,
      reachable,
      page: id === ALL_STEWARDS ? '' : monitorLink(catalog, 'stewards', id),
    };
  };
  // The rows, their order and their filter are the read model's (src/views/compliance.ts): the pages show the same.
  // Each open item is in one row, as in the yearly report's appendix 2, so the rows add up to the council's total: a
  // steward's row counts the items of that steward alone, plan tasks of several units are one row, and the required
  // datasets and items of no steward another.
  const own = new Map<string, number>();
  let shared = 0;
  let unassigned = 0;
  for (const f of open) {
    if (f.stewards.length === 0) unassigned++;
    else if (f.stewards.length > 1) shared++;
    else own.set(f.stewards[0], (own.get(f.stewards[0]) ?? 0) + 1);
  }
  const stewardLines = stewardComplianceRows(stewards, subjects, open).map((r, i) => ({
    ...row(r.id, r.name, r.reachable, own.get(r.id) ?? 0, r),
    n: i + 1,
    openAll: r.openFindings,
    steward: true,
  }));
  const extra: StewardRow[] = [];
  const sharedSubjects = [...new Set(open.filter((f) => f.stewards.length > 1).map((f) => `${f.subject.type}:${f.subject.id}`))];
  const tasks = sharedSubjects.filter((k) => k.startsWith('task:')).map((k) => k.slice('task:'.length)).sort((a, b) => a.localeCompare(b, 'uk', { numeric: true }));
  if (shared > 0) {
    const name =
      tasks.length === sharedSubjects.length ? `Завдання, доручені кільком розпорядникам (${tasks.join(', ')})` : 'Порушення, що стосуються кількох розпорядників';
    extra.push({ ...row(SHARED, name, true, shared, undefined), change: '—', page: '', openAll: shared, steward: false });
  }
  const none = complianceOf(subjects.filter((d) => d.steward === null));
  if (unassigned > 0 || none.required > 0) {
    extra.push({ ...row(UNASSIGNED, 'Не закріплено за розпорядником', true, unassigned, none), change: '—', page: '', openAll: unassigned, steward: false });
  }
  const rows = [...stewardLines, ...extra];
  return { rows, total: { ...row(ALL_STEWARDS, ALL_STEWARDS_NAME, true, open.length, complianceBySteward(subjects).get(ALL_STEWARDS)), openAll: open.length, steward: false } };
}

/** `21–27.11.2026`, `28.11–04.12.2026`, `29.12.2025–04.01.2026`. */
export function periodText(from: DateTime, to: DateTime): string {
  if (from.year !== to.year) return `${formatDate(from)}–${formatDate(to)}`;
  if (from.month !== to.month) return `${from.toFormat('dd.MM')}–${formatDate(to)}`;
  return `${from.toFormat('dd')}–${formatDate(to)}`;
}

const STATE_ORDER = ['Прострочено оновлення', 'Не оприлюднено', 'Прострочено', 'Не закріплено за розпорядником'];

/**
 * The rest is counted in open items (findings), not in datasets: where the dashboard and the report use the same
 * words for a count of datasets of another scope (their «Не оприлюднено» is every required dataset never published,
 * their «Періодичність не вказана» only published ones), the digest says what its count is made of.
 */
const COUNT_LABELS: Readonly<Record<string, string>> = {
  'stale-publication': "прострочено оновлення (зокрема необов'язкові набори)",
  'missing-dataset': "не оприлюднено (обов'язкові набори, закріплені за розпорядниками)",
  'unassigned-dataset': "не закріплено за розпорядником (обов'язкові набори)",
  'unknown-frequency': "періодичність не вказана (зокрема неоприлюднені й необов'язкові набори)",
  'overdue-plan-task': 'прострочено (завдання плану)',
};

/** The rest, counted by state: «не оприлюднено (обов'язкові набори, закріплені за розпорядниками) — 7; …». */
function countsByState(rows: readonly { state: string; rule: string }[]): string {
  const by = new Map<string, { state: string; n: number }>();
  for (const r of rows) {
    const label = COUNT_LABELS[r.rule] ?? `${r.state.charAt(0).toLocaleLowerCase('uk')}${r.state.slice(1)}`;
    by.set(label, { state: r.state, n: (by.get(label)?.n ?? 0) + 1 });
  }
  const rank = (s: string): number => (STATE_ORDER.indexOf(s) + 1 || 99);
  return [...by]
    .sort(([, a], [, b]) => rank(a.state) - rank(b.state) || b.n - a.n)
    .map(([label, { n }]) => `${label} — ${n}`)
    .join('; ');
}

export function digestView(inp: DigestInputs) {
  const { now, catalog } = inp;
  const since = inp.previousAt;
  const names = new Map(inp.stewards.map((s) => [s.id, s.name]));
  const previous = previousQuarterScores(inp.quarters);
  const { rows, total } = stewardRows(inp.stewards, inp.datasetSubjects, inp.open, previous, catalog);
  // Reminders (info) are no violations: they are counted apart and never listed as worst.
  const violations = inp.open.filter((f) => f.severity !== 'info');
  const line = (f: StoredFinding) => {
    const r = itemRow({ ...f, subjectType: f.subject.type, subjectId: f.subject.id }, catalog);
    const who = f.stewards.length === 0 ? 'не закріплено' : f.stewards.length > 3 ? `${f.stewards.length} ${plural(f.stewards.length, 'розпорядник', 'розпорядники', 'розпорядників')}` : f.stewards.map((id) => names.get(id) ?? id).join('; ');
    return { id: f.id, rule: f.rule, ...r, stateLower: `${r.state.charAt(0).toLocaleLowerCase('uk')}${r.state.slice(1)}`, stewards: who };
  };
  const lines = violations.map(line).sort((a, b) => b.daysOverdue - a.daysOverdue || a.id - b.id);
  const worstDatasets = lines.filter((l) => l.isLate && l.kind === 'Набір даних').slice(0, WORST_PER_KIND);
  const worstTasks = lines.filter((l) => l.isLate && l.kind !== 'Набір даних' && l.kind !== 'Розпорядник').slice(0, WORST_TASKS);
  const listed = new Set([...worstDatasets, ...worstTasks].map((l) => l.id));
  const rest = lines.filter((l) => !listed.has(l.id));
  const unassigned = violations.filter((f) => f.rule === 'unassigned-dataset').length;
  // Changes since the previous digest: what opened and what ended, each told once (an item in the worst table is
  // referred to, not listed again).
  const fresh = since === null ? [] : violations.filter((f) => fromStoredInstant(f.openedAt) > since).map(line);
  const ended = inp.resolvedSince.filter((f) => f.severity !== 'info');
  const fixed = ended.filter((f) => f.resolvedSuspended === null).map(line);
  const endedBySuspension = ended.filter((f) => f.resolvedSuspended !== null);
  // One line per dataset whose findings ended because it was suspended: not fixed, so never among the resolved.
  const suspendedLines = [...new Map(endedBySuspension.map((f) => [f.subject.id, f])).values()].map((f) => ({ ...line(f), basis: f.resolvedSuspended ?? '' }));
  const suspendedDatasets = new Set(suspendedLines.map((l) => l.id));
  const freshUnlisted = fresh.filter((l) => !listed.has(l.id));
  const unreachable = rows.filter((r) => r.steward && !r.reachable && r.openAll > 0);
  // Reminders of deadlines to come: not violations, but what the IT head may want to chase this week.
  const dueSoon = inp.open
    .filter((f) => f.severity === 'info' && f.dueAt !== null)
    .sort((a, b) => (a.dueAt as string).localeCompare(b.dueAt as string) || a.id - b.id)
    .map(line);
  const high = inp.open.filter((f) => f.severity === 'high').length;
  const allClear = violations.length === 0;
  const n = violations.length;
  const from = since ? kyivDay(since) : kyivDay(now).minus({ days: 7 });
  const to = kyivDay(now).minus({ days: 1 });
  const period = from <= to ? `за ${periodText(from, to)}` : `станом на ${formatDate(now)}`;
  const councilChange = total.changeValue;
  return {
    period,
    /** The dashboard's overview, when `web.baseUrl` is set. */
    webUrl: catalog.webUrl ? `${catalog.webUrl}/` : '',
    asOf: formatDate(now),
    asOfTime: formatDateTime(now),
    since: since ? formatDate(since) : '',
    hasSince: since !== null,
    allClear,
    summary: allClear
      ? 'порушень немає'
      : `${n} ${plural(n, 'відкритий пункт', 'відкриті пункти', 'відкритих пунктів')}, з них ${high} ${plural(high, 'важливий', 'важливі', 'важливих')}`,
    openCount: n,
    highCount: high,
    council: {
      score: total.score,
      change: councilChange === null ? '' : `${changeText(councilChange)} п. п. від ${previous?.label ?? ''}${previous?.source === 'rebuilt' ? '*' : ''}`,
      hasChange: councilChange !== null,
      drop: total.drop,
      onTimeOf: total.onTimeOf,
      /** «вчасно 18 з 70 (обов'язкових 73, без 3 призупинених)»: «обов'язкових» as the report and the history count it. */
      onTimeWords: onTimeOfRequired(total),
    },
    previousLabel: previous ? `${previous.label}${previous.source === 'rebuilt' ? '*' : ''}` : '',
    hasPrevious: previous !== null,
    previousRebuilt: previous?.source === 'rebuilt',
    rebuiltAny: inp.quarters.some((q) => q.source === 'rebuilt'),
    stewards: rows,
    hasStewards: rows.length > 0,
    total,
    worstDatasets,
    worstTasks,
    hasWorst: worstDatasets.length + worstTasks.length > 0,
    hasWorstDatasets: worstDatasets.length > 0,
    hasWorstTasks: worstTasks.length > 0,
    worstPerKind: WORST_PER_KIND,
    restCount: rest.length,
    hasRest: rest.length > 0,
    restCounts: countsByState(rest),
    restWords: `${rest.length} ${plural(rest.length, 'інший відкритий пункт', 'інші відкриті пункти', 'інших відкритих пунктів')}`,
    unassignedCount: unassigned,
    changes: {
      first: since === null,
      newCount: fresh.length,
      newWords: `${fresh.length} ${plural(fresh.length, 'новий пункт', 'нові пункти', 'нових пунктів')}`,
      newInWorst: fresh.length - freshUnlisted.length,
      hasNewInWorst: fresh.length - freshUnlisted.length > 0,
      newItems: capped(freshUnlisted, WORST_PER_KIND),
      fixedCount: fixed.length,
      fixedWords: `${fixed.length} ${plural(fixed.length, 'пункт усунено', 'пункти усунено', 'пунктів усунено')}`,
      fixedItems: capped(fixed),
      suspendedCount: suspendedDatasets.size,
      suspendedWords: `оприлюднення ${suspendedDatasets.size} ${plural(suspendedDatasets.size, 'набору', 'наборів', 'наборів')} даних призупинено`,
      suspendedItems: capped(suspendedLines),
      any: fresh.length + fixed.length + suspendedDatasets.size > 0,
    },
    dueSoon: capped(dueSoon, WORST_PER_KIND),
    unreachable: capped(unreachable),
    undelivered: capped(inp.undelivered),
  };
}
