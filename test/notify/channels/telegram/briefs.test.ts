import { DateTime } from 'luxon';
import { renderBrief } from '../../../../src/notify/channels/telegram/briefs';

const AT = DateTime.fromISO('2019-07-01T09:00', { zone: 'Europe/Kyiv' });

describe('the Telegram wording of the IT head\'s short messages', () => {
  it('says which job failed, when, the error on a line of its own, and what to do', () => {
    const r = renderBrief({ kind: 'job-failed', key: 'k', at: AT, job: 'notify', error: 'не вдалося надіслати (smtp://odmon:***@mail): сервер SMTP не прийняв ім’я користувача й пароль («535 5.7.8 Authentication failed»)' });
    expect(r.subject).toBe('odmon: не виконано завдання «повідомлення розпорядникам»');
    expect(r.text).toBe(
      'odmon: не виконано завдання «повідомлення розпорядникам» (01.07.2019 09:00, Київ).\n' +
        'Текст помилки:\n' +
        'не вдалося надіслати (smtp://odmon:***@mail): сервер SMTP не прийняв ім’я користувача й пароль («535 5.7.8 Authentication failed»)\n' +
        'Перевірте стан командою «odmon status» і журнал служби (journalctl -u odmon). Завдання буде повторено в наступний запланований час.',
    );
  });

  it('cuts a long error to 500 characters', () => {
    const r = renderBrief({ kind: 'job-failed', key: 'k', at: AT, job: 'sync', error: 'x'.repeat(2000) });
    expect(r.text.split('\n')[2]).toHaveLength(500);
    expect(r.subject).toBe('odmon: не виконано завдання «синхронізація з порталом»');
  });

  it('labels a Ukrainian error as neutrally as an English one: it never claims the text is in English', () => {
    const error = 'реєстр наборів даних зменшився більш ніж удвічі: було 90, стало 12';
    const r = renderBrief({ kind: 'job-failed', key: 'k', at: AT, job: 'digest', error });
    expect(r.subject).toBe('odmon: не виконано завдання «щотижневий огляд»');
    expect(r.text.split('\n').slice(1, 3)).toEqual(['Текст помилки:', error]);
    expect(r.text).not.toContain('англійською');
  });

  it('says why the notices were held back and how to send them if the change was meant', () => {
    expect(renderBrief({ kind: 'held-back', key: 'k', at: AT, reason: 'реєстр наборів даних порожній' }).text).toBe(
      'odmon: повідомлення розпорядникам затримано (01.07.2019 09:00, Київ).\n' +
        'Причина: реєстр наборів даних порожній.\n' +
        'Перевірте імпорт реєстру наборів даних. Якщо зміну внесено навмисно, запустіть: npx odmon notify --force',
    );
  });

  it('sums the digest up in a few lines: score, counts, what to read, a link', () => {
    const counts = { required: 74, published: 57, onTime: 45, late: 12, neverPublished: 5, suspended: 3, score: 45 / 71 };
    const r = renderBrief({ kind: 'digest', key: 'k', at: AT, counts, open: 20, high: 4, new: 3, resolved: 2, undelivered: 1, link: 'https://data.gov.ua/organization/kropyvnytska-miska-rada' });
    expect(r.text).toBe(
      'odmon: щотижневий огляд станом на 01.07.2019 09:00 (Київ).\n' +
        "Оцінка міської ради — 63,4 %: вчасно 45 з 71 (обов'язкових 74, без 3 призупинених).\n" +
        'Із запізненням — 12, не оприлюднено — 5, призупинено — 3.\n' +
        'Відкритих пунктів — 20, з них важливих — 4; нових — 3; усунено — 2.\n' +
        'Не доставлено повідомлень — 1: див. повний огляд.\n' +
        'Повний огляд надіслано електронною поштою.\n' +
        'Портал: https://data.gov.ua/organization/kropyvnytska-miska-rada',
    );
  });

  it('has no score to give when nothing is left to judge, and no "new" in the first digest', () => {
    const counts = { required: 0, published: 0, onTime: 0, late: 0, neverPublished: 0, suspended: 0, score: null };
    const r = renderBrief({ kind: 'digest', key: 'k', at: AT, counts, open: 0, high: 0, new: null, resolved: 0, undelivered: 0, link: null });
    expect(r.text.split('\n')).toEqual([
      'odmon: щотижневий огляд станом на 01.07.2019 09:00 (Київ).',
      "Оцінки міської ради немає: обов'язкових наборів немає.",
      'Із запізненням — 0, не оприлюднено — 0, призупинено — 0.',
      'Відкритих пунктів — 0, з них важливих — 0; усунено — 0.',
      'Повний огляд надіслано електронною поштою.',
    ]);
  });

  it.each([
    [{ required: 73, suspended: 3, onTime: 18 }, "Оцінка міської ради — 25,7 %: вчасно 18 з 70 (обов'язкових 73, без 3 призупинених)."],
    [{ required: 22, suspended: 1, onTime: 5 }, "Оцінка міської ради — 23,8 %: вчасно 5 з 21 (обов'язкових 22, без 1 призупиненого)."],
    [{ required: 10, suspended: 0, onTime: 4 }, "Оцінка міської ради — 40,0 %: вчасно 4 з 10 обов'язкових."],
    [{ required: 2, suspended: 2, onTime: 0 }, "Оцінки міської ради немає: обов'язкових 2, усі призупинено."],
  ])('calls «обов\'язкових» what the report calls so, suspended included: %j', (n, line) => {
    const judged = n.required - n.suspended;
    const counts = { ...n, published: n.onTime, late: 0, neverPublished: judged - n.onTime, score: judged === 0 ? null : n.onTime / judged };
    expect(renderBrief({ kind: 'digest', key: 'k', at: AT, counts, open: 0, high: 0, new: null, resolved: 0, undelivered: 0, link: null }).text.split('\n')[1]).toBe(line);
  });
});
