/**
 * Snoozes, acknowledgements and suspensions as the stewards and the IT head see them: real notify and digest
 * runs on the world of ./world.ts, delivered through a real SMTP server and read back with mailparser.
 */
import type { DateTime } from 'luxon';
import { runDigest, runNotify } from '../../src/app';
import type { ReceivedMail } from '../helpers/smtp';
import { ADDRESS, DATASET_COLUMNS, IT_HEAD, NOW, WORLD_DATASETS, WORLD_STEWARDS, day, importRows, mailDuring, textOf, to, useWorlds, type World } from './world';

jest.setTimeout(60_000);

const worlds = useWorlds('exemption-notices');

async function notify(w: World, now: DateTime): Promise<ReceivedMail[]> {
  return mailDuring(w.server, () => runNotify(w.app, now));
}

async function digest(w: World, now: DateTime): Promise<string> {
  const mail = await mailDuring(w.server, () => runDigest(w.app, now));
  expect(mail.map((m) => m.envelopeTo)).toEqual([[IT_HEAD]]);
  return textOf(mail[0]);
}

const BUDGET = 'Набір даних: «Бюджет міста»\n   Стан: Прострочено оновлення';
const TASK = 'Завдання m.1 Плану дій';
const SHELTERS = 'Набір даних: «Укриття»\n   Стан: Не оприлюднено.';
const SNOOZE_ENDED = 'Строк відстрочки минув.';

