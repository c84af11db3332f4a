/** `odmon task list | done | reopen`: the plan's progress, marked by hand and audited. */
import type { DateTime } from 'luxon';
import { OdmonError } from '../errors';
import { actorFrom, taskDone, taskReopen } from '../exemptions/actions';
import { parseMoment } from '../exemptions/dates';
import { responsibleText, taskStatus } from '../report/plan-tasks';
import { listStewards } from '../store/stewards';
import { listTasks } from '../store/plan';
import { allTaskProgress } from '../store/task-progress';
import { formatDate, fromStoredInstant } from '../time/days';
import type { CliArgs } from './args';
import type { Io } from './commands';
import { withApp, withRecording } from './exemption-commands';

const USAGE = 'odmon task list [--json] | odmon task done ID --at DATE [--evidence TEXT] [--by NAME] | odmon task reopen ID [--reason TEXT] [--by NAME]';

export async function cmdTask(args: CliArgs, io: Io, now: DateTime): Promise<number> {
  const [, sub, id, ...rest] = args.command;
  if (sub === 'list' && id === undefined) return taskList(args, io, now);
  if ((sub === 'done' || sub === 'reopen') && id !== undefined && rest.length === 0) {
    const at = args.at === undefined ? undefined : parseMoment(args.at, '--at');
    return withRecording(args, io, now, (app) => {
      const actor = actorFrom(args.by, io.env);
      const t = { now, real: app.clock.now() };
      if (sub === 'done') {
        taskDone(app.db, { taskId: id, at, evidence: args.evidence, reason: args.reason, actor }, t);
        io.out(`task ${id}: done on ${formatDate(at as DateTime)}${args.evidence ? `; evidence: ${args.evidence.trim()}` : ''}\n`);
      } else {
        const r = taskReopen(app.db, { taskId: id, reason: args.reason, actor }, t);
        io.out(`task ${id}: reopened (it was done on ${formatDate(fromStoredInstant(r.doneAt))})\n`);
      }
      return 0;
    });
  }
  throw new OdmonError('E_USAGE', `usage: ${USAGE}`, { hint: 'odmon task list shows the task ids' });
}

function taskList(args: CliArgs, io: Io, now: DateTime): number {
  return withApp(args, io, now, (app) => {
    const progress = allTaskProgress(app.db);
    const names = new Map(listStewards(app.db).map((s) => [s.id, s.name]));
    const tasks = listTasks(app.db).map((t) => {
      const s = taskStatus(t, now);
      return {
        t,
        status: s.status,
        deadline: t.dueAt ? formatDate(fromStoredInstant(t.dueAt).minus({ days: 1 })) : null,
        doneAt: s.done && t.doneAt ? formatDate(fromStoredInstant(t.doneAt)) : null,
        evidence: progress.get(t.id)?.evidence ?? null,
        doneBy: progress.get(t.id)?.doneBy ?? null,
      };
    });
    if (args.json) {
      io.out(
        JSON.stringify(
          tasks.map(({ t, status, deadline, doneAt, evidence, doneBy }) => ({
            id: t.id,
            plan: t.planId,
            title: t.title,
            deadline,
            deadlineText: t.deadlineText,
            status,
            doneAt,
            evidence,
            doneBy,
            responsible: t.responsible.map((r) => ({ unit: r.unit, steward: r.stewardId, allStewards: r.allStewards })),
          })),
          null,
          2,
        ) + '\n',
      );
      return 0;
    }
    for (const { t, status, deadline, doneAt, evidence } of tasks) {
      io.out(`${t.id.padEnd(5)} ${status}${doneAt ? ` ${doneAt}` : ''} · термін ${deadline ?? '—'} (${t.deadlineText})\n`);
      io.out(`      ${t.title}\n`);
      io.out(`      відповідальні: ${responsibleText(t, names) || '—'}${evidence ? `; підтвердження: ${evidence}` : ''}\n`);
    }
    return 0;
  });
}
