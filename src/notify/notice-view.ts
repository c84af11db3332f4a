/**
 * A steward's notice as a business letter (documents.md): greeting, one sentence of what this is, one table —
 * the item (with its portal page), its deadline, how late it is in full words and what to do — then whom to
 * answer, and the closing with the executor's contact. A letter that only thanks for resolved items, or only
 * says that datasets were suspended, has that as its table, and a suspension-only letter asks nothing.
 */
import type { DateTime } from 'luxon';
import type { OrgConfig } from '../config/org';
import type { Steward } from '../domain';
import { formatDate, fromStoredInstant } from '../time/days';
import { untilText } from '../time/until-text';
import { plural } from '../uk';
import type { DueItem } from './due';
import { closingView, daysWords, isSendingUnit, unitInSentence, type ClosingView } from './letter';
import { itemRow, monitorLink, portalLink, type ItemRow, type SubjectCatalog } from './notice-items';

export interface NoticeRow extends ItemRow {
  readonly n: number;
  readonly isNew: boolean;
  readonly escalated: boolean;
  /** Under the state: when it was first told, a snooze that ended, an acknowledgement. */
  readonly note: string;
  readonly hasNote: boolean;
}

export interface ResolvedRow {
  readonly n: number;
  readonly kind: string;
  readonly title: string;
  readonly link: string;
  readonly hasLink: boolean;
  readonly on: string;
}

export interface SuspendedRow {
  readonly n: number;
  readonly title: string;
  readonly link: string;
  readonly hasLink: boolean;
  readonly basis: string;
  readonly since: string;
  readonly reviewBy: string;
}

/** What the store knows of a dataset's suspension in force (basis, start, review day), by dataset id. */
export type SuspensionInfo = ReadonlyMap<string, { readonly basis: string; readonly since: string; readonly reviewBy: string }>;

export interface NoticeOptions {
  readonly escalateAfterDays: number;
  readonly repeatDays: number;
  readonly ackRepeatDays?: number;
  /** Every open item of the steward (what `odmon check --steward` lists), when the notice lists fewer. */
  readonly openTotal?: number;
  /** Ends (stored instants) of the snoozes holding back the steward's open items that the notice does not list. */
  readonly snoozedUntil?: readonly string[];
  readonly org: OrgConfig;
  readonly catalog: SubjectCatalog;
  readonly suspensions?: SuspensionInfo;
}

export interface NoticeView {
  readonly steward: { id: string; name: string };
  /** The steward's page on the dashboard (every item of it), when `web.baseUrl` is set; else empty. */
  readonly stewardPage: string;
  /** The head of the unit, copied on the letter (the Cc); empty when nobody is copied. */
  readonly cc: readonly string[];
  readonly asOf: string;
  readonly summary: string;
  readonly intro: string;
  readonly rows: NoticeRow[];
  readonly hasOpen: boolean;
  readonly newCount: number;
  /** The head is copied (the Cc is not empty): the subject and the letter say so, and why. */
  readonly escalated: boolean;
  readonly escalation: string;
  readonly resolved: ResolvedRow[];
  readonly hasResolved: boolean;
  /** No open item: the resolved items are the letter's table. */
  readonly resolvedTable: boolean;
  readonly suspended: SuspendedRow[];
  readonly hasSuspended: boolean;
  /** Only suspensions: they are the letter's table, and it asks nothing. */
  readonly suspendedTable: boolean;
  /** Whom to tell about the progress; empty when nothing is asked (or the unit would be told to tell itself). */
  readonly request: string;
  readonly hasRequest: boolean;
  readonly cadence: string;
  readonly openTotal: number;
  readonly hasOthersOpen: boolean;
  readonly othersOpen: string;
  readonly closing: ClosingView;
}

const openWords = (n: number): string => `${n} ${plural(n, 'невиконаний пункт', 'невиконані пункти', 'невиконаних пунктів')}`;

/**
 * "Besides these, N more open items": a notice listing only what is due never hides the rest, and says why each of
 * them is not listed — told earlier and waiting for its repeat, or held back by a snooze (never told, maybe).
 */
