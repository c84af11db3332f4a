import fs from 'node:fs';
import path from 'node:path';
import { DECLARED, loadConfig, secretsOf } from '../../src/config/config';
import { settingsDoc, SETTINGS_DOC } from '../../src/config/docs';
import { redact } from '../../src/redact';
import { configError } from '../helpers/config';
import { makeTempDir, removeDir } from '../helpers/rules-app';

const TOKEN = '123456789:AAEhBOweik6ad6PsVMRxjx0aBcDeFgHiJkL';

let root: string;
let n = 0;
beforeAll(() => {
  root = makeTempDir('settings');
});
afterAll(() => removeDir(root));

function workDir(config?: unknown): string {
  const dir = path.join(root, `cwd-${++n}`);
  fs.mkdirSync(dir);
  if (config !== undefined) fs.writeFileSync(path.join(dir, 'odmon.config.json'), JSON.stringify(config));
  return dir;
}

describe('the settings declared once', () => {
  it('keep every environment name odmon has read before, and give every other setting a derived one, all different', () => {
    const names = new Map(DECLARED.map((s) => [s.key, s.envName]));
    const before = {
      db: 'ODMON_DB',
      busyTimeoutMs: 'ODMON_BUSY_TIMEOUT_MS',
      rulesDir: 'ODMON_RULES_DIR',
      graceDays: 'ODMON_GRACE_DAYS',
      dueSoonDays: 'ODMON_DUE_SOON_DAYS',
      'mail.smtpUrl': 'ODMON_SMTP_URL',
      'mail.from': 'ODMON_MAIL_FROM',
      'mail.itHead': 'ODMON_IT_HEAD',
      'mail.outboxDir': 'ODMON_OUTBOX_DIR',
      'notify.repeatDays': 'ODMON_REPEAT_DAYS',
      'notify.escalateAfterDays': 'ODMON_ESCALATE_AFTER_DAYS',
      'notify.ackRepeatDays': 'ODMON_ACK_REPEAT_DAYS',
      'schedule.notify': 'ODMON_SCHEDULE_NOTIFY',
      'schedule.digest': 'ODMON_SCHEDULE_DIGEST',
      'schedule.sync': 'ODMON_SCHEDULE_SYNC',
      'schedule.heartbeat': 'ODMON_SCHEDULE_HEARTBEAT',
      'portal.url': 'ODMON_PORTAL_URL',
      'portal.organizations': 'ODMON_PORTAL_ORGS',
    };
    expect(Object.fromEntries(Object.keys(before).map((key) => [key, names.get(key)]))).toEqual(before);
    expect(names.get('portal.maxReplyMB')).toBe('ODMON_PORTAL_MAX_REPLY_MB');
    expect(names.get('telegram.botToken')).toBe('ODMON_TELEGRAM_BOT_TOKEN');
    expect(names.get('frequencies')).toBeNull();
    const envNames = DECLARED.flatMap((s) => (s.envName === null ? [] : [s.envName]));
    expect(new Set(envNames).size).toBe(envNames.length);
  });

  it('reads every kind of setting from the environment, as the file would give it', () => {
    const config = loadConfig({
      env: {
        ODMON_PORTAL_REQUESTS_PER_SECOND: '1.5',
        ODMON_PORTAL_LAST_UPDATE_FROM: 'metadata',
        ODMON_SCHEDULE_HOLIDAYS: '2027-01-01, 2027-01-07',
        ODMON_MAIL_CONNECTION_TIMEOUT_MS: '2500',
        ODMON_TELEGRAM_BOT_TOKEN: TOKEN,
        ODMON_TELEGRAM_CHAT_ID: '-1001234567890',
      },
      cwd: workDir({}),
    });
    expect([config.portal.requestsPerSecond, config.portal.lastUpdateFrom, config.schedule.holidays, config.mail.connectionTimeoutMs]).toEqual([
      1.5,
      'metadata',
      ['2027-01-01', '2027-01-07'],
      2500,
    ]);
    expect(config.telegram).toEqual({ botToken: TOKEN, chatId: '-1001234567890', apiUrl: 'https://api.telegram.org', timeoutMs: 10_000 });
  });

  it('reports five problems of the file and the environment at once, each naming its key or variable, milliseconds as milliseconds', () => {
    const cwd = workDir({
      mail: { connectionTimeoutMs: -5, socketTimeoutMs: 'half a minute' },
      telegram: { chatId: 'the IT head' },
      schedule: { holidays: ['2027-02-30'] },
    });
    const file = path.join(cwd, 'odmon.config.json');
    const error = configError({ env: { ODMON_GRACE_DAY: '3', ODMON_TELEGRAM_BOT_TOKEN: 'not-a-token-S3cr3t' }, cwd });
    const problems = [
      'ODMON_GRACE_DAY: такої змінної odmon не знає (можливо, ODMON_GRACE_DAYS?); усі змінні перелічено в docs/settings.md',
      `${file}: mail.connectionTimeoutMs: -5 — не ціле число мілісекунд (0 або більше)`,
      `${file}: mail.socketTimeoutMs: "half a minute" — не ціле число мілісекунд (0 або більше)`,
      'ODMON_TELEGRAM_BOT_TOKEN: значення — не токен бота на зразок "123456789:AAE…" (такий, як видає @BotFather); його не показано',
      `${file}: telegram.chatId: "the IT head" — не ідентифікатор чату (наприклад, 123456789 чи -1001234567890) і не назва каналу (наприклад, @opendata_alerts)`,
      `${file}: schedule.holidays: "2027-02-30" — не дата на зразок "2027-01-01"`,
    ];
    expect(error.problems).toEqual(problems);
    expect(error.message).toBe(`у налаштуваннях проблем — 6:\n  ${problems.join('\n  ')}`);
    expect([error.code, error.exitCode]).toEqual(['E_CONFIG', 78]);
    expect(error.message).not.toContain('S3cr3t');
  });

  it('asks for the other half of a pair: a sender with an SMTP server, a chat with a bot token', () => {
    const error = configError({ env: { ODMON_SMTP_URL: 'smtp://odmon:pw@mail.example.gov.ua:587', ODMON_TELEGRAM_BOT_TOKEN: TOKEN }, cwd: workDir({}) });
    expect(error.problems).toEqual([
      'mail.from / ODMON_MAIL_FROM: обов’язкове, коли задано mail.smtpUrl',
      'telegram.chatId / ODMON_TELEGRAM_CHAT_ID: обов’язкове, коли задано telegram.botToken',
    ]);
  });

  it('takes an empty variable as none for what may be none, and as not set for a path', () => {
    const cwd = workDir({ mail: { smtpUrl: 'smtp://mail.example.gov.ua', from: 'a@example.gov.ua', itHead: 'it@example.gov.ua', outboxDir: 'out' } });
    const config = loadConfig({ env: { ODMON_SMTP_URL: '', ODMON_IT_HEAD: '', ODMON_OUTBOX_DIR: ' ' }, cwd });
    expect([config.mail.smtpUrl, config.mail.itHead, config.mail.outboxDir]).toEqual([null, [], path.join(cwd, 'out')]);
  });

  it('never quotes a value that may hold a password or is a token', () => {
    const error = configError({ env: { ODMON_SMTP_URL: 'http://opendata:S3cr3tPw@mail.example.gov.ua', ODMON_MAIL_FROM: 'a@example.gov.ua' }, cwd: workDir({ telegram: { botToken: 'S3cr3tToken', chatId: 1 } }) });
    expect(error.problems).toEqual([
      'ODMON_SMTP_URL: не адреса smtp:// чи smtps:// (наприклад, smtp://user:pass@mail.example.org:587); значення не показано, бо воно може містити пароль',
      `${path.join(root, `cwd-${n}`, 'odmon.config.json')}: telegram.botToken: значення — не токен бота на зразок "123456789:AAE…" (такий, як видає @BotFather); його не показано`,
    ]);
    expect(error.message).not.toMatch(/S3cr3t/);
  });

  it('names the Telegram token among the secrets, so that the redactor masks it everywhere', () => {
    const config = loadConfig({
      env: { ODMON_TELEGRAM_BOT_TOKEN: TOKEN, ODMON_TELEGRAM_CHAT_ID: '@opendata_alerts', ODMON_SMTP_URL: 'smtp://odmon:S3cret-pw@mail.example.gov.ua', ODMON_MAIL_FROM: 'a@example.gov.ua' },
      cwd: workDir({}),
    });
    expect(secretsOf(config)).toEqual(['S3cret-pw', TOKEN]);
    expect(redact(`POST https://api.telegram.org/bot${TOKEN}/sendMessage failed`, secretsOf(config))).toBe('POST https://api.telegram.org/bot***/sendMessage failed');
  });

  it('refuses a section that is not an object, and unknown keys inside a channel\'s section', () => {
    const cwd = workDir({ mail: 'smtp://x', telegram: { token: TOKEN } });
    const file = path.join(cwd, 'odmon.config.json');
    expect(configError({ env: {}, cwd }).problems).toEqual([
      `${file}: mail: має бути об’єктом ({ … })`,
      `${file}: невідоме налаштування "telegram.token" (відомі: telegram.botToken, telegram.chatId, telegram.apiUrl, telegram.timeoutMs)`,
    ]);
  });
});

describe('docs/settings.md', () => {
  it('is the table the declarations give (run "npm run docs:settings" after changing a setting)', () => {
    const written = fs.existsSync(SETTINGS_DOC) ? fs.readFileSync(SETTINGS_DOC, 'utf8') : '';
    if (written !== settingsDoc()) throw new Error('docs/settings.md is out of date: run "npm run docs:settings" and commit it');
    for (const s of DECLARED) expect(written).toContain(`| \`${s.key}\` |`);
  });
});
