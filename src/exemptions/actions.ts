/**
 * What the IT head decides by hand: suspensions, snoozes, acknowledgements and plan progress. Each change is
 * checked first (unknown ids, dates in the past), then written in one transaction together with its audit
 * entry — who, when, why — so a change is never kept without its record.
 *
 * A decision has two times (src/clock.ts): `now`, the evaluation time (`--now`), against which the dates typed
 * are judged ("a review day after now"), and `real`, when the decision is really taken. Everything that says
 * when something happened — the audit entry, a suspension's start when none is stated, when an acknowledgement
 * or a snooze was given or ended — is the real time, so no entry can be backdated with --now.
 */
import type { DateTime } from 'luxon';
import { OdmonError } from '../errors';
import type { Db } from '../store/db';
import { addAcknowledgement } from '../store/acknowledgements';
import { recordAudit } from '../store/audit';
import type { FindingRecord } from '../store/finding-lookup';
import { addSnooze, cancelSnoozes } from '../store/snoozes';
import { stewardIds } from '../store/stewards';
import { activeSuspension, datasetSuspensionState, endSuspension, recordRegisterSuspensions, startSuspension } from '../store/suspensions';
import { markTaskDone, reopenTask, taskProgress } from '../store/task-progress';
import { formatDate, formatDateTime, fromStoredInstant, toStoredInstant } from '../time/days';
import { untilText } from '../time/until-text';

/** Who is acting: `--by`, else ODMON_ACTOR, else the login name, else "it-head". */
export function actorFrom(by: string | undefined, env: NodeJS.ProcessEnv): string {
  for (const v of [by, env.ODMON_ACTOR, env.USER, env.USERNAME]) if (v !== undefined && v.trim() !== '') return v.trim();
  return 'it-head';
}

function required(value: string | undefined, flag: string, what: string): string {
  if (value === undefined || value.trim() === '') throw new OdmonError('E_USAGE', `бракує обов’язкової опції "${flag}": ${what}`);
  return value.trim();
}

const optional = (v: string | undefined): string | null => (v === undefined || v.trim() === '' ? null : v.trim());

/** When a decision is judged (`now`, the evaluation time) and when it really happens (`real`, the real clock). */
export interface DecisionTime {
  readonly now: DateTime;
  readonly real: DateTime;
}

/** The audit entry's own time is the real one; a different evaluation time is kept beside it in the details. */
function evaluatedAt(t: DecisionTime): Record<string, string> {
  return t.now.equals(t.real) ? {} : { evaluatedAsOf: toStoredInstant(t.now) };
}

function datasetOrThrow(db: Db, id: string): NonNullable<ReturnType<typeof datasetSuspensionState>> {
  const d = datasetSuspensionState(db, id);
  if (d === null) throw new OdmonError('E_NOT_FOUND', `набору даних "${id}" немає в реєстрі`, { hint: 'перевірте ідентифікатор (набори даних додає odmon import datasets)' });
  return d;
}

export interface SuspendInput {
  readonly datasetId: string;
  readonly basis: string | undefined;
  readonly reviewBy: DateTime | undefined;
  /** When the restriction took effect (default now). */
  readonly since?: DateTime;
  readonly actor: string;
}

