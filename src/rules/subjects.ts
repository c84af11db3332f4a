import type { DateTime } from 'luxon';
import type { Dataset, PlanTask, Steward, SubjectType } from '../domain';
import { calendarDaysBetween, formatDate, fromStoredInstant, kyivDay } from '../time/days';
import type { FrequencyCatalogue, FrequencyMatch } from '../time/frequency';
import { PublicationCalendar } from '../time/publication-calendar';
import { plural } from '../uk';
import { Turns } from './turns';
import { onlyDocumentFormats } from './formats';
import type { PortalEvidence } from '../store/portal';

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
  /** Register dataset id → what the portal publishes for it (absent: not linked, or never synchronised). */
  readonly portal?: ReadonlyMap<string, PortalEvidence>;
}

const num = (n: number | null): string => (n === null ? '' : String(n));
/** `1 день`, `2 дні`, `5 днів` for messages (documents.md: never «дн.»); empty without a value. */
const daysText = (n: number | null): string => (n === null ? '' : `${n} ${plural(n, 'день', 'дні', 'днів')}`);

/** The portal facts of one dataset: null / false when it is not linked, so rules on them stay silent. */
function portalFacts(ev: PortalEvidence | undefined, registerFrequency: string | null, frequencies: FrequencyCatalogue) {
  const seen = ev !== undefined && ev.seen;
  const portalFrequency = seen ? ev.frequency : null;
  let label = '';
  if (seen) {
    const m = frequencies.match(ev.frequency ?? ev.frequencyRaw);
    label = m.kind === 'known' ? m.labelUk : (ev.frequencyRaw ?? '');
  }
  return {
    facts: {
      portalLinked: seen,
      portalGone: ev !== undefined && ev.goneAt !== null,
      portalResourceCount: seen ? ev.resourceCount : null,
      portalOnlyDocumentFormats: seen && onlyDocumentFormats(ev.formats),
      portalFrequency,
      portalFrequencyDiffers: registerFrequency !== null && portalFrequency !== null && registerFrequency !== portalFrequency,
      portalHasContact: seen ? Boolean(ev.maintainer?.trim()) && /\S@\S/.test(ev.maintainerEmail ?? '') : null,
    },
    vars: {
      portalFrequency: label,
      portalFormats: seen ? [...new Set(ev.formats.map((f) => f || '?'))].join(', ') : '',
      portalResourceCount: seen ? num(ev.resourceCount) : '',
      portalGoneAt: ev?.goneAt ? formatDate(fromStoredInstant(ev.goneAt)) : '',
    },
  };
}

export function datasetSubjects(inp: SubjectInputs): Subject[] {
  return inp.datasets.map(datasetSubjectMaker(inp));
}

/**
 * Builds one dataset's subject. The dates come from a PublicationCalendar (one computation per Kyiv day of
 * last update and period, not luxon per dataset) and frequencies are matched once per spelling: a national
 * register has 100,000 datasets but a few thousand such days and a dozen spellings.
 */
export function datasetSubjectMaker(inp: SubjectInputs): (d: Dataset) => Subject {
  const names = new Map(inp.stewards.map((s) => [s.id, s.name]));
  const calendar = new PublicationCalendar(inp.now, inp.graceDays);
  // One steward list per steward, shared by the subjects (and findings) of its datasets: they are read, never changed.
  const lists = new Map<string | null, readonly string[]>();
  const stewardsOf = (id: string | null): readonly string[] => {
    let list = lists.get(id);
    if (list === undefined) {
      list = Object.freeze(id ? [id] : []);
      lists.set(id, list);
    }
    return list;
  };
  // Most datasets are not linked to the portal: their portal facts depend on the register's frequency only.
  const unlinked = new Map<string | null, ReturnType<typeof portalFacts>>();
  const portalOf = (ev: PortalEvidence | undefined, frequency: string | null): ReturnType<typeof portalFacts> => {
    if (ev !== undefined) return portalFacts(ev, frequency, inp.frequencies);
    let p = unlinked.get(frequency);
    if (p === undefined) {
      p = portalFacts(undefined, frequency, inp.frequencies);
      unlinked.set(frequency, p);
    }
    return p;
  };
  const matches = new Map<string | null, FrequencyMatch>();
  const match = (raw: string | null): FrequencyMatch => {
    let m = matches.get(raw);
    if (m === undefined) {
      m = inp.frequencies.match(raw);
      matches.set(raw, m);
    }
    return m;
  };
  return (d) => {
    const freq = match(d.frequency ?? d.frequencyRaw);
    const period = freq.kind === 'known' ? freq.period : null;
    const last = d.lastUpdated ? calendar.lastUpdate(d.lastUpdated) : null;
    const schedule = last && period ? calendar.schedule(last, period) : null;
    const overdue = schedule ? schedule.daysOverdue : null;
    const periodDays = schedule ? schedule.periodDays : null;
    const sinceUpdate = last ? last.daysSinceUpdate : null;
    const portal = portalOf(d.portalId === null ? undefined : inp.portal?.get(d.id), freq.kind === 'known' ? freq.value : null);
    return {
      type: 'dataset' as const,
      id: d.id,
      steward: d.stewardId,
      stewards: stewardsOf(d.stewardId),
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
        ...portal.facts,
      },
      vars: {
        id: d.id,
        title: d.title,
        steward: d.stewardId ? (names.get(d.stewardId) ?? d.stewardId) : '',
        frequency: freq.kind === 'known' ? freq.labelUk : (d.frequencyRaw ?? ''),
        lastUpdated: last ? last.shown : '',
        deadline: schedule ? schedule.deadline : '',
        daysOverdue: num(overdue),
        daysOverdueText: daysText(overdue),
        daysSinceUpdate: num(sinceUpdate),
        daysSinceUpdateText: daysText(sinceUpdate),
        suspended: d.suspended ?? '',
        portalId: d.portalId ?? '',
        ...portal.vars,
      },
      dueAt: schedule ? schedule.dueAt : null,
      daysOverdue: overdue,
    };
  };
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
