/**
 * Time of record and time of evaluation (src/clock.ts): `--now` changes what is evaluated, never when something
 * happened. A run whose --now is later than the real clock, or earlier than the last recorded run, evaluates and
 * prints but records nothing; runs moving forward up to the real clock record as they always did. The CLI runs
 * in-process on the world of test/exemptions/world.ts with both clocks pinned, and a real SMTP server.
 */
import { listAudit } from '../../src/store/audit';
import { dumpTables } from '../helpers/temp-db';
import { ADDRESS, NOW, day, kyiv, mailDuring, textOf, to, useWorlds, type World } from '../exemptions/world';

jest.setTimeout(60_000);

const worlds = useWorlds('trial');

const count = (w: World, table: string): number => w.app.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('a trial run in the past', () => {
  it('on a live database leaves no trace: the next real notify tells nobody anything new or resolved', async () => {
    const w = worlds.open();
    const first = await mailDuring(w.server, () => w.odmon(['notify'], NOW));
    expect(to(first, ADDRESS.finance)).toHaveLength(1);
    const before = dumpTables(w.app.db);

    // The IT head tries how things stood a month earlier, on the live database, a day later.
    const trial = await w.odmon(['check', '--now', '2019-06-01'], undefined, {}, day(1));
    expect(trial.code).toBe(0);
    expect(trial.out).toMatch(/^Перевірка станом на 01\.06\.2019 00:00 \(Київ\)/);
    expect(trial.err).toContain(
      'Пробний запуск: нічого не записано. Дата оцінювання 01.06.2019 00:00 раніша за останню записану перевірку (станом на 01.07.2019 09:00).\n',
    );
    expect(dumpTables(w.app.db)).toBe(before);

    // The next real notify, the day after: nothing is new, nothing was resolved, no weekly repeat is due.
    const next = await mailDuring(w.server, () => w.odmon(['notify'], day(1)));
    expect(next).toEqual([]);
  });

});

describe('a trial run in the future', () => {
  it('check --now 9999-12-31 evaluates and prints, and records nothing: no run, no finding, no quarter snapshot', async () => {
    const w = worlds.open();
    await w.odmon(['check'], NOW);
    const before = dumpTables(w.app.db);
    const r = await w.odmon(['check', '--now', '9999-12-31'], undefined, {}, day(1));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Перевірка станом на 31\.12\.9999 00:00 \(Київ\): \d+ порушен/);
    expect(r.err).toContain('Пробний запуск: нічого не записано. Дата оцінювання 31.12.9999 00:00 пізніша за поточний час 02.07.2019 09:00.\n');
    expect(dumpTables(w.app.db)).toBe(before);
    expect(count(w, 'quarter_snapshots')).toBe(0);
  });

  it('of notify and digest plans and prints what is due then, but queues, records and sends nothing', async () => {
    const w = worlds.open();
    await mailDuring(w.server, () => w.odmon(['notify'], NOW));
    const before = dumpTables(w.app.db);
    let out = { code: -1, out: '', err: '' };
    const mail = await mailDuring(w.server, async () => {
      out = await w.odmon(['notify', '--now', day(8).toISO() as string], undefined, {}, day(1));
      await w.odmon(['digest', '--now', day(8).toISO() as string, '--redirect-all-to', 'me@example.org'], undefined, {}, day(1));
    });
    expect(mail).toEqual([]);
    expect(out.out).toMatch(/^Буде поставлено в чергу: budget@example\.org, o\.kovalenko@example\.org: .*станом на 09\.07\.2019/m);
    expect(out.err).toContain('Пробний запуск: нічого не записано і не надіслано. Дата оцінювання 09.07.2019 09:00 пізніша за поточний час 02.07.2019 09:00.\n');
    expect(dumpTables(w.app.db)).toBe(before);
  });

  it('history --now after the real clock stores no snapshot of a quarter that has not ended yet', async () => {
    const w = worlds.open();
    await w.odmon(['check'], NOW);
    const trial = await w.odmon(['history', '--now', '2019-10-05'], undefined, {}, day(10));
    expect(trial.out).toBe('Від першої перевірки ще не закінчився жоден квартал. Квартали до неї відновлено з історії оприлюднень у щотижневому огляді (позначено *) і в річному звіті (позначено †).\n');
    expect(trial.err).toContain('Пробний запуск: нічого не записано. Дата оцінювання 05.10.2019 00:00 пізніша за поточний час 11.07.2019 09:00.\n');
    expect(count(w, 'quarters_closed')).toBe(0);

    // Once the quarter has really ended, it is taken, dated when it really was.
    const real = kyiv('2019-10-05T10:00');
    expect((await w.odmon(['history'], real)).out).toMatch(/^III кв\. 2019 +усього +0,0 % · обов’язкових 5: оприлюднено 4 \(вчасно 0, із запізненням 4\), не оприлюднено 1, призупинено 0 · знімок 05\.10\.2019\n/);
    expect(w.app.db.prepare('SELECT taken_at FROM quarters_closed').pluck().all()).toEqual(['2019-10-05T07:00:00.000Z']);
  });

  it('of an exemption or an import checks and prints as usual, and writes nothing', async () => {
    const w = worlds.open();
    await w.odmon(['check'], NOW);
    const before = dumpTables(w.app.db);
    const snooze = await w.odmon(['snooze', '--steward', 'finance', '--until', '2019-08-31', '--reason', 'відпустка'], day(40), {}, NOW);
    expect(snooze.out).toBe('Про всі порушення розпорядника finance повідомлень не буде до 31.08.2019 включно. Про усунення повідомлятимуть, як і раніше.\n');
    expect(snooze.err).toMatch(/^Пробний запуск: нічого не записано\. Дата оцінювання 10\.08\.2019 09:00 пізніша/);
    const suspend = await w.odmon(['suspend', 'shelters', '--basis', 'Постанова КМУ № 263', '--review-by', '2019-12-31'], day(40), {}, NOW);
    expect(suspend.code).toBe(0);
    expect(dumpTables(w.app.db)).toBe(before);
  });
});

