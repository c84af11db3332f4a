/**
 * The daemon with its real jobs (notify and digest, as `odmon notify` and `odmon digest` run them), a fake
 * clock, the register of test/notify/register.ts and a real SMTP server that requires a login: what it sends,
 * and what it logs — counts per run, and never the password of ODMON_SMTP_URL.
 */
import fs from 'node:fs';
import { loadConfig } from '../../src/config/config';
import { Daemon } from '../../src/daemon/daemon';
import { jsonLogger } from '../../src/log';
import { TestSmtpServer, type ReceivedMail } from '../helpers/smtp';
import type { App } from '../../src/app';
import { CONFIG_FILE, IT_HEAD, makeRoot, openRegister, removeRoot, scenario, type Scenario } from '../notify/register';
import { kyiv, FakeClock } from '../helpers/clock';

jest.setTimeout(20_000);

const USER = 'odmon';
const PASSWORD = 'pa55:w@rd/S3cret';
const ENCODED = encodeURIComponent(PASSWORD);

let root: string;
let server: TestSmtpServer;
const daemons: Daemon[] = [];

beforeAll(async () => {
  root = makeRoot('daemon-mail');
  server = await TestSmtpServer.start({ auth: { user: USER, password: PASSWORD } });
});
afterEach(async () => {
  await Promise.all(daemons.splice(0).map((d) => d.stop('test over')));
});
afterAll(async () => {
  await server.stop();
  removeRoot(root);
});

let scenarios = 0;

/** The register in a new database, a config whose heartbeat never comes during a test, and the SMTP URL given. */
function prepared(smtpUrl: string, change: (app: App) => void = () => undefined): { s: Scenario; env: Record<string, string> } {
  const s = scenario(root, `m${++scenarios}`, server.port);
  fs.writeFileSync(s.env.ODMON_CONFIG, JSON.stringify({ ...CONFIG_FILE, schedule: { heartbeat: '0 0 1 1 *' } }));
  const env = { ...s.env, ODMON_SMTP_URL: smtpUrl };
  const app = openRegister(s, {}, env);
  try {
    change(app);
  } finally {
    app.close();
  }
  return { s, env };
}

interface Run {
  readonly lines: string[];
  readonly events: Record<string, unknown>[];
  readonly mail: ReceivedMail[];
}

/** Starts the daemon on Monday 01.07.2019 just before 09:00, wakes it at 09:00, and stops it. */
async function mondayMorning(env: Record<string, string>, cwd: string): Promise<Run> {
  const mark = server.messages.length;
  const lines: string[] = [];
  const config = loadConfig({ env, cwd });
  const clock = new FakeClock(kyiv('2019-07-01T08:59:59'));
  const daemon = new Daemon({ config, clock, log: jsonLogger((line) => lines.push(line)) });
  daemons.push(daemon);
  await daemon.start();
  clock.at = kyiv('2019-07-01T09:00');
  await daemon.wake();
  expect(await daemon.stop('SIGTERM')).toBe(0);
  return { lines, events: lines.map((l) => JSON.parse(l) as Record<string, unknown>), mail: server.messages.slice(mark) };
}

const finished = (run: Run): Record<string, Record<string, unknown>> =>
  Object.fromEntries(run.events.filter((e) => e.event === 'job.finished').map((e) => [String(e.job), e]));

describe('the daemon with its real jobs', () => {
  it('sends the notices and the digest at 09:00 on a Monday and logs the counts of each run', async () => {
    const { s, env } = prepared(server.url({ user: USER, password: PASSWORD }));
    const run = await mondayMorning(env, s.cwd);
    expect(run.mail).toHaveLength(4);
    expect(run.mail.every((m) => m.user === USER)).toBe(true);
    expect(run.mail.filter((m) => m.envelopeTo.includes(IT_HEAD)).map((m) => m.parsed.subject)).toEqual([
      expect.stringMatching(/^Щотижневий огляд стану оприлюднення відкритих даних за /),
    ]);
    const jobs = finished(run);
    expect(jobs.notify).toEqual(
      expect.objectContaining({ level: 'info', queued: 3, sent: 3, retried: 0, failed: 0, ruleProblems: 0, ms: expect.any(Number) }),
    );
    expect(jobs.digest).toEqual(expect.objectContaining({ queued: 1, sent: 1, retried: 0, failed: 0 }));
    expect(run.events.filter((e) => e.event === 'job.started').map((e) => [e.job, e.missedSlots])).toEqual([
      ['notify', 1],
      ['digest', 1],
    ]);
    expect(run.events[0]).toEqual(expect.objectContaining({ event: 'daemon.started', mail: 'smtp' }));
    for (const line of run.lines) {
      expect(line).not.toContain(PASSWORD);
      expect(line).not.toContain(ENCODED);
    }
  });

  it('logs a refused login without the password it tried', async () => {
    const wrong = 'Wr0ng:pa55@word';
    const { s, env } = prepared(server.url({ user: USER, password: wrong }));
    const run = await mondayMorning(env, s.cwd);
    expect(run.mail).toEqual([]);
    const jobs = finished(run);
    expect(jobs.notify).toEqual(expect.objectContaining({ queued: 3, sent: 0, mailError: expect.stringContaining('***@127.0.0.1') }));
    const all = run.lines.join('');
    for (const secret of [wrong, encodeURIComponent(wrong), PASSWORD, ENCODED]) expect(all).not.toContain(secret);
    expect(all).toContain(`smtp://${USER}:***@127.0.0.1:${server.port}`);
  });

  it('logs the reason when the sanity guard holds the notices back', async () => {
    // The register was emptied by a broken import.
    const { s, env } = prepared(server.url({ user: USER, password: PASSWORD }), (app) => app.db.prepare('DELETE FROM datasets').run());
    const run = await mondayMorning(env, s.cwd);
    expect(finished(run).notify).toEqual(expect.objectContaining({ heldBack: 'реєстр наборів даних порожній', queued: 1, sent: 1 }));
    expect(run.mail.map((m) => m.envelopeTo)).toEqual([[IT_HEAD], [IT_HEAD]]);
  });
});
