/**
 * `odmon suspend | resume | suspensions | snooze | unsnooze | snoozes | ack`: what the IT head decides by hand.
 * Every change is audited (odmon log); every command honours --now for trials.
 */
import type { DateTime } from 'luxon';
import { acknowledgeFinding, actorFrom, resume, snoozeFindings, suspend, unsnoozeFindings, type FindingRef, type FindingTarget } from '../app/decisions';
import { readSource } from '../app/reads';
import { OdmonError } from '../errors';
import { parseDay, parseMoment, parseUntil } from '../time/typed-dates';
import { toStoredInstant } from '../time/days';
import { snoozesView, suspensionsView, type SuspensionItem } from '../views/exemptions';
import type { CliArgs } from './args';
import { withApp, withRecording } from './context';
import { count, day, subjectText, untilText } from './format';
import { OPT, type CommandSpec } from './spec';

const DATE = '2019-07-05 або 05.07.2019 (день за Києвом), або 2019-07-05T14:30';

const findingText = (f: FindingRef): string => `порушення № ${f.id} (${f.rule} · ${subjectText(f.subjectType, f.subjectId)})`;

function targetOf(args: CliArgs, verb: string): FindingTarget {
  const ref = args.command[1];
  if ((ref === undefined) === (args.steward === undefined)) {
    throw new OdmonError('E_USAGE', `odmon ${verb}: укажіть або порушення (FINDING), або розпорядника (--steward ID), одне з двох`, {
      hint: 'номери порушень показує odmon findings',
    });
  }
  return ref !== undefined ? { finding: ref } : { stewardId: args.steward as string };
}

function reviewText(s: SuspensionItem): string {
  if (s.reviewBy === null) return 'позначено в реєстрі, дата перегляду не визначена';
  const when = `переглянути ${day(s.reviewBy)}`;
  if (!s.reviewDue) return when;
  const days = -(s.daysToReview ?? 0);
  return `${when} (НАСТАВ ЧАС ПЕРЕГЛЯНУТИ: ${days === 0 ? 'сьогодні' : `прострочено на ${count(days, 'день', 'дні', 'днів')}`})`;
}

const FINDING_ARG = 'FINDING — номер, який показує odmon findings (12 або #12), або RULE:SUBJECT_TYPE:SUBJECT_ID відкритого порушення.';
const DATE_ARG = `DATE — ${DATE}.`;