describe('a snooze', () => {
  it('keeps notices quiet while it runs and, once it expired between two runs, tells what is still open at once', async () => {
    const w = worlds.open();
    expect(textOf(to(await notify(w, NOW), ADDRESS.finance)[0])).toContain(BUDGET);
    expect((await w.odmon(['snooze', 'stale-publication:dataset:budget', '--until', '2019-07-03', '--reason', 'оновлюють структуру набору'], day(1))).code).toBe(0);
    expect(await notify(w, day(2))).toEqual([]); // 03.07: the last quiet day
    const resumed = to(await notify(w, day(3)), ADDRESS.finance); // 04.07, three days after the last notice
    expect(resumed).toHaveLength(1);
    expect(resumed[0].parsed.subject).toBe('Відкриті дані: 1 невиконаний пункт — Фінансове управління (станом на 04.07.2019)');
    expect(textOf(resumed[0])).toContain(`1. ${BUDGET}`);
    expect(textOf(resumed[0])).toContain(`   ${SNOOZE_ENDED} Уперше повідомлено 01.07.2019.\n`);
    expect(textOf(resumed[0])).not.toContain(TASK);
    expect(await notify(w, day(4))).toEqual([]);
  });

  it('holds back the weekly repeat that falls inside it', async () => {
    const w = worlds.open();
    await notify(w, NOW);
    await w.odmon(['snooze', 'stale-publication:dataset:budget', '--until', '2019-07-09', '--reason', 'r'], day(1));
    const week = textOf(to(await notify(w, day(7)), ADDRESS.finance)[0]);
    expect(week).toContain(TASK);
    expect(week).not.toContain(BUDGET);
    expect(await notify(w, day(8))).toEqual([]);
    const resumed = textOf(to(await notify(w, day(9)), ADDRESS.finance)[0]);
    expect(resumed).toContain(BUDGET);
    expect(resumed).toContain(SNOOZE_ENDED);
  });

  it('never hides a resolution, and the digest lists what is snoozed, until when and why', async () => {
    const w = worlds.open();
    await notify(w, NOW);
    await digest(w, NOW);
    await w.odmon(['snooze', '--steward', 'finance', '--until', '2019-07-31', '--reason', 'реорганізація управління'], day(1));
    importRows(w.app, 'datasets', DATASET_COLUMNS, [['budget', 'Бюджет міста', 'finance', 'once a month', '2019-07-02', 'yes', '', '']], day(1));
    const resolved = to(await notify(w, day(2)), ADDRESS.finance);
    expect(resolved).toHaveLength(1);
    expect(resolved[0].parsed.subject).toBe('Відкриті дані: 1 пункт усунено — Фінансове управління (станом на 03.07.2019)');
    expect(textOf(resolved[0])).toContain('1. Набір даних: «Бюджет міста» — усунено 03.07.2019\n');
    expect(textOf(resolved[0])).not.toContain('Що потрібно зробити');
    const text = await digest(w, day(2));
    expect(text).toContain('1 пункт усунено:\n- Набір даних: «Бюджет міста» (Фінансове управління)\n');
    expect(text).toContain('Відстрочки повідомлень: 1\n- усі повідомлення розпоряднику «Фінансове управління» — до 31.07.2019 включно; причина: реорганізація управління; надав(ла): it-head\n');
    // The task's weekly repeat waits for the end of the snooze, then comes at once: escalated by now, as it
    // stayed open 30 days after its first notice meanwhile, so the head of the unit is copied.
    expect(to(await notify(w, day(7)), ADDRESS.finance)).toEqual([]);
    expect(to(await notify(w, day(30)), ADDRESS.finance)).toEqual([]);
    const after = to(await notify(w, day(31)), ADDRESS.finance);
    expect(textOf(after[0])).toContain(`1. ${TASK}`);
    expect(textOf(after[0])).toContain('Копію листа надіслано керівникові підрозділу, оскільки пункт № 1 залишається невиконаним 30 днів і більше після першого повідомлення.');
    expect(after[0].envelopeTo).toContain('finupr.head@example.org');
  });

  it('of a steward holds back a finding found during it, which then comes as new', async () => {
    const w = worlds.open();
    await w.odmon(['check'], NOW);
    await w.odmon(['snooze', '--steward', 'cp', '--until', '2019-07-05', '--reason', 'евакуація архіву'], NOW);
    expect(to(await notify(w, NOW), ADDRESS.cp)).toEqual([]);
    expect(to(await notify(w, day(4)), ADDRESS.cp)).toEqual([]);
    const late = textOf(to(await notify(w, day(5)), ADDRESS.cp)[0]);
    expect(late).toContain(SHELTERS);
    expect(late).toContain('Повідомляємо, що за результатами моніторингу');
    expect(late).not.toContain('Уперше повідомлено');
  });

  it('ends early with unsnooze, and what is open is told on the next run', async () => {
    const w = worlds.open();
    await notify(w, NOW);
    await w.odmon(['snooze', 'stale-publication:dataset:budget', '--until', '2019-07-20', '--reason', 'r'], day(1));
    await w.odmon(['unsnooze', 'stale-publication:dataset:budget', '--reason', 'домовленість скасовано'], day(2));
    const told = textOf(to(await notify(w, day(2)), ADDRESS.finance)[0]);
    expect(told).toContain(BUDGET);
    expect(told).toContain(SNOOZE_ENDED);
  });
});

