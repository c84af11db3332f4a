/**
 * The exemption and plan-progress commands, run in-process as a user would type them: what they print, the
 * errors they refuse with (and their exit codes), and what the check, the register import and the log make
 * of them afterwards.
 */
import { listAudit } from '../../src/store/audit';
import { DATASET_COLUMNS, NOW, WORLD_DATASETS, day, importRows, kyiv, useWorlds, type World } from './world';

jest.setTimeout(30_000);

const worlds = useWorlds('exemption-cli');

/** A world whose first check (as of NOW) has run, so the findings have ids. */
async function checked(): Promise<World> {
  const w = worlds.open();
  expect((await w.odmon(['check'], NOW)).code).toBe(0);
  return w;
}

const findingId = (w: World, rule: string, subject: string): number =>
  w.app.db.prepare('SELECT id FROM findings WHERE rule = ? AND subject_id = ? AND resolved_at IS NULL').pluck().get(rule, subject) as number;

describe('odmon suspend and resume', () => {
  it('reports a suspended dataset as suspended, not missing, until it is resumed', async () => {
    const w = await checked();
    const r = await w.odmon(['suspend', 'shelters', '--basis', 'Постанова КМУ № 263 від 12.03.2022', '--review-by', '2019-09-30'], day(1));
    expect(r).toEqual({ code: 0, out: 'Набір даних shelters призупинено. Підстава: Постанова КМУ № 263 від 12.03.2022. Переглянути: 30.09.2019.\n', err: '' });
    const check = await w.odmon(['check', '--json'], day(1));
    const rules = (JSON.parse(check.out) as { rule: string; subject: { id: string } }[]).filter((f) => f.subject.id === 'shelters').map((f) => f.rule);
    expect(rules).toEqual([]);
    expect((await w.odmon(['suspensions'], day(1))).out).toBe(
      'shelters (Управління з питань надзвичайних ситуацій та цивільного захисту населення): Постанова КМУ № 263 від 12.03.2022; з 02.07.2019; переглянути 30.09.2019\n',
    );
    expect((await w.odmon(['suspensions'], kyiv('2019-10-02T09:00'))).out).toContain('переглянути 30.09.2019 (НАСТАВ ЧАС ПЕРЕГЛЯНУТИ: прострочено на 2 дні)');

    const resumed = await w.odmon(['resume', 'shelters', '--reason', 'обмеження знято'], day(20));
    expect(resumed.out).toBe('Призупинення набору даних shelters знято (підстава була: Постанова КМУ № 263 від 12.03.2022). З наступної перевірки набір оцінюється, як і всі інші.\n');
    const after = JSON.parse((await w.odmon(['check', '--json'], day(20))).out) as { rule: string; subject: { id: string } }[];
    expect(after.filter((f) => f.subject.id === 'shelters').map((f) => f.rule)).toEqual(['missing-dataset']);
  });

  it('keeps a suspension made with odmon suspend when the register is imported again with an empty suspended cell', async () => {
    const w = await checked();
    await w.odmon(['suspend', 'shelters', '--basis', 'Постанова КМУ № 263', '--review-by', '30.09.2019'], day(1));
    importRows(w.app, 'datasets', DATASET_COLUMNS, WORLD_DATASETS, day(2));
    expect(w.app.db.prepare("SELECT suspended FROM datasets WHERE id = 'shelters'").pluck().get()).toBe('Постанова КМУ № 263');
    await w.odmon(['resume', 'shelters'], day(3));
    // Once lifted, the register file's own column applies again.
    importRows(w.app, 'datasets', DATASET_COLUMNS, [['shelters', 'Укриття', 'cp', 'once a year', '', 'yes', '', 'рішення виконкому № 5']], day(4));
    expect((await w.odmon(['suspensions'], day(4))).out).toBe(
      'shelters (Управління з питань надзвичайних ситуацій та цивільного захисту населення): рішення виконкому № 5; позначено в реєстрі, дата перегляду не визначена\n',
    );
  });

  it.each<[string, string[], number, string]>([
    ['needs the legal basis', ['suspend', 'shelters', '--review-by', '2019-09-30'], 64, 'error[E_USAGE]: бракує обов’язкової опції "--basis TEXT"\nhint: наприклад: odmon suspend shelters --basis "Постанова КМУ № 263 від 12.03.2022" --review-by 2026-12-31\n'],
    ['needs the review day', ['suspend', 'shelters', '--basis', 'Постанова КМУ № 263'], 64, 'error[E_USAGE]: бракує обов’язкової опції "--review-by DATE"\nhint: наприклад: odmon suspend shelters --basis "Постанова КМУ № 263 від 12.03.2022" --review-by 2026-12-31\n'],
    ['refuses a day that does not exist', ['suspend', 'shelters', '--basis', 'x', '--review-by', '31.02.2020'], 65, 'error[E_INPUT]: --review-by "31.02.2020" — не дата\nhint: пишіть 2019-07-05 або 05.07.2019 (день за Києвом), або 2019-07-05T14:30\n'],
    ['refuses a review day already past', ['suspend', 'shelters', '--basis', 'x', '--review-by', '2019-06-30'], 65, 'error[E_INPUT]: --review-by 30.06.2019 — не пізніше за поточний момент (01.07.2019 09:00)\nhint: укажіть день перегляду в майбутньому\n'],
    ['refuses an unknown dataset', ['suspend', 'nope', '--basis', 'x', '--review-by', '2019-09-30'], 66, 'error[E_NOT_FOUND]: набору даних "nope" немає в реєстрі\nhint: перевірте ідентифікатор (набори даних додає odmon import datasets)\n'],
    ['refuses to resume a dataset that is not suspended', ['resume', 'budget'], 65, 'error[E_INPUT]: набір даних "budget" не призупинено\nhint: призупинені набори показує odmon suspensions\n'],
  ])('%s', async (_what, argv, code, err) => {
    const w = worlds.open();
    expect(await w.odmon(argv, NOW)).toEqual({ code, out: '', err });
  });
});

