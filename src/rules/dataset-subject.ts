/**
 * A dataset as the rules judge it: its facts and the placeholders a message about it may use. The dates come
 * from a PublicationCalendar (day numbers, one computation per Kyiv day of last update and period, no luxon per
 * dataset) and frequencies are matched once per spelling: a national register has 100,000 datasets but a few
 * thousand such days and a dozen spellings.
 */
import type { Dataset } from '../domain';
import { onlyDocumentFormats } from './formats';
import type { PortalEvidence } from '../store/portal';
import { formatDate, fromStoredInstant } from '../time/days';
import type { FrequencyMatch } from '../time/frequency';
import { PublicationCalendar, type PublicationSchedule, type UpdateDay } from '../time/publication-calendar';
import { daysText } from '../uk';
import type { Subject, SubjectInputs } from './subject';

const num = (n: number | null): string => (n === null ? '' : String(n));

interface PortalFacts {
  readonly facts: {
    readonly portalLinked: boolean;
    readonly portalGone: boolean;
    readonly portalResourceCount: number | null;
    readonly portalOnlyDocumentFormats: boolean;
    readonly portalFrequency: string | null;
    readonly portalFrequencyDiffers: boolean;
    readonly portalHasContact: boolean | null;
  };
  readonly vars: { readonly portalFrequency: string; readonly portalFormats: string; readonly portalResourceCount: string; readonly portalGoneAt: string };
}

