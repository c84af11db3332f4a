import type { App } from '../../src/app';
import { deliverQueued, runNotify } from '../../src/app';
import { listOutbox } from '../../src/store/outbox';
import { toStoredInstant } from '../../src/time/days';
import { TestSmtpServer } from '../helpers/smtp';
import { ADDRESSES, NOW, count, makeRoot, openRegister, removeRoot, scenario } from './register';

jest.setTimeout(20_000);

let root: string;
let server: TestSmtpServer;
let app: App;

beforeAll(async () => {
  root = makeRoot('delivery');
  server = await TestSmtpServer.start();
  app = openRegister(scenario(root, 'outage', server.port));
  // The mail server is down when notify runs.
  await server.stop();
});
afterAll(async () => {
  app?.close();
  await server?.stop();
  removeRoot(root);
});

const at = (minutes: number): string => toStoredInstant(NOW.plus({ minutes }));

describe('notify while the SMTP server is down, then up again', () => {
  it('keeps every notice pending, and what it tells recorded, when the server cannot be reached', async () => {
    const run = await runNotify(app, NOW);
    expect(run.delivery).toMatchObject({ sent: 0, retried: 3, failed: 0, remaining: 3 });
    const pending = listOutbox(app.db);
    expect(pending.map((m) => [m.stewardId, m.status, m.attempts, m.nextAttemptAt])).toEqual([
      ['finance', 'pending', 1, at(1)],
      ['hr', 'pending', 1, at(1)],
      ['it', 'pending', 1, at(1)],
    ]);
    const refused = `не вдалося з’єднатися із сервером SMTP («smtp://127.0.0.1:${server.port}: connect ECONNREFUSED 127.0.0.1:${server.port}», ESOCKET/ECONNREFUSED)`;
    expect(pending.map((m) => m.lastError)).toEqual([refused, refused, refused]);
    expect(count(app.db, 'finding_notices')).toBe(5);
  });

  it('waits longer after each failed attempt: 1, then 5, then 30 minutes', async () => {
    await deliverQueued(app, NOW.plus({ minutes: 1 }));
    expect(listOutbox(app.db).map((m) => [m.attempts, m.nextAttemptAt])).toEqual(Array(3).fill([2, at(6)]));
    await deliverQueued(app, NOW.plus({ minutes: 6 }));
    expect(listOutbox(app.db).map((m) => [m.attempts, m.nextAttemptAt])).toEqual(Array(3).fill([3, at(36)]));
  });

  it('does not send before the next attempt is due, even with the server back', async () => {
    await server.restart();
    const early = await deliverQueued(app, NOW.plus({ minutes: 35 }));
    expect(early.delivery).toMatchObject({ sent: 0, retried: 0, remaining: 3 });
    expect(server.messages).toEqual([]);
  });

  it('delivers each notice exactly once when it is due, under its stored Message-ID', async () => {
    const later = await deliverQueued(app, NOW.plus({ minutes: 36 }));
    expect(later.delivery).toMatchObject({ sent: 3, retried: 0, failed: 0, remaining: 0 });
    await deliverQueued(app, NOW.plus({ hours: 2 }));
    const rerun = await runNotify(app, NOW.plus({ hours: 2 }));
    expect(rerun.messages).toEqual([]);
    expect(server.messages.map((m) => m.envelopeTo[0]).sort()).toEqual([ADDRESSES.finance[0], ADDRESSES.hr[0], ADDRESSES.it[0]].sort());
    expect(server.messages.map((m) => m.parsed.messageId).sort()).toEqual(listOutbox(app.db).map((m) => m.messageId).sort());
    expect(listOutbox(app.db).map((m) => [m.status, m.attempts, m.lastError])).toEqual(Array(3).fill(['sent', 4, null]));
  });
});