describe('an acknowledgement', () => {
  it('is shown in the next notice and the digest, and the item is repeated every ackRepeatDays instead of every week', async () => {
    const w = worlds.open(undefined, { ODMON_ACK_REPEAT_DAYS: '20', ODMON_ESCALATE_AFTER_DAYS: '90' });
    const days: Record<'budget' | 'task', number[]> = { budget: [], task: [] };
    const notices = new Map<number, string>();
    for (let d = 0; d <= 30; d++) {
      if (d === 1) await w.odmon(['ack', 'stale-publication:dataset:budget', '--by', 'О. Коваленко', '--comment', 'оновимо після сесії'], day(1));
      const text = textOf(to(await notify(w, day(d)), ADDRESS.finance)[0]);
      if (text.includes(BUDGET)) days.budget.push(d);
      if (text.includes(TASK)) days.task.push(d);
      if (text) notices.set(d, text);
    }
    expect(days).toEqual({ budget: [0, 7, 27], task: [0, 7, 14, 21, 28] });
    expect(notices.get(7)).toContain(`${BUDGET}`);
    expect(notices.get(7)).toContain('   Уперше повідомлено 01.07.2019. Підтверджено: О. Коваленко, 02.07.2019 — «оновимо після сесії».\n');
    expect(notices.get(7)).toContain('Доки пункти не буде виконано, нагадування надходитимуть кожні 7 днів (щодо підтверджених пунктів — кожні 20 днів).');
    expect(notices.get(0)).not.toContain('Підтверджено');
    const text = await digest(w, day(30));
    expect(text).toMatch(/Підтверджено розпорядниками, ще не усунено: 1\n- № \d+: Набір даних «Бюджет міста» мав бути оновлений до [^\n]* — підтверджено: О\. Коваленко \(Фінансове управління\), 02\.07\.2019 — «оновимо після сесії»\n/);
  });

  it('for one steward of a shared plan task changes only that steward\'s notices', async () => {
    const w = worlds.open(
      {
        stewards: WORLD_STEWARDS,
        datasets: WORLD_DATASETS.filter((d) => d[0] === 'registry'),
        plan: [['monitoring-2019', '2019', 'm.1', 'Моніторинг', 'Оприлюднити графік оновлення наборів даних', 'II квартал 2019 року', 'finance;it', '']],
      },
      { ODMON_ESCALATE_AFTER_DAYS: '90' },
    );
    await notify(w, NOW);
    expect((await w.odmon(['ack', 'overdue-plan-task:task:m.1', '--by', 'І. Петренко', '--steward', 'it'], day(1))).out).toMatch(/^Порушення № \d+ \(overdue-plan-task · завдання m\.1\): підтвердив\(ла\) І\. Петренко за розпорядника it\. .* Іншим розпорядникам цього порушення \(1\) повідомляють, як і раніше\.\n$/);
    const week = await notify(w, day(7));
    expect(to(week, ADDRESS.it)).toEqual([]);
    expect(textOf(to(week, ADDRESS.finance)[0])).toContain(TASK);
    expect(textOf(to(week, ADDRESS.finance)[0])).not.toContain('Підтверджено');
    for (let d = 8; d < 30; d++) expect(to(await notify(w, day(d)), ADDRESS.it)).toEqual([]);
    expect(textOf(to(await notify(w, day(30)), ADDRESS.it)[0])).toContain('Підтверджено: І. Петренко, 02.07.2019');
  });
});

describe('an acknowledgement of a plan task shared by every department', () => {
  const SHARED_PLAN = [['monitoring-2019', '2019', 'm.1', 'Моніторинг', 'Оприлюднити графік оновлення наборів даних', 'II квартал 2019 року', 'Розпорядники наборів відкритих даних', '']];

  it('needs --steward and silences only that steward: the other departments are still told', async () => {
    const w = worlds.open({ stewards: WORLD_STEWARDS, datasets: WORLD_DATASETS.filter((d) => d[0] === 'registry'), plan: SHARED_PLAN }, { ODMON_ESCALATE_AFTER_DAYS: '90' });
    await notify(w, NOW);
    const refused = await w.odmon(['ack', 'overdue-plan-task:task:m.1', '--by', 'О. Коваленко'], day(1));
    expect(refused.code).toBe(64);
    expect(refused.err).toMatch(/^error\[E_USAGE\]: бракує опції "--steward": порушення № \d+ стосується кількох розпорядників \(5: cp, economy, finance, hr, it\)\n/);
    expect(w.app.db.prepare('SELECT count(*) FROM acknowledgements').pluck().get()).toBe(0);

    expect((await w.odmon(['ack', 'overdue-plan-task:task:m.1', '--by', 'О. Коваленко', '--steward', 'finance'], day(1))).code).toBe(0);
    expect(w.app.db.prepare('SELECT steward_id FROM acknowledgements').pluck().all()).toEqual(['finance']);
    const week = await notify(w, day(7));
    expect(to(week, ADDRESS.finance)).toEqual([]);
    for (const other of [ADDRESS.it, ADDRESS.cp]) {
      const text = textOf(to(week, other)[0]);
      expect(text).toContain(TASK);
      expect(text).not.toContain('Підтверджено');
    }
  });

  it('on a finding of one steward is that steward\'s, without --steward', async () => {
    const w = worlds.open();
    await notify(w, NOW);
    expect((await w.odmon(['ack', 'stale-publication:dataset:budget', '--by', 'О. Коваленко'], day(1))).out).toMatch(/ за розпорядника finance\. Поки порушення відкрите, цьому розпоряднику нагадуватимуть кожні 30 днів\.\n$/);
    expect(w.app.db.prepare('SELECT steward_id FROM acknowledgements').pluck().all()).toEqual(['finance']);
  });
});

