/**
 * The daemon tells the IT head on Telegram when a job fails: a job that throws, and a run whose mail could not go
 * out (the SMTP login refused), each once per failed run, delivered by the same wake-up. A fake clock, the register
 * of test/notify/register.ts, a real SMTP server, a local server shaped like the Bot API.
 */
import fs from 'node:fs';
import { loadConfig } from '../../src/config/config';
import { Daemon, defaultJobs, type Job } from '../../src/daemon/daemon';
import { jsonLogger } from '../../src/log';
import { TestSmtpServer } from '../helpers/smtp';
import { BOT_TOKEN, CHAT_ID, TestBotApi } from '../helpers/telegram';
import { CONFIG_FILE, makeRoot, openRegister, removeRoot, scenario } from '../notify/register';
import { kyiv, FakeClock } from '../helpers/clock';

jest.setTimeout(20_000);

const USER = 'odmon';
const PASSWORD = 'pa55:w@rd/S3cret';

let root: string;
let smtp: TestSmtpServer;
let api: TestBotApi;
const daemons: Daemon[] = [];

beforeAll(async () => {
  root = makeRoot('telegram-alerts');
  smtp = await TestSmtpServer.start({ auth: { user: USER, password: PASSWORD } });
  api = await TestBotApi.start();
});
afterEach(async () => {
  await Promise.all(daemons.splice(0).map((d) => d.stop('test over')));
});
afterAll(async () => {
  await api.stop();
  await smtp.stop();
  removeRoot(root);
});

let scenarios = 0;
/** The register in a new database, Telegram set up, a heartbeat that never comes during a test. */
function environment(password: string): { env: Record<string, string>; cwd: string } {
  const s = scenario(root, `a${++scenarios}`, smtp.port);
  fs.writeFileSync(s.env.ODMON_CONFIG, JSON.stringify({ ...CONFIG_FILE, schedule: { heartbeat: '0 0 1 1 *' } }));
  const env = {
    ...s.env,
    ODMON_SMTP_URL: smtp.url({ user: USER, password }),
    ODMON_TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    ODMON_TELEGRAM_CHAT_ID: CHAT_ID,
    ODMON_TELEGRAM_API_URL: api.url,
  };
  openRegister(s, {}, env).close();
  return { env, cwd: s.cwd };
}

/** Starts the daemon just before 09:00 on Monday 01.07.2019, wakes it at 09:00 (and at `more` times), stops it. */
async function run(env: Record<string, string>, cwd: string, jobs?: (config: ReturnType<typeof loadConfig>) => Job[], more: string[] = []): Promise<string[]> {
  const lines: string[] = [];
  const config = loadConfig({ env, cwd });
  const clock = new FakeClock(kyiv('2019-07-01T08:59:59'));
  const daemon = new Daemon({ config, clock, log: jsonLogger((line) => lines.push(line)), jobs: jobs?.(config) });
  daemons.push(daemon);
  await daemon.start();
  for (const at of ['2019-07-01T09:00', ...more]) {
    clock.at = kyiv(at);
    await daemon.wake();
  }
  expect(await daemon.stop('SIGTERM')).toBe(0);
  return lines;
}

describe('Telegram alerts from the daemon', () => {
  it('tells the IT head that the notices could not go out when the SMTP login is refused, without the password', async () => {
    const mark = api.delivered.length;
    const wrong = 'Wr0ng:pa55@word';
    const { env, cwd } = environment(wrong);
    const lines = await run(env, cwd);
    const alerts = api.delivered.slice(mark).map((d) => d.text);
    // The digest's summary went (Telegram works); its e-mail did not, and the alert after it says so.
    expect(alerts.map((t) => t.split('\n')[0])).toEqual([
      'odmon: не виконано завдання «повідомлення розпорядникам» (01.07.2019 09:00, Київ).',
      'odmon: щотижневий огляд станом на 01.07.2019 09:00 (Київ).',
      'odmon: не виконано завдання «щотижневий огляд» (01.07.2019 09:00, Київ).',
    ]);
    expect(alerts[0].split('\n')[2]).toMatch(new RegExp(`^не вдалося надіслати \\(smtp://${USER}:\\*\\*\\*@127\\.0\\.0\\.1:${smtp.port}\\): сервер SMTP не прийняв ім’я користувача й пароль`));
    for (const text of [...alerts, ...lines]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(BOT_TOKEN);
    }
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.event === 'alert.queued')).toHaveLength(2);
  });

  it('alerts once per failed run of a job that throws, and not for a job that works', async () => {
    const mark = api.delivered.length;
    const { env, cwd } = environment(PASSWORD);
    const broken: Job = {
      name: 'sync',
      cron: '0 9 * * *',
      skip: () => null,
      run: () => Promise.reject(new Error('з порталу https://data.gov.ua нічого не прочитано')),
    };
    // The job fails at 09:00; a wake-up at 09:30 finds nothing due (the next try is tomorrow): still one alert.
    await run(env, cwd, (config) => [broken, ...defaultJobs(config).filter((j) => j.name === 'notify')], ['2019-07-01T09:30']);
    expect(api.delivered.slice(mark).map((d) => d.text)).toEqual([
      'odmon: не виконано завдання «синхронізація з порталом» (01.07.2019 09:00, Київ).\n' +
        'Текст помилки:\n' +
        'з порталу https://data.gov.ua нічого не прочитано\n' +
        'Перевірте стан командою «odmon status» і журнал служби (journalctl -u odmon). Завдання буде повторено в наступний запланований час.',
    ]);
  });
});
