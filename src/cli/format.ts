/** Formatting shared by the commands: dates in Kyiv time, counted nouns, a check's findings, the trial note. */
import type { DateTime } from 'luxon';
import type { Trial } from '../clock';
import type { Finding, Steward } from '../domain';
import { untilText } from '../time/typed-dates';
import { deadlineShownOf, formatDate, formatDateTime, fromStoredInstant } from '../time/days';
import { plural, SEVERITY_UK } from '../uk';
import { findingsBySteward } from '../views/findings';

export { plural, SEVERITY_UK, untilText };

/** `12.03.2026 09:00` (Kyiv) of a stored instant. */
export const at = (iso: string): string => formatDateTime(fromStoredInstant(iso));

/** `12.03.2026` (Kyiv) of a stored instant. */
export const day = (iso: string): string => formatDate(fromStoredInstant(iso));

/** The deadline day of a first overdue instant (`dueAt`): the day before it. */
export const deadlineDay = (dueAt: string): string => deadlineShownOf(dueAt);

/** `3 порушення`, `5 порушень`: a number with its noun in the right form. */
export function count(n: number, one: string, few: string, many: string): string {
  return `${n} ${plural(n, one, few, many)}`;
}

/** The `--json` shape of one finding. */
export function findingJson(f: Finding): Record<string, unknown> {
  return {
    rule: f.rule,
    severity: f.severity,
    subject: { type: f.subject.type, id: f.subject.id },
    steward: f.steward,
    stewards: f.stewards,
    dueAt: f.dueAt === null ? null : fromStoredInstant(f.dueAt).toISO(),
    daysOverdue: f.daysOverdue,
    message: f.message,
  };
}

const findingsWord = (n: number): string => count(n, 'порушення', 'порушення', 'порушень');

/** The people's view of a check: grouped by steward, worst first (src/views/findings.ts); `only`: one steward's group. */
export function formatCheck(
  asOf: DateTime,
  findings: readonly Finding[],
  stewards: readonly Steward[],
  counts: { opened: number; resolved: number; suspended?: number },
  only?: string,
): string {
  const out: string[] = [];
  const ended = counts.suspended ? `, призупинено — ${counts.suspended}` : '';
  // The counts of new and resolved findings are the whole register's: one steward's view leaves them out.
  const changes = only === undefined ? `; нових — ${counts.opened}, усунено — ${counts.resolved}${ended}` : '';
  out.push(`Перевірка станом на ${formatDateTime(asOf)} (Київ): ${findingsWord(findings.length)}${changes}.`);
  if (findings.length === 0) {
    out.push('', 'Порушень не виявлено.');
    return out.join('\n') + '\n';
  }
  const groups = findingsBySteward(findings, stewards).filter((g) => only === undefined || g.stewardId === only);
  if (only === undefined && groups.some((g) => g.findings.some((f) => f.stewards.length > 1))) {
    out.push('Завдання плану, доручене кільком розпорядникам, показано в кожного з них.');
  }
  for (const g of groups) {
    out.push('', `${g.stewardId === null ? g.name : `${g.name} (${g.stewardId})`} — ${findingsWord(g.findings.length)}`);
    for (const f of g.findings) {
      const due = f.dueAt ? deadlineDay(f.dueAt) : '—';
      const late = f.daysOverdue !== null && f.daysOverdue > 0 ? `+${f.daysOverdue} дн.` : '';
      const shared = f.stewards.length > 1 ? ` · спільне для ${f.stewards.length} розпорядників` : '';
      out.push(`  [${SEVERITY_UK[f.severity]}] ${f.rule} · ${f.subject.type} ${f.subject.id} · термін ${due}${late ? ` ${late}` : ''}${shared}`);
      out.push(`      ${f.message}`);
    }
  }
  return out.join('\n') + '\n';
}

/**
 * What stderr says after a trial (src/clock.ts), in Ukrainian: that nothing was recorded (nor sent), and why.
 */
export function trialNote(t: Trial, sent = false): string {
  const what = sent ? 'нічого не записано і не надіслано' : 'нічого не записано';
  const why =
    t.reason === 'future'
      ? `Дата оцінювання ${formatDateTime(t.asOf)} пізніша за поточний час ${formatDateTime(t.real)}.`
      : `Дата оцінювання ${formatDateTime(t.asOf)} раніша за останню записану перевірку (станом на ${formatDateTime(t.lastRecorded as DateTime)}).`;
  return `Пробний запуск: ${what}. ${why}\n`;
}
