/**
 * `odmon suspend | resume | suspensions | snooze | unsnooze | snoozes | ack | findings`: what the IT head
 * decides by hand. Every change is audited (odmon log); every command honours --now for trials.
 */
import type { DateTime } from 'luxon';
import type { App } from '../app';
import { OdmonError } from '../errors';
import { acknowledge, actorFrom, resumeDataset, snooze, suspendDataset, unsnooze, type DecisionTime, type SnoozeTarget } from '../exemptions/actions';
import { parseDay, parseMoment, parseUntil, untilText } from '../exemptions/dates';
import { resolveFinding } from '../exemptions/finding-ref';
import { suspensionViews } from '../notify/digest-exemptions';
import { latestAcknowledgementsOfOpen } from '../store/acknowledgements';
import { findingsByIds, openFindings } from '../store/finding-lookup';
import { listActiveSnoozes } from '../store/snoozes';
import { listStewards } from '../store/stewards';
import { listSuspensions } from '../store/suspensions';
import { formatDate, fromStoredInstant, toStoredInstant } from '../time/days';
import type { CliArgs } from './args';
import type { Io } from './commands';
import { withApp, withRecording } from './context';
import { SEVERITY_UK } from './format';

export { withApp, withRecording };

/** The two times of a decision taken in this command: --now (or the real time) and the real clock. */
function decisionTime(app: App, now: DateTime): DecisionTime {
  return { now, real: app.clock.now() };
}

function usage(text: string, hint?: string): OdmonError {
  return new OdmonError('E_USAGE', `usage: ${text}`, { hint });
}

/** `odmon suspend DATASET_ID --basis TEXT --review-by DATE [--since DATE] [--by NAME]` */
export function cmdSuspend(args: CliArgs, io: Io, now: DateTime): Promise<number> {
  const [, datasetId, ...rest] = args.command;
  if (!datasetId || rest.length > 0) throw usage('odmon suspend DATASET_ID --basis TEXT --review-by DATE [--since DATE] [--by NAME]');
  const reviewBy = args.reviewBy === undefined ? undefined : parseDay(args.reviewBy, '--review-by');
  const since = args.since === undefined ? undefined : parseMoment(args.since, '--since');
  return withRecording(args, io, now, (app) => {
    const r = suspendDataset(app.db, { datasetId, basis: args.basis, reviewBy, since, actor: actorFrom(args.by, io.env) }, decisionTime(app, now));
    io.out(`${datasetId}: suspended${r.replaced ? ' (the earlier suspension is replaced)' : ''}; basis: ${args.basis?.trim()}; review on ${formatDate(reviewBy as DateTime)}\n`);
    return 0;
  });
}

/** `odmon resume DATASET_ID [--reason TEXT] [--by NAME]` */
export function cmdResume(args: CliArgs, io: Io, now: DateTime): Promise<number> {
  const [, datasetId, ...rest] = args.command;
  if (!datasetId || rest.length > 0) throw usage('odmon resume DATASET_ID [--reason TEXT] [--by NAME]');
  return withRecording(args, io, now, (app) => {
    const r = resumeDataset(app.db, { datasetId, reason: args.reason, actor: actorFrom(args.by, io.env) }, decisionTime(app, now));
    io.out(`${datasetId}: suspension lifted (basis was: ${r.basis}); it is judged as any other dataset from the next check\n`);
    return 0;
  });
}

