import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config/config';
import { DEFAULT_DB, DEFAULT_RULES_DIR } from '../../src/paths';
import { configError } from '../helpers/config';
import { makeTempDir, removeDir } from '../helpers/rules-app';

const FREQUENCIES =
  'more than once a day, once a day, once a week, once a month, once a quarter, once a half year, once a year, ' +
  'immediately after making changes, no longer updated';

let root: string;
let n = 0;

beforeAll(() => {
  root = makeTempDir('config');
});
afterAll(() => removeDir(root));

/** A new working directory; with `config`, it holds odmon.config.json with that content. */
function workDir(config?: unknown): string {
  const dir = path.join(root, `cwd-${++n}`);
  fs.mkdirSync(dir);
  if (config !== undefined) {
    fs.writeFileSync(path.join(dir, 'odmon.config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  }
  return dir;
}

describe('loadConfig', () => {
  it('uses the defaults when the config file sets nothing', () => {
    const cwd = workDir({});
    const file = path.join(cwd, 'odmon.config.json');
    expect(loadConfig({ env: {}, cwd })).toMatchObject<Partial<Config>>({
      db: DEFAULT_DB,
      rulesDir: DEFAULT_RULES_DIR,
      graceDays: 0,
      dueSoonDays: 30,
      frequencies: {},
      sources: ['defaults', file],
    });
  });

  it('returns a frozen config', () => {
    const config = loadConfig({ env: {}, cwd: workDir({}) });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.frequencies)).toBe(true);
  });

  describe('takes the database from --db, then ODMON_DB, then the file, then the default', () => {
    const fileSays = { db: 'from-file.sqlite' };

    it('prefers --db, relative to the working directory', () => {
      const cwd = workDir(fileSays);
      expect(loadConfig({ db: 'flag.sqlite', env: { ODMON_DB: 'env.sqlite' }, cwd }).db).toBe(path.join(cwd, 'flag.sqlite'));
    });

    it('then ODMON_DB, relative to the working directory', () => {
      const cwd = workDir(fileSays);
      expect(loadConfig({ env: { ODMON_DB: 'env.sqlite' }, cwd }).db).toBe(path.join(cwd, 'env.sqlite'));
    });

    it('then the file, relative to the folder of the file', () => {
      const cwd = workDir();
      const dir = path.join(root, `elsewhere-${++n}`);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(fileSays));
      expect(loadConfig({ configFile: path.join(dir, 'settings.json'), env: {}, cwd }).db).toBe(path.join(dir, 'from-file.sqlite'));
    });

    it('and keeps an absolute --db as it is', () => {
      const abs = path.join(root, 'abs.sqlite');
      expect(loadConfig({ db: abs, env: { ODMON_DB: 'env.sqlite' }, cwd: workDir(fileSays) }).db).toBe(abs);
    });
  });

  it('takes the rules folder from ODMON_RULES_DIR, then the file, then the default', () => {
    const cwd = workDir({ rulesDir: 'my-rules' });
    expect(loadConfig({ env: { ODMON_RULES_DIR: 'env-rules' }, cwd }).rulesDir).toBe(path.join(cwd, 'env-rules'));
    expect(loadConfig({ env: {}, cwd }).rulesDir).toBe(path.join(cwd, 'my-rules'));
    expect(loadConfig({ env: {}, cwd: workDir({}) }).rulesDir).toBe(DEFAULT_RULES_DIR);
  });

  it.each([
    ['graceDays', 'ODMON_GRACE_DAYS', 0],
    ['dueSoonDays', 'ODMON_DUE_SOON_DAYS', 30],
  ] as const)('takes %s from %s, then the file, then the default', (key, variable, fallback) => {
    const cwd = workDir({ [key]: 5 });
    expect(loadConfig({ env: { [variable]: '7' }, cwd })[key]).toBe(7);
    expect(loadConfig({ env: { [variable]: ' 0 ' }, cwd })[key]).toBe(0);
    expect(loadConfig({ env: {}, cwd })[key]).toBe(5);
    expect(loadConfig({ env: {}, cwd: workDir({}) })[key]).toBe(fallback);
  });

  it('takes frequency overrides from the file', () => {
    const cwd = workDir({ frequencies: { 'once a month': 'P31D', Щокварталу: 'P92D' } });
    expect(loadConfig({ env: {}, cwd }).frequencies).toEqual({ 'once a month': 'P31D', Щокварталу: 'P92D' });
  });

  it('names the environment among the sources when it sets something', () => {
    const cwd = workDir({});
    expect(loadConfig({ env: { ODMON_GRACE_DAYS: '1' }, cwd }).sources).toEqual(['defaults', path.join(cwd, 'odmon.config.json'), 'environment']);
  });

  describe('finds the config file', () => {
    it('from --config before ODMON_CONFIG, relative to the working directory', () => {
      const cwd = workDir({ graceDays: 1 });
      fs.writeFileSync(path.join(cwd, 'a.json'), JSON.stringify({ graceDays: 2 }));
      fs.writeFileSync(path.join(cwd, 'b.json'), JSON.stringify({ graceDays: 3 }));
      expect(loadConfig({ configFile: 'a.json', env: { ODMON_CONFIG: 'b.json' }, cwd }).graceDays).toBe(2);
      expect(loadConfig({ env: { ODMON_CONFIG: 'b.json' }, cwd }).graceDays).toBe(3);
      expect(loadConfig({ env: {}, cwd }).graceDays).toBe(1);
    });

    it('and refuses a named file that does not exist', () => {
      const cwd = workDir();
      const error = configError({ env: { ODMON_CONFIG: 'missing.json' }, cwd });
      expect([error.code, error.exitCode, error.message, error.hint]).toEqual([
        'E_CONFIG',
        78,
        `файлу налаштувань ${path.join(cwd, 'missing.json')} немає`,
        'перевірте шлях у --config / ODMON_CONFIG',
      ]);
    });

    it('and refuses a file that is not JSON, saying where: line and column, not an offset', () => {
      const cwd = workDir('{ "graceDays": 3, }');
      const error = configError({ env: {}, cwd });
      expect(error.message).toBe(
        `${path.join(cwd, 'odmon.config.json')}:1:19: помилка синтаксису JSON (рядок 1, стовпець 19): «Expected double-quoted property name»`,
      );
      expect(error.hint).toBe('виправте синтаксис JSON у названому місці (найчастіше це зайва кома після останнього елемента або пропущені лапки)');
      const lines = workDir('{\n  "mail": {\n    "from" "x"\n  }\n}\n');
      expect(configError({ env: {}, cwd: lines }).message).toBe(
        `${path.join(lines, 'odmon.config.json')}:3:12: помилка синтаксису JSON (рядок 3, стовпець 12): «Expected ':' after property name»`,
      );
      const cut = workDir('{ "graceDays": ');
      expect(configError({ env: {}, cwd: cut }).message).toBe(
        `${path.join(cut, 'odmon.config.json')}:1:16: помилка синтаксису JSON (рядок 1, стовпець 16): «Unexpected end of JSON input»`,
      );
    });
  });

  it('reports every problem of the file and the environment at once', () => {
    const cwd = workDir({
      db: 5,
      rulesDir: ' ',
      graceDays: -1,
      dueSoonDays: 'soon',
      colour: 'red',
      frequencies: { 'once a fortnight': 'P14D', 'once a month': 'a month' },
    });
    const file = path.join(cwd, 'odmon.config.json');
    const error = configError({ env: { ODMON_DUE_SOON_DAYS: '2.5' }, cwd });
    // The list of known settings grows with other parts of odmon: only its start is pinned.
    const unknownColour = expect.stringMatching(
      new RegExp(`^${escape(file)}: невідоме налаштування "colour" \\(відомі: db, rulesDir, graceDays, dueSoonDays, frequencies(, \\w+)*\\)$`),
    );
    const problems = [
      `${file}: db: 5 — має бути непорожнім текстом`,
      `${file}: rulesDir: " " — має бути непорожнім текстом`,
      `${file}: graceDays: -1 — не ціле число днів (0 або більше)`,
      'ODMON_DUE_SOON_DAYS: "2.5" — не ціле число днів (0 або більше)',
      `${file}: dueSoonDays: "soon" — не ціле число днів (0 або більше)`,
      `${file}: frequencies: "once a fortnight" — невідома періодичність (відомі: ${FREQUENCIES}, або їхні українські назви)`,
      `${file}: frequencies: "once a month": "a month" — не тривалість ISO 8601 (наприклад, "P31D", "P1M")`,
    ];
    expect(error.problems).toEqual([unknownColour, ...problems]);
    expect(error.message).toBe(`у налаштуваннях проблем — 8:\n  ${[error.problems[0], ...problems].join('\n  ')}`);
    expect([error.code, error.exitCode]).toEqual(['E_CONFIG', 78]);
    expect(error.hint).toBe('виправте ці налаштування; у docs/settings.md описано кожне налаштування, його тип і типове значення');
  });

  it('reports a bad value in the file even while the environment overrides it', () => {
    const cwd = workDir({ graceDays: -1 });
    expect(configError({ env: { ODMON_GRACE_DAYS: '2' }, cwd }).problems).toEqual([
      `${path.join(cwd, 'odmon.config.json')}: graceDays: -1 — не ціле число днів (0 або більше)`,
    ]);
  });

  it('reads numbers from the environment as decimal digits only, and refuses values no date survives', () => {
    const cwd = workDir({ graceDays: 1e15, dueSoonDays: 3650 });
    expect(configError({ env: { ODMON_GRACE_DAYS: '0x10', ODMON_REPEAT_DAYS: '1e3', ODMON_ESCALATE_AFTER_DAYS: '16.0', ODMON_BUSY_TIMEOUT_MS: ' 99999999999 ' }, cwd }).problems).toEqual([
      'ODMON_GRACE_DAYS: "0x10" — не ціле число днів (0 або більше)',
      `${path.join(cwd, 'odmon.config.json')}: graceDays: 1000000000000000 — більше за найбільше допустиме значення (3650 днів)`,
      'ODMON_BUSY_TIMEOUT_MS: 99999999999 — більше за найбільше допустиме значення (3600000 мілісекунд)',
      'ODMON_REPEAT_DAYS: "1e3" — не ціле число днів (1 або більше)',
      'ODMON_ESCALATE_AFTER_DAYS: "16.0" — не ціле число днів (0 або більше)',
    ]);
    expect(loadConfig({ env: { ODMON_GRACE_DAYS: ' 16 ', ODMON_BUSY_TIMEOUT_MS: '250' }, cwd: workDir({}) })).toMatchObject({ graceDays: 16, busyTimeoutMs: 250 });
  });

  it.each([
    ['an array', '[]'],
    ['a string', '"graceDays"'],
  ])('refuses a file holding %s', (_what, text) => {
    const cwd = workDir(text);
    expect(configError({ env: {}, cwd }).problems).toEqual([`${path.join(cwd, 'odmon.config.json')}: файл має містити об’єкт JSON ({ … })`]);
  });

  it('refuses frequency overrides that are not an object', () => {
    const cwd = workDir({ frequencies: ['P31D'] });
    expect(configError({ env: {}, cwd }).problems).toEqual([
      `${path.join(cwd, 'odmon.config.json')}: frequencies: має бути об’єктом, що ставить у відповідність періодичності тривалість ISO 8601, наприклад {"once a month": "P31D"} (отримано: масив)`,
    ]);
  });

  it('says every problem of the frequency overrides in Ukrainian, as the catalogue judges them', () => {
    const cwd = workDir({
      frequencies: { 'once a week': 31, 'once a day': 'P0D', 'Once a half year': 'P6M', 'Кожного півріччя': 'P180D', щомісячно: ' P1M ' },
    });
    const file = path.join(cwd, 'odmon.config.json');
    expect(configError({ env: {}, cwd }).problems).toEqual([
      `${file}: frequencies: "once a week": 31 — не тривалість ISO 8601 (наприклад, "P31D", "P1M")`,
      `${file}: frequencies: "once a day": "P0D" — тривалість має бути більшою за нуль`,
      `${file}: frequencies: "Once a half year" і "Кожного півріччя" задають ту саму періодичність "once a half year"; залиште одне`,
    ]);
  });

  it('suggests the key an unknown one of the file most likely meant', () => {
    const cwd = workDir({ mail: { form: 'a@b.c' }, smtpUrl: 'smtp://h', grace_days: 1 });
    const file = path.join(cwd, 'odmon.config.json');
    expect(configError({ env: {}, cwd }).problems).toEqual([
      `${file}: невідоме налаштування "mail.form"; можливо, "mail.from"?`,
      `${file}: невідоме налаштування "smtpUrl"; можливо, "mail.smtpUrl"?`,
      `${file}: невідоме налаштування "grace_days"; можливо, "graceDays"?`,
    ]);
  });
});