describe('a notice that lists only what is due', () => {
  it('says how many items the steward has open in all, the number check --steward lists', async () => {
    const w = worlds.open();
    for (const d of [0, 7, 14, 21]) await notify(w, day(d));
    // 26.07: «Камери» turns late; «Укриття» was told on 22.07 and is not due again yet.
    const mail = to(await notify(w, day(25)), ADDRESS.cp);
    expect(mail[0].parsed.subject).toBe('Відкриті дані: 1 невиконаний пункт — Управління з питань надзвичайних ситуацій та цивільного захисту населення (станом на 26.07.2019)');
    expect(textOf(mail[0])).toContain('Усього в розпорядника 2 невиконані пункти; про 1 з них уже повідомлено раніше, нагадування надійде за графіком.');
    expect((await w.odmon(['check', '--steward', 'cp'], day(25))).out.split('\n')[0]).toMatch(/: 2 порушення\.$/);
  });
});

describe('a notice beside a snoozed item', () => {
  it('says the item is held back until the snooze ends, not that it was told before', async () => {
    const w = worlds.open();
    // Snoozed before any notice: the steward was never told about «Бюджет міста».
    expect((await w.odmon(['check'], NOW)).code).toBe(0);
    expect((await w.odmon(['snooze', 'stale-publication:dataset:budget', '--until', '2019-07-15', '--reason', 'оновлюють структуру набору'], NOW)).code).toBe(0);
    const mail = to(await notify(w, NOW), ADDRESS.finance);
    expect(mail[0].parsed.subject).toBe('Відкриті дані: 1 невиконаний пункт — Фінансове управління (станом на 01.07.2019)');
    const text = textOf(mail[0]);
    expect(text).toContain(TASK);
    expect(text).not.toContain(BUDGET);
    expect(text).toContain(
      'Усього в розпорядника 2 невиконані пункти; 1 з них відкладено до 15.07.2019 включно, нагадування надійде після завершення відстрочки.',
    );
    expect(text).not.toContain('уже повідомлено раніше');
    const told = w.app.db.prepare("SELECT count(*) FROM finding_notices n JOIN findings f ON f.id = n.finding_id WHERE f.subject_id = 'budget'").pluck().get();
    expect(told).toBe(0);
  });

  it('words an item told earlier and snoozed since as snoozed', async () => {
    const w = worlds.open();
    for (const d of [0, 7, 14, 21]) await notify(w, day(d));
    // 26.07: «Камери» turns late; «Укриття», told on 22.07, is snoozed on 25.07.
    expect((await w.odmon(['snooze', 'missing-dataset:dataset:shelters', '--until', '2019-08-10', '--reason', 'r'], day(24))).code).toBe(0);
    const mail = to(await notify(w, day(25)), ADDRESS.cp);
    expect(textOf(mail[0])).toContain('Усього в розпорядника 2 невиконані пункти; 1 з них відкладено до 10.08.2019 включно, нагадування надійде після завершення відстрочки.');
  });
});

