/**
 * Every setting odmon has, declared once: its kind (type and validation), default, environment variable and
 * meaning. The configuration's type, the loader's checks, the environment names and docs/settings.md all come
 * from this list (src/setting.ts derives them). A new setting is one entry here, or in its channel's
 * settings (src/notify/channels/…/settings.ts, registered with the channel).
 */
import { CHANNEL_SETTINGS } from '../notify/channels';
import { DEFAULT_DB, DEFAULT_RULES_DIR } from '../paths';
import { section, setting, type ValuesOf } from '../setting';
import { days, filePath, httpUrl, isoDates, milliseconds, names, nonEmptyText, oneLine, oneOf, optionalEmail, optionalPort, rate, scryptHash, secretText, UNITS, wholeNumber } from '../setting-kinds';
import { readFrequencyTable } from './frequency-table';
import { cron, frequencyOverrides } from './kinds';

export const SETTINGS = {
  db: setting(filePath(), {
    default: DEFAULT_DB,
    defaultText: '`data/odmon.sqlite`',
    flag: '--db',
    doc: "the SQLite file; another application's SQLite file, or one this user may not write, is refused before anything is written",
  }),
  rulesDir: setting(filePath(), { default: DEFAULT_RULES_DIR, defaultText: '`rules/`', doc: 'folder of the rule files' }),
  graceDays: setting(days(), { default: 0, doc: 'whole days added to every publication deadline' }),
  dueSoonDays: setting(days(), { default: 30, doc: 'how far ahead `plan-task-due-soon` looks' }),
  frequencies: setting(frequencyOverrides(readFrequencyTable), {
    default: {},
    defaultText: 'calendar periods',
    env: false,
    doc: 'portal frequency value (or its Ukrainian label) → ISO 8601 duration, e.g. `{"once a month": "P31D"}`',
  }),
  busyTimeoutMs: setting(milliseconds(), {
    default: 30_000,
    doc: "how long a command waits for another odmon process's write lock (an import, a check, the daemon) before `E_BUSY`",
  }),
  ...CHANNEL_SETTINGS,
  // Who sends the letters and signs the yearly report (documents.md): a council's own records instruction wins over
  // any default, so names, positions and the sending unit are settings, not constants.
  org: section('ORG_', {
    name: setting(oneLine(), { default: 'Кропивницька міська рада', doc: "the council, nominative: the report's header and the letters' closing" }),
    unit: setting(oneLine(), {
      default: "Відділ інформаційно-комп'ютерного забезпечення",
      doc: 'the unit that sends the letters and prepares the report (the IT department), as it signs; the sender\'s display name unless `mail.fromName` is set',
    }),
    stewardId: setting(oneLine(), { default: 'it', doc: 'the steward id of that unit: its own notices never ask it to report to itself' }),
    contact: section('ORG_CONTACT_', {
      name: setting(oneLine({ optional: true }), { default: null, defaultText: 'none', doc: 'the person who answers the stewards\' questions («Виконавець»), e.g. `Ірина Коваль`' }),
      phone: setting(oneLine({ optional: true }), { default: null, defaultText: 'none', doc: 'their phone, as the council writes it, e.g. `(0522) 00-00-00`' }),
      email: setting(optionalEmail(), { default: null, defaultText: 'none', doc: "their address: in every letter's closing, and its Reply-To" }),
    }),
  }),
  report: section('REPORT_', {
    approver: section('REPORT_APPROVER_', {
      position: setting(oneLine(), { default: 'Заступник міського голови', doc: 'who approves the yearly report («ЗАТВЕРДЖУЮ»): position' }),
      name: setting(oneLine({ allowEmpty: true }), { default: '', defaultText: 'empty: a line to write it in by hand', doc: "and name, as «Власне ім'я ПРІЗВИЩЕ»" }),
    }),
    preparer: section('REPORT_PREPARER_', {
      position: setting(oneLine(), { default: "Начальник відділу інформаційно-комп'ютерного забезпечення", doc: 'who signs the yearly report as its preparer: position' }),
      name: setting(oneLine({ allowEmpty: true }), { default: '', defaultText: 'empty: a line to write it in by hand', doc: "and name, as «Власне ім'я ПРІЗВИЩЕ»" }),
    }),
  }),
  notify: section('', {
    repeatDays: setting(days(1), { default: 7, doc: 'an open finding is repeated to its steward after this many days' }),
    escalateAfterDays: setting(days(), {
      default: 30,
      doc: "an item still open this many days after the steward's first notice about it: the unit's `head_email` (when set and not among the unit's addresses) is copied on that notice and on every later one that lists an escalated item (0: from the first notice)",
    }),
    ackRepeatDays: setting(days(1), { default: 30, doc: 'an acknowledged finding is repeated to its steward after this many days' }),
  }),
  schedule: section('SCHEDULE_', {
    notify: setting(cron(), { default: '0 9 * * 1-5', doc: 'evaluation and steward notices: working days at 09:00' }),
    digest: setting(cron(), { default: '0 9 * * 1', doc: "the IT head's digest: Mondays at 09:00" }),
    sync: setting(cron(), { default: '30 7 * * 1-5', doc: 'portal synchronisation, when a portal is configured: working days at 07:30, before the notices' }),
    heartbeat: setting(cron(), { default: '*/30 * * * * *', doc: 'wake-ups that catch up after a suspend, retry the outbox and refresh the lock' }),
    holidays: setting(isoDates(), { default: [], doc: 'days with no steward notices (empty: under martial law there are no public holidays)' }),
    stopTimeoutMs: setting(milliseconds(), { default: 30_000, doc: 'how long a stop signal waits for the job in flight' }),
  }),
  portal: section('PORTAL_', {
    url: setting(httpUrl(), {
      default: null,
      defaultText: 'none',
      flag: '--portal (sync)',
      doc: "the open data portal (CKAN), e.g. `https://data.gov.ua`: links to a dataset's page `{url}/dataset/{portal_id}`, and `odmon sync`; none = no sync. A login in it (`https://user:password@portal`) is sent as HTTP Basic authentication and left out of links, output and the database",
    }),
    organizations: setting(names({ one: 'ідентифікатор чи назва організації', list: 'список ідентифікаторів чи назв організацій', many: 'organization ids or names' }), {
      default: [],
      defaultText: 'every organization of the portal (refused above 100)',
      env: 'ODMON_PORTAL_ORGS',
      flag: '--org ID (repeat)',
      doc: "the council's organizations on the portal, ids or names",
    }),
    lastUpdateFrom: setting(oneOf(['resources', 'metadata']), {
      default: 'resources',
      doc: "which portal date is a dataset's last update: `resources` (the latest `last_modified`, or `created`, of its resources) or `metadata` (`metadata_modified`, which moves on any passport edit)",
    }),
    timeoutMs: setting(milliseconds(1), { default: 30_000, doc: 'time allowed for one request, answer included' }),
    userAgent: setting(nonEmptyText({ trim: true }), { default: 'odmon (open data compliance monitor)', doc: 'the User-Agent sent to the portal' }),
    requestsPerSecond: setting(rate(10, 'портал блокує клієнтів, які поспішають'), { default: 3, doc: 'requests are spaced evenly' }),
    maxRetries: setting(wholeNumber(UNITS.retries, { max: 10 }), { default: 4, doc: 'retries of a failed request' }),
    maxReplyMB: setting(wholeNumber(UNITS.megabytes, { min: 1, max: 1024 }), {
      default: 32,
      doc: "a reply larger than this is abandoned while it streams and fails that organization's sync",
    }),
    maxPages: setting(wholeNumber(UNITS.pages, { min: 1, max: 10_000 }), { default: 100, doc: 'most pages of 1000 datasets read from one organization' }),
  }),
  // The web dashboard (src/web): public pages and the open data download, and /admin/ behind a password.
  web: section('WEB_', {
    port: setting(optionalPort(), {
      default: null,
      defaultText: 'none: the daemon serves no pages (`odmon serve` takes 8080)',
      flag: '--port (serve)',
      doc: 'the port of the web dashboard; when set, the daemon serves the pages too',
    }),
    host: setting(oneLine(), {
      default: '127.0.0.1',
      flag: '--host (serve)',
      doc: 'the address the web dashboard listens on: `127.0.0.1` behind a reverse proxy (nginx), `0.0.0.0` for every interface',
    }),
    baseUrl: setting(httpUrl(), {
      default: null,
      defaultText: 'none',
      doc: 'the address people open the dashboard at, e.g. `https://opendata.city.gov.ua/monitor`: notices and the digest then link each steward and dataset to its page',
    }),
    adminPassword: setting(secretText(/^[^\u0000-\u001f\u007f]{12,}$/, 'пароль щонайменше з 12 символів без керівних символів'), {
      default: null,
      defaultText: 'none',
      doc: 'the password of `/admin/` (user `admin`); with neither it nor `web.adminPasswordHash`, `/admin/` answers 404',
    }),
    adminPasswordHash: setting(scryptHash(), {
      default: null,
      defaultText: 'none',
      doc: 'instead of the password: its scrypt hash, as `odmon password-hash` prints it, so the config file holds no password',
    }),
  }),
};

/** Variables that are not settings of the file but that odmon reads. */
export const ENVIRONMENT_ONLY = [
  { env: 'ODMON_CONFIG', flag: '--config', default: '`odmon.config.json`', doc: 'where the config file is' },
  { env: 'ODMON_ACTOR', flag: '--by', default: 'login name, else `it-head`', doc: 'who is recorded in the audit log for exemptions and plan changes' },
  { env: 'ODMON_CHROMIUM', flag: '', default: '`/usr/bin/chromium` (or `chromium-browser`, `google-chrome`)', doc: 'the Chromium that prints the yearly report to PDF' },
] as const;

/** The values of every setting: the configuration's type. */
export type Settings = ValuesOf<typeof SETTINGS>;
