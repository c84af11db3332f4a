import type { DateTime } from 'luxon';
import type { Steward } from '../domain';
import type { Subject } from '../rules/subjects';
import type { StoredFinding } from '../store/findings';
import { complianceBySteward, complianceOf, openItemsBySteward, type ComplianceCounts } from '../history/score';
import { formatDate, formatDateTime, fromStoredInstant } from '../time/days';
import { plural, SEVERITY_UK } from '../uk';
import { itemView, type ItemView, type LinkContext } from './notice-view';

export interface StewardRow extends Omit<ComplianceCounts, 'score'> {
  readonly id: string;
  readonly name: string;
  readonly openFindings: number;
  readonly reachable: boolean;
}

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
  readonly links: LinkContext;
}

/** Most items listed per section; the rest are counted, so a first digest of a big register stays readable. */
const LIST_LIMIT = 50;

/**
 * Per-steward counts from the same facts the rules see (complianceBySteward, shared with the quarterly
 * snapshots and the yearly report), so the digest, the history and the findings never disagree. One pass
 * over the register, however many stewards.
 */
export function stewardRows(stewards: readonly Steward[], subjects: readonly Subject[], open: readonly StoredFinding[]): StewardRow[] {
  const counts = complianceBySteward(subjects);
  const items = openItemsBySteward(open);
  const none = complianceOf([]);
  const rows = stewards.map((s) => {
    const { score: _score, ...c } = counts.get(s.id) ?? none;
    return { id: s.id, name: s.name, ...c, openFindings: items.get(s.id)?.length ?? 0, reachable: s.emails.length > 0 };
  });
  // Worst first: what is late or missing, then open findings; a steward with nothing at all is left out.
  return rows
    .filter((r) => r.required + r.published + r.openFindings + r.suspended > 0)
    .sort((a, b) => b.late + b.neverPublished - (a.late + a.neverPublished) || b.openFindings - a.openFindings || a.name.localeCompare(b.name, 'uk'));
}

export function capped<T>(list: readonly T[]): { items: T[]; more: number; hasMore: boolean; any: boolean; count: number } {
  return { items: list.slice(0, LIST_LIMIT), more: Math.max(0, list.length - LIST_LIMIT), hasMore: list.length > LIST_LIMIT, any: list.length > 0, count: list.length };
}

/** One line per dataset whose findings ended because it was suspended: what, its basis, how many findings ended. */
function endedBySuspension(ended: readonly StoredFinding[], subjects: readonly Subject[]): { subject: string; basis: string; findings: number }[] {
  const titles = new Map(subjects.map((d) => [d.id, d.vars.title]));
  const bySubject = new Map<string, { subject: string; basis: string; findings: number }>();
  for (const f of ended) {
    if (f.resolvedSuspended === null) continue;
    const title = titles.get(f.subject.id);
    const subject = `набір даних ${f.subject.id}${title ? ` «${title}»` : ''}`;
    const line = bySubject.get(f.subject.id) ?? { subject, basis: f.resolvedSuspended, findings: 0 };
    line.findings++;
    bySubject.set(f.subject.id, line);
  }
  return [...bySubject.values()];
}

export function digestView(inp: DigestInputs): Record<string, unknown> {
  const since = inp.previousAt;
  const view = (f: StoredFinding): ItemView & { severityLabel: string } => ({
    ...itemView(
      {
        findingId: f.id,
        rule: f.rule,
        severity: f.severity,
        subjectType: f.subject.type,
        subjectId: f.subject.id,
        message: f.message,
        dueAt: f.dueAt,
        daysOverdue: f.daysOverdue,
        openedAt: f.openedAt,
        resolvedAt: f.resolvedAt,
        escalated: false,
      },
      inp.links,
    ),
    severityLabel: SEVERITY_UK[f.severity],
  });
  const newOnes = inp.open.filter((f) => since === null || fromStoredInstant(f.openedAt) > since);
  const ended = inp.resolvedSince.filter((f) => f.severity !== 'info');
  const overdueTasks = inp.open.filter((f) => f.subject.type === 'task' && f.daysOverdue !== null && f.daysOverdue > 0);
  const unassigned = inp.open.filter((f) => f.subject.type === 'dataset' && f.stewards.length === 0 && f.rule === 'unassigned-dataset');
  const rows = stewardRows(inp.stewards, inp.datasetSubjects, inp.open);
  const unreachable = rows.filter((r) => !r.reachable && r.openFindings > 0);
  const high = inp.open.filter((f) => f.severity === 'high').length;
  const allClear = inp.open.filter((f) => f.severity !== 'info').length === 0;
  const n = inp.open.length;
  return {
    asOf: formatDate(inp.now),
    asOfTime: formatDateTime(inp.now),
    since: since ? formatDate(since) : '',
    hasSince: since !== null,
    allClear,
    summary: allClear
      ? 'порушень немає'
      : `${n} ${plural(n, 'відкрите порушення', 'відкриті порушення', 'відкритих порушень')}, з них ${high} ${plural(high, 'важливе', 'важливі', 'важливих')}`,
    openCount: n,
    highCount: high,
    stewards: rows,
    hasStewards: rows.length > 0,
    overdueTasks: capped(overdueTasks.map(view)),
    newFindings: capped(newOnes.map(view)),
    // A reminder (info) that ended was no violation, and it may have ended by turning overdue. A finding that
    // ended because its dataset was suspended was not fixed: it is listed apart, with its basis.
    resolvedFindings: capped(ended.filter((f) => f.resolvedSuspended === null).map(view)),
    suspendedFindings: capped(endedBySuspension(ended, inp.datasetSubjects)),
    unassigned: capped(unassigned.map(view)),
    unreachable: capped(unreachable),
    undelivered: capped(inp.undelivered),
  };
}
