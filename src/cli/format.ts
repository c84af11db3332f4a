import type { DateTime } from 'luxon';
import type { Trial } from '../clock';
import { SEVERITIES, type Finding, type Steward } from '../domain';
import { formatDate, formatDateTime, fromStoredInstant } from '../time/days';
import { openItemsBySteward } from '../history/score';
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
  readonly key: string | null;
  readonly title: string;
  readonly findings: Finding[];
}

/**
 * Groups by steward, worst group first (most high-severity findings, then medium, …). A finding goes to every
 * steward it names (openItemsBySteward): a plan task shared by several units is listed under each of them, as
 * each of them is told about it. Findings that name no steward form the group "Без розпорядника".
 */
export function groupBySteward(findings: readonly Finding[], stewards: readonly Steward[]): Group[] {
  const names = new Map(stewards.map((s) => [s.id, s.name]));
  const groups = [...openItemsBySteward(findings)].map(([key, list]) => ({
    key,
    title: key === null ? 'Без розпорядника' : `${names.get(key) ?? key} (${key})`,
    findings: list,
  }));
  const weight = (g: Group): number[] =>
    SEVERITIES.map((s) => g.findings.filter((f) => f.severity === s).length);
  return groups.sort((a, b) => {
    const wa = weight(a);
    const wb = weight(b);
    for (let i = 0; i < wa.length; i++) if (wa[i] !== wb[i]) return wb[i] - wa[i];
    return a.title.localeCompare(b.title, 'uk');
  });
}

const countWord = (n: number): string => `${n} ${plural(n, 'порушення', 'порушення', 'порушень')}`;

/** The people's view of a check: a table in Ukrainian, grouped by steward, worst first; `only`: one steward's group. */
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
  out.push(`Перевірка станом на ${formatDateTime(asOf)} (Київ): ${countWord(findings.length)}${changes}.`);
  if (findings.length === 0) {
    out.push('', 'Порушень не виявлено.');
    return out.join('\n') + '\n';
  }
  const groups = groupBySteward(findings, stewards).filter((g) => only === undefined || g.key === only);
  if (only === undefined && groups.some((g) => g.findings.some((f) => f.stewards.length > 1))) {
    out.push('Завдання плану, доручене кільком розпорядникам, показано в кожного з них.');
  }
  for (const g of groups) {
    out.push('', `${g.title} — ${countWord(g.findings.length)}`);
    for (const f of g.findings) {
      const due = f.dueAt ? formatDate(fromStoredInstant(f.dueAt).minus({ days: 1 })) : '—';
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