describe('the time of record', () => {
  it('is the real time in the audit log, with the evaluation time beside it, and a suspension nobody dated starts then', async () => {
    const w = worlds.open();
    await w.odmon(['check'], NOW);
    const real = kyiv('2019-07-04T15:30');
    const r = await w.odmon(['suspend', 'shelters', '--basis', 'Постанова КМУ № 263', '--review-by', '2019-12-31'], day(1), {}, real);
    expect(r).toMatchObject({ code: 0, err: '' });
    const [entry] = listAudit(w.app.db);
    expect(entry.at).toBe('2019-07-04T12:30:00.000Z');
    expect(entry.details).toMatchObject({ since: '2019-07-04T12:30:00.000Z', evaluatedAsOf: '2019-07-02T06:00:00.000Z' });
    expect(w.app.db.prepare('SELECT since, created_at FROM dataset_suspensions').get()).toEqual({ since: '2019-07-04T12:30:00.000Z', created_at: '2019-07-04T12:30:00.000Z' });
    expect((await w.odmon(['log'], real)).out).toMatch(/^04\.07\.2019 15:30  it-head  призупинення · набір даних shelters — Постанова/);
  });

  it('moves forward with runs in increasing time up to the real clock, which record as they always did', async () => {
    const w = worlds.open();
    const real = day(10);
    for (const at of [NOW, day(1), day(1), day(7)]) expect((await w.odmon(['check'], at, {}, real)).err).not.toContain('Пробний запуск');
    expect(w.app.db.prepare('SELECT as_of, started_at FROM evaluation_runs ORDER BY id').all()).toEqual(
      [NOW, day(1), day(1), day(7)].map((at) => ({ as_of: at.toUTC().toISO(), started_at: real.toUTC().toISO() })),
    );
    const notice = textOf(to(await mailDuring(w.server, () => w.odmon(['notify'], day(8), {}, real)), ADDRESS.finance)[0]);
    expect(notice).toContain('станом на 09.07.2019');
  });
});