/** `odmon suspend`: the dataset is reported as suspended, not missing or late, until resumed. */
export function suspendDataset(db: Db, inp: SuspendInput, t: DecisionTime): { replaced: boolean } {
  const { now, real } = t;
  const basis = required(inp.basis, '--basis', 'правова підстава обмеження, наприклад "Постанова КМУ № 263 від 12.03.2022"');
  if (inp.reviewBy === undefined) throw new OdmonError('E_USAGE', 'бракує обов’язкової опції "--review-by": день, коли переглянути призупинення, наприклад --review-by 2026-12-31');
  const d = datasetOrThrow(db, inp.datasetId);
  // Without a stated start, a suspension begins when odmon records it, never earlier.
  const since = inp.since ?? real;
  if (since > real) throw new OdmonError('E_INPUT', `--since ${formatDateTime(since)} — ще не настав`, { hint: 'призупинення починається зараз або записується як таке, що почалося раніше' });
  if (inp.reviewBy <= now) {
    throw new OdmonError('E_INPUT', `--review-by ${formatDate(inp.reviewBy)} — не пізніше за поточний момент (${formatDateTime(now)})`, { hint: 'укажіть день перегляду в майбутньому' });
  }
  const nowIso = toStoredInstant(real);
  return db.transaction(() => {
    const before = activeSuspension(db, d.id);
    startSuspension(db, { datasetId: d.id, basis, since: toStoredInstant(since), reviewBy: toStoredInstant(inp.reviewBy as DateTime), actor: inp.actor, createdAt: nowIso });
    recordAudit(db, {
      at: nowIso,
      actor: inp.actor,
      action: 'suspend',
      subjectType: 'dataset',
      subjectId: d.id,
      details: {
        basis,
        since: toStoredInstant(since),
        reviewBy: toStoredInstant(inp.reviewBy as DateTime),
        ...(before ? { replaced: { basis: before.basis, since: before.since, reviewBy: before.reviewBy } } : {}),
        ...(before === null && d.suspended !== null ? { registerReason: d.suspended } : {}),
        ...(inp.since === undefined ? {} : { sinceStated: true }),
        ...evaluatedAt(t),
      },
      reason: basis,
    });
    // A suspension the register marked is now replaced by this decision: it ends here.
    recordRegisterSuspensions(db, nowIso);
    return { replaced: before !== null };
  })();
}

/** `odmon resume`: lifts the suspension (also one that came with an import). */
export function resumeDataset(db: Db, inp: { datasetId: string; reason?: string; actor: string }, t: DecisionTime): { basis: string } {
  const d = datasetOrThrow(db, inp.datasetId);
  const active = activeSuspension(db, d.id);
  if (active === null && d.suspended === null) {
    throw new OdmonError('E_INPUT', `набір даних "${d.id}" не призупинено`, { hint: 'призупинені набори показує odmon suspensions' });
  }
  const nowIso = toStoredInstant(t.real);
  const basis = active?.basis ?? (d.suspended as string);
  db.transaction(() => {
    endSuspension(db, d.id, nowIso, inp.actor, optional(inp.reason));
    recordRegisterSuspensions(db, nowIso);
    recordAudit(db, {
      at: nowIso,
      actor: inp.actor,
      action: 'resume',
      subjectType: 'dataset',
      subjectId: d.id,
      details: { ...(active ? { basis, since: active.since, reviewBy: active.reviewBy } : { basis, from: 'register' }), ...evaluatedAt(t) },
      reason: optional(inp.reason),
    });
  })();
  return { basis };
}

export type SnoozeTarget = { readonly finding: FindingRecord } | { readonly stewardId: string };

function describe(t: SnoozeTarget): { subjectType: string; subjectId: string; details: Record<string, unknown> } {
  if ('stewardId' in t) return { subjectType: 'steward', subjectId: t.stewardId, details: { stewardId: t.stewardId } };
  const f = t.finding;
  return { subjectType: 'finding', subjectId: String(f.id), details: { findingId: f.id, rule: f.rule, subject: `${f.subjectType}:${f.subjectId}` } };
}

function checkTarget(db: Db, t: SnoozeTarget, verb: string): void {
  if ('stewardId' in t) {
    if (!stewardIds(db).has(t.stewardId)) throw new OdmonError('E_NOT_FOUND', `розпорядника "${t.stewardId}" немає в реєстрі`);
  } else if (t.finding.resolvedAt !== null) {
    throw new OdmonError('E_INPUT', `порушення № ${t.finding.id} усунено ${formatDate(fromStoredInstant(t.finding.resolvedAt))}: ${verb} не потрібне`, {
      hint: 'відкриті порушення з їхніми номерами показує odmon findings',
    });
  }
}

