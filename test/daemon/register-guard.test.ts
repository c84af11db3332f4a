/**
 * The sanity guard of runNotify: an empty register, or one that shrank by more than half since the last
 * notices, holds the steward notices back and tells the IT head why. A broken import is simulated by deleting
 * rows directly, since an import never deletes.
 */
import type { DateTime } from 'luxon';
import { runNotify, type App, type MailRunReport } from '../../src/app';
import { countDatasets } from '../../src/store/datasets';
import { getMeta } from '../../src/store/db';
import { TestSmtpServer, type ReceivedMail } from '../helpers/smtp';
import { ADDRESSES, IT_HEAD, NOW, count, day, makeRoot, openRegister, removeRoot, scenario } from '../notify/register';

jest.setTimeout(20_000);

let root: string;
let server: TestSmtpServer;
const apps: App[] = [];

beforeAll(async () => {
  root = makeRoot('guard');
  server = await TestSmtpServer.start();
});
afterAll(async () => {
  for (const a of apps) a.close();
  await server.stop();
  removeRoot(root);
});

let scenarios = 0;
function open(env: Record<string, string> = {}): App {
  const app = openRegister(scenario(root, `g${++scenarios}`, server.port), {}, env);
  apps.push(app);
  return app;
}

/** Runs notify as of `now` and returns its report and what the server received meanwhile. */
async function notify(app: App, now: DateTime, opts: { force?: boolean } = {}): Promise<{ report: MailRunReport; mail: ReceivedMail[] }> {
  const mark = server.messages.length;
  const report = await runNotify(app, now, opts);
  return { report, mail: server.messages.slice(mark) };
}

/** The reachable steward a message went to, or `it-head`. */
function recipientOf(m: ReceivedMail): string {
  const to = m.envelopeTo.join(',');
  if (to === IT_HEAD) return 'it-head';
  const found = Object.entries(ADDRESSES).find(([, list]) => list.every((a) => to.includes(a)));
  return found ? found[0] : `unknown: ${to}`;
}

/** Deletes datasets, the not-required ones first, until `keep` are left. */
function shrinkRegister(app: App, keep: number): void {
  const ids = app.db.prepare('SELECT id FROM datasets ORDER BY required, id').pluck().all() as string[];
  const del = app.db.prepare('DELETE FROM datasets WHERE id = ?');
  for (const id of ids.slice(0, Math.max(0, ids.length - keep))) del.run(id);
  expect(countDatasets(app.db)).toBe(keep);
}

