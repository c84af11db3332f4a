import type { DateTime } from 'luxon';
import type { App } from '../../src/app';
import { deliverQueued, runDigest, runNotify } from '../../src/app';
import { getOutboxMessage, listOutbox } from '../../src/store/outbox';
import { TestSmtpServer, type ReceivedMail, type TestSmtpOptions } from '../helpers/smtp';
import {
  ADDRESSES,
  ALL_CLEAR,
  DATASET_COLUMNS,
  DATASETS,
  IT_HEAD,
  NOW,
  STEWARDS,
  count,
  day,
  importRows,
  kyiv,
  makeRoot,
  openRegister,
  removeRoot,
  scenario,
} from './register';

jest.setTimeout(20_000);

let root: string;
const servers: TestSmtpServer[] = [];
const apps: App[] = [];

beforeAll(() => {
  root = makeRoot('digest');
});
afterAll(async () => {
  for (const a of apps) a.close();
  await Promise.all(servers.map((s) => s.stop()));
  removeRoot(root);
});

let scenarios = 0;
async function open(
  opts: TestSmtpOptions = {},
  register?: Parameters<typeof openRegister>[1],
): Promise<{ app: App; server: TestSmtpServer }> {
  const server = await TestSmtpServer.start(opts);
  servers.push(server);
  const app = openRegister(scenario(root, `s${++scenarios}`, server.port), register);
  apps.push(app);
  return { app, server };
}

/** Runs the digest as of `now` and returns the one message the IT head received. */
async function digest(app: App, server: TestSmtpServer, now: DateTime = NOW): Promise<ReceivedMail> {
  const mark = server.messages.length;
  await runDigest(app, now);
  const mail = server.messages.slice(mark);
  expect(mail.map((m) => m.envelopeTo)).toEqual([[IT_HEAD]]);
  return mail[0];
}

const textOf = (m: ReceivedMail): string => m.parsed.text ?? '';