describe('who sends the letters and signs the report (org.*, report.*, mail.fromName)', () => {
  it('defaults to the seeded council and its IT department, with no contact and lines for names to write by hand', () => {
    const c = loadConfig({ env: {}, cwd: workDir({}) });
    expect(c.org).toEqual({ name: 'Кропивницька міська рада', unit: "Відділ інформаційно-комп'ютерного забезпечення", stewardId: 'it', contact: { name: null, phone: null, email: null } });
    expect(c.report).toEqual({
      approver: { position: 'Заступник міського голови', name: '' },
      preparer: { position: "Начальник відділу інформаційно-комп'ютерного забезпечення", name: '' },
    });
    // The built-in sender is named after the sending unit, not "odmon".
    expect(c.mail.from).toBe(`"Відділ інформаційно-комп'ютерного забезпечення" <odmon@localhost>`);
  });

  it('takes every name, position and contact from the file', () => {
    const c = loadConfig({
      env: { ODMON_MAIL_FROM: 'Відкриті дані <opendata@city.gov.ua>' },
      cwd: workDir({
        org: { name: 'Луцька міська рада', unit: 'Управління цифрового розвитку', stewardId: 'digital', contact: { name: 'Ірина Коваль', phone: '(0332) 00-00-00', email: 'opendata@city.gov.ua' } },
        report: { approver: { position: 'Секретар міської ради', name: 'Олена КОВАЛЕНКО' }, preparer: { position: 'Начальник управління', name: 'Андрій МЕЛЬНИК' } },
        mail: { fromName: 'Луцька міська рада — відкриті дані' },
      }),
    });
    expect(c.org.contact).toEqual({ name: 'Ірина Коваль', phone: '(0332) 00-00-00', email: 'opendata@city.gov.ua' });
    expect(c.report.approver).toEqual({ position: 'Секретар міської ради', name: 'Олена КОВАЛЕНКО' });
    expect(c.mail.from).toBe('"Луцька міська рада — відкриті дані" <opendata@city.gov.ua>');
  });

  it('keeps the name given in mail.from when mail.fromName is not set', () => {
    const c = loadConfig({ env: { ODMON_MAIL_FROM: 'Відкриті дані <opendata@city.gov.ua>' }, cwd: workDir({}) });
    expect(c.mail.from).toBe('"Відкриті дані" <opendata@city.gov.ua>');
  });

  it('reports every bad value at once', () => {
    const cwd = workDir({
      org: { name: '', contact: { email: 'не адреса', fax: '1' }, city: 'Кропивницький' },
      report: { approver: { position: 'Міський\nголова' } },
      mail: { fromName: 'Odmon <x@y.z>' },
    });
    const file = path.join(cwd, 'odmon.config.json');
    expect(configError({ env: {}, cwd }).problems).toEqual([
      `${file}: невідоме налаштування "org.contact.fax" (відомі: org.contact.name, org.contact.phone, org.contact.email)`,
      `${file}: невідоме налаштування "org.city" (відомі: org.name, org.unit, org.stewardId, org.contact)`,
      `${file}: mail.fromName: "Odmon <x@y.z>" — не може містити <, > чи " (це ім’я відправника, а не адреса)`,
      `${file}: org.name: "" — має бути непорожнім текстом`,
      `${file}: org.contact.email: "не адреса" — не адреса електронної пошти`,
      `${file}: report.approver.position: має бути одним рядком без керівних символів`,
    ]);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
