/** `odmon check`, `rules check` and `findings`: what the rules find, and the open findings with their ids. */
import { recordQuarterHistory, runCheck, trialFor, withoutTrace } from '../app';
import { readSource } from '../app/reads';
import { checkRules } from '../app/reports';
import { SEVERITIES, type Severity } from '../domain';
import { OdmonError } from '../errors';
import { SUBJECT_UK } from '../uk';
import { formatDateTime, fromStoredInstant } from '../time/days';
import { openFindingsView, type OpenFinding } from '../views/findings';
import type { CliArgs } from './args';
import { configOf, withApp } from './context';
import { count, day, findingJson, formatCheck, SEVERITY_UK, trialNote, untilText } from './format';
import { OPT, type CommandSpec } from './spec';

/** The `--json` shape of one open finding of `odmon findings`. */
function openFindingJson(f: OpenFinding): Record<string, unknown> {
  const iso = (s: string | null): string | null => (s === null ? null : fromStoredInstant(s).toISO());
  return {
    id: f.id,
    rule: f.rule,
    severity: f.severity,
    subject: f.subject,
    steward: f.steward,
    stewards: f.stewards,
    message: f.message,
    openedAt: iso(f.openedAt),
    snoozedUntil: iso(f.snoozedUntil),
    acknowledged: f.acknowledgement === null ? null : { by: f.acknowledgement.person, at: iso(f.acknowledgement.at), comment: f.acknowledgement.comment, steward: f.acknowledgement.stewardId },
  };
}

function severityOf(args: CliArgs): Severity | undefined {
  if (args.severity === undefined) return undefined;
  const known = Object.entries(SEVERITY_UK).find(([key, uk]) => args.severity === key || args.severity === uk)?.[0];
  if (known === undefined) {
    throw new OdmonError('E_USAGE', `--severity "${args.severity}" — невідома важливість (відомі: ${SEVERITIES.join(', ')})`, { hint: 'наприклад: --severity high' });
  }
  return known as Severity;
}

export const CHECK_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'check',
    summary: 'перевірити: оцінити правила, записати й показати порушення',
    details: [
      'Порушення згруповано за розпорядниками, найгірші першими.',
      'Код виходу 0, щойно перевірка відбулася, навіть із порушеннями чи з хибним файлом правил (про нього — у stderr).',
      'Із --json у stdout лише масив JSON (ключі англійською: rule, severity, subject, steward, stewards, dueAt, daysOverdue, message).',
    ],
    options: [OPT.now, OPT.json, { ...OPT.stewardFilter, description: 'лише порушення цього розпорядника (як у його повідомленнях)' }],
    examples: ['check', 'check --now 2026-11-27 --steward transport', 'check --json > findings.json'],
    group: 'check',
    run: (args, io, now) =>
      withApp(args, io, now, async (app) => {
        // An unknown --steward is refused before anything is evaluated or recorded.
        if (args.steward !== undefined) openFindingsView(readSource(app), now, { steward: args.steward, limit: 0 });
        // A check whose --now is later than the real clock, or earlier than the last recorded run, is a trial:
        // it evaluates and prints, and everything it would record is rolled back (src/clock.ts).
        const trial = trialFor(app, now);
        const result = trial ? await withoutTrace(app, () => runCheck(app, now)) : (recordQuarterHistory(app, now), await runCheck(app, now));
        for (const p of result.ruleProblems) io.err(`warning: ${p}\n`);
        const shown = args.steward === undefined ? result.findings : result.findings.filter((f) => f.stewards.includes(args.steward as string));
        if (args.json) io.out(JSON.stringify(shown.map(findingJson), null, 2) + '\n');
        else io.out(formatCheck(now, shown, result.stewards, result.outcome, args.steward));
        const o = result.outcome;
        io.err(
          `Перевірка станом на ${formatDateTime(now)} (Київ): відкритих порушень — ${result.findings.length}, нових — ${o.opened}, усунено — ${o.resolved}` +
            (o.suspended ? `, призупинено — ${o.suspended}` : '') +
            (result.ruleProblems.length ? `, проблем у правилах — ${result.ruleProblems.length}` : '') +
            '.\n',
        );
        if (trial) io.err(trialNote(trial));
        return 0;
      }),
  },
  {
    name: 'rules check',
    summary: 'перевірити файли rules/*.json і назвати кожну проблему',
    details: ['Правила без проблем однаково працюють; формат правил описано в docs/rules.md.'],
    options: [],
    examples: ['rules check'],
    group: 'check',
    run: (args, io) => {
      const config = configOf(args, io);
      const loaded = checkRules(config);
      if (loaded.problems.length > 0) {
        throw new OdmonError('E_RULES', `${count(loaded.problems.length, 'проблема', 'проблеми', 'проблем')} у ${config.rulesDir}:\n  ${loaded.problems.join('\n  ')}`, {
          problems: loaded.problems,
          hint: 'правила без проблем однаково працюють; формат правил описано в docs/rules.md',
        });
      }
      io.out(`Правил: ${loaded.rules.length}, файлів: ${loaded.files.length}; проблем немає.\n`);
      for (const r of loaded.rules) io.out(`  ${r.name} (${SUBJECT_UK[r.subject]}, ${SEVERITY_UK[r.severity]})\n`);
      return 0;
    },
  },
  {
    name: 'findings',
    summary: 'відкриті порушення з номерами, відстрочками й підтвердженнями',
    details: ['Номер (#12) приймають команди snooze, unsnooze і ack.'],
    options: [
      OPT.stewardFilter,
      { flags: '--rule <NAME>', description: 'лише порушення цього правила, наприклад stale-publication' },
      { flags: '--severity <LEVEL>', description: 'лише порушення цієї важливості: high, medium, low, info' },
      OPT.json,
      OPT.now,
    ],
    examples: ['findings', 'findings --steward finance --severity high', 'findings --json'],
    group: 'check',
    run: (args, io, now) =>
      withApp(args, io, now, (app) => {
        const filter = { steward: args.steward, rule: args.rule, severity: severityOf(args) };
        const page = openFindingsView(readSource(app), now, filter);
        if (args.json) {
          io.out(JSON.stringify(page.items.map(openFindingJson), null, 2) + '\n');
          return 0;
        }
        const filtered = filter.steward !== undefined || filter.rule !== undefined || filter.severity !== undefined;
        if (page.items.length === 0) io.out(filtered ? 'Відкритих порушень за цим відбором немає.\n' : 'Відкритих порушень немає (спершу запустіть odmon check).\n');
        for (const f of page.items) {
          const ack = f.acknowledgement;
          const marks = [
            f.snoozedUntil ? `відстрочено до ${untilText(f.snoozedUntil)}` : '',
            ack ? `підтверджено: ${ack.person}${ack.stewardId ? ` (${ack.stewardId})` : ''}, ${day(ack.at)}${ack.comment ? ` — «${ack.comment}»` : ''}` : '',
          ].filter(Boolean);
          io.out(`#${f.id} [${SEVERITY_UK[f.severity]}] ${f.rule}:${f.subject.type}:${f.subject.id} · ${f.stewards.join(', ') || '—'} · з ${day(f.openedAt)}\n`);
          io.out(`    ${f.message}\n`);
          if (marks.length) io.out(`    ${marks.join(' · ')}\n`);
        }
        return 0;
      }),
  },
];