/** `odmon suspensions [--all]` */
export function cmdSuspensions(args: CliArgs, io: Io, now: DateTime): number {
  return withApp(args, io, now, (app) => {
    const views = suspensionViews(app.db, listStewards(app.db), now);
    if (views.length === 0) io.out('no dataset is suspended\n');
    for (const v of views) {
      const review = v.reviewBy ? `review on ${v.reviewBy}${v.reviewDue ? ` (REVIEW DUE: ${v.reviewState})` : ''}` : 'marked by the register import, no review day';
      io.out(`${v.datasetId}${v.steward ? ` (${v.steward})` : ''}: ${v.basis}${v.since ? `; since ${v.since}` : ''}; ${review}\n`);
    }
    if (args.all) {
      for (const s of listSuspensions(app.db).filter((x) => x.endedAt !== null)) {
        const d = (iso: string): string => formatDate(fromStoredInstant(iso));
        io.out(`lifted ${s.datasetId}: ${s.basis}; ${d(s.since)} – ${d(s.endedAt as string)} by ${s.endedBy ?? ''}${s.endReason ? ` (${s.endReason})` : ''}\n`);
      }
    }
    return 0;
  });
}

function snoozeTarget(app: App, args: CliArgs, verb: string): SnoozeTarget {
  const [, ref, ...rest] = args.command;
  if (rest.length > 0 || (ref === undefined) === (args.steward === undefined)) {
    throw usage(`odmon ${verb} (FINDING | --steward ID) …`, 'name one finding (odmon findings lists their ids) or one steward with --steward');
  }
  return ref !== undefined ? { finding: resolveFinding(app.db, ref) } : { stewardId: args.steward as string };
}

/** `odmon snooze (FINDING | --steward ID) --until DATE --reason TEXT [--by NAME]` */
export function cmdSnooze(args: CliArgs, io: Io, now: DateTime): Promise<number> {
  if (args.until === undefined) throw usage('odmon snooze (FINDING | --steward ID) --until DATE --reason TEXT', '--until is required, e.g. --until 2019-07-05');
  const until = parseUntil(args.until);
  return withRecording(args, io, now, (app) => {
    const target = snoozeTarget(app, args, 'snooze');
    snooze(app.db, { target, until, reason: args.reason, actor: actorFrom(args.by, io.env) }, decisionTime(app, now));
    const what = 'finding' in target ? `finding ${target.finding.id} (${target.finding.rule} · ${target.finding.subjectType} ${target.finding.subjectId})` : `every finding of steward ${target.stewardId}`;
    io.out(`${what}: no notices until ${untilText(toStoredInstant(until))}; resolutions are still told\n`);
    return 0;
  });
}

/** `odmon unsnooze (FINDING | --steward ID) [--reason TEXT] [--by NAME]` */
export function cmdUnsnooze(args: CliArgs, io: Io, now: DateTime): Promise<number> {
  return withRecording(args, io, now, (app) => {
    const target = snoozeTarget(app, args, 'unsnooze');
    const n = unsnooze(app.db, { target, reason: args.reason, actor: actorFrom(args.by, io.env) }, decisionTime(app, now));
    io.out(`${n} snooze(s) ended; what is still open is told on the next notify run\n`);
    return 0;
  });
}

/** `odmon snoozes` */
export function cmdSnoozes(args: CliArgs, io: Io, now: DateTime): number {
  return withApp(args, io, now, (app) => {
    const snoozes = listActiveSnoozes(app.db, toStoredInstant(now));
    const findings = findingsByIds(app.db, snoozes.flatMap((s) => (s.findingId === null ? [] : [s.findingId])));
    if (snoozes.length === 0) io.out('no snooze is running\n');
    for (const s of snoozes) {
      const f = s.findingId === null ? undefined : findings.get(s.findingId);
      const what = s.stewardId !== null ? `steward ${s.stewardId} (all its findings)` : `finding ${s.findingId}${f ? ` (${f.rule} · ${f.subjectType} ${f.subjectId})` : ''}`;
      io.out(`${what}: until ${untilText(s.until)}; ${s.reason}; by ${s.actor} on ${formatDate(fromStoredInstant(s.createdAt))}\n`);
    }
    return 0;
  });
}

