/** Ukrainian words shared by the CLI, messages and reports. Imports nothing. */
import type { Severity, SubjectType } from './domain';

/** Ukrainian plural: 1 день, 2 дні, 5 днів, 11 днів, 21 день. */
export function plural(n: number, one: string, few: string, many: string): string {
  const m10 = Math.abs(n) % 10;
  const m100 = Math.abs(n) % 100;
  if (m10 === 1 && m100 !== 11) return one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
  return many;
}

export const SEVERITY_UK: Record<Severity, string> = {
  high: 'високий',
  medium: 'середній',
  low: 'низький',
  info: 'до відома',
};

/** What a finding is about, in words: `завдання 2.2`, `набір даних budget`, `розпорядник transport`. */
export const SUBJECT_UK: Record<SubjectType, string> = {
  dataset: 'набір даних',
  task: 'завдання',
  steward: 'розпорядник',
};

/** `завдання 2.2` of a subject type and id (a type odmon does not know is shown as it is stored). */
export function subjectText(type: string, id: string): string {
  return `${(SUBJECT_UK as Record<string, string>)[type] ?? type} ${id}`;
}

/**
 * The daemon's jobs, as people are told about them (`odmon status`, the Telegram alert): one wording for both.
 */
export const JOBS_UK: Readonly<Record<string, string>> = {
  sync: 'синхронізація з порталом',
  notify: 'повідомлення розпорядникам',
  digest: 'щотижневий огляд',
};

/** `85,7 %` (Ukrainian decimal comma), or `—` when there is nothing to judge. */
export function formatScore(score: number | null): string {
  if (score === null) return '—';
  return `${(Math.round(score * 1000) / 10).toFixed(1).replace('.', ',')} %`;
}

/** `+12,5 п. п.` / `−3,0 п. п.` / `0,0 п. п.`; empty when either side is unknown. */
export function formatChange(now: number | null, before: number | null): string {
  if (now === null || before === null) return '';
  const pp = Math.round((now - before) * 1000) / 10;
  const sign = pp > 0 ? '+' : pp < 0 ? '−' : '';
  return `${sign}${Math.abs(pp).toFixed(1).replace('.', ',')} п. п.`;
}

/** `1 день`, `2 дні`, `5 днів` for messages (documents.md: never «дн.»); empty without a value. */
export function daysText(n: number | null): string {
  return n === null ? '' : `${n} ${plural(n, 'день', 'дні', 'днів')}`;
}