function othersOpen(total: number, listed: number, snoozedUntil: readonly string[]): { openTotal: number; hasOthersOpen: boolean; othersOpen: string } {
  const more = Math.max(0, total - listed);
  const snoozed = Math.min(more, snoozedUntil.length);
  const told = more - snoozed;
  // Whole of the rest in one group: «про них», «їх»; else «про 2 з них», «1 з них».
  const whole = listed === 0 && (told === 0 || snoozed === 0);
  const parts: string[] = [];
  if (told > 0) parts.push(`про ${whole ? (total === 1 ? 'нього' : 'них') : `${told} з них`} уже повідомлено раніше, нагадування надійде за графіком`);
  if (snoozed > 0) {
    const ends = [...new Set([...snoozedUntil].sort())];
    const until = ends.length === 1 ? `до ${untilText(ends[0])}` : `на різні строки, найпізніше до ${untilText(ends[ends.length - 1])}`;
    const who = whole ? (total === 1 ? 'його' : 'їх') : `${snoozed} з них`;
    parts.push(`${who} відкладено ${until}, нагадування надійде після завершення відстрочки`);
  }
  return {
    openTotal: total,
    hasOthersOpen: more > 0,
    othersOpen: `Усього в розпорядника ${openWords(total)}; ${parts.join('; ')}.`,
  };
}

