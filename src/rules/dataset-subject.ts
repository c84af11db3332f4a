/**
 * A dataset as the rules judge it: its facts and the placeholders a message about it may use. The dates come
 * from a PublicationCalendar (day numbers, one computation per Kyiv day of last update and period, no luxon per
 * dataset) and frequencies are matched once per spelling: a national register has 100,000 datasets but a few
 * thousand such days and a dozen spellings.
 */
import type { Dataset } from '../domain';
import { onlyDocumentFormats } from '../portal/formats';
import type { PortalEvidence } from '../store/portal';
import { formatDate, fromStoredInstant } from '../time/days';
import type { FrequencyMatch } from '../time/frequency';
import { PublicationCalendar, type PublicationSchedule, type UpdateDay } from '../time/publication-calendar';
import type { Subject, SubjectInputs } from './subjects';

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
    daysSinceUpdate: num(last ? last.daysSinceUpdate : null),
    suspended: d.suspended ?? '',
    portalId: d.portalId ?? '',
    ...portal.vars,
  };
}

/** A dataset subject whose placeholders are built the first time a message asks for them. */
class DatasetSubject implements Subject {
  readonly type = 'dataset' as const;
  private built: Record<string, string> | null = null;

  constructor(
    readonly id: string,
    readonly steward: string | null,
    readonly stewards: readonly string[],
    readonly facts: Readonly<Record<string, number | boolean | string | null>>,
    readonly dueAt: string | null,
    readonly daysOverdue: number | null,
    private readonly source: VarsSource,
  ) {}

  get vars(): Readonly<Record<string, string>> {
    return (this.built ??= varsOf(this.source));
  }
}

/**
 * Builds one dataset's subject. `lazyVars`: the placeholders wait until a message needs them (the check, which
 * writes messages for a third of the register); otherwise every subject is a plain object, placeholders made.
 */
export function datasetSubjectMaker(inp: SubjectInputs, opts: { lazyVars?: boolean } = {}): (d: Dataset) => Subject {
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
  const unlinked = new Map<string | null, PortalFacts>();
  const portalOf = (ev: PortalEvidence | undefined, frequency: string | null): PortalFacts => {
    if (ev !== undefined) return portalFacts(ev, frequency, inp);
    let p = unlinked.get(frequency);
    if (p === undefined) {
      p = portalFacts(undefined, frequency, inp);
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
    const known = freq.kind === 'known' ? freq.value : null;
    const p = portalOf(d.portalId === null ? undefined : inp.portal?.get(d.id), known);
    const portal = p.facts;
    // Written out (not spread) so that every dataset's facts have one shape: V8 builds and reads them fastest.
    const facts = {
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
      daysOverdue: overdue,
      hasPortalId: d.portalId !== null,
      portalLinked: portal.portalLinked,
      portalGone: portal.portalGone,
      portalResourceCount: portal.portalResourceCount,
      portalOnlyDocumentFormats: portal.portalOnlyDocumentFormats,
      portalFrequency: portal.portalFrequency,
      portalFrequencyDiffers: portal.portalFrequencyDiffers,
      portalHasContact: portal.portalHasContact,
    };
    const source: VarsSource = { d, freq, last, schedule, portal: p, names };
    const dueAt = schedule ? schedule.dueAt : null;
    if (opts.lazyVars) return new DatasetSubject(d.id, d.stewardId, stewardsOf(d.stewardId), facts, dueAt, overdue, source);
    return { type: 'dataset' as const, id: d.id, steward: d.stewardId, stewards: stewardsOf(d.stewardId), facts, vars: varsOf(source), dueAt, daysOverdue: overdue };
  };
}
