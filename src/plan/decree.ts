/**
 * Reads the action plan out of the decree as published (`data/seed/decree-154-2018-kropyvnytskyi.txt`):
 * tab-separated rows `<b>N. goal</b> \t N.M. task \t deadline \t responsible`, where a row that continues
 * a goal starts with a tab, and the header row repeats on every page.
 */
export interface DecreeTaskRow {
  readonly id: string;
  readonly goalNo: string;
  readonly goal: string;
  readonly title: string;
  readonly deadline: string;
  readonly responsible: string;
  /** 1-based line in the decree text. */
  readonly line: number;
}

export interface DecreePlan {
  readonly title: string;
  readonly goals: readonly { no: string; title: string }[];
  readonly tasks: readonly DecreeTaskRow[];
}

const stripTags = (s: string): string => s.replace(/<[^>]+>/g, '').trim();

export function parseDecreePlan(text: string): DecreePlan {
  const lines = text.split(/\r?\n/);
  const titleLine = lines.find((l) => /План дій/.test(l)) ?? '';
  const title = titleLine.replace(/\*+/g, '').trim();
  const goals: { no: string; title: string }[] = [];
  const tasks: DecreeTaskRow[] = [];
  let goal: { no: string; title: string } | null = null;
  lines.forEach((raw, idx) => {
    if (!raw.includes('\t')) return;
    const cells = raw.split('\t');
    if (cells.length < 4) return;
    const [goalCell, taskCell, deadline, ...resp] = cells;
    const goalText = stripTags(goalCell);
    const goalMatch = /^(\d+)\.\s*(.+)$/.exec(goalText);
    if (goalMatch) {
      goal = { no: goalMatch[1], title: goalMatch[2].trim() };
      goals.push(goal);
    }
    const taskMatch = /^(\d+\.\d+)\.?\s*(.+)$/.exec(stripTags(taskCell));
    if (!taskMatch || goal === null) return; // the repeated header row
    tasks.push({
      id: taskMatch[1],
      goalNo: goal.no,
      goal: goal.title,
      title: taskMatch[2].trim(),
      deadline: deadline.trim(),
      responsible: resp.join(' ').trim(),
      line: idx + 1,
    });
  });
  return { title, goals, tasks };
}
