/**
 * The digest's sections about what the IT head decided by hand and about history: suspensions (and the
 * reminder once a review day has come), acknowledged findings and running snoozes. Read from the store here;
 * digest-view builds the rest.
 */
import type { DateTime } from 'luxon';
import type { Steward } from '../domain';
import { untilText } from '../time/until-text';
import type { Db } from '../store/db';
import { latestAcknowledgementsOfOpen } from '../store/acknowledgements';
import { findingsByIds } from '../store/finding-lookup';
import { listActiveSnoozes } from '../store/snoozes';
import { listActiveSuspensions, listRegisterSuspended } from '../store/suspensions';
import { calendarDaysBetween, formatDate, fromStoredInstant, toStoredInstant } from '../time/days';
import { plural, SEVERITY_UK } from '../uk';
import { capped } from './digest-view';

export interface SuspensionView {
  readonly datasetId: string;
  readonly title: string;
  readonly steward: string;
  readonly basis: string;
  readonly since: string;
  readonly reviewBy: string;
  readonly reviewDue: boolean;
  readonly reviewState: string;
}

function reviewState(reviewByIso: string, now: DateTime): { due: boolean; text: string } {
  const days = calendarDaysBetween(fromStoredInstant(reviewByIso), now);
  if (days < 0) return { due: false, text: `через ${-days} ${plural(-days, 'день', 'дні', 'днів')}` };
  if (days === 0) return { due: true, text: 'сьогодні' };
  return { due: true, text: `прострочено на ${days} ${plural(days, 'день', 'дні', 'днів')}` };
}

/** Every suspended dataset: `odmon suspend` ones by review day, then the ones the register marks, by id. */
export function suspensionViews(db: Db, stewards: readonly Steward[], now: DateTime): SuspensionView[] {
  const names = new Map(stewards.map((s) => [s.id, s.name]));
  const datasets = new Map(
    (db.prepare('SELECT id, title, steward_id AS stewardId FROM datasets WHERE suspended IS NOT NULL').all() as { id: string; title: string; stewardId: string | null }[]).map(
      (d) => [d.id, d],
    ),
  );
  const stewardOf = (id: string): string => {
    const s = datasets.get(id)?.stewardId;
    return s ? (names.get(s) ?? s) : '';
  };
  const cli = listActiveSuspensions(db).map((s) => {
    const r = reviewState(s.reviewBy, now);
    return {
      datasetId: s.datasetId,
      title: datasets.get(s.datasetId)?.title ?? '',
      steward: stewardOf(s.datasetId),
      basis: s.basis,
      since: formatDate(fromStoredInstant(s.since)),
      reviewBy: formatDate(fromStoredInstant(s.reviewBy)),
      reviewDue: r.due,
      reviewState: r.text,
    };
  });
  const register = listRegisterSuspended(db).map((s) => ({
    datasetId: s.datasetId,
    title: datasets.get(s.datasetId)?.title ?? '',
    steward: stewardOf(s.datasetId),
    basis: s.reason,
    since: s.since ? formatDate(fromStoredInstant(s.since)) : '',
    reviewBy: '',
    reviewDue: false,
    reviewState: '',
  }));
  return [...cli, ...register];
}

/** The digest's extra fields: merged into digestView's view. */
export function exemptionSections(db: Db, stewards: readonly Steward[], now: DateTime) {
  const names = new Map(stewards.map((s) => [s.id, s.name]));
  const suspensions = suspensionViews(db, stewards, now);
  const acks = latestAcknowledgementsOfOpen(db);
  const snoozes = listActiveSnoozes(db, toStoredInstant(now));
  const findings = findingsByIds(db, [...acks.map((a) => a.findingId), ...snoozes.flatMap((s) => (s.findingId === null ? [] : [s.findingId]))]);
  const acknowledged = acks.map((a) => {
    const f = findings.get(a.findingId);
    return {
      id: a.findingId,
      steward: a.stewardId === null ? '' : (names.get(a.stewardId) ?? a.stewardId),
      message: f?.message ?? '',
      severityLabel: f ? SEVERITY_UK[f.severity] : '',
      ackBy: a.person,
      ackOn: formatDate(fromStoredInstant(a.at)),
      ackComment: a.comment ?? '',
    };
  });
  const snoozeViews = snoozes.map((s) => {
    const f = s.findingId === null ? undefined : findings.get(s.findingId);
    const what = s.stewardId !== null ? `усі повідомлення розпоряднику «${names.get(s.stewardId) ?? s.stewardId}»` : `№ ${s.findingId}: ${f?.message ?? ''}`;
    return { what, until: untilText(s.until), reason: s.reason, actor: s.actor };
  });
  return {
    reviewDue: capped(suspensions.filter((s) => s.reviewDue)),
    suspensions: capped(suspensions),
    suspensionsNotDue: suspensions.filter((s) => !s.reviewDue).length,
    acknowledged: capped(acknowledged, 5),
    snoozes: capped(snoozeViews, 5),
  };
}
