/**
 * Ordinary faults a user can cause get a code, a message and a hint, never E_INTERNAL; and what a register or a
 * portal holds cannot reach a terminal or a mailbox as control characters, terminal escapes or 230 MB messages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { openDb } from '../../src/store/db';
import { dumpTables } from '../helpers/temp-db';
import { kyiv, mailDuring, textOf, to, ADDRESS, useWorlds } from '../exemptions/world';

jest.setTimeout(60_000);

const worlds = useWorlds('hardening');
const AT = kyiv('2019-07-01T09:00');
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

describe('errors a user can cause', () => {
  it('log --limit past any log is E_USAGE', async () => {
    const w = worlds.open();
    expect(await w.odmon(['log', '--limit', '99999999999999999999'])).toEqual({
      code: 64,
      out: '',
      err: 'error[E_USAGE]: --limit "99999999999999999999" більше за 1000000, найбільше, що показує odmon\nhint: щоб побачити весь журнал, не вказуйте --limit\n',
    });
  });

  it('--preview onto a file is E_INPUT, and nothing is recorded', async () => {
    const w = worlds.open();
    const file = path.join(w.s.cwd, 'notes.txt');
    fs.writeFileSync(file, 'not a folder');
    const before = dumpTables(w.app.db);
    expect(await w.odmon(['notify', '--preview', 'notes.txt'], AT)).toEqual({
      code: 65,
      out: '',
      err: 'error[E_INPUT]: --preview notes.txt: це файл, а не тека\nhint: укажіть теку, у яку odmon може писати (її буде створено); нічого не записано\n',
    });
    expect(dumpTables(w.app.db)).toBe(before);
  });

  it('--preview into a folder that cannot be made is E_INPUT', async () => {
    const w = worlds.open();
    fs.writeFileSync(path.join(w.s.cwd, 'blocker'), '');
    const r = await w.odmon(['digest', '--preview', 'blocker/previews'], AT);
    expect(r).toEqual({
      code: 65,
      out: '',
      err: 'error[E_INPUT]: --preview blocker/previews: теку не вдалося створити (ENOTDIR)\nhint: укажіть теку, у яку odmon може писати (її буде створено); нічого не записано\n',
    });
  });

  it('--preview under /proc ends with E_INPUT instead of looping for ever', async () => {
    const w = worlds.open();
    const r = await w.odmon(['notify', '--preview', '/proc/odmon-preview/x'], AT);
    expect(r.code).toBe(65);
    expect(r.err).toMatch(/^error\[E_INPUT\]: --preview \/proc\/odmon-preview\/x: теку не вдалося створити/);
  });

  it('digest --preview without the IT head\'s address writes the digest for a look, and names the setting to set', async () => {
    const w = worlds.open();
    const before = dumpTables(w.app.db);
    const r = await w.odmon(['digest', '--preview', 'preview'], AT, { ODMON_IT_HEAD: '' });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Перегляд: \(одержувача не вказано\): Щотижневий огляд стану оприлюднення відкритих даних за /);
    expect(r.out).toContain(`У теку ${path.join(w.s.cwd, 'preview')} записано 1 лист; у базу нічого не записано.\n`);
    expect(r.err).toBe(
      'warning: адресу керівника ІТ не вказано, тому зведення показано лише для перегляду; щоб odmon надсилав його, укажіть адресу в mail.itHead (odmon.config.json) або ODMON_IT_HEAD.\n',
    );
    const [file] = fs.readdirSync(path.join(w.s.cwd, 'preview'));
    const mail = await simpleParser(fs.readFileSync(path.join(w.s.cwd, 'preview', file)));
    expect(mail.to).toBeUndefined();
    expect(mail.subject).toMatch(/^Щотижневий огляд стану оприлюднення відкритих даних/);
    expect(mail.text).toContain('РОЗПОРЯДНИКИ — ВІД НАЙНИЖЧОЇ ОЦІНКИ');
    expect(dumpTables(w.app.db)).toBe(before);
    // Without --preview there is nobody to send it to: refused, naming the setting and the way to look anyway.
    expect(await w.odmon(['digest'], AT, { ODMON_IT_HEAD: '' })).toEqual({
      code: 78,
      out: '',
      err:
        'error[E_CONFIG]: зведення нема кому надіслати: не вказано mail.itHead\n' +
        'hint: укажіть адресу керівника ІТ у mail.itHead (odmon.config.json) або ODMON_IT_HEAD; переглянути зведення без адреси можна так: odmon digest --preview ТЕКА\n',
    });
  });

  it('a steward that is not in the register is E_NOT_FOUND for history and ack, never an empty answer', async () => {
    const w = worlds.open();
    await w.odmon(['check'], AT);
    expect(await w.odmon(['history', '--steward', 'nosuch'], AT)).toMatchObject({ code: 66, out: '', err: expect.stringMatching(/^error\[E_NOT_FOUND\]: розпорядника "nosuch" немає в реєстрі\n/) });
    const ack = await w.odmon(['ack', '1', '--by', 'О. Коваленко', '--steward', 'nosuch'], AT);
    expect(ack).toMatchObject({ code: 66, err: expect.stringMatching(/^error\[E_NOT_FOUND\]: розпорядника "nosuch" немає в реєстрі\nhint: порушення № 1 стосується: /) });
  });

  it('an outbox folder that is a file is E_MAIL naming the setting, and the messages stay queued', async () => {
    const w = worlds.open();
    const file = path.join(w.s.cwd, 'outbox-file');
    fs.writeFileSync(file, '');
    const r = await w.odmon(['notify'], AT, { ODMON_SMTP_URL: '', ODMON_OUTBOX_DIR: file });
    expect(r.code).toBe(75);
    expect(r.err).toBe(
      `error[E_MAIL]: повідомлення не надіслано: не вдалося надіслати (тека ${file}): не вдалося записати лист («EEXIST: file already exists, mkdir '${file}'»)\n` +
        'hint: перевірте mail.outboxDir / ODMON_OUTBOX_DIR: це має бути тека, у яку odmon може писати; повідомлення лишаються в черзі й підуть під час наступного запуску\n',
    );
    expect(w.app.db.prepare('SELECT status, count(*) AS n FROM outbox GROUP BY status').all()).toEqual([{ status: 'pending', n: 2 }]);
  });

  it.each<[string, (db: string) => string]>([
    ['its path', (db) => db],
    ['a path through another folder', (db) => path.join(path.dirname(db), 'x', '..', path.basename(db))],
    ['a symbolic link to it', (db) => {
      const link = path.join(path.dirname(db), 'link.sqlite');
      fs.symlinkSync(db, link);
      return link;
    }],
    ['its -wal file', (db) => `${db}-wal`],
  ])('backup onto the database itself (%s) is refused and the database is unchanged', async (_what, target) => {
    const w = worlds.open();
    const db = w.app.config.db;
    fs.mkdirSync(path.join(path.dirname(db), 'x'), { recursive: true });
    const before = dumpTables(w.app.db);
    const size = fs.statSync(db).size;
    const r = await w.odmon(['backup', target(db)]);
    expect(r.code).toBe(65);
    expect(r.err).toMatch(/^error\[E_INPUT\]: backup .*: це сама база даних \(.*\) або один із її файлів -wal, -shm чи -journal\nhint: укажіть інший файл/);
    expect(fs.statSync(db).size).toBe(size);
    expect(dumpTables(w.app.db)).toBe(before);
  });

  it('backup to another file still works', async () => {
    const w = worlds.open();
    const r = await w.odmon(['backup', 'copy.sqlite']);
    expect(r.code).toBe(0);
    const { db } = openDb(path.join(w.s.cwd, 'copy.sqlite'));
    try {
      expect(dumpTables(db)).toBe(dumpTables(w.app.db));
    } finally {
      db.close();
    }
  });

  it.each([
    ['2019-07-01T09:00+25:00'],
    ['2019-07-01T09:00+03:75'],
  ])('--now %s is E_USAGE', async (now) => {
    const w = worlds.open();
    const r = await w.odmon(['check', '--now', now]);
    expect(r.code).toBe(64);
    expect(r.err).toMatch(/^error\[E_USAGE\]: --now ".*" — не дата\n/);
  });

  it('an address with a control character is refused, not sent to another mailbox', async () => {
    const w = worlds.open();
    const r = await w.odmon(['notify', '--redirect-all-to', 'a\u0000@example.org'], AT);
    expect(r).toEqual({ code: 64, out: '', err: 'error[E_USAGE]: --redirect-all-to "a\\u0000@example.org" — не адреса електронної пошти\nhint: наприклад: --redirect-all-to it-head@example.org\n' });
    const head = await w.odmon(['digest'], AT, { ODMON_IT_HEAD: 'it\u0007-head@example.org' });
    expect(head.code).toBe(78);
    expect(head.err).toContain('ODMON_IT_HEAD: "it\\u0007-head@example.org" — не адреса електронної пошти');
  });
});

describe('text from a register or a portal', () => {
  const HOSTILE = `\u001b]0;owned\u0007\u001b[2J\u001b[31mБюджет\u0000 міста\u009b6n `;

  it('reaches neither the terminal nor the mail as control characters or escapes', async () => {
    const w = worlds.open();
    // As a portal or an older odmon may have stored it: the register's own import cleans titles on the way in.
    w.app.db.prepare('UPDATE datasets SET title = ? WHERE id = ?').run(`${HOSTILE}<b>жирний</b>`, 'budget');
    const check = await w.odmon(['check'], AT);
    expect(check.code).toBe(0);
    expect(check.out).toContain(']0;owned[2J[31mБюджет міста6n <b>жирний</b>');
    expect(check.out + check.err).not.toMatch(CONTROLS);
    const mail = await mailDuring(w.server, () => w.odmon(['notify'], AT));
    const notice = to(mail, ADDRESS.finance)[0];
    expect(textOf(notice)).toContain('Бюджет міста6n <b>жирний</b>');
    expect(textOf(notice)).not.toMatch(CONTROLS);
    expect(notice.parsed.html || '').toContain('Бюджет міста6n &lt;b&gt;жирний&lt;&#x2F;b&gt;');
    expect(notice.parsed.html || '').not.toMatch(CONTROLS);
  });

  it('a 20-million-character title makes a message of a few kilobytes', async () => {
    const w = worlds.open();
    w.app.db.prepare('UPDATE datasets SET title = ? WHERE id = ?').run(`Бюджет ${'Б'.repeat(20_000_000)}`, 'budget');
    const check = await w.odmon(['check', '--json'], AT);
    expect(check.code).toBe(0);
    expect(check.out.length).toBeLessThan(200_000);
    const mail = await mailDuring(w.server, () => w.odmon(['notify'], AT));
    const notice = to(mail, ADDRESS.finance)[0];
    expect(notice.raw.length).toBeLessThan(100_000);
    expect(textOf(notice)).toMatch(/Бюджет Б{500,}…/);
  });
});
