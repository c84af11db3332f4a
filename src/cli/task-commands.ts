/** `odmon task list | done | reopen`: the plan's progress, marked by hand and audited. */
import { actorFrom, markTaskDone, reopenTask } from '../app/decisions';
import { readSource } from '../app/reads';
import { parseMoment } from '../time/typed-dates';
import { toStoredInstant } from '../time/days';
import { planTasksView, type PlanTaskView } from '../views/tasks';
import { withApp, withRecording } from './context';
import { endSentence } from '../text';
import { day } from './format';
import { OPT, type CommandSpec } from './spec';

/** The `--json` shape of one task of `odmon task list` (dates as 30.06.2019, the status in Ukrainian). */
function taskJson(t: PlanTaskView): Record<string, unknown> {
  return {
    id: t.id,
    plan: t.planId,
    title: t.title,
    deadline: t.deadlineDay === null ? null : day(t.deadlineDay),
    deadlineText: t.deadlineText,
    status: t.status,
    doneAt: t.doneAt === null ? null : day(t.doneAt),
    evidence: t.evidence,
    doneBy: t.doneBy,
    responsible: t.responsible.map((r) => ({ unit: r.unit, steward: r.stewardId, allStewards: r.allStewards })),
  };
}

export const TASK_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'task list',
    summary: 'завдання плану: термін, стан, виконання, відповідальні',
    options: [OPT.json, OPT.now],
    examples: ['task list', 'task list --json'],
    group: 'plan',
    run: (args, io, now) =>
      withApp(args, io, now, (app) => {
        const tasks = planTasksView(readSource(app), now);
        if (args.json) {
          io.out(JSON.stringify(tasks.map(taskJson), null, 2) + '\n');
          return 0;
        }
        for (const t of tasks) {
          io.out(`${t.id.padEnd(5)} ${t.status}${t.doneAt ? ` ${day(t.doneAt)}` : ''} · термін ${t.deadlineDay ? day(t.deadlineDay) : '—'} (${t.deadlineText})\n`);
          io.out(`      ${t.title}\n`);
          io.out(`      відповідальні: ${t.responsibleText || '—'}${t.evidence ? `; підтвердження: ${t.evidence}` : ''}\n`);
        }
        return 0;
      }),
  },
  {
    name: 'task done',
    args: '<ID>',
    summary: 'позначити завдання плану виконаним',
    details: ['DATE — 2019-06-20 або 20.06.2019 (день за Києвом); не пізніше за сьогодні.'],
    options: [
      { flags: '--at <DATE>', description: 'день, коли завдання виконано', required: true },
      { flags: '--evidence <TEXT>', description: 'підтвердження: документ, посилання' },
      OPT.reason,
      OPT.by,
      OPT.now,
    ],
    examples: ['task done 1.3 --at 2019-06-20 --evidence "розпорядження № 154"'],
    group: 'plan',
    run: (args, io, now) => {
      const id = args.command[2];
      const at = parseMoment(args.at as string, '--at');
      return withRecording(args, io, now, (app) => {
        markTaskDone(app, { taskId: id, at, evidence: args.evidence, reason: args.reason, actor: actorFrom(args.by, io.env) }, now);
        io.out(`${endSentence(`Завдання ${id} виконано ${day(toStoredInstant(at))}${args.evidence ? `; підтвердження: ${args.evidence.trim()}` : ''}`)}\n`);
        return 0;
      });
    },
  },
  {
    name: 'task reopen',
    args: '<ID>',
    summary: 'знову відкрити виконане завдання (підтвердження зберігається)',
    options: [OPT.reason, OPT.by, OPT.now],
    examples: ['task reopen 1.3 --reason "документ не затверджено"'],
    group: 'plan',
    run: (args, io, now) => {
      const id = args.command[2];
      return withRecording(args, io, now, (app) => {
        const r = reopenTask(app, { taskId: id, reason: args.reason, actor: actorFrom(args.by, io.env) }, now);
        io.out(`Завдання ${id} знову відкрито (було виконано ${day(r.doneAt)}).\n`);
        return 0;
      });
    },
  },
];
