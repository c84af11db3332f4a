import type { DateTime } from 'luxon';
import type { Steward } from '../domain';
import { plural, SEVERITY_UK } from '../uk';
import { formatDate, fromStoredInstant } from '../time/days';
import type { DueItem } from './due';

/** What a line in a message says about one finding. */
export interface ItemView {
  readonly message: string;
  readonly severity: string;
  readonly subject: string;
  readonly deadline: string;
  readonly overdue: string;
  readonly since: string;
  readonly link: string;
  readonly hasLink: boolean;
  readonly escalated: boolean;
  /** "підтверджено: NAME, DATE": a steward's person said they know. */
  readonly acknowledged: boolean;
  readonly ackBy: string;
  readonly ackOn: string;
  readonly ackComment: string;
}

export interface LinkContext {
  readonly portalUrl: string | null;
  /** dataset id → portal id */
  readonly portalIds: ReadonlyMap<string, string>;
}

const SUBJECT_LABEL = { dataset: 'набір даних', task: 'завдання плану', steward: 'розпорядник' } as const;

export function itemView(i: Omit<DueItem, 'reason' | 'state' | 'stewardId'> & { escalated: boolean }, links: LinkContext): ItemView {
  const portalId = i.subjectType === 'dataset' ? links.portalIds.get(i.subjectId) : undefined;
  const link = portalId && links.portalUrl ? `${links.portalUrl}/dataset/${encodeURIComponent(portalId)}` : '';
  return {
    message: i.message,
    severity: SEVERITY_UK[i.severity],
    subject: `${SUBJECT_LABEL[i.subjectType]} ${i.subjectId}`,
    // dueAt is the first overdue instant; people read the deadline day, the day before it.
    deadline: i.dueAt ? formatDate(fromStoredInstant(i.dueAt).minus({ days: 1 })) : '',
    overdue: i.daysOverdue !== null && i.daysOverdue > 0 ? `${i.daysOverdue} ${plural(i.daysOverdue, 'день', 'дні', 'днів')}` : '',
    since: formatDate(fromStoredInstant(i.openedAt)),
    link,
    hasLink: link !== '',
    escalated: i.escalated,
    acknowledged: Boolean(i.acknowledgement),
    ackBy: i.acknowledgement?.person ?? '',
    ackOn: i.acknowledgement ? formatDate(fromStoredInstant(i.acknowledgement.at)) : '',
    ackComment: i.acknowledgement?.comment ?? '',
  };
}

/** The basis of the suspension that ended a finding (recorded when it ended), or null when it was resolved. */
export function suspensionBasis(i: { endedBySuspension?: string | null }): string | null {
  return i.endedBySuspension ?? null;
}

export interface NoticeView {
  readonly steward: { id: string; name: string };
  readonly asOf: string;
  readonly summary: string;
  readonly open: ItemView[];
  readonly hasOpen: boolean;
  readonly newCount: number;
  readonly resolved: ItemView[];
  readonly hasResolved: boolean;
  /** Findings that ended because the dataset was suspended (withheld on purpose), with the basis. */
  readonly suspended: (ItemView & { basis: string })[];
  readonly hasSuspended: boolean;
  readonly escalated: boolean;
  readonly escalateAfterDays: number;
  readonly repeatDays: number;
  readonly itHead: string;
  /** Some listed item is acknowledged: it is repeated every ackRepeatDays instead. */
  readonly hasAcknowledged: boolean;
  readonly ackRepeatDays: number;
  /** Every open item of the steward (what `odmon check --steward` lists), when the notice lists fewer of them. */
  readonly openTotal: number;
  readonly hasOthersOpen: boolean;
  readonly othersOpen: string;
}

/** "Besides these, N more open items were told earlier": a notice listing only what is due never hides the rest. */
function othersOpen(total: number, listed: number): { openTotal: number; hasOthersOpen: boolean; othersOpen: string } {
  const more = Math.max(0, total - listed);
  const words = `${total} ${plural(total, 'невиконаний пункт', 'невиконані пункти', 'невиконаних пунктів')}`;
  return {
    openTotal: total,
    hasOthersOpen: more > 0,
    othersOpen: `Усього в розпорядника ${words}; про ${listed === 0 ? (total === 1 ? 'нього' : 'них') : `${more} з них`} уже повідомлено раніше, нагадування надійде за графіком.`,
  };
}

/** One steward's notice: its open items due for notice (new ones first) and what was resolved. */
export function noticeView(
  steward: Steward,
  items: readonly DueItem[],
  now: DateTime,
  links: LinkContext,
  opts: { escalateAfterDays: number; repeatDays: number; itHead: readonly string[]; ackRepeatDays?: number; openTotal?: number },
): NoticeView {
  const order = { escalated: 0, new: 1, 'snooze-ended': 2, repeat: 3, acknowledged: 4, resolved: 5 } as const;
  const open = items.filter((i) => i.reason !== 'resolved').sort((a, b) => order[a.reason] - order[b.reason]);
  // A finding that ended because its dataset was suspended was not fixed: say so, with the basis.
  const isSuspended = (i: DueItem): boolean => suspensionBasis(i) !== null;
  const resolved = items.filter((i) => i.reason === 'resolved' && !isSuspended(i));
  const suspended = items.filter((i) => i.reason === 'resolved' && isSuspended(i));
  const newCount = items.filter((i) => i.reason === 'new').length;
  const parts: string[] = [];
  if (open.length) parts.push(`${open.length} ${plural(open.length, 'невиконаний пункт', 'невиконані пункти', 'невиконаних пунктів')}`);
  if (resolved.length) parts.push(`${resolved.length} ${plural(resolved.length, 'усунений', 'усунені', 'усунених')}`);
  if (suspended.length) parts.push(`${suspended.length} ${plural(suspended.length, 'призупинений', 'призупинені', 'призупинених')}`);
  return {
    steward: { id: steward.id, name: steward.name },
    asOf: formatDate(now),
    summary: parts.join(', '),
    open: open.map((i) => ({ ...itemView(i, links), isNew: i.reason === 'new', snoozeEnded: i.reason === 'snooze-ended' })),
    hasOpen: open.length > 0,
    newCount,
    resolved: resolved.map((i) => itemView({ ...i, escalated: false }, links)),
    hasResolved: resolved.length > 0,
    suspended: suspended.map((i) => ({ ...itemView({ ...i, escalated: false }, links), basis: suspensionBasis(i) ?? '' })),
    hasSuspended: suspended.length > 0,
    escalated: open.some((i) => i.escalated),
    escalateAfterDays: opts.escalateAfterDays,
    repeatDays: opts.repeatDays,
    itHead: opts.itHead.join(', '),
    hasAcknowledged: open.some((i) => Boolean(i.acknowledgement)),
    ackRepeatDays: opts.ackRepeatDays ?? opts.repeatDays,
    ...othersOpen(opts.openTotal ?? open.length, open.length),
  };
}