/** Row numbers as people write them: «1–6», «1, 3, 5–7». */
export function numbers(ns: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < ns.length; ) {
    let j = i;
    while (j + 1 < ns.length && ns[j + 1] === ns[j] + 1) j++;
    runs.push(j - i >= 2 ? `${ns[i]}–${ns[j]}` : ns.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return runs.join(', ');
}

/** «кожні 7 днів», «щодня». */
const every = (days: number): string => (days === 1 ? 'щодня' : `кожні ${daysWords(days)}`);

function noteOf(i: DueItem): string {
  const parts: string[] = [];
  if (i.reason === 'snooze-ended') parts.push('Строк відстрочки минув.');
  if (i.state !== null && i.reason !== 'new') parts.push(`Уперше повідомлено ${formatDate(fromStoredInstant(i.state.firstNotifiedAt))}.`);
  if (i.acknowledgement) {
    const ack = i.acknowledgement;
    parts.push(`Підтверджено: ${ack.person}, ${formatDate(fromStoredInstant(ack.at))}${ack.comment ? ` — «${ack.comment}»` : ''}.`);
  }
  return parts.join(' ');
}

function introOf(steward: string, asOf: string, newCount: number, open: number, resolved: number, suspended: number): string {
  if (open > 0) {
    if (newCount === open) return `Повідомляємо, що за результатами моніторингу оприлюднення відкритих даних станом на ${asOf} для розпорядника «${steward}» потребують виконання такі пункти.`;
    if (newCount === 0) return `Нагадуємо, що станом на ${asOf} для розпорядника «${steward}» залишаються невиконаними такі пункти, про які вам повідомляли раніше.`;
    return `Повідомляємо, що станом на ${asOf} для розпорядника «${steward}» потребують виконання такі пункти: нові та ті, про які вам повідомляли раніше.`;
  }
  if (resolved > 0) {
    return `Повідомляємо, що станом на ${asOf} усунено ${resolved === 1 ? 'пункт, про який' : 'пункти, про які'} вам повідомляли раніше. Дякуємо за виконання.`;
  }
  if (suspended > 0) {
    return (
      `Повідомляємо, що оприлюднення ${suspended === 1 ? 'наведеного нижче набору' : 'наведених нижче наборів'} даних розпорядника «${steward}» призупинено. ` +
      `Доки обмеження діє, ${suspended === 1 ? 'набір не вважається простроченим чи неоприлюдненим' : 'набори не вважаються простроченими чи неоприлюдненими'}, ` +
      `і нагадування щодо ${suspended === 1 ? 'нього' : 'них'} не надсилаються. Жодних дій від вас не потрібно.`
    );
  }
  return '';
}

/**
 * Whom a notice copies: the unit's head, when an item is escalated, the unit has a head's address and that address
 * is not among the letter's addressees already (compared without regard to case). The one decision behind the Cc, the subject's «копія керівникові»
 * and the letter's paragraph saying which rows made the head be copied.
 */
export function headCopy(steward: Pick<Steward, 'emails' | 'headEmail'>, items: readonly Pick<DueItem, 'escalated' | 'reason'>[]): string[] {
  const head = steward.headEmail;
  // An address that differs from another only in case is the same mailbox: that head is an addressee already.
  if (!head || steward.emails.some((e) => e.toLowerCase() === head.toLowerCase())) return [];
  return items.some((i) => i.escalated && i.reason !== 'resolved') ? [head] : [];
}

/** One steward's notice: its open items due for notice (escalated and most late first), what was resolved, what was suspended. */
export function noticeView(steward: Steward, items: readonly DueItem[], now: DateTime, opts: NoticeOptions): NoticeView {
  const { catalog, org } = opts;
  const isSuspension = (i: DueItem): boolean => (i.endedBySuspension ?? null) !== null;
  // The sending unit (the IT department) is never asked to report to itself: not in the rows, not after the table.
  const self = isSendingUnit(steward, org);
  const open = items
    .filter((i) => i.reason !== 'resolved')
    .map((i) => ({ i, row: itemRow(i, catalog, self) }))
    .sort((a, b) => Number(b.i.escalated) - Number(a.i.escalated) || b.row.daysOverdue - a.row.daysOverdue || a.i.findingId - b.i.findingId);
  const resolved = items.filter((i) => i.reason === 'resolved' && !isSuspension(i));
  // One row per dataset: several findings of one dataset (late, no contact on the portal) end by one suspension.
  const suspended = [...new Map(items.filter((i) => i.reason === 'resolved' && isSuspension(i)).map((i) => [`${i.subjectType}:${i.subjectId}`, i])).values()];
  const newCount = open.filter(({ i }) => i.reason === 'new').length;
  const cc = headCopy(steward, items);
  // Rows are marked as the reason for the copy only when a head is copied: no letter claims a copy nobody got.
  const rows: NoticeRow[] = open.map(({ i, row }, k) => {
    const note = noteOf(i);
    return { ...row, n: k + 1, isNew: i.reason === 'new', escalated: cc.length > 0 && i.escalated, note, hasNote: note !== '' };
  });
  const escalatedRows = rows.filter((r) => r.escalated).map((r) => r.n);
  const asOf = formatDate(now);
  const parts: string[] = [];
  if (open.length) parts.push(openWords(open.length));
  if (resolved.length) parts.push(`${resolved.length} ${plural(resolved.length, 'пункт усунено', 'пункти усунено', 'пунктів усунено')}`);
  if (suspended.length) parts.push(`оприлюднення ${suspended.length} ${plural(suspended.length, 'набору', 'наборів', 'наборів')} даних призупинено`);
  const suspensions = opts.suspensions ?? new Map();
  const closing = closingView(org);
  const request =
    open.length === 0 || self
      ? ''
      : closing.contactEmail !== ''
        ? 'Про виконання або причини затримки просимо повідомити, відповівши на цей лист.'
        : `Про виконання або причини затримки просимо повідомити ${unitInSentence(org.unit)}.`;
  const ackEvery = opts.ackRepeatDays ?? opts.repeatDays;
  const cadence =
    open.length === 0
      ? ''
      : `Доки пункти не буде виконано, нагадування надходитимуть ${every(opts.repeatDays)}` +
        (open.some(({ i }) => Boolean(i.acknowledgement)) && ackEvery !== opts.repeatDays ? ` (щодо підтверджених пунктів — ${every(ackEvery)})` : '') +
        '.';
  return {
    steward: { id: steward.id, name: steward.name },
    stewardPage: monitorLink(catalog, 'stewards', steward.id),
    cc,
    asOf,
    summary: parts.join('; '),
    intro: introOf(steward.name, asOf, newCount, open.length, resolved.length, suspended.length),
    rows,
    hasOpen: rows.length > 0,
    newCount,
    escalated: escalatedRows.length > 0,
    escalation:
      escalatedRows.length === 0
        ? ''
        : `Копію листа надіслано керівникові підрозділу, оскільки ${escalatedRows.length === 1 ? `пункт № ${escalatedRows[0]} залишається невиконаним` : `пункти № ${numbers(escalatedRows)} залишаються невиконаними`} ${daysWords(opts.escalateAfterDays)} і більше після першого повідомлення.`,
    resolved: resolved.map((i, k) => {
      const row = itemRow(i, catalog);
      return { n: k + 1, kind: row.kind, title: row.title, link: row.link, hasLink: row.hasLink, on: i.resolvedAt ? formatDate(fromStoredInstant(i.resolvedAt)) : '' };
    }),
    hasResolved: resolved.length > 0,
    resolvedTable: open.length === 0 && resolved.length > 0,
    suspended: suspended.map((i, k) => {
      const s = suspensions.get(i.subjectId);
      const link = i.subjectType === 'dataset' ? portalLink(catalog, i.subjectId) : '';
      return {
        n: k + 1,
        title: itemRow(i, catalog).title,
        link,
        hasLink: link !== '',
        basis: s?.basis ?? i.endedBySuspension ?? '',
        since: s?.since ?? '',
        reviewBy: s?.reviewBy || 'не визначено',
      };
    }),
    hasSuspended: suspended.length > 0,
    suspendedTable: open.length === 0 && resolved.length === 0 && suspended.length > 0,
    request,
    hasRequest: request !== '',
    cadence,
    ...othersOpen(opts.openTotal ?? open.length, open.length, opts.snoozedUntil ?? []),
    closing,
  };
}