describe('the sanity guard of runNotify', () => {
  it('holds back steward notices when the register shrank by more than half, tells the IT head why, and sends with force', async () => {
    const app = open();
    const first = await notify(app, NOW);
    expect(first.report.heldBack).toBeUndefined();
    expect(first.mail.map(recipientOf).sort()).toEqual(['finance', 'hr', 'it']);
    const before = countDatasets(app.db);
    expect(getMeta(app.db, 'register_size_at_last_notice')).toBe(String(before));

    // A broken import: only the council's own four datasets are left of the register.
    app.db.prepare('DELETE FROM datasets WHERE steward_id IS NULL').run();
    expect(countDatasets(app.db)).toBe(4);
    const reason = `реєстр наборів даних зменшився більш ніж удвічі: було ${before}, стало 4`;

    // A week later the notices would be repeated; they are held back instead.
    const held = await notify(app, day(7));
    expect(held.report.heldBack).toBe(reason);
    expect(held.report.delivery).toEqual(expect.objectContaining({ sent: 1, failed: 0 }));
    expect(held.mail.map(recipientOf)).toEqual(['it-head']);
    const guard = held.mail[0].parsed;
    expect(guard.subject).toBe('Відкриті дані: повідомлення розпорядникам не надіслано — перевірте реєстр (08.07.2019)');
    expect(guard.text).toContain(`Причина: ${reason}.`);
    expect(guard.text).toContain(`(база даних ${app.config.db})`);
    expect(guard.text).toContain('npx odmon notify --force');
    expect(guard.html).toContain(`Причина: ${reason}.</p>`);
    // The size to compare with stays the one of the last notices that went out.
    expect(getMeta(app.db, 'register_size_at_last_notice')).toBe(String(before));

    const forced = await notify(app, day(7), { force: true });
    expect(forced.report.heldBack).toBeUndefined();
    expect(forced.mail.map(recipientOf).sort()).toEqual(['finance', 'hr', 'it']);
    // Forcing accepts the new size: the next run compares with 4.
    expect(getMeta(app.db, 'register_size_at_last_notice')).toBe('4');
    const next = await notify(app, day(14));
    expect(next.report.heldBack).toBeUndefined();
    expect(next.mail.map(recipientOf).sort()).toEqual(['finance', 'hr', 'it']);
  });

  it('is a letter like the notices: the closing «З повагою», the executor line, and the Reply-To of the contact person', async () => {
    const app = openRegister(
      scenario(root, `g${++scenarios}`, server.port, { org: { contact: { name: 'Ірина Коваль', phone: '(0522) 00-00-00', email: 'opendata@example.gov.ua' } } }),
      {},
    );
    apps.push(app);
    app.db.prepare('DELETE FROM datasets').run();
    const held = await notify(app, NOW);
    expect(held.mail.map(recipientOf)).toEqual(['it-head']);
    const guard = held.mail[0].parsed;
    expect(guard.replyTo?.value).toEqual([{ address: 'opendata@example.gov.ua', name: '' }]);
    const closing = "З повагою\nВідділ інформаційно-комп'ютерного забезпечення\nКропивницька міська рада\n\nВиконавець: Ірина Коваль, тел. (0522) 00-00-00, opendata@example.gov.ua\n";
    expect(guard.text).toContain(closing);
    expect(String(guard.html)).toContain("З повагою<br>\nВідділ інформаційно-комп&#39;ютерного забезпечення<br>\nКропивницька міська рада</p>");
    expect(String(guard.html)).toContain('Виконавець: Ірина Коваль, тел. (0522) 00-00-00, opendata@example.gov.ua');
  });

  it('holds back the notices of an empty register, even on the first run', async () => {
    const app = open();
    app.db.prepare('DELETE FROM datasets').run();
    const held = await notify(app, NOW);
    expect(held.report.heldBack).toBe('реєстр наборів даних порожній');
    expect(held.mail.map(recipientOf)).toEqual(['it-head']);
    expect(held.mail[0].parsed.text).toContain('Причина: реєстр наборів даних порожній');
    // Without a contact person: the closing all the same, no executor line, no Reply-To.
    expect(held.mail[0].parsed.text).toContain("З повагою\nВідділ інформаційно-комп'ютерного забезпечення\nКропивницька міська рада\n\nЛист сформовано автоматично");
    expect(held.mail[0].parsed.replyTo).toBeUndefined();
    expect(count(app.db, 'finding_notices')).toBe(0);
    expect(getMeta(app.db, 'register_size_at_last_notice')).toBeNull();
  });

  it('holds back the notices and sends nothing at all when no IT head is set', async () => {
    const app = open({ ODMON_IT_HEAD: '' });
    app.db.prepare('DELETE FROM datasets').run();
    const held = await notify(app, NOW);
    expect(held.report.heldBack).toBe('реєстр наборів даних порожній');
    expect(held.report.messages).toEqual([]);
    expect(held.mail).toEqual([]);
    expect(count(app.db, 'outbox')).toBe(0);
  });

  // [what, datasets kept of the size at the last notices (as a function of it), held back]
  const shrink: [string, (before: number) => number, boolean][] = [
    ['sends when the register kept exactly half', (n) => Math.ceil(n / 2), false],
    ['holds back when it kept one less than half', (n) => Math.ceil(n / 2) - 1, true],
    ['sends when the register only lost one dataset', (n) => n - 1, false],
    ['holds back when a single dataset is left', () => 1, true],
  ];
  it.each(shrink)('%s', async (_what, keepOf, heldBack) => {
    const app = open();
    await notify(app, NOW);
    const before = countDatasets(app.db);
    const keep = keepOf(before);
    shrinkRegister(app, keep);
    const { report, mail } = await notify(app, day(7));
    if (heldBack) {
      expect(report.heldBack).toBe(`реєстр наборів даних зменшився більш ніж удвічі: було ${before}, стало ${keep}`);
      expect(mail.map(recipientOf)).toEqual(['it-head']);
    } else {
      expect(report.heldBack).toBeUndefined();
      expect(mail.map(recipientOf)).not.toContain('it-head');
      expect(getMeta(app.db, 'register_size_at_last_notice')).toBe(String(keep));
    }
  });

  it('a dry run reports the hold-back without sending or recording anything', async () => {
    const app = open();
    app.db.prepare('DELETE FROM datasets').run();
    const mark = server.messages.length;
    const report = await runNotify(app, NOW, { dryRun: true });
    expect(report.mode).toBe('dry-run');
    expect(report.heldBack).toBe('реєстр наборів даних порожній');
    expect(report.messages.map((m) => m.to)).toEqual([[IT_HEAD]]);
    expect(server.messages.length).toBe(mark);
    expect(count(app.db, 'outbox')).toBe(0);
  });
});
