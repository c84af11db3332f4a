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

/** Three weeks of a daily `odmon notify` at 09:00, and the weekly digest every 7th day, nothing fixed meanwhile. */
beforeAll(async () => {
  root = makeRoot('weeks');
  server = await TestSmtpServer.start();
  app = openRegister(scenario(root, 'weeks', server.port));
  for (let d = 0; d < 21; d++) {
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

describe('three weeks of daily notify runs with nothing fixed', () => {
  it('tells a steward whose items stay overdue on days 0, 7 and 14 only', () => {
    expect(daysFor(ADDRESSES.finance[0])).toEqual([0, 7, 14]);
    expect(daysFor(ADDRESSES.finance[1])).toEqual([0, 7, 14]);
    expect(daysFor(ADDRESSES.it[0])).toEqual([0, 7, 14]);
  });

  it('sends each steward at most one message a day', () => {
    for (const [d, mail] of arrived) {
      const notices = mail.filter((m) => !m.envelopeTo.includes(IT_HEAD));
      const stewards = notices.map((m) => m.envelopeTo.find((a) => !Object.values(HEADS).includes(a as never)));
      expect({ d, stewards: new Set(stewards).size }).toEqual({ d, stewards: notices.length });
    }
  });

  it('keeps each item on its own schedule: an escalation on day 4 starts a new 7-day cycle for that item', () => {
    // hr: day 0 both items; day 4 «Перелік вакансій» escalates (31 days overdue); the plan task repeats on
    // days 7 and 14, the dataset on days 11 and 18.
    expect(daysFor(ADDRESSES.hr[0])).toEqual([0, 4, 7, 11, 14, 18]);
    expect(daysFor(HEADS.hr)).toEqual([4, 11, 18]);
    expect(mailTo(ADDRESSES.hr[0], 7).parsed.text).toContain('Завдання m.1 плану дій');
    expect(mailTo(ADDRESSES.hr[0], 7).parsed.text).not.toContain('Перелік вакансій');
    expect(mailTo(ADDRESSES.hr[0], 11).parsed.text).toContain('[ПРОСТРОЧЕНО ДОВГО]');
    expect(mailTo(ADDRESSES.hr[0], 11).parsed.text).not.toContain('m.1');
  });

  it('never copies the head of a unit whose items are not more than 30 days overdue', () => {
    expect(daysFor(HEADS.finance)).toEqual([]);
  });

  it('sends exactly 3 notices to finance, 3 to it, 6 to hr and none to economy in 21 days', () => {
    const all = [...arrived.values()].flat();
    const to = (a: string): number => all.filter((m) => m.envelopeTo.includes(a)).length;
    expect({
      finance: to(ADDRESSES.finance[0]),
      it: to(ADDRESSES.it[0]),
      hr: to(ADDRESSES.hr[0]),
      economy: all.filter((m) => m.envelopeTo.some((a) => a.includes('econom'))).length,
    }).toEqual({ finance: 3, it: 3, hr: 6, economy: 0 });
  });

  it('sends the weekly digest on days 0, 7 and 14, each to the IT head', () => {
    expect(daysFor(IT_HEAD)).toEqual([0, 7, 14]);
    expect(mailTo(IT_HEAD, 14).parsed.subject).toBe('Відкриті дані: щотижневий звіт станом на 15.07.2019 — 5 відкритих порушень, з них 2 важливі');
  });

  it('matches the repeat count recorded for each item', () => {
    const rows = app.db
      .prepare("SELECT f.subject_id || '/' || n.steward_id AS k, n.count FROM finding_notices n JOIN findings f ON f.id = n.finding_id ORDER BY k")
      .all();
    expect(rows).toEqual([
      { k: 'budget/finance', count: 3 },
      { k: 'm.1/finance', count: 3 },
      { k: 'm.1/hr', count: 3 },
      { k: 'm.1/it', count: 3 },
      { k: 'vacancies/hr', count: 4 },
    ]);
  });
});