describe('odmon snooze, unsnooze and ack', () => {
  it('snoozes a finding named by its id or by rule:type:id, and every finding of a steward', async () => {
    const w = await checked();
    const id = findingId(w, 'stale-publication', 'budget');
    expect((await w.odmon(['snooze', String(id), '--until', '2019-07-05', '--reason', 'оновлюють структуру'], NOW)).out).toBe(
      `Про порушення № ${id} (stale-publication · набір даних budget) повідомлень не буде до 05.07.2019 включно. Про усунення повідомлятимуть, як і раніше.\n`,
    );
    expect((await w.odmon(['snooze', 'missing-dataset:dataset:shelters', '--until', '2019-07-10T12:00', '--reason', 'r'], NOW)).code).toBe(0);
    expect((await w.odmon(['snooze', '--steward', 'it', '--until', '12.07.2019', '--reason', 'відпустка'], NOW)).out).toBe(
      'Про всі порушення розпорядника it повідомлень не буде до 12.07.2019 включно. Про усунення повідомлятимуть, як і раніше.\n',
    );
    expect((await w.odmon(['snoozes'], NOW)).out).toBe(
      [
        `порушення № ${id} (stale-publication · набір даних budget): до 05.07.2019 включно; оновлюють структуру; надав(ла) it-head 01.07.2019`,
        `порушення № ${findingId(w, 'missing-dataset', 'shelters')} (missing-dataset · набір даних shelters): до 10.07.2019 12:00; r; надав(ла) it-head 01.07.2019`,
        'розпорядник it (усі його порушення): до 12.07.2019 включно; відпустка; надав(ла) it-head 01.07.2019',
        '',
      ].join('\n'),
    );
    expect((await w.odmon(['unsnooze', '--steward', 'it', '--reason', 'повернулися'], day(2))).out).toBe('Завершено відстрочок: 1. Про те, що ще відкрите, буде повідомлено під час наступного запуску notify.\n');
    expect((await w.odmon(['unsnooze', '--steward', 'it'], day(2))).err).toBe('error[E_INPUT]: відстрочки для розпорядника it немає\nhint: відстрочки, що діють, показує odmon snoozes\n');
  });

  it.each<[string, string[], number, string]>([
    ['needs a reason', ['snooze', '--steward', 'finance', '--until', '2019-07-05'], 64, 'error[E_USAGE]: бракує обов’язкової опції "--reason TEXT"\nhint: наприклад: odmon snooze 12 --until 2019-07-05 --reason "оновлюють структуру"\n'],
    ['needs an end', ['snooze', '--steward', 'finance', '--reason', 'r'], 64, 'error[E_USAGE]: бракує обов’язкової опції "--until DATE"\nhint: наприклад: odmon snooze 12 --until 2019-07-05 --reason "оновлюють структуру"\n'],
    ['takes a finding or a steward, not both', ['snooze', '1', '--steward', 'finance', '--until', '2019-07-05', '--reason', 'r'], 64, 'error[E_USAGE]: odmon snooze: укажіть або порушення (FINDING), або розпорядника (--steward ID), одне з двох\nhint: номери порушень показує odmon findings\n'],
    ['refuses an end already past', ['snooze', '--steward', 'finance', '--until', '2019-06-30', '--reason', 'r'], 65, 'error[E_INPUT]: --until 30.06.2019 включно — уже минуло (зараз 01.07.2019 09:00)\nhint: укажіть день у майбутньому\n'],
    ['refuses an unknown steward', ['snooze', '--steward', 'nobody', '--until', '2019-07-05', '--reason', 'r'], 66, 'error[E_NOT_FOUND]: розпорядника "nobody" немає в реєстрі\n'],
    ['refuses an unknown finding id', ['snooze', '999', '--until', '2019-07-05', '--reason', 'r'], 66, 'error[E_NOT_FOUND]: порушення № 999 немає\nhint: назвіть порушення його номером (їх показує odmon findings) або як RULE:SUBJECT_TYPE:SUBJECT_ID, наприклад stale-publication:dataset:budget\n'],
    ['refuses a finding that is not open', ['ack', 'stale-publication:dataset:registry', '--by', 'X'], 66, 'error[E_NOT_FOUND]: відкритого порушення stale-publication для dataset "registry" немає\nhint: назвіть порушення його номером (їх показує odmon findings) або як RULE:SUBJECT_TYPE:SUBJECT_ID, наприклад stale-publication:dataset:budget\n'],
    ['needs who acknowledged', ['ack', 'stale-publication:dataset:budget'], 64, 'error[E_USAGE]: бракує обов’язкової опції "--by NAME"\nhint: наприклад: odmon ack 12 --by "О. Коваленко" --comment "оновимо після сесії"\n'],
  ])('%s', async (_what, argv, code, err) => {
    const w = await checked();
    expect(await w.odmon(argv, NOW)).toEqual({ code, out: '', err });
  });

  it('refuses to snooze or acknowledge a finding that was resolved, naming the day', async () => {
    const w = await checked();
    const id = findingId(w, 'stale-publication', 'budget');
    importRows(w.app, 'datasets', DATASET_COLUMNS, [['budget', 'Бюджет міста', 'finance', 'once a month', '2019-07-02', 'yes', '', '']], day(1));
    await w.odmon(['check'], day(2));
    expect(await w.odmon(['ack', String(id), '--by', 'X'], day(2))).toEqual({
      code: 65,
      out: '',
      err: `error[E_INPUT]: порушення № ${id} усунено 03.07.2019: підтвердження не потрібне\nhint: відкриті порушення з їхніми номерами показує odmon findings\n`,
    });
  });

  it('lists open findings with their ids, snoozes and acknowledgements', async () => {
    const w = await checked();
    const id = findingId(w, 'stale-publication', 'budget');
    await w.odmon(['ack', `#${id}`, '--by', 'О. Коваленко', '--comment', 'оновимо до 10.07'], NOW);
    await w.odmon(['snooze', '--steward', 'finance', '--until', '2019-07-10', '--reason', 'r'], NOW);
    const out = (await w.odmon(['findings', '--steward', 'finance'], NOW)).out;
    expect(out).toContain(
      `#${id} [середній] stale-publication:dataset:budget · finance · з 01.07.2019\n` +
        '    Набір даних «Бюджет міста» мав бути оновлений до 26.06.2019 (останнє оновлення — 26.05.2019, періодичність — Щомісяця); прострочення становить 5 днів. Просимо оновити його на Порталі відкритих даних або повідомити причину затримки.\n' +
        '    відстрочено до 10.07.2019 включно · підтверджено: О. Коваленко (finance), 01.07.2019 — «оновимо до 10.07»\n',
    );
    const json = JSON.parse((await w.odmon(['findings', '--json'], NOW)).out) as { id: number; acknowledged: unknown; snoozedUntil: string | null }[];
    expect(json.find((f) => f.id === id)).toMatchObject({ acknowledged: { by: 'О. Коваленко', comment: 'оновимо до 10.07' }, snoozedUntil: '2019-07-11T00:00:00.000+03:00' });
  });
});