describe('the weekly digest', () => {
  it('is sent when everything is in order, and says so', async () => {
    const { app, server } = await open({}, ALL_CLEAR);
    await runNotify(app, NOW);
    expect(server.messages).toEqual([]);
    const m = await digest(app, server);
    expect(m.parsed.subject).toBe('Відкриті дані: щотижневий звіт станом на 01.07.2019 — порушень немає');
    expect(m.parsed.from?.value).toEqual([{ address: 'opendata@example.gov.ua', name: 'Відкриті дані' }]);
    const text = textOf(m);
    expect(text).toContain('Усе гаразд: відкритих порушень немає. Моніторинг працює.');
    expect(text).toContain('НОВЕ (0)\nнічого нового');
    expect(text).not.toContain('КОМУ НЕМОЖЛИВО ПОВІДОМИТИ');
    expect(text).not.toContain('НЕДОСТАВЛЕНІ ЛИСТИ');
    expect(m.parsed.html).toContain('<b>Усе гаразд: відкритих порушень немає. Моніторинг працює.</b>');
    expect(count(app.db, 'digests')).toBe(1);
  });

  it('lists the stewards worst first: required, published, on time, late, never published, suspended', async () => {
    const { app, server } = await open({}, {
      datasets: [
        ...DATASETS,
        ['staff', 'Штатний розпис', 'hr', 'once a year', '', 'yes', '', ''],
        ['grants', 'Гранти', 'finance', 'once a year', '', 'yes', '', 'за рішенням виконавчого комітету'],
      ],
    });
    const text = textOf(await digest(app, server));
    expect(text).toContain(
      [
        'РОЗПОРЯДНИКИ (найгірші першими)',
        "Розпорядник | обов'язкових | оприлюднено | вчасно | із запізненням | не оприлюднено | призупинено | порушень",
        'Відділ кадрової роботи | 2 | 1 | 0 | 1 | 1 | 0 | 3',
        'Департамент з питань економічного розвитку, торгівлі та інвестицій | 1 | 1 | 0 | 1 | 0 | 0 | 3 | немає e-mail',
        'Фінансове управління | 2 | 1 | 0 | 1 | 0 | 1 | 2',
        "Відділ інформаційно-комп'ютерного забезпечення | 1 | 1 | 1 | 0 | 0 | 0 | 1",
        '',
      ].join('\n'),
    );
    expect(text).toContain(
      'ПРОСТРОЧЕНІ ЗАВДАННЯ ПЛАНУ ДІЙ (1)\n* Завдання m.1 плану дій «Оприлюднити графік оновлення наборів даних» не виконано: термін — 30.06.2019',
    );
  });

  it('lists a steward notice refused with 550 under "НЕДОСТАВЛЕНІ ЛИСТИ" in the next digest, and only there', async () => {
    // The first message of the run is finance's (stewards go in id order); the server refuses it for good.
    const { app, server } = await open({ rejectData: { code: 550, times: 1, message: 'Mailbox unavailable' } });
    const run = await runNotify(app, NOW);
    expect(run.delivery).toMatchObject({ sent: 2, retried: 0, failed: 1, remaining: 0 });
    const failed = listOutbox(app.db, { status: 'failed' });
    expect(failed.map((m) => [m.stewardId, m.attempts, m.lastError])).toEqual([
      ['finance', 1, 'the SMTP server refused the message: 550 Mailbox unavailable'],
    ]);
    await deliverQueued(app, day(1));
    expect(server.messages.filter((m) => m.envelopeTo.includes(ADDRESSES.finance[0]))).toEqual([]);

    const text = textOf(await digest(app, server, day(1)));
    expect(text).toContain(
      'НЕДОСТАВЛЕНІ ЛИСТИ (1)\n' +
        '* budget@example.org, o.kovalenko@example.org — «Відкриті дані: 2 невиконані пункти — Фінансове управління (станом на 01.07.2019)»: ' +
        'не доставлено; the SMTP server refused the message: 550 Mailbox unavailable\n',
    );
    expect(textOf(await digest(app, server, day(8)))).not.toContain('НЕДОСТАВЛЕНІ ЛИСТИ');
  });

  it('retries a notice refused with 451 when it is due again, delivers it once, and shows it meanwhile as retried', async () => {
    const { app, server } = await open({ rejectData: { code: 451, times: 1, message: 'Try again later' } });
    const run = await runNotify(app, NOW);
    expect(run.delivery).toMatchObject({ sent: 2, retried: 1, failed: 0, remaining: 1 });
    const key = listOutbox(app.db, { status: 'pending' })[0].key;
    expect(getOutboxMessage(app.db, key)).toMatchObject({ stewardId: 'finance', attempts: 1, nextAttemptAt: '2019-07-01T06:01:00.000Z' });

    const early = await deliverQueued(app, NOW.plus({ seconds: 30 }));
    expect(early.delivery).toMatchObject({ sent: 0, remaining: 1 });
    const text = textOf(await digest(app, server, NOW.plus({ seconds: 40 })));
    expect(text).toContain(
      'НЕДОСТАВЛЕНІ ЛИСТИ (1)\n* budget@example.org, o.kovalenko@example.org — «Відкриті дані: 2 невиконані пункти — Фінансове управління (станом на 01.07.2019)»: ' +
        'повторна спроба (спроб: 1); the SMTP server refused for now: 451 Try again later\n',
    );

    const later = await deliverQueued(app, NOW.plus({ minutes: 2 }));
    expect(later.delivery).toMatchObject({ sent: 1, retried: 0, failed: 0, remaining: 0 });
    await deliverQueued(app, NOW.plus({ hours: 3 }));
    const toFinance = server.messages.filter((m) => m.envelopeTo.includes(ADDRESSES.finance[0]));
    expect(toFinance.map((m) => m.parsed.messageId)).toEqual([getOutboxMessage(app.db, key)?.messageId]);
    expect(getOutboxMessage(app.db, key)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(textOf(await digest(app, server, day(1)))).not.toContain('НЕДОСТАВЛЕНІ ЛИСТИ');
  });

  it('says what is new and what was resolved since the previous digest', async () => {
    const { app, server } = await open();
    const first = textOf(await digest(app, server));
    expect(first).toContain('Станом на 01.07.2019 09:00 (Київ).');
    expect(first).toMatch(/\nНОВЕ \(5\)\n\* \[/);
    expect(first).toContain('УСУНЕНО (0)\nнічого не усунено');

    importRows(app, 'datasets', DATASET_COLUMNS, [
      ['budget', 'Бюджет міста', 'finance', 'once a month', '2019-07-02', 'yes', '', ''],
      ['tenders', 'Тендерні закупівлі', 'finance', 'once a month', '2019-05-25', 'yes', '', ''],
    ], day(2));
    const second = textOf(await digest(app, server, day(3)));
    expect(second).toContain('Станом на 04.07.2019 09:00 (Київ); зміни з 01.07.2019.');
    expect(second).toContain(
      'НОВЕ з 01.07.2019 (1)\n* [середній] Набір даних «Тендерні закупівлі» не оновлено вчасно: останнє оновлення — 25.05.2019',
    );
    expect(second).toContain('УСУНЕНО з 01.07.2019 (1)\n* Набір даних «Бюджет міста» не оновлено вчасно: останнє оновлення — 26.05.2019');

    const third = textOf(await digest(app, server, day(4)));
    expect(third).toContain('НОВЕ з 04.07.2019 (0)\nнічого нового');
    expect(third).toContain('УСУНЕНО з 04.07.2019 (0)\nнічого не усунено');
  });

  it('does not call a plan task resolved when it went from due soon to overdue', async () => {
    const { app, server } = await open({}, {
      stewards: STEWARDS.slice(0, 1),
      datasets: [],
      plan: [['monitoring-2019', '2019', 'm.2', 'Моніторинг', 'Провести навчання', 'III квартал 2019 року', 'finance', '']],
    });
    const before = textOf(await digest(app, server, kyiv('2019-09-26T09:00')));
    expect(before).toContain('НОВЕ (1)\n* [до відома] Завдання m.2 плану дій «Провести навчання»: термін — 30.09.2019, залишилось 4 дн.');
    const after = textOf(await digest(app, server, kyiv('2019-10-03T09:00')));
    expect(after).toContain('НОВЕ з 26.09.2019 (1)\n* [високий] Завдання m.2 плану дій «Провести навчання» не виконано');
    expect(after).toContain('УСУНЕНО з 26.09.2019 (0)\nнічого не усунено');
  });
});