/** `odmon snooze`: no notices about the finding (or the steward's findings) before `until`; resolutions still go out. */
export function snooze(db: Db, inp: { target: SnoozeTarget; until: DateTime; reason: string | undefined; actor: string }, t: DecisionTime): void {
  const { now } = t;
  const reason = required(inp.reason, '--reason', 'чому розпоряднику дають більше часу');
  checkTarget(db, inp.target, 'відстрочка');
  if (inp.until <= now) {
    throw new OdmonError('E_INPUT', `--until ${untilText(toStoredInstant(inp.until))} — уже минуло (зараз ${formatDateTime(now)})`, { hint: 'укажіть день у майбутньому' });
  }
  const nowIso = toStoredInstant(t.real);
  const d = describe(inp.target);
  db.transaction(() => {
    addSnooze(db, {
      findingId: 'finding' in inp.target ? inp.target.finding.id : null,
      stewardId: 'stewardId' in inp.target ? inp.target.stewardId : null,
      until: toStoredInstant(inp.until),
      reason,
      actor: inp.actor,
      createdAt: nowIso,
    });
    recordAudit(db, { at: nowIso, actor: inp.actor, action: 'snooze', subjectType: d.subjectType, subjectId: d.subjectId, details: { ...d.details, resumeAt: toStoredInstant(inp.until), ...evaluatedAt(t) }, reason });
  })();
}

/** `odmon unsnooze`: ends the running snoozes early; what is still open is told at the next notify run. */
export function unsnooze(db: Db, inp: { target: SnoozeTarget; reason?: string; actor: string }, t: DecisionTime): number {
  const nowIso = toStoredInstant(t.real);
  const d = describe(inp.target);
  const target = 'finding' in inp.target ? { findingId: inp.target.finding.id } : { stewardId: inp.target.stewardId };
  return db.transaction(() => {
    const n = cancelSnoozes(db, target, nowIso, inp.actor);
    if (n === 0) throw new OdmonError('E_INPUT', `відстрочки для ${d.subjectType === 'steward' ? `розпорядника ${d.subjectId}` : `порушення № ${d.subjectId}`} немає`, { hint: 'відстрочки, що діють, показує odmon snoozes' });
    recordAudit(db, { at: nowIso, actor: inp.actor, action: 'unsnooze', subjectType: d.subjectType, subjectId: d.subjectId, details: { ...d.details, cancelled: n, ...evaluatedAt(t) }, reason: optional(inp.reason) });
    return n;
  })();
}

/**
 * `odmon ack`: one steward's person knows; shown in the digest and that steward's next notice, repeated less
 * often. An acknowledgement always belongs to one steward: on a finding shared by several (a plan task of
 * several units) `--steward` names which, so one department never silences the others.
 */