describe('a suspension', () => {
  it('turns a missing dataset into a suspended one, tells the digest its basis, and reminds the IT head once the review day comes', async () => {
    const w = worlds.open();
    expect(textOf(to(await notify(w, NOW), ADDRESS.cp)[0])).toContain(SHELTERS);
    await digest(w, NOW);
    await w.odmon(['suspend', 'shelters', '--basis', 'Постанова КМУ № 263 від 12.03.2022', '--review-by', '2019-07-10'], day(1));
    // The check that ends the finding says it was suspended, not resolved.
    const check = await w.odmon(['check'], day(1));
    expect(check.out).toMatch(/^Перевірка станом на 02\.07\.2019 09:00 \(Київ\): \d+ порушен\S+; нових — 0, усунено — 0, призупинено — 1\.\n/);
    expect(check.err).toMatch(/, усунено — 0, призупинено — 1\.\n/);
    // The steward is told the finding is over — as a suspension with its basis, not as a fix: nothing is hidden.
    const cp = to(await notify(w, day(2)), ADDRESS.cp)[0];
    const told = textOf(cp);
    expect(cp.parsed.subject).toBe('Відкриті дані: оприлюднення 1 набору даних призупинено — Управління з питань надзвичайних ситуацій та цивільного захисту населення (станом на 03.07.2019)');
    expect(told).toContain('Повідомляємо, що оприлюднення наведеного нижче набору даних розпорядника «Управління з питань надзвичайних ситуацій та цивільного захисту населення» призупинено.');
    expect(told).toContain('Жодних дій від вас не потрібно.');
    expect(told).toContain('1. «Укриття»\n   Підстава призупинення: Постанова КМУ № 263 від 12.03.2022\n   Діє з: 02.07.2019\n   Дата перегляду: 10.07.2019\n');
    expect(told).not.toContain('усунено');
    expect(told).not.toContain('просимо');
    expect(told).not.toContain('Що потрібно зробити');
    const first = await digest(w, day(2));
    expect(first).toContain("Призупинено оприлюднення наборів даних: 1, обов'язковий — вони не вважаються відсутніми чи простроченими. Перелік — odmon suspensions.");
    expect(first).toMatch(/\n\d+ \| Управління з питань надзвичайних ситуацій та цивільного захисту населення \| 100,0 % \| [^|]+ \| 1 з 1 \| 0\n/);
    // Nor does the digest tell it as fixed: it is listed as suspended, with its basis.
    expect(first).toContain('З попереднього огляду: нових — 0, усунено — 0; оприлюднення 1 набору даних призупинено.');
    expect(first).toContain(
      'оприлюднення 1 набору даних призупинено (це не усунення: до перегляду рішення оприлюднення не вимагається):\n' +
        '- «Укриття» (Управління з питань надзвичайних ситуацій та цивільного захисту населення) — підстава: Постанова КМУ № 263 від 12.03.2022\n',
    );
    expect(first).not.toContain('ПЕРЕГЛЯНУТИ');
    const mail = await mailDuring(w.server, () => runDigest(w.app, day(9)));
    expect(mail[0].parsed.subject).toMatch(/^Щотижневий огляд стану оприлюднення відкритих даних за 03–09\.07\.2019 — .*; переглянути призупинення: 1$/);
    const reviewDay = textOf(mail[0]);
    expect(reviewDay).toContain(
      'НАСТАВ ЧАС ПЕРЕГЛЯНУТИ ПРИЗУПИНЕННЯ (1)\n' +
        '- «Укриття» (Управління з питань надзвичайних ситуацій та цивільного захисту населення) — підстава: Постанова КМУ № 263 від 12.03.2022; дата перегляду: 10.07.2019 (сьогодні)\n',
    );
    expect(await digest(w, day(14))).toContain('дата перегляду: 10.07.2019 (прострочено на 5 днів)');
    for (let d = 3; d <= 14; d++) expect(textOf(to(await notify(w, day(d)), ADDRESS.cp)[0])).not.toContain(SHELTERS);
  });

  it('hides lateness too: a late dataset suspended is neither late nor told', async () => {
    const w = worlds.open();
    await w.odmon(['suspend', 'budget', '--basis', 'Постанова КМУ № 263 від 12.03.2022', '--review-by', '2019-12-31'], NOW);
    const mail = to(await notify(w, NOW), ADDRESS.finance);
    expect(textOf(mail[0])).not.toContain(BUDGET);
    expect(textOf(mail[0])).toContain(TASK);
    // budget is required and suspended: counted as suspended only, so finance has nothing left to score.
    expect(await digest(w, NOW)).toMatch(/\n\d+ \| Фінансове управління \| — \| — \| — \| 1\n/);
  });
});
