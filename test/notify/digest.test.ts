import type { DateTime } from 'luxon';
import type { App } from '../../src/app';
import { deliverQueued, runDigest, runNotify } from '../../src/app';
import { simpleParser } from 'mailparser';
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
    expect(m.parsed.subject).toBe('Щотижневий огляд стану оприлюднення відкритих даних за 24–30.06.2019 — порушень немає');
    expect(m.parsed.from?.value).toEqual([{ address: 'opendata@example.gov.ua', name: 'Відкриті дані' }]);
    const text = textOf(m);
    expect(text).toContain('Усе гаразд: відкритих порушень немає. Моніторинг працює.');
    expect(text).not.toContain('КОМУ НЕМОЖЛИВО ПОВІДОМИТИ');
    expect(text).not.toContain('НЕДОСТАВЛЕНІ ЛИСТИ');
    expect(m.parsed.html).toContain('<b>Усе гаразд: відкритих порушень немає. Моніторинг працює.</b>');
    // A letter like the notices and the guard's: «З повагою», the unit, the council.
    expect(text).toContain("\nЗ повагою\nВідділ інформаційно-комп'ютерного забезпечення\nКропивницька міська рада\n");
    expect(count(app.db, 'digests')).toBe(1);
  });

  it('carries its chart as an inline PNG that the HTML shows through its Content-ID', async () => {
    const { app, server } = await open();
    const m = await digest(app, server);
    const images = m.parsed.attachments.filter((a) => a.contentType === 'image/png');
    expect(images.map((a) => [a.cid, a.contentDisposition, a.related])).toEqual([['score-chart@odmon', 'inline', true]]);
    expect(images[0].content.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(images[0].content.readUInt32BE(16)).toBeGreaterThan(1000); // drawn at twice its size: sharp on dense screens
    // mailparser puts the image in place of its cid: link, as a mail program does; read the HTML as sent.
    const sent = await simpleParser(m.raw, { keepCidLinks: true });
    expect(String(sent.html)).toMatch(/<img src="cid:score-chart@odmon" width="\d+" alt="Оцінка міської ради за кварталами: [^"]+"/);
    expect(String(m.parsed.html)).toMatch(/<img src="data:image\/png;base64,/);
    // The image is a related part beside the HTML, not a file to download.
    const raw = m.raw.toString('latin1');
    expect(raw).toMatch(/Content-Type: multipart\/related/);
    expect(raw).toMatch(/Content-ID: <score-chart@odmon>/);
    expect(raw).toMatch(/Content-Disposition: inline/);
  });

  it('lists the stewards by score, lowest first, with the key shown: score, change since last quarter, on time of required, open items', async () => {
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
        'РОЗПОРЯДНИКИ — ВІД НАЙНИЖЧОЇ ОЦІНКИ',
        "№ | розпорядник | оцінка | зміна від II кв. 2019*, п. п. | вчасно з обов'язкових без призупинених | відкритих пунктів",
        '1 | Відділ кадрової роботи | 0,0 % | 0,0 | 0 з 2 | 2',
        '2 | Департамент з питань економічного розвитку, торгівлі та інвестицій (немає e-mail) | 0,0 % | 0,0 | 0 з 1 | 2',
        '3 | Фінансове управління | 0,0 % | 0,0 | 0 з 1 | 1',
        "4 | Відділ інформаційно-комп'ютерного забезпечення | 100,0 % | 0,0 | 1 з 1 | 0",
        '  | Завдання, доручені кільком розпорядникам (m.1) | — | — | — | 1',
        '  | Усього по міській раді | 20,0 % | +3,3 | 1 з 5 | 6',
        'Кожен відкритий пункт враховано в одному рядку: у рядку розпорядника — лише його власні пункти; завдання плану, доручені кільком розпорядникам, — окремим рядком.',
        '',
      ].join('\n'),
    );
    expect(text).toContain("Оцінка — частка обов'язкових наборів даних, оприлюднених і оновлених вчасно: вчасно ÷ (обов'язкових − призупинених)");
    // «обов'язкових» is one count everywhere (suspended included, as in the report and the history): the score's
    // denominator is said to leave the suspended out, never called «обов'язкових» itself.
    expect(text).toContain("Оцінка міської ради: 20,0 % (+3,3 п. п. від II кв. 2019*); вчасно 1 з 5 (обов'язкових 6, без 1 призупиненого).\n");
    expect(text).not.toMatch(/з 5 обов'язкових/);
    expect(text).toContain('НАЙБІЛЬШЕ ПРОСТРОЧЕНО\n');
    expect(text).toContain('- Завдання m.1 Плану дій: «Оприлюднити графік оновлення наборів даних» — 4 розпорядники; строк 30.06.2019; прострочення 1 день');
    // Every item once: the stewards' table counts them, the worst are listed, the rest are counted.
    expect(text.match(/Перелік вакансій/g)).toHaveLength(1);
  });

  it('adds up: the rows of stewards, of shared plan tasks and of what has no steward make the council\'s total', async () => {
    const { app, server } = await open({}, {
      datasets: [
        ...DATASETS,
        ['shelters', 'Укриття', '', 'once a year', '', 'yes', '', ''],
        ['parking', 'Паркування', '', 'once a month', '2019-06-20', 'yes', '', ''],
      ],
    });
    const m = await digest(app, server);
    const text = textOf(m);
    const table = text.slice(text.indexOf('РОЗПОРЯДНИКИ — ВІД НАЙНИЖЧОЇ ОЦІНКИ'), text.indexOf('\nКожен відкритий пункт'));
    const rows = table.split('\n').slice(2).map((l) => l.split(' | '));
    const total = rows.pop() as string[];
    expect(total[1]).toBe('Усього по міській раді');
    // Real stewards worst first, numbered; the rows that are no steward after them, unnumbered.
    expect(rows.map((r) => [r[0].trim(), r[1]]).slice(-2)).toEqual([
      ['', 'Завдання, доручені кільком розпорядникам (m.1)'],
      ['', 'Не закріплено за розпорядником'],
    ]);
    expect(rows.slice(0, -2).map((r) => r[0])).toEqual(['1', '2', '3', '4']);
    expect(rows[rows.length - 1].slice(2).join(' | ')).toBe('50,0 % | — | 1 з 2 | 2');
    const onTimeOf = (rs: string[][]): [number, number] =>
      rs.map((r) => r[4].match(/^(\d+) з (\d+)$/)).reduce<[number, number]>((a, x) => (x ? [a[0] + Number(x[1]), a[1] + Number(x[2])] : a), [0, 0]);
    expect(onTimeOf(rows)).toEqual(onTimeOf([total]));
    expect(rows.reduce((a, r) => a + Number(r[5]), 0)).toBe(Number(total[5]));
    expect(total.slice(4).join(' | ')).toBe('2 з 6 | 7');
    // The HTML table says the same.
    expect(m.parsed.html).toContain('>Не закріплено за розпорядником</td>');
  });

  it('names what each count of the rest is made of, and how many suspended datasets are required', async () => {
    const { app, server } = await open({}, {
      datasets: [
        ...DATASETS,
        ['staff', 'Штатний розпис', 'hr', 'once a year', '', 'yes', '', ''],
        ['shelters', 'Укриття', '', 'once a year', '', 'yes', '', ''],
        ['fountains', 'Фонтани', 'it', '', '', 'no', '', ''],
        ['grants', 'Гранти', 'finance', 'once a year', '', 'yes', '', 'за рішенням виконавчого комітету'],
        ['bunkers', 'Сховища', 'economy', 'once a year', '', 'no', '', 'воєнний стан'],
      ],
    });
    const text = textOf(await digest(app, server));
    expect(text).toContain("вчасно 1 з 6 (обов'язкових 7, без 1 призупиненого)");
    // Findings, not the dashboard's and the report's datasets: «не оприлюднено» there is every required dataset never
    // published (2 here: «Штатний розпис» and «Укриття»), «періодичність не вказана» only published ones.
    expect(text).toContain(
      "не оприлюднено (обов'язкові набори, закріплені за розпорядниками) — 1; не закріплено за розпорядником (обов'язкові набори) — 1; " +
        "немає адреси для повідомлень — 1; періодичність не вказана (зокрема неоприлюднені й необов'язкові набори) — 1",
    );
    expect(text).not.toMatch(/[;:] не оприлюднено — /);
    expect(text).toContain("Призупинено оприлюднення наборів даних: 2, з них обов'язкових 1 — вони не вважаються відсутніми чи простроченими.");
  });

  it('marks a drop of 10 points or more since the last quarter, in the table and in the chart', async () => {
    const { app, server } = await open({}, { datasets: [...DATASETS.filter((d) => d[0] !== 'registry'), ['registry', 'Реєстр наборів даних', 'it', 'once a month', '2019-09-20', 'yes', '', '']] });
    // At the end of III кв. 2019 the register of «it» (updated 20.09, monthly) is on time; on 31.10 it is late.
    await runNotify(app, kyiv('2019-09-02T09:00'));
    await runNotify(app, kyiv('2019-10-01T09:00'));
    const text = textOf(await digest(app, server, kyiv('2019-10-31T09:00')));
    expect(text).toContain("| Відділ інформаційно-комп'ютерного забезпечення | 0,0 % | ▼ −100,0 | 0 з 1 | 1");
    expect(text).toContain('зміна від III кв. 2019, п. п.');
    // The chart marks the same drop: its picture is drawn from the same numbers (src/charts, tested there).
    const stored = listOutbox(app.db).find((m) => m.kind === 'digest');
    const png = app.db.prepare('SELECT content FROM outbox_attachments WHERE outbox_id = ?').pluck().get(stored?.id) as Buffer;
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('lists a steward notice refused with 550 under "НЕДОСТАВЛЕНІ ЛИСТИ" in the next digest, and only there', async () => {
    // The first message of the run is finance's (stewards go in id order); the server refuses it for good.
    const { app, server } = await open({ rejectData: { code: 550, times: 1, message: 'Mailbox unavailable' } });
    const run = await runNotify(app, NOW);
    expect(run.delivery).toMatchObject({ sent: 2, retried: 0, failed: 1, remaining: 0 });
    const failed = listOutbox(app.db, { status: 'failed' });
    expect(failed.map((m) => [m.stewardId, m.attempts, m.lastError])).toEqual([
      ['finance', 1, 'сервер SMTP відхилив лист («550 Mailbox unavailable»)'],
    ]);
    await deliverQueued(app, day(1));
    expect(server.messages.filter((m) => m.envelopeTo.includes(ADDRESSES.finance[0]))).toEqual([]);

    const text = textOf(await digest(app, server, day(1)));
    expect(text).toContain(
      'НЕДОСТАВЛЕНІ ЛИСТИ: 1\n' +
        '- budget@example.org, o.kovalenko@example.org — «Відкриті дані: 2 невиконані пункти — Фінансове управління (станом на 01.07.2019)»: ' +
        'не доставлено; сервер SMTP відхилив лист («550 Mailbox unavailable»)\n',
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
      'НЕДОСТАВЛЕНІ ЛИСТИ: 1\n- budget@example.org, o.kovalenko@example.org — «Відкриті дані: 2 невиконані пункти — Фінансове управління (станом на 01.07.2019)»: ' +
        'повторна спроба (спроб: 1); сервер SMTP тимчасово не прийняв лист («451 Try again later»)\n',
    );

    const later = await deliverQueued(app, NOW.plus({ minutes: 2 }));
    expect(later.delivery).toMatchObject({ sent: 1, retried: 0, failed: 0, remaining: 0 });
    await deliverQueued(app, NOW.plus({ hours: 3 }));
    const toFinance = server.messages.filter((m) => m.envelopeTo.includes(ADDRESSES.finance[0]));
    expect(toFinance.map((m) => m.parsed.messageId)).toEqual([getOutboxMessage(app.db, key)?.messageId]);
    expect(getOutboxMessage(app.db, key)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(textOf(await digest(app, server, day(1)))).not.toContain('НЕДОСТАВЛЕНІ ЛИСТИ');
  });

  it('says what is new and what was resolved since the previous digest, without repeating a list', async () => {
    const { app, server } = await open();
    const first = textOf(await digest(app, server));
    expect(first).toContain('Станом на 01.07.2019 09:00 (за київським часом).');
    expect(first).not.toContain('ЗМІНИ З ПОПЕРЕДНЬОГО ОГЛЯДУ');

    importRows(app, 'datasets', DATASET_COLUMNS, [
      ['budget', 'Бюджет міста', 'finance', 'once a month', '2019-07-02', 'yes', '', ''],
      ['tenders', 'Тендерні закупівлі', 'finance', 'once a month', '2019-05-25', 'yes', '', ''],
    ], day(2));
    const second = textOf(await digest(app, server, day(3)));
    expect(second).toContain('Станом на 04.07.2019 09:00 (за київським часом); зміни — з попереднього огляду 01.07.2019.');
    expect(second).toContain('З попереднього огляду: нових — 1, усунено — 1.');
    // «Тендерні закупівлі» is new and among the most late: named there, and only counted here.
    expect(second).toContain('ЗМІНИ З ПОПЕРЕДНЬОГО ОГЛЯДУ (01.07.2019)\n1 новий пункт (з них 1 — у переліку вище)\n1 пункт усунено:\n- Набір даних: «Бюджет міста» (Фінансове управління)\n');
    expect(second.match(/Тендерні закупівлі/g)).toHaveLength(1);

    const third = textOf(await digest(app, server, day(4)));
    expect(third).toContain('ЗМІНИ З ПОПЕРЕДНЬОГО ОГЛЯДУ (04.07.2019)\nНових і усунених пунктів немає.');
  });

  it('does not call a plan task resolved when it went from due soon to overdue', async () => {
    const { app, server } = await open({}, {
      stewards: STEWARDS.slice(0, 1),
      datasets: [],
      plan: [['monitoring-2019', '2019', 'm.2', 'Моніторинг', 'Провести навчання', 'III квартал 2019 року', 'finance', '']],
    });
    const before = textOf(await digest(app, server, kyiv('2019-09-26T09:00')));
    expect(before).toContain('Наближається строк: 1\n- Завдання m.2 Плану дій: «Провести навчання» — строк 30.09.2019 (Фінансове управління)');
    const after = textOf(await digest(app, server, kyiv('2019-10-03T09:00')));
    expect(after).toContain('З попереднього огляду: нових — 1, усунено — 0.');
    expect(after).toContain('- Завдання m.2 Плану дій: «Провести навчання» — Фінансове управління; строк 30.09.2019; прострочення 3 дні');
    expect(after).not.toContain('усунено:');
  });
});
