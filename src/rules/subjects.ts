import type { DateTime } from 'luxon';
import type { Dataset, PlanTask, Steward, SubjectType } from '../domain';
import { calendarDaysBetween, formatDate, fromStoredInstant, kyivDay, toStoredInstant } from '../time/days';
import type { FrequencyCatalogue } from '../time/frequency';
import { addPeriod } from '../time/frequency';
import { daysOverdue as publicationDaysOverdue, publicationDeadline } from '../time/publication';

/** One thing the rules judge: its facts (for json-rules-engine) and what a message about it may say. */
export interface Subject {
  readonly type: SubjectType;
  readonly id: string;
  readonly steward: string | null;
  readonly stewards: readonly string[];
  readonly facts: Readonly<Record<string, number | boolean | string | null>>;
  readonly vars: Readonly<Record<string, string>>;
  /** The subject's deadline, reported by rules that test `daysOverdue` or `daysUntilDue`. */
  readonly dueAt: string | null;
  readonly daysOverdue: number | null;
}

export interface SubjectInputs {
  readonly now: DateTime;
  readonly graceDays: number;
  readonly dueSoonDays: number;
  readonly frequencies: FrequencyCatalogue;
  readonly stewards: readonly Steward[];
  readonly datasets: readonly Dataset[];
  readonly tasks: readonly PlanTask[];
}

const num = (n: number | null): string => (n === null ? '' : String(n));

export function datasetSubjects(inp: SubjectInputs): Subject[] {
  const names = new Map(inp.stewards.map((s) => [s.id, s.name]));
  const today = kyivDay(inp.now);
  return inp.datasets.map((d) => {
    const freq = inp.frequencies.match(d.frequency ?? d.frequencyRaw);
    const period = freq.kind === 'known' ? freq.period : null;
    const last = d.lastUpdated ? fromStoredInstant(d.lastUpdated) : null;
    let dueAt: DateTime | null = null;
    let deadlineDay: DateTime | null = null;
    let overdue: number | null = null;
    let periodDays: number | null = null;
    if (last && period) {
      ({ deadlineDay, dueAt } = publicationDeadline(last, period, inp.graceDays));
      overdue = publicationDaysOverdue(deadlineDay, inp.now);
      periodDays = calendarDaysBetween(kyivDay(last), addPeriod(kyivDay(last), period));
    }
    const sinceUpdate = last ? calendarDaysBetween(last, today) : null;
    return {
      type: 'dataset' as const,
      id: d.id,
      steward: d.stewardId,
      stewards: d.stewardId ? [d.stewardId] : [],
      facts: {
        required: d.required,
        hasSteward: d.stewardId !== null,
        stewardId: d.stewardId,
        published: last !== null,
        suspended: d.suspended !== null,
        frequency: freq.kind === 'known' ? freq.value : null,
        frequencyStatus: freq.kind,
        periodic: period !== null,
        periodDays,
        daysSinceUpdate: sinceUpdate,
        daysOverdue: overdue,
        hasPortalId: d.portalId !== null,
      },
      vars: {
        id: d.id,
        title: d.title,
        steward: d.stewardId ? (names.get(d.stewardId) ?? d.stewardId) : '',
        frequency: freq.kind === 'known' ? freq.labelUk : (d.frequencyRaw ?? ''),
        lastUpdated: last ? formatDate(last) : '',
        deadline: deadlineDay ? formatDate(deadlineDay) : '',
        daysOverdue: num(overdue),
        daysSinceUpdate: num(sinceUpdate),
        suspended: d.suspended ?? '',
        portalId: d.portalId ?? '',
      },
      dueAt: dueAt ? toStoredInstant(dueAt) : null,
      daysOverdue: overdue,
    };
  });
}

/** Department stewards: the group "Розпорядники наборів відкритих даних" means every one of them. */
function departmentIds(stewards: readonly Steward[]): string[] {
  return stewards.filter((s) => s.kind === 'department').map((s) => s.id);
}

export function taskStewards(t: PlanTask, everySteward: readonly string[]): { lead: string | null; all: string[] } {
  const direct = t.responsible.filter((r) => r.stewardId !== null).map((r) => r.stewardId as string);
  const all = new Set(direct);
  if (t.responsible.some((r) => r.allStewards)) everySteward.forEach((id) => all.add(id));
  return { lead: direct[0] ?? null, all: [...all] };
}

export function taskSubjects(inp: SubjectInputs): Subject[] {
  const every = departmentIds(inp.stewards);
  return inp.tasks.map((t) => {
    const due = t.dueAt ? fromStoredInstant(t.dueAt) : null;
    // dueAt is the first overdue instant; the deadline day is the day before it.
    const deadlineDay = due ? kyivDay(due.minus({ days: 1 })) : null;
    const overdue = deadlineDay ? calendarDaysBetween(deadlineDay, inp.now) : null;
    const { lead, all } = taskStewards(t, every);
    return {
      type: 'task' as const,
      id: t.id,
      steward: lead,
      stewards: all,
      facts: {
        done: t.doneAt !== null,
        continuous: t.dueAt === null,
        hasDeadline: t.dueAt !== null,
        daysOverdue: overdue,
        daysUntilDue: overdue === null ? null : -overdue,
        dueSoonDays: inp.dueSoonDays,
        started: t.startsAt === null || fromStoredInstant(t.startsAt) <= inp.now,
        responsibleCount: t.responsible.length,
      },
      vars: {
        id: t.id,
        title: t.title,
        goal: t.goal,
        deadline: deadlineDay ? formatDate(deadlineDay) : '',
        deadlineText: t.deadlineText,
        daysOverdue: num(overdue),
        daysLeft: num(overdue === null ? null : -overdue),
        responsible: t.responsible.map((r) => r.unit).join('; '),
      },
      dueAt: t.dueAt,
      daysOverdue: overdue,
    };
  });
}

export function stewardSubjects(inp: SubjectInputs): Subject[] {
  const datasets = new Map<string, { all: number; required: number }>();
  for (const d of inp.datasets) {
    if (!d.stewardId) continue;
    const c = datasets.get(d.stewardId) ?? { all: 0, required: 0 };
    c.all++;
    if (d.required) c.required++;
    datasets.set(d.stewardId, c);
  }
  const every = departmentIds(inp.stewards);
  const tasks = new Map<string, number>();
  for (const t of inp.tasks) {
    if (t.doneAt !== null) continue;
    for (const id of taskStewards(t, every).all) tasks.set(id, (tasks.get(id) ?? 0) + 1);
  }
  return inp.stewards.map((s) => {
    const c = datasets.get(s.id) ?? { all: 0, required: 0 };
    const taskCount = tasks.get(s.id) ?? 0;
    return {
      type: 'steward' as const,
      id: s.id,
      steward: s.id,
      stewards: [s.id],
      facts: {
        hasEmail: s.emails.length > 0,
        hasHeadEmail: s.headEmail !== null,
        external: s.kind === 'external',
        datasetCount: c.all,
        requiredDatasetCount: c.required,
        taskCount,
      },
      vars: { id: s.id, name: s.name, datasetCount: String(c.all), taskCount: String(taskCount) },
      dueAt: null,
      daysOverdue: null,
    };
  });
}

export function buildSubjects(inp: SubjectInputs): Record<SubjectType, Subject[]> {
  return { dataset: datasetSubjects(inp), task: taskSubjects(inp), steward: stewardSubjects(inp) };
}
