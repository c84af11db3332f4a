import type { Dataset, PlanTask, Steward, SubjectType } from '../domain';
import type { DatasetCount, Subject, SubjectInputs } from './subject';
import { calendarDaysBetween, formatDate, fromStoredInstant, kyivDay } from '../time/days';
import { datasetSubjectMaker } from './dataset-subject';
import { Turns } from './turns';
import { daysText } from '../uk';

export type { DatasetCount, Subject, SubjectInputs } from './subject';

/** Steward id → how many datasets (and required ones) name it: the steward facts datasetCount and requiredDatasetCount. */
export function countDatasetsBySteward(datasets: readonly Dataset[]): Map<string, DatasetCount> {
  const counts = new Map<string, { all: number; required: number }>();
  for (const d of datasets) {
    if (!d.stewardId) continue;
    const c = counts.get(d.stewardId) ?? { all: 0, required: 0 };
    c.all++;
    if (d.required) c.required++;
    counts.set(d.stewardId, c);
  }
  return counts;
}

const num = (n: number | null): string => (n === null ? '' : String(n));

export { datasetSubjectMaker };

export function datasetSubjects(inp: SubjectInputs): Subject[] {
  return inp.datasets.map(datasetSubjectMaker(inp));
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
        daysOverdueText: daysText(overdue),
        daysLeft: num(overdue === null ? null : -overdue),
        daysLeftText: daysText(overdue === null ? null : -overdue),
        responsible: t.responsible.map((r) => r.unit).join('; '),
      },
      dueAt: t.dueAt,
      daysOverdue: overdue,
    };
  });
}

export function stewardSubjects(inp: SubjectInputs): Subject[] {
  const datasets = inp.datasetCounts ?? countDatasetsBySteward(inp.datasets);
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
  return withDatasets(inp, datasetSubjects(inp));
}

function withDatasets(inp: SubjectInputs, dataset: Subject[]): Record<SubjectType, Subject[]> {
  return { dataset, task: taskSubjects(inp), steward: stewardSubjects(inp) };
}

/**
 * buildSubjects for the check: the same subjects, with a turn of the event loop every few milliseconds, so
 * that building the facts of a national register never holds up the daemon's timers.
 */
export async function buildSubjectsInSlices(inp: SubjectInputs): Promise<Record<SubjectType, Subject[]>> {
  const make = datasetSubjectMaker(inp);
  const turns = new Turns(256);
  const dataset: Subject[] = [];
  for (const d of inp.datasets) {
    dataset.push(make(d));
    const turn = turns.due();
    if (turn !== null) await turn;
  }
  return withDatasets(inp, dataset);
}
