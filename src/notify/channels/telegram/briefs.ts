/**
 * The Telegram wording of the IT head's short messages: a few plain lines in Ukrainian, Kyiv time, dates as
 * 30.06.2019. The e-mail digest stays the full account; these say what happened and what to do next.
 */
import { formatScore, onTimeOfRequired } from '../../../history/score';
import { formatDateTime } from '../../../time/days';
import { endSentence } from '../../../text';
import { JOBS_UK } from '../../../uk';
import type { Brief } from '../types';

/** An error text is quoted on a line of its own: a library's words, should they reach it, mix with no sentence. */
const ERROR_LIMIT = 500;

export function renderBrief(b: Brief): { subject: string; text: string } {
  const at = `${formatDateTime(b.at)}, Київ`;
  switch (b.kind) {
    case 'job-failed': {
      const job = JOBS_UK[b.job] ?? b.job;
      const error = b.error.length > ERROR_LIMIT ? `${b.error.slice(0, ERROR_LIMIT - 1)}…` : b.error;
      const subject = `odmon: не виконано завдання «${job}»`;
      return {
        subject,
        text: [
          `${subject} (${at}).`,
          'Текст помилки:',
          error,
          'Перевірте стан командою «odmon status» і журнал служби (journalctl -u odmon). Завдання буде повторено в наступний запланований час.',
        ].join('\n'),
      };
    }
    case 'held-back': {
      const subject = 'odmon: повідомлення розпорядникам затримано';
      return {
        subject,
        text: [
          `${subject} (${at}).`,
          endSentence(`Причина: ${b.reason}`),
          'Перевірте імпорт реєстру наборів даних. Якщо зміну внесено навмисно, запустіть: npx odmon notify --force',
        ].join('\n'),
      };
    }
    case 'digest': {
      const c = b.counts;
      const subject = `odmon: ${JOBS_UK.digest} станом на ${formatDateTime(b.at)}`;
      // The digest's own words for the score («вчасно 18 з 70 (обов'язкових 73, без 3 призупинених)»).
      const lines = [
        `${subject} (Київ).`,
        c.score === null
          ? `Оцінки міської ради немає: ${onTimeOfRequired(c)}.`
          : `Оцінка міської ради — ${formatScore(c.score)}: ${onTimeOfRequired(c)}.`,
        `Із запізненням — ${c.late}, не оприлюднено — ${c.neverPublished}, призупинено — ${c.suspended}.`,
        `Відкритих пунктів — ${b.open}, з них важливих — ${b.high}${b.new === null ? '' : `; нових — ${b.new}`}; усунено — ${b.resolved}.`,
      ];
      if (b.undelivered > 0) lines.push(`Не доставлено повідомлень — ${b.undelivered}: див. повний огляд.`);
      lines.push('Повний огляд надіслано електронною поштою.');
      if (b.link !== null) lines.push(`Портал: ${b.link}`);
      return { subject, text: lines.join('\n') };
    }
  }
}