describe('odmon task', () => {
  it('marks a task done and reopens it, lists deadline, status and who is responsible, and keeps both in the log', async () => {
    const w = await checked();
    expect((await w.odmon(['task', 'done', 'm.1', '--at', '2019-07-03', '--evidence', 'наказ № 12 від 03.07.2019'], day(3))).out).toBe(
      'Завдання m.1 виконано 03.07.2019; підтвердження: наказ № 12 від 03.07.2019.\n',
    );
    const list = (await w.odmon(['task', 'list'], day(3))).out;
    expect(list).toContain(
      'm.1   виконано із запізненням 03.07.2019 · термін 30.06.2019 (II квартал 2019 року)\n' +
        '      Оприлюднити графік оновлення наборів даних\n' +
        '      відповідальні: Фінансове управління; підтвердження: наказ № 12 від 03.07.2019\n',
    );
    const checked2 = JSON.parse((await w.odmon(['check', '--json'], day(3))).out) as { rule: string }[];
    expect(checked2.map((f) => f.rule)).not.toContain('overdue-plan-task');
    expect((await w.odmon(['task', 'reopen', 'm.1', '--reason', 'наказ скасовано'], day(4))).out).toBe('Завдання m.1 знову відкрито (було виконано 03.07.2019).\n');
    expect((await w.odmon(['task', 'reopen', 'm.1'], day(4))).err).toBe('error[E_INPUT]: завдання плану "m.1" не позначено виконаним\nhint: знову відкрити можна лише завдання, позначене виконаним\n');
    expect(listAudit(w.app.db).map((e) => [e.action, e.subjectId, e.actor, e.reason])).toEqual([
      ['task-done', 'm.1', 'it-head', 'наказ № 12 від 03.07.2019'],
      ['task-reopen', 'm.1', 'it-head', 'наказ скасовано'],
    ]);
  });

  it('ends the sentence with one full stop when the evidence already ends with one', async () => {
    const w = await checked();
    expect((await w.odmon(['task', 'done', 'm.1', '--at', '2019-07-03', '--evidence', 'наказ № 5, відп. Сидоренко І.'], day(3))).out).toBe(
      'Завдання m.1 виконано 03.07.2019; підтвердження: наказ № 5, відп. Сидоренко І.\n',
    );
  });

  it('keeps a task marked done by hand when the plan file is imported again with an empty done_at', async () => {
    const w = await checked();
    await w.odmon(['task', 'done', 'm.1', '--at', '2019-07-03'], day(3));
    importRows(w.app, 'plan', ['plan', 'period', 'id', 'goal', 'task', 'deadline', 'responsible', 'done_at'], [
      ['monitoring-2019', '2019', 'm.1', 'Моніторинг', 'Оприлюднити графік оновлення наборів даних', 'II квартал 2019 року', 'finance', ''],
    ], day(4));
    expect((await w.odmon(['task', 'list', '--json'], day(4))).out).toContain('"doneAt": "03.07.2019"');
  });

  it.each<[string, string[], number, string]>([
    ['needs the day it was done', ['task', 'done', 'm.1'], 64, 'error[E_USAGE]: бракує обов’язкової опції "--at DATE"\nhint: наприклад: odmon task done 1.3 --at 2019-06-20 --evidence "розпорядження № 154"\n'],
    ['refuses a day in the future', ['task', 'done', 'm.1', '--at', '2019-07-02'], 65, 'error[E_INPUT]: --at 02.07.2019 — ще не настав\nhint: позначайте завдання виконаним, коли його виконано\n'],
    ['refuses an unknown task', ['task', 'done', 'x.9', '--at', '2019-06-02'], 66, 'error[E_NOT_FOUND]: завдання плану "x.9" немає\nhint: завдання показує odmon task list\n'],
  ])('%s', async (_what, argv, code, err) => {
    const w = worlds.open();
    expect(await w.odmon(argv, NOW)).toEqual({ code, out: '', err });
  });
});

