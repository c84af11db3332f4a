/**
 * A finding's state in the words of every output (pages, notices, the digest; dashboard.md item 2): the shipped
 * rules have a short phrase of their own; a rule written by the council says its state in its message.
 */

export const SHIPPED_STATES: Readonly<Record<string, string>> = {
  'stale-publication': 'Прострочено оновлення',
  'missing-dataset': 'Не оприлюднено',
  'overdue-plan-task': 'Прострочено',
  'plan-task-due-soon': 'Наближається термін',
  'unknown-frequency': 'Періодичність не вказана',
  'portal-dataset-gone': 'Зник з Порталу відкритих даних',
  'portal-no-resources': 'На Порталі немає жодного файлу чи API',
  'portal-document-formats-only': 'Оприлюднено лише у форматах, що не є машиночитаними',
  'portal-frequency-mismatch': 'Періодичність на Порталі відрізняється від реєстру',
  'portal-missing-contact': 'У паспорті на Порталі не зазначено відповідальну особу',
  'unassigned-dataset': 'Не закріплено за розпорядником',
  'steward-without-contact': 'Немає адреси для повідомлень',
};

/** A finding's state: a shipped rule's short phrase, or a council's rule's own message. */
export function findingState(rule: string, message: string): string {
  return hasOwnState(rule) ? SHIPPED_STATES[rule] : message;
}

/** Whether the rule's state is a phrase of its own (a shipped rule), so that its message is not needed to say it. */
export const hasOwnState = (rule: string): boolean => Object.hasOwn(SHIPPED_STATES, rule);
