import type { DateTime } from 'luxon';
import type { Trial } from '../clock';
import type { Finding, Severity, Steward } from '../domain';
import { formatDate, formatDateTime, fromStoredInstant } from '../time/days';
import { plural, SEVERITY_UK } from '../uk';

export { plural, SEVERITY_UK };

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

interface Group {
  readonly key: string;
  readonly title: string;
  readonly findings: Finding[];
}

const NO_STEWARD = '\u0000none';
const EVERY_STEWARD = '\u0000every';

function groupKey(f: Finding): string {
  if (f.steward !== null) return f.steward;
  return f.subject.type === 'task' && f.stewards.length > 0 ? EVERY_STEWARD : NO_STEWARD;
}

/** Groups by steward, worst group first (most high-severity findings, then medium, …). */
export function groupBySteward(findings: readonly Finding[], stewards: readonly Steward[]): Group[] {
  const names = new Map(stewards.map((s) => [s.id, s.name]));
  const groups = new Map<string, Group>();
  for (const f of findings) {
    const key = groupKey(f);
    let g = groups.get(key);
    if (!g) {
      const title =
        key === NO_STEWARD
          ? 'Без розпорядника'
          : key === EVERY_STEWARD
            ? 'Усі розпорядники наборів відкритих даних'
            : `${names.get(key) ?? key} (${key})`;
      g = { key, title, findings: [] };
      groups.set(key, g);
    }
    g.findings.push(f);
  }
  const weight = (g: Group): number[] =>
    (['high', 'medium', 'low', 'info'] as Severity[]).map((s) => g.findings.filter((f) => f.severity === s).length);
  return [...groups.values()].sort((a, b) => {
    const wa = weight(a);
    const wb = weight(b);
    for (let i = 0; i < wa.length; i++) if (wa[i] !== wb[i]) return wb[i] - wa[i];
    return a.title.localeCompare(b.title, 'uk');
  });
}

const countWord = (n: number): string => `${n} ${plural(n, 'порушення', 'порушення', 'порушень')}`;

/** The people's view of a check: a table in Ukrainian, grouped by steward, worst first. */
export function formatCheck(
  asOf: DateTime,
  findings: readonly Finding[],
  stewards: readonly Steward[],
  counts: { opened: number; resolved: number },
): string {
  const out: string[] = [];
  out.push(`Перевірка станом на ${formatDateTime(asOf)} (Київ): ${countWord(findings.length)}; нових — ${counts.opened}, усунено — ${counts.resolved}.`);
  if (findings.length === 0) {
    out.push('', 'Порушень не виявлено.');
    return out.join('\n') + '\n';
  }
  for (const g of groupBySteward(findings, stewards)) {
    out.push('', `${g.title} — ${countWord(g.findings.length)}`);
    for (const f of g.findings) {
      const due = f.dueAt ? formatDate(fromStoredInstant(f.dueAt).minus({ days: 1 })) : '—';
      const late = f.daysOverdue !== null && f.daysOverdue > 0 ? `+${f.daysOverdue} дн.` : '';
      out.push(`  [${SEVERITY_UK[f.severity]}] ${f.rule} · ${f.subject.type} ${f.subject.id} · термін ${due} ${late}`.trimEnd());
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