export const EXEMPTION_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'suspend',
    args: '<DATASET_ID>',
    summary: 'призупинити набір навмисно (воєнний стан)',
    details: [
      'У звітах і повідомленнях набір «призупинений», а не відсутній чи прострочений.',
      DATE_ARG,
      'Без --since призупинення починається зараз (за справжнім годинником, ніколи раніше).',
    ],
    options: [
      { flags: '--basis <TEXT>', description: 'правова підстава обмеження', required: true },
      { flags: '--review-by <DATE>', description: 'день, коли переглянути призупинення', required: true },
      { flags: '--since <DATE>', description: 'з якого дня діє (може бути раніше за сьогодні)' },
      OPT.by,
      OPT.now,
    ],
    examples: ['suspend shelters --basis "Постанова КМУ № 263 від 12.03.2022" --review-by 2026-12-31'],
    group: 'exemptions',
    run: (args, io, now) => {
      const datasetId = args.command[1];
      const reviewBy = args.reviewBy === undefined ? undefined : parseDay(args.reviewBy, '--review-by');
      const since = args.since === undefined ? undefined : parseMoment(args.since, '--since');
      return withRecording(args, io, now, (app) => {
        const r = suspend(app, { datasetId, basis: args.basis, reviewBy, since, actor: actorFrom(args.by, io.env) }, now);
        io.out(
          `Набір даних ${datasetId} призупинено${r.replaced ? ' (попереднє призупинення замінено)' : ''}. Підстава: ${args.basis?.trim()}. ` +
            `Переглянути: ${day(toStoredInstant(reviewBy as DateTime))}.\n`,
        );
        return 0;
      });
    },
  },
  {
    name: 'resume',
    args: '<DATASET_ID>',
    summary: 'зняти призупинення набору',
    options: [OPT.reason, OPT.by, OPT.now],
    examples: ['resume shelters --reason "обмеження скасовано"'],
    group: 'exemptions',
    run: (args, io, now) => {
      const datasetId = args.command[1];
      return withRecording(args, io, now, (app) => {
        const r = resume(app, { datasetId, reason: args.reason, actor: actorFrom(args.by, io.env) }, now);
        io.out(`Призупинення набору даних ${datasetId} знято (підстава була: ${r.basis}). З наступної перевірки набір оцінюється, як і всі інші.\n`);
        return 0;
      });
    },
  },
  {
    name: 'suspensions',
    summary: 'призупинені набори: підстава і день перегляду',
    options: [{ ...OPT.all, description: 'показати й зняті призупинення' }, OPT.now],
    examples: ['suspensions', 'suspensions --all'],
    group: 'exemptions',
    run: (args, io, now) =>
      withApp(args, io, now, (app) => {
        const view = suspensionsView(readSource(app), now, { all: args.all });
        if (view.active.length === 0) io.out('Жоден набір даних не призупинено.\n');
        for (const s of view.active) {
          io.out(`${s.datasetId}${s.stewardName ? ` (${s.stewardName})` : ''}: ${s.basis}${s.since ? `; з ${day(s.since)}` : ''}; ${reviewText(s)}\n`);
        }
        for (const s of view.lifted) {
          io.out(`знято ${s.datasetId}: ${s.basis}; ${day(s.since)} – ${day(s.endedAt)}, зняв(ла) ${s.endedBy ?? '—'}${s.endReason ? ` (${s.endReason})` : ''}\n`);
        }
        return 0;
      }),
  },
  {
    name: 'snooze',
    args: '[FINDING]',
    summary: 'відстрочити повідомлення про порушення до дня, указаного в --until, включно',
    details: [
      'Одне порушення (FINDING) або всі порушення розпорядника (--steward ID).',
      FINDING_ARG,
      DATE_ARG,
      'Про усунення порушень повідомляють і під час відстрочки.',
    ],
    options: [
      { ...OPT.stewardFilter, description: 'усі порушення цього розпорядника, також нові (замість FINDING)' },
      { flags: '--until <DATE>', description: 'до якого дня включно (дата з часом — до цього моменту)', required: true },
      { ...OPT.reason, required: true },
      OPT.by,
      OPT.now,
    ],
    examples: ['snooze 12 --until 2019-07-05 --reason "оновлюють структуру"', 'snooze --steward finance --until 2019-07-31 --reason "відпустки"'],
    group: 'exemptions',
    run: (args, io, now) => {
      const until = parseUntil(args.until as string);
      return withRecording(args, io, now, (app) => {
        const target = snoozeFindings(app, { target: targetOf(args, 'snooze'), until, reason: args.reason, actor: actorFrom(args.by, io.env) }, now);
        const what = 'finding' in target ? `Про ${findingText(target.finding)}` : `Про всі порушення розпорядника ${target.stewardId}`;
        io.out(`${what} повідомлень не буде до ${untilText(toStoredInstant(until))}. Про усунення повідомлятимуть, як і раніше.\n`);
        return 0;
      });
    },
  },
  {
    name: 'unsnooze',
    args: '[FINDING]',
    summary: 'завершити відстрочку достроково',
    details: [FINDING_ARG],
    options: [{ ...OPT.stewardFilter, description: 'відстрочку всіх порушень цього розпорядника (замість FINDING)' }, OPT.reason, OPT.by, OPT.now],
    examples: ['unsnooze 12', 'unsnooze --steward finance --reason "повернулися з відпусток"'],
    group: 'exemptions',
    run: (args, io, now) =>
      withRecording(args, io, now, (app) => {
        const n = unsnoozeFindings(app, { target: targetOf(args, 'unsnooze'), reason: args.reason, actor: actorFrom(args.by, io.env) }, now);
        io.out(`Завершено відстрочок: ${n}. Про те, що ще відкрите, буде повідомлено під час наступного запуску notify.\n`);
        return 0;
      }),
  },
  {
    name: 'snoozes',
    summary: 'відстрочки, що ще діють',
    options: [OPT.now],
    examples: ['snoozes'],
    group: 'exemptions',
    run: (args, io, now) =>
      withApp(args, io, now, (app) => {
        const snoozes = snoozesView(readSource(app), now);
        if (snoozes.length === 0) io.out('Відстрочок, що діють, немає.\n');
        for (const s of snoozes) {
          const what =
            s.finding === null
              ? `розпорядник ${s.stewardId} (усі його порушення)`
              : `порушення № ${s.finding.id}${s.finding.rule ? ` (${s.finding.rule} · ${subjectText(s.finding.subjectType, s.finding.subjectId)})` : ''}`;
          io.out(`${what}: до ${untilText(s.until)}; ${s.reason}; надав(ла) ${s.actor} ${day(s.createdAt)}\n`);
        }
        return 0;
      }),
  },
  {
    name: 'ack',
    args: '<FINDING>',
    summary: 'записати, що розпорядник знає про порушення (нагадують рідше)',
    details: [
      'Далі це порушення нагадують розпоряднику кожні notify.ackRepeatDays днів.',
      FINDING_ARG,
      'Для порушення кількох розпорядників (завдання плану кількох підрозділів) --steward обов’язкова.',
    ],
    options: [
      { flags: '--by <NAME>', description: 'хто з розпорядника підтвердив', required: true },
      { flags: '--comment <TEXT>', description: 'що сказали' },
      { flags: '--steward <ID>', description: 'за якого розпорядника (для спільного порушення)' },
      OPT.now,
    ],
    examples: ['ack 12 --by "О. Коваленко" --comment "оновимо після сесії"'],
    group: 'exemptions',
    run: (args, io, now) =>
      withRecording(args, io, now, (app) => {
        const r = acknowledgeFinding(app, { finding: args.command[1], person: args.by, comment: args.comment, stewardId: args.steward, actor: actorFrom(undefined, io.env) }, now);
        const others = r.finding.stewards.length - 1;
        io.out(
          `Порушення № ${r.finding.id} (${r.finding.rule} · ${subjectText(r.finding.subjectType, r.finding.subjectId)}): підтвердив(ла) ${args.by?.trim()} за розпорядника ${r.stewardId}. ` +
            `Поки порушення відкрите, цьому розпоряднику нагадуватимуть кожні ${count(app.config.notify.ackRepeatDays, 'день', 'дні', 'днів')}.` +
            `${others > 0 ? ` Іншим розпорядникам цього порушення (${others}) повідомляють, як і раніше.` : ''}\n`,
        );
        return 0;
      }),
  },
];