export function acknowledge(
  db: Db,
  inp: { finding: FindingRecord; person: string | undefined; comment?: string; stewardId?: string; actor: string },
  t: DecisionTime,
): { stewardId: string } {
  const person = required(inp.person, '--by', 'хто з розпорядника підтвердив, наприклад --by "О. Коваленко"');
  checkTarget(db, { finding: inp.finding }, 'підтвердження');
  const f = inp.finding;
  if (inp.stewardId !== undefined && !stewardIds(db).has(inp.stewardId)) {
    throw new OdmonError('E_NOT_FOUND', `розпорядника "${inp.stewardId}" немає в реєстрі`, { hint: `порушення № ${f.id} стосується: ${f.stewards.join(', ') || 'нікого'}` });
  }
  if (inp.stewardId !== undefined && !f.stewards.includes(inp.stewardId)) {
    throw new OdmonError('E_INPUT', `порушення № ${f.id} не стосується розпорядника "${inp.stewardId}"`, { hint: `укажіть одного з тих, кого воно стосується: ${f.stewards.join(', ') || 'нікого'}` });
  }
  if (inp.stewardId === undefined && f.stewards.length > 1) {
    throw new OdmonError('E_USAGE', `бракує опції "--steward": порушення № ${f.id} стосується кількох розпорядників (${f.stewards.length}: ${f.stewards.join(', ')})`, {
      hint: `назвіть розпорядника, чия особа підтвердила, наприклад --steward ${f.stewards[0]}; кожен розпорядник підтверджує за себе`,
    });
  }
  if (f.stewards.length === 0) {
    throw new OdmonError('E_INPUT', `порушення № ${f.id} не стосується жодного розпорядника: підтвердити його нікому`, {
      hint: 'спершу призначте набору розпорядника (odmon import datasets зі стовпцем steward_id)',
    });
  }
  const stewardId = inp.stewardId ?? f.stewards[0];
  const nowIso = toStoredInstant(t.real);
  const comment = optional(inp.comment);
  db.transaction(() => {
    addAcknowledgement(db, { findingId: f.id, stewardId, person, comment, at: nowIso, actor: inp.actor });
    recordAudit(db, {
      at: nowIso,
      actor: inp.actor,
      action: 'ack',
      subjectType: 'finding',
      subjectId: String(f.id),
      details: { findingId: f.id, rule: f.rule, subject: `${f.subjectType}:${f.subjectId}`, stewardId, person, comment, ...evaluatedAt(t) },
      reason: comment,
    });
  })();
  return { stewardId };
}

function taskOrThrow(db: Db, id: string): NonNullable<ReturnType<typeof taskProgress>> {
  const t = taskProgress(db, id);
  if (t === null) throw new OdmonError('E_NOT_FOUND', `завдання плану "${id}" немає`, { hint: 'завдання показує odmon task list' });
  return t;
}

/** `odmon task done`: the task is done as of `at`, with its evidence. */
export function taskDone(db: Db, inp: { taskId: string; at: DateTime | undefined; evidence?: string; reason?: string; actor: string }, t: DecisionTime): void {
  const task = taskOrThrow(db, inp.taskId);
  if (inp.at === undefined) throw new OdmonError('E_USAGE', 'бракує обов’язкової опції "--at": день, коли завдання виконано, наприклад --at 2019-06-20');
  if (inp.at > t.real) throw new OdmonError('E_INPUT', `--at ${formatDate(inp.at)} — ще не настав`, { hint: 'позначайте завдання виконаним, коли його виконано' });
  const nowIso = toStoredInstant(t.real);
  const evidence = optional(inp.evidence);
  db.transaction(() => {
    markTaskDone(db, task.id, toStoredInstant(inp.at as DateTime), evidence, inp.actor);
    recordAudit(db, {
      at: nowIso,
      actor: inp.actor,
      action: 'task-done',
      subjectType: 'task',
      subjectId: task.id,
      details: { doneAt: toStoredInstant(inp.at as DateTime), evidence, previousDoneAt: task.doneAt, ...evaluatedAt(t) },
      reason: optional(inp.reason) ?? evidence,
    });
  })();
}

/** `odmon task reopen`: the task is open again (its evidence is kept for the record). */
export function taskReopen(db: Db, inp: { taskId: string; reason?: string; actor: string }, t: DecisionTime): { doneAt: string } {
  const task = taskOrThrow(db, inp.taskId);
  if (task.doneAt === null) throw new OdmonError('E_INPUT', `завдання плану "${task.id}" не позначено виконаним`, { hint: 'знову відкрити можна лише завдання, позначене виконаним' });
  const nowIso = toStoredInstant(t.real);
  const doneAt = task.doneAt;
  db.transaction(() => {
    reopenTask(db, task.id);
    recordAudit(db, { at: nowIso, actor: inp.actor, action: 'task-reopen', subjectType: 'task', subjectId: task.id, details: { previousDoneAt: doneAt, evidence: task.evidence, ...evaluatedAt(t) }, reason: optional(inp.reason) });
  })();
  return { doneAt };
}
