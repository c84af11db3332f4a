/** What the IT head decided by hand, as it stands: suspended datasets (and lifted ones) and running snoozes. */
import type { DateTime } from 'luxon';
import { latestAcknowledgementsOfOpen } from '../store/acknowledgements';
import { findingsByIds } from '../store/finding-lookup';
import { listActiveSnoozes } from '../store/snoozes';
import { listStewards } from '../store/stewards';
import { datasetSuspensionState, listActiveSuspensions, listRegisterSuspended, listSuspensions } from '../store/suspensions';
import { calendarDaysBetween, fromStoredInstant, toStoredInstant } from '../time/days';
import type { ReadSource } from './source';

export interface SuspensionItem {
  readonly datasetId: string;
  readonly title: string;
  readonly stewardId: string | null;
  readonly stewardName: string | null;
  readonly basis: string;
  /** When it took effect; null for a register's suspension odmon has not recorded yet. */
  readonly since: string | null;
  /** 00:00 Kyiv of the review day; null for one the register marks (it states none). */
  readonly reviewBy: string | null;
  /** Kyiv days from now to the review day: 0 today, negative once it has passed; null without a review day. */
  readonly daysToReview: number | null;
  /** The review day has come: the digest reminds the IT head. */
  readonly reviewDue: boolean;
  /** `command`: made with `odmon suspend`; `register`: a non-empty `suspended` cell of an import. */
  readonly madeBy: 'command' | 'register';
}

export interface LiftedSuspension {
  readonly datasetId: string;
  readonly basis: string;
  readonly since: string;
  readonly endedAt: string;
  readonly endedBy: string | null;
  readonly endReason: string | null;
}

export interface SuspensionsView {
  /** `odmon suspend` ones by review day, then the ones the register marks, by id (the page asked for). */
  readonly active: readonly SuspensionItem[];
  /** How many are in force in all. */
  readonly activeTotal: number;
  /** With `all`: the suspensions lifted so far, by dataset. */
  readonly lifted: readonly LiftedSuspension[];
}

/** With `page`, only those suspensions in force (offset, limit) are listed: a register can mark thousands. */
export function suspensionsView(src: ReadSource, now: DateTime, opts: { readonly all?: boolean; readonly page?: { readonly offset: number; readonly limit: number } } = {}): SuspensionsView {
  const names = new Map(listStewards(src.db).map((s) => [s.id, s.name]));
  const about = (id: string): Pick<SuspensionItem, 'title' | 'stewardId' | 'stewardName'> => {
    const d = datasetSuspensionState(src.db, id);
    const stewardId = d?.stewardId ?? null;
    return { title: d?.title ?? '', stewardId, stewardName: stewardId === null ? null : (names.get(stewardId) ?? stewardId) };
  };
  const command = listActiveSuspensions(src.db).map((s) => {
    const days = -calendarDaysBetween(fromStoredInstant(s.reviewBy), now);
    return { datasetId: s.datasetId, basis: s.basis, since: s.since, reviewBy: s.reviewBy, daysToReview: days, reviewDue: days <= 0, madeBy: 'command' as const };
  });
  const register = listRegisterSuspended(src.db).map((s) => ({ datasetId: s.datasetId, basis: s.reason, since: s.since, reviewBy: null, daysToReview: null, reviewDue: false, madeBy: 'register' as const }));
  const all = [...command, ...register];
  const shown = opts.page === undefined ? all : all.slice(opts.page.offset, opts.page.offset + opts.page.limit);
  const lifted = opts.all
    ? listSuspensions(src.db)
        .filter((s) => s.endedAt !== null)
        .map((s) => ({ datasetId: s.datasetId, basis: s.basis, since: s.since, endedAt: s.endedAt as string, endedBy: s.endedBy, endReason: s.endReason }))
    : [];
  return { active: shown.map((s): SuspensionItem => ({ ...s, ...about(s.datasetId) })), activeTotal: all.length, lifted };
}

export interface SnoozeItem {
  readonly id: number;
  /** The finding it quiets, or null when it quiets every finding of a steward. */
  readonly finding: { readonly id: number; readonly rule: string; readonly subjectType: string; readonly subjectId: string; readonly message: string } | null;
  readonly stewardId: string | null;
  readonly stewardName: string | null;
  /** The first instant notices may resume. */
  readonly until: string;
  readonly reason: string;
  readonly actor: string;
  readonly createdAt: string;
}

/** The snoozes still running at `now`, soonest end first. */
export function snoozesView(src: ReadSource, now: DateTime): SnoozeItem[] {
  const snoozes = listActiveSnoozes(src.db, toStoredInstant(now));
  const findings = findingsByIds(src.db, snoozes.flatMap((s) => (s.findingId === null ? [] : [s.findingId])));
  const names = new Map(listStewards(src.db).map((s) => [s.id, s.name]));
  return snoozes.map((s) => {
    const f = s.findingId === null ? undefined : findings.get(s.findingId);
    return {
      id: s.id,
      finding: s.findingId === null ? null : { id: s.findingId, rule: f?.rule ?? '', subjectType: f?.subjectType ?? '', subjectId: f?.subjectId ?? '', message: f?.message ?? '' },
      stewardId: s.stewardId,
      stewardName: s.stewardId === null ? null : (names.get(s.stewardId) ?? s.stewardId),
      until: s.until,
      reason: s.reason,
      actor: s.actor,
      createdAt: s.createdAt,
    };
  });
}

export interface AcknowledgementItem {
  readonly id: number;
  readonly finding: { readonly id: number; readonly rule: string; readonly subjectType: string; readonly subjectId: string; readonly message: string };
  /** The steward it speaks for; null: every steward of the finding. */
  readonly stewardId: string | null;
  readonly stewardName: string | null;
  /** Who acknowledged (the steward's person). */
  readonly person: string;
  readonly comment: string | null;
  readonly at: string;
  /** Who recorded it. */
  readonly actor: string;
}

/** The latest acknowledgement of every (finding, steward) of the findings still open, oldest first. */
export function acknowledgementsView(src: ReadSource): AcknowledgementItem[] {
  const acks = latestAcknowledgementsOfOpen(src.db);
  const findings = findingsByIds(src.db, acks.map((a) => a.findingId));
  const names = new Map(listStewards(src.db).map((s) => [s.id, s.name]));
  return acks.map((a) => {
    const f = findings.get(a.findingId);
    return {
      id: a.id,
      finding: { id: a.findingId, rule: f?.rule ?? '', subjectType: f?.subjectType ?? '', subjectId: f?.subjectId ?? '', message: f?.message ?? '' },
      stewardId: a.stewardId,
      stewardName: a.stewardId === null ? null : (names.get(a.stewardId) ?? a.stewardId),
      person: a.person,
      comment: a.comment,
      at: a.at,
      actor: a.actor,
    };
  });
}
