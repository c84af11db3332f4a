import type { DateTime } from 'luxon';
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { App } from '../../src/app';
import { runDigest, runNotify } from '../../src/app';
import { OdmonError } from '../../src/errors';
import { listOutbox } from '../../src/store/outbox';
import { TestSmtpServer, type ReceivedMail } from '../helpers/smtp';
import {
  ADDRESSES,
  DATASET_COLUMNS,
  DATASETS,
  HEADS,
  IT_HEAD,
  NOW,
  SCRIPT_TITLE,
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
let server: TestSmtpServer;
const apps: App[] = [];

beforeAll(async () => {
  root = makeRoot('notify');
  server = await TestSmtpServer.start();
});
afterAll(async () => {
  for (const a of apps) a.close();
  await server.stop();
  removeRoot(root);
});

let scenarios = 0;
function open(register?: Parameters<typeof openRegister>[1], env: Record<string, string> = {}, config?: Record<string, unknown>): App {
  const app = openRegister(scenario(root, `s${++scenarios}`, server.port, config), register, env);
  apps.push(app);
  return app;
}

/** Runs notify as of `now` and returns what the server received meanwhile. */
async function notify(app: App, now: DateTime = NOW): Promise<ReceivedMail[]> {
  const mark = server.messages.length;
  await runNotify(app, now);
  return server.messages.slice(mark);
}

/** The reachable steward a message went to, from its To addresses. */
function stewardOf(m: ReceivedMail): string {
  const to = m.envelopeTo.join(',');
  const found = Object.entries(ADDRESSES).find(([, list]) => list.every((a) => to.includes(a)));
  return found ? found[0] : `unknown: ${to}`;
}

function bySteward(mail: readonly ReceivedMail[]): Record<string, ReceivedMail> {
  return Object.fromEntries(mail.map((m) => [stewardOf(m), m]));
}

const ccOf = (m: ReceivedMail): string[] => {
  const cc = m.parsed.cc;
  const list = cc === undefined ? [] : Array.isArray(cc) ? cc : [cc];
  return list.flatMap((a) => a.value.map((v) => v.address ?? ''));
};

describe('runNotify, delivering through a real SMTP server', () => {
  it('sends one notice per steward with an e-mail address, Cyrillic subject and body intact', async () => {
    const app = open();
    const mail = await notify(app);
    expect(mail.map(stewardOf).sort()).toEqual(['finance', 'hr', 'it']);
    const finance = bySteward(mail).finance;
    expect([...finance.envelopeTo].sort()).toEqual([...ADDRESSES.finance].sort());
    expect(finance.parsed.subject).toBe('Відкриті дані: 2 невиконані пункти — Фінансове управління (станом на 01.07.2019)');
    expect(finance.parsed.from?.value).toEqual([{ address: 'opendata@example.gov.ua', name: 'Відкриті дані' }]);
    expect(finance.parsed.messageId).toMatch(/^<odmon\.notice=3Afinance=3Arun-\d+@example\.gov\.ua>$/);
    const text = finance.parsed.text ?? '';
    expect(text).toContain(
      'Шановні колеги!\n\nПовідомляємо, що за результатами моніторингу оприлюднення відкритих даних станом на 01.07.2019 для розпорядника «Фінансове управління» потребують виконання такі пункти.\n',
    );
    expect(text).toContain(
      '1. Набір даних: «Бюджет міста»\n' +
        '   Стан: Прострочено оновлення; останнє оновлення — 26.05.2019.\n' +
        '   Строк: 26.06.2019; прострочення: 5 днів\n' +
        '   Що потрібно зробити: Оновити набір даних на Порталі відкритих даних або повідомити причину затримки.\n',
    );
    expect(text).toContain('2. Завдання m.1 Плану дій: «Оприлюднити графік оновлення наборів даних»\n   Стан: Прострочено.\n   Строк: 30.06.2019 (II квартал 2019 року); прострочення: 1 день\n');
    expect(text).toContain("Про виконання або причини затримки просимо повідомити відділ інформаційно-комп'ютерного забезпечення.");
    expect(text).toContain("З повагою\nВідділ інформаційно-комп'ютерного забезпечення\nКропивницька міська рада\n");
    expect(text).not.toMatch(/дн\./);
    const html = String(finance.parsed.html);
    expect(html).toContain('<th scope="col" style="border: 1px solid #9aa5b1; padding: 6px; text-align: left; width: 92px;">Прострочення</th>');
    expect(html).toContain('<b>5 днів</b>');
    // No contact person is configured here: no executor line and no Reply-To.
    expect(text).not.toContain('Виконавець');
    expect(finance.parsed.replyTo).toBeUndefined();
  });

  it('signs with the contact person of org.contact, replies to their address, and sends from the display name of mail.fromName', async () => {
    const app = open(undefined, {}, {
      mail: { fromName: 'Відкриті дані Кропивницької міської ради' },
      org: { contact: { name: 'Ірина Коваль', phone: '(0522) 00-00-00', email: 'opendata@example.gov.ua' } },
    });
    const finance = bySteward(await notify(app)).finance;
    expect(finance.parsed.from?.value).toEqual([{ address: 'opendata@example.gov.ua', name: 'Відкриті дані Кропивницької міської ради' }]);
    expect(finance.parsed.replyTo?.value).toEqual([{ address: 'opendata@example.gov.ua', name: '' }]);
    expect(finance.parsed.text).toContain('Виконавець: Ірина Коваль, тел. (0522) 00-00-00, opendata@example.gov.ua');
    expect(finance.parsed.text).toContain('Про виконання або причини затримки просимо повідомити, відповівши на цей лист.');
    expect(String(finance.parsed.html)).toContain('Виконавець: Ірина Коваль, тел. (0522) 00-00-00, opendata@example.gov.ua');
  });

  it('never asks the IT department, which sends the letters, to report to itself', async () => {
    const app = open();
    const it = bySteward(await notify(app)).it;
    expect(it.parsed.text).toContain('Завдання m.1 Плану дій');
    expect(it.parsed.text).not.toContain('просимо повідомити');
    expect(it.parsed.text).not.toMatch(/повідом\S* відділ інформаційно/);
    // Nor in its table: the row asks it to do the task, not to report on it.
    expect(it.parsed.text).toContain('   Що потрібно зробити: Виконати завдання.\n');
    expect(it.parsed.text).not.toMatch(/повідомити/);
    expect(String(it.parsed.html)).not.toMatch(/повідомити/);
    // Another unit is still asked to do it or to report.
    expect(bySteward(await notify(open())).finance.parsed.text).toContain('Що потрібно зробити: Виконати завдання або повідомити про стан його виконання.');
  });

  it('stores each message in the outbox together with what it tells each steward', async () => {
    const app = open();
    await notify(app);
    // finance: budget + m.1; hr: vacancies + m.1; it: m.1.
    expect([count(app.db, 'outbox'), count(app.db, 'finding_notices')]).toEqual([3, 5]);
    const keys = app.db.prepare('SELECT DISTINCT last_outbox_key FROM finding_notices ORDER BY 1').pluck().all();
    const outboxKeys = app.db.prepare("SELECT key FROM outbox WHERE status = 'sent' ORDER BY 1").pluck().all();
    expect(keys).toEqual(outboxKeys);
  });

  it('shows a dataset title holding HTML escaped in the HTML part and verbatim in the text part', async () => {
    const app = open();
    const hr = bySteward(await notify(app)).hr;
    const html = String(hr.parsed.html);
    expect(html).not.toContain('<script>');
    expect(html).toContain('«&lt;script&gt;alert(1)&lt;&#x2F;script&gt; Перелік вакансій»');
    expect(hr.parsed.text).toContain(`Набір даних: «${SCRIPT_TITLE}»\n   Стан: Прострочено оновлення`);
  });

  it('sends nothing when run again at the same moment', async () => {
    const app = open();
    expect(await notify(app)).toHaveLength(3);
    expect(await notify(app)).toEqual([]);
    expect(count(app.db, 'outbox')).toBe(3);
  });

  it('sends nothing 6 days later and repeats the same items 7 days later', async () => {
    const app = open({ datasets: DATASETS.filter((d) => d[0] !== 'vacancies') });
    const first = bySteward(await notify(app));
    expect(await notify(app, day(6))).toEqual([]);
    const repeat = bySteward(await notify(app, day(7)));
    expect(Object.keys(repeat).sort()).toEqual(['finance', 'hr', 'it']);
    expect(repeat.finance.parsed.subject).toBe('Відкриті дані: 2 невиконані пункти — Фінансове управління (станом на 08.07.2019)');
    expect(repeat.finance.parsed.text).toContain('Нагадуємо, що станом на 08.07.2019 для розпорядника «Фінансове управління» залишаються невиконаними такі пункти, про які вам повідомляли раніше.');
    expect(repeat.finance.parsed.text).toContain('1. Набір даних: «Бюджет міста»');
    expect(repeat.finance.parsed.text).toContain('Уперше повідомлено 01.07.2019.');
    expect(repeat.finance.parsed.messageId).not.toBe(first.finance.parsed.messageId);
    expect(await notify(app, day(8))).toEqual([]);
  });

  it('copies the head of the unit once an item has stayed open 30 days after its first notice, and not before', async () => {
    const app = open();
    // Told on 01.07 and repeated every 7 days; «Перелік вакансій» is 27 days overdue on 01.07, 57 on 31.07.
    for (const d of [0, 7, 14, 21, 28]) {
      const mail = await notify(app, day(d));
      expect({ d, cc: mail.flatMap(ccOf) }).toEqual({ d, cc: [] });
      expect(mail.map(stewardOf).sort()).toEqual(['finance', 'hr', 'it']);
    }
    expect(await notify(app, day(29))).toEqual([]);
    const escalated = bySteward(await notify(app, day(30)));
    expect(Object.keys(escalated).sort()).toEqual(['finance', 'hr', 'it']);
    const hr = escalated.hr;
    expect(ccOf(hr)).toEqual([HEADS.hr]);
    expect(ccOf(escalated.finance)).toEqual([HEADS.finance]);
    expect(ccOf(escalated.it)).toEqual([]);
    // The unit without a head's address: escalated all the same, but the letter claims no copy nobody got.
    expect(escalated.it.parsed.subject).not.toContain('копія керівникові');
    expect(escalated.it.parsed.text).not.toContain('керівникові');
    expect(String(escalated.it.parsed.html)).not.toContain('керівникові');
    expect([...hr.envelopeTo].sort()).toEqual([...ADDRESSES.hr, HEADS.hr].sort());
    expect(hr.parsed.subject).toBe('Відкриті дані: 2 невиконані пункти — Відділ кадрової роботи (станом на 31.07.2019); копія керівникові');
    expect(hr.parsed.text).toContain('Копію листа надіслано керівникові підрозділу, оскільки пункти № 1, 2 залишаються невиконаними 30 днів і більше після першого повідомлення.');
    expect(hr.parsed.text).toContain('Уперше повідомлено 01.07.2019.');
    expect(await notify(app, day(31))).toEqual([]);
  });

  it('copies no head on the first run over an old backlog, however long overdue', async () => {
    const app = open({ datasets: DATASETS.map((d) => (d[0] === 'vacancies' ? [...d.slice(0, 4), '2012-05-04', ...d.slice(5)] : d)) });
    const first = bySteward(await notify(app, kyiv('2025-06-02T09:00')));
    expect(first.hr.parsed.text).toContain('прострочення: 4746 днів');
    expect(first.hr.parsed.text).toContain('прострочення: 2164 дні');
    expect(Object.values(first).flatMap(ccOf)).toEqual([]);
    expect(first.hr.parsed.text).not.toContain('керівникові');
  });

  it('tells the steward once that an updated dataset is resolved, and then never mentions it again', async () => {
    const app = open();
    await notify(app);
    importRows(app, 'datasets', DATASET_COLUMNS, [['budget', 'Бюджет міста', 'finance', 'once a month', '2019-07-02', 'yes', 'budget-2019', '']], day(1));
    const resolved = await notify(app, day(1));
    expect(resolved.map(stewardOf)).toEqual(['finance']);
    const m = resolved[0];
    expect(m.parsed.subject).toBe('Відкриті дані: 1 пункт усунено — Фінансове управління (станом на 02.07.2019)');
    expect(m.parsed.text).toContain('Повідомляємо, що станом на 02.07.2019 усунено пункт, про який вам повідомляли раніше. Дякуємо за виконання.\n\n1. Набір даних: «Бюджет міста» — усунено 02.07.2019\n');
    expect(m.parsed.text).not.toContain('Що потрібно зробити');
    expect(m.parsed.text).not.toContain('просимо повідомити');
    expect(String(m.parsed.html)).toContain('>Усунено</th>');
    expect(await notify(app, day(2))).toEqual([]);
    const week = bySteward(await notify(app, day(7)));
    expect(week.finance.parsed.text).toContain('Завдання m.1 Плану дій');
    expect(week.finance.parsed.text).not.toContain('Бюджет міста');
  });

  it('gives a plan task of "Розпорядники наборів відкритих даних" to every steward with an e-mail address', async () => {
    const app = open();
    const mail = bySteward(await notify(app));
    const row =
      'Завдання m.1 Плану дій: «Оприлюднити графік оновлення наборів даних»\n   Стан: Прострочено.\n   Строк: 30.06.2019 (II квартал 2019 року); прострочення: 1 день\n';
    expect(Object.keys(mail).sort()).toEqual(['finance', 'hr', 'it']);
    for (const id of ['finance', 'hr']) expect(mail[id].parsed.text).toContain(`${row}   Що потрібно зробити: Виконати завдання або повідомити про стан його виконання.\n`);
    // The IT department sends the notices: it is asked to do the task, not to report on it to itself.
    expect(mail.it.parsed.text).toContain(`${row}   Що потрібно зробити: Виконати завдання.\n`);
    expect(mail.it.parsed.subject).toBe("Відкриті дані: 1 невиконаний пункт — Відділ інформаційно-комп'ютерного забезпечення (станом на 01.07.2019)");
  });

  it('sends nothing to a steward without an e-mail address and names it in the digest instead', async () => {
    const app = open();
    const mail = await notify(app);
    expect(mail.flatMap((m) => m.envelopeTo).filter((a) => a.includes('econom'))).toEqual([]);
    const mark = server.messages.length;
    await runDigest(app, NOW);
    const digest = server.messages.slice(mark);
    expect(digest.map((m) => m.envelopeTo)).toEqual([[IT_HEAD]]);
    const text = digest[0].parsed.text ?? '';
    expect(text).toContain(
      'КОМУ НЕМОЖЛИВО ПОВІДОМИТИ (немає адреси e-mail): 1\n- Департамент з питань економічного розвитку, торгівлі та інвестицій (economy): відкритих пунктів — 3',
    );
    expect(text).not.toMatch(/НЕМОЖЛИВО ПОВІДОМИТИ[\s\S]*Фінансове управління/);
  });

  it('does not thank a steward for a plan task that went from due soon to overdue', async () => {
    const app = open({
      stewards: STEWARDS.slice(0, 1),
      datasets: [],
      plan: [['monitoring-2019', '2019', 'm.2', 'Моніторинг', 'Провести навчання', 'III квартал 2019 року', 'finance', '']],
    });
    const reminder = await notify(app, kyiv('2019-09-26T09:00'));
    expect(reminder[0].parsed.text).toContain('1. Завдання m.2 Плану дій: «Провести навчання»\n   Стан: Наближається термін.\n   Строк: 30.09.2019 (III квартал 2019 року); прострочення: —\n');
    const overdue = await notify(app, kyiv('2019-10-01T09:00'));
    expect(overdue).toHaveLength(1);
    expect(overdue[0].parsed.subject).toBe('Відкриті дані: 1 невиконаний пункт — Фінансове управління (станом на 01.10.2019)');
    expect(overdue[0].parsed.text).toContain('1. Завдання m.2 Плану дій: «Провести навчання»\n   Стан: Прострочено.\n   Строк: 30.09.2019 (III квартал 2019 року); прострочення: 1 день\n');
    expect(overdue[0].parsed.text).not.toContain('усунено');
    expect(await notify(app, kyiv('2019-10-02T09:00'))).toEqual([]);
  });

  it('stores no message and no notice record at all when one message cannot be stored', async () => {
    const app = open();
    // A real failure inside the enqueue transaction: the database refuses the notice to "it", the last of three.
    app.db.exec(
      `CREATE TEMP TRIGGER refuse_it BEFORE INSERT ON main.outbox WHEN NEW.steward_id = 'it'
       BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END`,
    );
    const outcome = await runNotify(app, NOW).then(
      (r) => `sent ${r.messages.length} message(s)`,
      (e: unknown) => `refused: ${(e as Error).message}`,
    );
    expect(outcome).toBe('refused: disk full (simulated)');
    expect([count(app.db, 'outbox'), count(app.db, 'finding_notices')]).toEqual([0, 0]);
    app.db.exec('DROP TRIGGER refuse_it');
    expect((await notify(app, NOW)).map(stewardOf).sort()).toEqual(['finance', 'hr', 'it']);
  });

  it('follows ODMON_REPEAT_DAYS and ODMON_ESCALATE_AFTER_DAYS', async () => {
    const app = open(undefined, { ODMON_REPEAT_DAYS: '3', ODMON_ESCALATE_AFTER_DAYS: '10' });
    const first = bySteward(await notify(app));
    expect([ccOf(first.hr), ccOf(first.finance)]).toEqual([[], []]);
    expect(first.finance.parsed.text).toContain('Доки пункти не буде виконано, нагадування надходитимуть кожні 3 дні.\n');
    expect(await notify(app, day(2))).toEqual([]);
    expect((await notify(app, day(3))).map(stewardOf).sort()).toEqual(['finance', 'hr', 'it']);
    expect(await notify(app, day(9))).toHaveLength(3);
    // 10 days after the first notice the heads are copied.
    const tenth = bySteward(await notify(app, day(10)));
    expect([ccOf(tenth.hr), ccOf(tenth.finance)]).toEqual([[HEADS.hr], [HEADS.finance]]);
    expect(tenth.hr.parsed.text).toContain('залишаються невиконаними 10 днів і більше після першого повідомлення.');
  });

  it('in trial mode sends everything to one address, naming the recipients and the copied head, and records nothing', async () => {
    // escalateAfterDays 0: heads are copied from the first notice.
    const app = open(undefined, { ODMON_ESCALATE_AFTER_DAYS: '0' });
    const mark = server.messages.length;
    const run = await runNotify(app, day(4), { redirectTo: 'trial@example.org' });
    const mail = server.messages.slice(mark);
    expect(run.mode).toBe('trial');
    expect(mail.map((m) => m.envelopeTo)).toEqual([['trial@example.org'], ['trial@example.org'], ['trial@example.org']]);
    expect(mail.map((m) => ccOf(m))).toEqual([[], [], []]);
    expect(mail[1].parsed.subject).toBe(`[перевірка; для: kadry@example.org, копія ${HEADS.hr}] Відкриті дані: 2 невиконані пункти — Відділ кадрової роботи (станом на 05.07.2019); копія керівникові`);
    expect(count(app.db, 'finding_notices')).toBe(0);
    expect((await notify(app, day(4))).map(stewardOf).sort()).toEqual(['finance', 'hr', 'it']);
  });

  it('in trial mode leaves the real queue alone: a real notice waiting in the outbox is not sent by the trial', async () => {
    const app = open();
    // A real notice is queued but not yet due (as after a failed attempt): only a real run may send it.
    app.db.prepare(
      `INSERT INTO outbox(key, kind, steward_id, message_id, from_addr, to_addrs, subject, text, status, attempts, next_attempt_at, created_at)
       VALUES ('notice:finance:run-0', 'notice', 'finance', '<x@example.gov.ua>', 'a@example.gov.ua', '["budget@example.org"]', 's', 't', 'pending', 1, '2000-01-01T00:00:00.000Z', '2000-01-01T00:00:00.000Z')`,
    ).run();
    const mark = server.messages.length;
    await runNotify(app, day(4), { redirectTo: 'trial@example.org' });
    expect(server.messages.slice(mark).every((m) => m.envelopeTo.join() === 'trial@example.org')).toBe(true);
    expect(app.db.prepare(`SELECT status FROM outbox WHERE key = 'notice:finance:run-0'`).pluck().get()).toBe('pending');
  });

  it('writes the notices as .eml files into ODMON_OUTBOX_DIR when no SMTP server is configured', async () => {
    const app = open(undefined, { ODMON_SMTP_URL: '', ODMON_OUTBOX_DIR: 'mail-out' });
    const mark = server.messages.length;
    const run = await runNotify(app, NOW);
    const dir = path.join(path.dirname(app.config.db), 'mail-out');
    expect(run.target).toBe(`тека ${dir}`);
    expect(run.delivery).toMatchObject({ sent: 3, remaining: 0 });
    expect(server.messages.length).toBe(mark);
    const files = fs.readdirSync(dir).sort();
    expect(files.map((f) => f.replace(/^\d{8}-\d{6}-/, '').replace(/run-\d+/, 'run-N'))).toEqual([
      'notice_finance_run-N.eml',
      'notice_hr_run-N.eml',
      'notice_it_run-N.eml',
    ]);
    const parsed = await simpleParser(fs.readFileSync(path.join(dir, files[0])));
    expect(parsed.subject).toBe('Відкриті дані: 2 невиконані пункти — Фінансове управління (станом на 01.07.2019)');
    expect(parsed.messageId).toBe(listOutbox(app.db)[0].messageId);
  });

  it('refuses to make a digest nobody would receive, naming the setting', async () => {
    const app = open(undefined, { ODMON_IT_HEAD: '' });
    const error = await runDigest(app, NOW).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OdmonError);
    expect([(error as OdmonError).code, (error as OdmonError).message]).toEqual(['E_CONFIG', 'зведення нема кому надіслати: не вказано mail.itHead']);
    expect(count(app.db, 'outbox')).toBe(0);
  });
});
