import type { App } from '../../src/app';
import { runDigest, runNotify } from '../../src/app';
import { TestSmtpServer, type ReceivedMail } from '../helpers/smtp';
import { ADDRESSES, HEADS, IT_HEAD, day, makeRoot, openRegister, removeRoot, scenario } from './register';

jest.setTimeout(60_000);

let root: string;
let server: TestSmtpServer;
let app: App;
/** Day number (0 = 01.07.2019) → what arrived after that day's run. */
const arrived = new Map<number, ReceivedMail[]>();

/** Five weeks of a daily `odmon notify` at 09:00, and the weekly digest every 7th day, nothing fixed meanwhile. */
beforeAll(async () => {
  root = makeRoot('weeks');
  server = await TestSmtpServer.start();
  app = openRegister(scenario(root, 'weeks', server.port));
  for (let d = 0; d < 35; d++) {
    const mark = server.messages.length;
    await runNotify(app, day(d));
    if (d % 7 === 0) await runDigest(app, day(d));
    arrived.set(d, server.messages.slice(mark));
  }
});
afterAll(async () => {
  app?.close();
  await server?.stop();
  removeRoot(root);
});

/** The days on which mail reached `address`, and with whom copied. */
function daysFor(address: string): number[] {
  return [...arrived].filter(([, mail]) => mail.some((m) => m.envelopeTo.includes(address))).map(([d]) => d);
}

function mailTo(address: string, d: number): ReceivedMail {
  const m = (arrived.get(d) ?? []).find((x) => x.envelopeTo.includes(address));
  if (!m) throw new Error(`no mail to ${address} on day ${d}`);
  return m;
}

describe('five weeks of daily notify runs with nothing fixed', () => {
  it('tells a steward whose items stay open every 7 days, and once more when its head is copied 30 days after the first notice', () => {
    expect(daysFor(ADDRESSES.finance[0])).toEqual([0, 7, 14, 21, 28, 30]);
    expect(daysFor(ADDRESSES.finance[1])).toEqual([0, 7, 14, 21, 28, 30]);
    expect(daysFor(ADDRESSES.hr[0])).toEqual([0, 7, 14, 21, 28, 30]);
    expect(daysFor(ADDRESSES.it[0])).toEqual([0, 7, 14, 21, 28, 30]);
  });

  it('sends each steward at most one message a day', () => {
    for (const [d, mail] of arrived) {
      const notices = mail.filter((m) => !m.envelopeTo.includes(IT_HEAD));
      const stewards = notices.map((m) => m.envelopeTo.find((a) => !Object.values(HEADS).includes(a as never)));
      expect({ d, stewards: new Set(stewards).size }).toEqual({ d, stewards: notices.length });
    }
  });

  it('copies the heads from day 30 on, counting from the first notice and not from the deadline, and restarts the 7-day cycle there', () => {
    // «Перелік вакансій» was already 27 days overdue on day 0: its head is copied 30 days after the first notice.
    expect(daysFor(HEADS.hr)).toEqual([30]);
    expect(daysFor(HEADS.finance)).toEqual([30]);
    expect(mailTo(ADDRESSES.hr[0], 28).parsed.text).not.toContain('керівникові');
    expect(mailTo(ADDRESSES.hr[0], 30).parsed.text).toContain('Копію листа надіслано керівникові підрозділу, оскільки пункти № 1, 2 залишаються невиконаними 30 днів і більше після першого повідомлення.');
    expect(mailTo(ADDRESSES.hr[0], 30).parsed.subject).toBe('Відкриті дані: 2 невиконані пункти — Відділ кадрової роботи (станом на 31.07.2019); копія керівникові');
  });

  it('sends exactly 6 notices to finance, it and hr, and none to economy, in 35 days', () => {
    const all = [...arrived.values()].flat();
    const to = (a: string): number => all.filter((m) => m.envelopeTo.includes(a)).length;
    expect({
      finance: to(ADDRESSES.finance[0]),
      it: to(ADDRESSES.it[0]),
      hr: to(ADDRESSES.hr[0]),
      economy: all.filter((m) => m.envelopeTo.some((a) => a.includes('econom'))).length,
    }).toEqual({ finance: 6, it: 6, hr: 6, economy: 0 });
  });

  it('sends the weekly digest every 7th day, each to the IT head', () => {
    expect(daysFor(IT_HEAD)).toEqual([0, 7, 14, 21, 28]);
    expect(mailTo(IT_HEAD, 14).parsed.subject).toBe('Щотижневий огляд стану оприлюднення відкритих даних за 08–14.07.2019 — 5 відкритих пунктів, з них 2 важливі');
  });

  it('matches the repeat count recorded for each item', () => {
    const rows = app.db
      .prepare("SELECT f.subject_id || '/' || n.steward_id AS k, n.count FROM finding_notices n JOIN findings f ON f.id = n.finding_id ORDER BY k")
      .all();
    expect(rows).toEqual([
      { k: 'budget/finance', count: 6 },
      { k: 'm.1/finance', count: 6 },
      { k: 'm.1/hr', count: 6 },
      { k: 'm.1/it', count: 6 },
      { k: 'vacancies/hr', count: 6 },
    ]);
  });
});
