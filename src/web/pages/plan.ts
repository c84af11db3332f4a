/** `/plan`: the plan's tasks by goal — deadline as the plan writes it and as a day, responsible units, status. */
import { TASK_STATUSES, taskStatus } from '../../views/statuses';
import { planProgress, type PlanTaskView } from '../../views/tasks';
import { num } from '../format';
import { html, type Html } from '../html';
import { page } from '../layout';
import { taskTag } from '../parts';
import { planTasks, shellOf, type PageContext } from './context';
import { tasksTable } from './tables';

export function planPage(ctx: PageContext): Html {
  const tasks = planTasks(ctx);
  const progress = planProgress(tasks);
  const goals = new Map<string, PlanTaskView[]>();
  for (const t of tasks) {
    const list = goals.get(t.goal) ?? [];
    list.push(t);
    goals.set(t.goal, list);
  }
  const counts = TASK_STATUSES.map((s) => html`<li>${taskTag(s)} ${num(tasks.filter((t) => taskStatus(t.state) === s).length)}</li>`);
  const sections = [...goals].map(
    ([goal, list], i) => html`<h2 id="goal-${i + 1}">${goal}</h2>
${tasksTable(ctx, `goal-${i + 1}-tasks`, `Завдання мети «${goal}»`, list, { responsible: true, anchors: true })}`,
  );
  const content = html`<h1>План дій</h1>
<p class="lead">Завдань у плані: ${num(progress.total)}; виконано ${num(progress.done + progress.doneLate)} (із запізненням — ${num(progress.doneLate)}), прострочено ${num(progress.overdue)}, тривають ${num(progress.inProgress + progress.dueToday + progress.continuous)} (з них постійних — ${num(progress.continuous)}).</p>
<ul class="chips" aria-label="Завдання за станом">${counts}</ul>
<p>Строк — як його записано в плані, і останній день строку. Завдання, не виконане до кінця цього дня, — прострочене.</p>
${tasks.length === 0 ? html`<p>План не завантажено.</p>` : sections}`;
  return page(shellOf(ctx, 'План дій', 'plan'), content);
}