describe('odmon log', () => {
  it('shows every suspension, snooze, acknowledgement and task change: who, when and why', async () => {
    const w = await checked();
    await w.odmon(['suspend', 'shelters', '--basis', 'Постанова КМУ № 263', '--review-by', '2019-09-30', '--by', 'Бабаєва'], kyiv('2019-07-01T10:00'));
    await w.odmon(['snooze', 'stale-publication:dataset:budget', '--until', '2019-07-05', '--reason', 'оновлюють структуру'], kyiv('2019-07-01T10:05'));
    await w.odmon(['ack', 'overdue-plan-task:task:m.1', '--by', 'О. Коваленко', '--comment', 'готуємо'], kyiv('2019-07-01T10:10'));
    await w.odmon(['task', 'done', 'm.1', '--at', '2019-07-01'], kyiv('2019-07-02T11:00'), { ODMON_ACTOR: '', USER: 'babaeva' });
    const log = (await w.odmon(['log'], day(2))).out;
    expect(log).toBe(
      [
        '01.07.2019 10:00  Бабаєва  призупинення · набір даних shelters — Постанова КМУ № 263',
        '    підстава: Постанова КМУ № 263; з: 01.07.2019 10:00; переглянути: 30.09.2019',
        `01.07.2019 10:05  it-head  відстрочка · порушення ${findingId(w, 'stale-publication', 'budget')} — оновлюють структуру`,
        `    порушення: ${findingId(w, 'stale-publication', 'budget')}; правило: stale-publication; предмет: dataset:budget; повідомлення відновлюються: 06.07.2019`,
        `01.07.2019 10:10  it-head  підтвердження · порушення ${findingId(w, 'overdue-plan-task', 'm.1')} — готуємо`,
        `    порушення: ${findingId(w, 'overdue-plan-task', 'm.1')}; правило: overdue-plan-task; предмет: task:m.1; розпорядник: finance; хто підтвердив: О. Коваленко; коментар: готуємо`,
        '02.07.2019 11:00  babaeva  виконання завдання · завдання m.1',
        '    виконано: 01.07.2019',
        '',
      ].join('\n'),
    );
    expect((await w.odmon(['log', '--since', '2019-07-01T10:05', '--limit', '1'], day(2))).out.split('\n')[0]).toBe('02.07.2019 11:00  babaeva  виконання завдання · завдання m.1');
    const json = JSON.parse((await w.odmon(['log', '--json', '--limit', '2'], day(2))).out) as { action: string; at: string }[];
    expect(json.map((e) => [e.action, e.at])).toEqual([
      ['ack', '2019-07-01T10:10:00.000+03:00'],
      ['task-done', '2019-07-02T11:00:00.000+03:00'],
    ]);
    expect((await w.odmon(['log', '--limit', '0'], day(2))).err).toBe('error[E_USAGE]: --limit "0" — не ціле число, більше за 0\nhint: наприклад: --limit 20\n');
  });
});
