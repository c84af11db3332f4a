/**
 * «Висновки та пропозиції» of the yearly report, from its own numbers: what was done and what was not, and, for
 * every count that is not zero, what to do about it. Facts only: every number is one the report's tables show.
 */
import type { ComplianceCounts } from '../domain';
import { formatScore } from '../history/score';
import { plural } from '../uk';
import type { TaskRow } from './plan-tasks';

export interface ConclusionInputs {
  readonly year: number;
  readonly asOf: string;
  readonly tasks: readonly TaskRow[];
  readonly counts: ComplianceCounts;
  readonly total: { readonly noticesSent: number; readonly findingsOpened: number; readonly findingsResolved: number };
  /** Required datasets with no steward at the report's moment. */
  readonly unassigned: number;
  readonly suspensions: readonly { readonly datasetId: string; readonly status: string }[];
}

const n = (k: number, one: string, few: string, many: string): string => `${k} ${plural(k, one, few, many)}`;

/** «2.2, 4.2 і 6.1»; a long list is cut after 10 ids. */
function ids(list: readonly string[]): string {
  const shown = list.slice(0, 10);
  const tail = list.length > shown.length ? ` та ще ${list.length - shown.length}` : '';
  if (shown.length <= 1) return shown.join('') + tail;
  return `${shown.slice(0, -1).join(', ')}${tail ? ', ' : ' і '}${shown[shown.length - 1]}${tail}`;
}

export function conclusionsOf(inp: ConclusionInputs): { conclusions: string[]; proposals: string[] } {
  const { tasks, counts: c, total } = inp;
  const done = tasks.filter((t) => t.done).length;
  const overdue = tasks.filter((t) => t.overdue);
  const continuous = tasks.filter((t) => t.continuous).length;
  const conclusions: string[] = [];
  if (tasks.length > 0) {
    conclusions.push(
      `Станом на ${inp.asOf} виконано ${done} з ${n(tasks.length, 'завдання', 'завдань', 'завдань')} Плану дій` +
        `${overdue.length > 0 ? `; не виконано в установлений строк — ${overdue.length}` : ''}` +
        `${continuous > 0 ? `; виконуються постійно — ${continuous}` : ''}.`,
    );
  }
  conclusions.push(
    `Обов'язкових наборів даних — ${c.required}; оприлюднено — ${c.published} (вчасно — ${c.onTime}, із запізненням — ${c.late}); ` +
      `не оприлюднено жодного разу — ${c.neverPublished}; призупинено — ${c.suspended}. Частка оприлюднених вчасно — ${formatScore(c.score)}.`,
  );
  conclusions.push(
    `Розпорядникам надіслано ${n(total.noticesSent, 'повідомлення', 'повідомлення', 'повідомлень')}; за ${inp.year} рік виявлено ` +
      `${n(total.findingsOpened, 'порушення', 'порушення', 'порушень')}, усунено — ${total.findingsResolved}.`,
  );
  const proposals: string[] = [];
  if (overdue.length > 0) proposals.push(`Забезпечити виконання прострочених завдань Плану дій (№ ${ids(overdue.map((t) => t.id))}).`);
  if (inp.unassigned > 0) {
    proposals.push(`Визначити відповідальних розпорядників для ${n(inp.unassigned, "обов'язкового набору", "обов'язкових наборів", "обов'язкових наборів")} даних, не закріплених за жодним розпорядником.`);
  }
  if (c.neverPublished > 0) proposals.push(`Забезпечити оприлюднення ${n(c.neverPublished, "обов'язкового набору", "обов'язкових наборів", "обов'язкових наборів")} даних, які жодного разу не оприлюднювалися.`);
  if (c.late > 0) proposals.push(`Забезпечити оновлення ${n(c.late, 'набору', 'наборів', 'наборів')} даних, оприлюднених із запізненням, відповідно до заявленої періодичності.`);
  const review = new Set(inp.suspensions.filter((s) => s.status.includes('строк перегляду минув')).map((s) => s.datasetId)).size;
  if (review > 0) proposals.push(`Переглянути рішення про призупинення оприлюднення ${n(review, 'набору', 'наборів', 'наборів')} даних, строк перегляду яких минув.`);
  return { conclusions, proposals };
}