/** `odmon ack FINDING --by NAME [--comment TEXT] [--steward ID]`: --steward is required on a finding several stewards share. */
export function cmdAck(args: CliArgs, io: Io, now: DateTime): Promise<number> {
  const [, ref, ...rest] = args.command;
  if (!ref || rest.length > 0) throw usage('odmon ack FINDING --by NAME [--comment TEXT] [--steward ID]');
  return withRecording(args, io, now, (app) => {
    const finding = resolveFinding(app.db, ref);
    const r = acknowledge(app.db, { finding, person: args.by, comment: args.comment, stewardId: args.steward, actor: actorFrom(undefined, io.env) }, decisionTime(app, now));
    const others = finding.stewards.length - 1;
    io.out(
      `finding ${finding.id} (${finding.rule} · ${finding.subjectType} ${finding.subjectId}): acknowledged by ${args.by?.trim()} for steward ${r.stewardId}; ` +
        `repeated to that steward every ${app.config.notify.ackRepeatDays} day(s) while open` +
        `${others > 0 ? `; the ${others} other steward(s) of this finding are told as before` : ''}\n`,
    );
    return 0;
  });
}

/** `odmon findings [--steward ID] [--json]`: the open findings with the ids the other commands take. */
export function cmdFindings(args: CliArgs, io: Io, now: DateTime): number {
  if (args.command.length > 1) throw usage('odmon findings [--steward ID] [--json]');
  return withApp(args, io, now, (app) => {
    if (args.steward !== undefined && !listStewards(app.db).some((s) => s.id === args.steward)) {
      throw new OdmonError('E_NOT_FOUND', `steward "${args.steward}" is not in the register`);
    }
    const open = openFindings(app.db, args.steward);
    const nowIso = toStoredInstant(now);
    const snoozes = listActiveSnoozes(app.db, nowIso);
    // With --steward, that steward's acknowledgement (or one for all); otherwise the latest of any.
    const acks = new Map<number, ReturnType<typeof latestAcknowledgementsOfOpen>[number]>();
    for (const a of latestAcknowledgementsOfOpen(app.db)) {
      if (args.steward !== undefined && a.stewardId !== null && a.stewardId !== args.steward) continue;
      const before = acks.get(a.findingId);
      if (before === undefined || before.id < a.id) acks.set(a.findingId, a);
    }
    const rows = open.map((f) => {
      const s = snoozes.filter((x) => x.findingId === f.id || (x.stewardId !== null && f.stewards.includes(x.stewardId)));
      const until = s.length ? s.map((x) => x.until).sort()[s.length - 1] : null;
      return { f, until, ack: acks.get(f.id) ?? null };
    });
    if (args.json) {
      const json = rows.map(({ f, until, ack }) => ({
        id: f.id,
        rule: f.rule,
        severity: f.severity,
        subject: { type: f.subjectType, id: f.subjectId },
        steward: f.stewardId,
        stewards: f.stewards,
        message: f.message,
        openedAt: fromStoredInstant(f.openedAt).toISO(),
        snoozedUntil: until === null ? null : fromStoredInstant(until).toISO(),
        acknowledged: ack === null ? null : { by: ack.person, at: fromStoredInstant(ack.at).toISO(), comment: ack.comment, steward: ack.stewardId },
      }));
      io.out(JSON.stringify(json, null, 2) + '\n');
      return 0;
    }
    if (rows.length === 0) io.out('no open findings (run odmon check first)\n');
    for (const { f, until, ack } of rows) {
      const marks = [
        until ? `snoozed until ${untilText(until)}` : '',
        ack ? `acknowledged: ${ack.person}${ack.stewardId ? ` (${ack.stewardId})` : ''}, ${formatDate(fromStoredInstant(ack.at))}${ack.comment ? ` — «${ack.comment}»` : ''}` : '',
      ].filter(Boolean);
      io.out(`#${f.id} [${SEVERITY_UK[f.severity]}] ${f.rule}:${f.subjectType}:${f.subjectId} · ${f.stewards.join(', ') || '—'} · since ${formatDate(fromStoredInstant(f.openedAt))}\n`);
      io.out(`    ${f.message}\n`);
      if (marks.length) io.out(`    ${marks.join(' · ')}\n`);
    }
    return 0;
  });
}
