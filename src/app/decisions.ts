/**
 * What the IT head decides by hand (src/exemptions/actions.ts), for one open app: suspensions, snoozes,
 * acknowledgements and plan progress. Each decision is judged as of `now` and recorded at the real time.
 */
import type { DateTime } from 'luxon';
import type { App } from '../app';
import { acknowledge, actorFrom, resumeDataset, snooze, suspendDataset, taskDone, taskReopen, unsnooze, type DecisionTime, type SnoozeTarget } from '../exemptions/actions';
import { resolveFinding } from '../exemptions/finding-ref';
import type { FindingRecord } from '../store/finding-lookup';

export { actorFrom };

const timeOf = (app: App, now: DateTime): DecisionTime => ({ now, real: app.clock.now() });

/** A finding as a decision names it back. */
export interface FindingRef {
  readonly id: number;
  readonly rule: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly stewards: readonly string[];
}

/** FINDING (an id or RULE:SUBJECT_TYPE:SUBJECT_ID), or every finding of one steward. */
export type FindingTarget = { readonly finding: string } | { readonly stewardId: string };

function targetOf(app: App, t: FindingTarget): SnoozeTarget {
  return 'finding' in t ? { finding: resolveFinding(app.db, t.finding) } : { stewardId: t.stewardId };
}

const findingRef = (f: FindingRecord): FindingRef => ({ id: f.id, rule: f.rule, subjectType: f.subjectType, subjectId: f.subjectId, stewards: f.stewards });

const refOf = (t: SnoozeTarget): { finding: FindingRef } | { stewardId: string } => ('finding' in t ? { finding: findingRef(t.finding) } : { stewardId: t.stewardId });

export function suspend(app: App, inp: { datasetId: string; basis?: string; reviewBy?: DateTime; since?: DateTime; actor: string }, now: DateTime): { replaced: boolean } {
  return suspendDataset(app.db, { datasetId: inp.datasetId, basis: inp.basis, reviewBy: inp.reviewBy, since: inp.since, actor: inp.actor }, timeOf(app, now));
}

export function resume(app: App, inp: { datasetId: string; reason?: string; actor: string }, now: DateTime): { basis: string } {
  return resumeDataset(app.db, inp, timeOf(app, now));
}

export function snoozeFindings(app: App, inp: { target: FindingTarget; until: DateTime; reason?: string; actor: string }, now: DateTime): { finding: FindingRef } | { stewardId: string } {
  const target = targetOf(app, inp.target);
  snooze(app.db, { target, until: inp.until, reason: inp.reason, actor: inp.actor }, timeOf(app, now));
  return refOf(target);
}

/** Returns how many running snoozes ended. */
export function unsnoozeFindings(app: App, inp: { target: FindingTarget; reason?: string; actor: string }, now: DateTime): number {
  return unsnooze(app.db, { target: targetOf(app, inp.target), reason: inp.reason, actor: inp.actor }, timeOf(app, now));
}

export function acknowledgeFinding(
  app: App,
  inp: { finding: string; person?: string; comment?: string; stewardId?: string; actor: string },
  now: DateTime,
): { finding: FindingRef; stewardId: string } {
  const finding = resolveFinding(app.db, inp.finding);
  const r = acknowledge(app.db, { finding, person: inp.person, comment: inp.comment, stewardId: inp.stewardId, actor: inp.actor }, timeOf(app, now));
  return { finding: findingRef(finding), stewardId: r.stewardId };
}

export function markTaskDone(app: App, inp: { taskId: string; at?: DateTime; evidence?: string; reason?: string; actor: string }, now: DateTime): void {
  taskDone(app.db, { taskId: inp.taskId, at: inp.at, evidence: inp.evidence, reason: inp.reason, actor: inp.actor }, timeOf(app, now));
}

/** Returns when the task had been done. */
export function reopenTask(app: App, inp: { taskId: string; reason?: string; actor: string }, now: DateTime): { doneAt: string } {
  return taskReopen(app.db, inp, timeOf(app, now));
}