/** The portal facts of one dataset: null / false when it is not linked, so rules on them stay silent. */
function portalFacts(ev: PortalEvidence | undefined, registerFrequency: string | null, inp: SubjectInputs): PortalFacts {
  const seen = ev !== undefined && ev.seen;
  const portalFrequency = seen ? ev.frequency : null;
  let label = '';
  if (seen) {
    const m = inp.frequencies.match(ev.frequency ?? ev.frequencyRaw);
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

/** What a dataset's placeholders are made from, kept until (and unless) a rule holds and its message is written. */
interface VarsSource {
  readonly d: Dataset;
  readonly freq: FrequencyMatch;
  readonly last: UpdateDay | null;
  readonly schedule: PublicationSchedule | null;
  readonly portal: PortalFacts;
  readonly names: ReadonlyMap<string, string>;
}

function varsOf(s: VarsSource): Record<string, string> {
  const { d, freq, last, schedule, portal } = s;
  return {
    id: d.id,
    title: d.title,
    steward: d.stewardId ? (s.names.get(d.stewardId) ?? d.stewardId) : '',
    frequency: freq.kind === 'known' ? freq.labelUk : (d.frequencyRaw ?? ''),
    lastUpdated: last ? last.shown : '',
    deadline: schedule ? schedule.deadline : '',
    daysOverdue: num(schedule ? schedule.daysOverdue : null),
    daysOverdueText: daysText(schedule ? schedule.daysOverdue : null),
    daysSinceUpdate: num(last ? last.daysSinceUpdate : null),
    daysSinceUpdateText: daysText(last ? last.daysSinceUpdate : null),
    suspended: d.suspended ?? '',
    portalId: d.portalId ?? '',
    portalFrequency: portal.vars.portalFrequency,
    portalFormats: portal.vars.portalFormats,
    portalResourceCount: portal.vars.portalResourceCount,
    portalGoneAt: portal.vars.portalGoneAt,
  };
}

/** One placeholder of a dataset, exactly as varsOf gives it (test/rules/dataset-subject.test.ts holds them together). */
function varOf(s: VarsSource, name: string): string | undefined {
  const { d, freq, last, schedule, portal } = s;
  switch (name) {
    case 'id':
      return d.id;
    case 'title':
      return d.title;
    case 'steward':
      return d.stewardId ? (s.names.get(d.stewardId) ?? d.stewardId) : '';
    case 'frequency':
      return freq.kind === 'known' ? freq.labelUk : (d.frequencyRaw ?? '');
    case 'lastUpdated':
      return last ? last.shown : '';
    case 'deadline':
      return schedule ? schedule.deadline : '';
    case 'daysOverdue':
      return num(schedule ? schedule.daysOverdue : null);
    case 'daysOverdueText':
      return daysText(schedule ? schedule.daysOverdue : null);
    case 'daysSinceUpdate':
      return num(last ? last.daysSinceUpdate : null);
    case 'daysSinceUpdateText':
      return daysText(last ? last.daysSinceUpdate : null);
    case 'suspended':
      return d.suspended ?? '';
    case 'portalId':
      return d.portalId ?? '';
    case 'portalFrequency':
    case 'portalFormats':
    case 'portalResourceCount':
    case 'portalGoneAt':
      return portal.vars[name];
    default:
      return undefined;
  }
}

/** A dataset subject whose placeholders are looked up one by one as a message needs them (or built whole when asked). */
class DatasetSubject implements Subject, VarsSource {
  readonly type = 'dataset' as const;
  private built: Record<string, string> | null = null;

  constructor(
    readonly id: string,
    readonly steward: string | null,
    readonly stewards: readonly string[],
    readonly facts: Readonly<Record<string, number | boolean | string | null>>,
    readonly dueAt: string | null,
    readonly daysOverdue: number | null,
    readonly d: Dataset,
    readonly freq: FrequencyMatch,
    readonly last: UpdateDay | null,
    readonly schedule: PublicationSchedule | null,
    readonly portal: PortalFacts,
    readonly names: ReadonlyMap<string, string>,
  ) {}

  get vars(): Readonly<Record<string, string>> {
    return (this.built ??= varsOf(this));
  }

  varOf(name: string): string | undefined {
    return varOf(this, name);
  }
}

/**
 * Datasets judged one after another, as a check does: the facts of each (all the rules read), and — only for
 * one that a rule holds for, so a third of a national register — its subject, with the placeholders its
 * messages need. The dates come from one PublicationCalendar, frequencies are matched once per spelling.
 */
export class DatasetJudging {
  private readonly names: ReadonlyMap<string, string>;
  private readonly calendar: PublicationCalendar;
  // One steward list per steward, shared by the subjects (and findings) of its datasets: they are read, never changed.
  private readonly lists = new Map<string | null, readonly string[]>();
  // Most datasets are not linked to the portal: their portal facts depend on the register's frequency only.
  private readonly unlinked = new Map<string | null, PortalFacts>();
  private readonly matches = new Map<string | null, FrequencyMatch>();
  private evidence: ReadonlyMap<string, PortalEvidence> | null;
  // What the subject of the dataset judged last is made from (fields, not an object per dataset).
  private d: Dataset | null = null;
  private freq: FrequencyMatch = { kind: 'blank' };
  private last: UpdateDay | null = null;
  private schedule: PublicationSchedule | null = null;
  private portal: PortalFacts | null = null;

  constructor(private readonly inp: SubjectInputs) {
    this.names = new Map(inp.stewards.map((s) => [s.id, s.name]));
    this.calendar = new PublicationCalendar(inp.now, inp.graceDays);
    this.evidence = inp.portal !== undefined && inp.portal.size > 0 ? inp.portal : null;
  }

  private stewardsOf(id: string | null): readonly string[] {
    let list = this.lists.get(id);
    if (list === undefined) {
      list = Object.freeze(id ? [id] : []);
      this.lists.set(id, list);
    }
    return list;
  }

  private portalOf(ev: PortalEvidence | undefined, frequency: string | null): PortalFacts {
    if (ev !== undefined) return portalFacts(ev, frequency, this.inp);
    let p = this.unlinked.get(frequency);
    if (p === undefined) {
      p = portalFacts(undefined, frequency, this.inp);
      this.unlinked.set(frequency, p);
    }
    return p;
  }

  private match(raw: string | null): FrequencyMatch {
    let m = this.matches.get(raw);
    if (m === undefined) {
      m = this.inp.frequencies.match(raw);
      this.matches.set(raw, m);
    }
    return m;
  }

  /** From now on, the portal evidence of the datasets judged next (a check reads it a page of datasets at a time). */
  useEvidence(evidence: ReadonlyMap<string, PortalEvidence>): void {
    this.evidence = evidence.size > 0 ? evidence : null;
  }

  /** The facts of `d`; subject() then gives its subject. */
  facts(d: Dataset): Subject['facts'] {
    const freq = this.match(d.frequency ?? d.frequencyRaw);
    const period = freq.kind === 'known' ? freq.period : null;
    const last = d.lastUpdated ? this.calendar.lastUpdate(d.lastUpdated) : null;
    const schedule = last && period ? this.calendar.schedule(last, period) : null;
    const known = freq.kind === 'known' ? freq.value : null;
    const p = this.portalOf(d.portalId === null || this.evidence === null ? undefined : this.evidence.get(d.id), known);
    const portal = p.facts;
    this.d = d;
    this.freq = freq;
    this.last = last;
    this.schedule = schedule;
    this.portal = p;
    // Written out (not spread) so that every dataset's facts have one shape: V8 builds and reads them fastest.
    return {
      required: d.required,
      hasSteward: d.stewardId !== null,
      stewardId: d.stewardId,
      published: last !== null,
      suspended: d.suspended !== null,
      frequency: known,
      frequencyStatus: freq.kind,
      periodic: period !== null,
      periodDays: schedule ? schedule.periodDays : null,
      daysSinceUpdate: last ? last.daysSinceUpdate : null,
      daysOverdue: schedule ? schedule.daysOverdue : null,
      hasPortalId: d.portalId !== null,
      portalLinked: portal.portalLinked,
      portalGone: portal.portalGone,
      portalResourceCount: portal.portalResourceCount,
      portalOnlyDocumentFormats: portal.portalOnlyDocumentFormats,
      portalFrequency: portal.portalFrequency,
      portalFrequencyDiffers: portal.portalFrequencyDiffers,
      portalHasContact: portal.portalHasContact,
    };
  }

  /** The subject of the dataset whose facts were asked for last (with those facts); `lazyVars`: placeholders made when read. */
  subject(facts: Subject['facts'], lazyVars: boolean): Subject {
    const d = this.d as Dataset;
    const schedule = this.schedule;
    const portal = this.portal as PortalFacts;
    const dueAt = schedule ? schedule.dueAt : null;
    const overdue = schedule ? schedule.daysOverdue : null;
    const stewards = this.stewardsOf(d.stewardId);
    if (lazyVars) return new DatasetSubject(d.id, d.stewardId, stewards, facts, dueAt, overdue, d, this.freq, this.last, schedule, portal, this.names);
    const vars = varsOf({ d, freq: this.freq, last: this.last, schedule, portal, names: this.names });
    return { type: 'dataset' as const, id: d.id, steward: d.stewardId, stewards, facts, vars, dueAt, daysOverdue: overdue };
  }
}

/** Builds one dataset's subject (`lazyVars`: the placeholders wait until a message reads them). */
export function datasetSubjectMaker(inp: SubjectInputs, opts: { lazyVars?: boolean } = {}): (d: Dataset) => Subject {
  const judging = new DatasetJudging(inp);
  return (d) => judging.subject(judging.facts(d), opts.lazyVars ?? false);
}
