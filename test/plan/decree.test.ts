import fs from 'node:fs';
import path from 'node:path';
import { parseDecreePlan } from '../../src/plan/decree';
import { SEED_DIR } from '../../src/paths';

const decreeText = (): string => fs.readFileSync(path.join(SEED_DIR, 'decree-154-2018-kropyvnytskyi.txt'), 'utf8');

describe('parseDecreePlan on the shipped decree', () => {
  const plan = parseDecreePlan(decreeText());

  it('reads the title of the plan without its markdown stars', () => {
    expect(plan.title).toBe('План дій щодо реалізації принципів Міжнародної хартії відкритих даних на 2018-2019 роки');
  });

  it('reads 9 goals, numbered 1 to 9', () => {
    expect(plan.goals.map((g) => g.no)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(plan.goals[3]).toEqual({ no: '4', title: 'Фінансове забезпечення' });
  });

  it('reads 18 tasks and skips the header row repeated on every page', () => {
    expect(plan.tasks).toHaveLength(18);
    expect(plan.tasks.map((t) => t.id).join(' ')).toBe('1.1 1.2 1.3 2.1 2.2 3.1 4.1 4.2 5.1 5.2 6.1 6.2 6.3 7.1 8.1 8.2 9.1 9.2');
  });

  it('gives a task that continues a goal the goal of the row above', () => {
    const t = plan.tasks.find((x) => x.id === '1.2');
    expect(t).toMatchObject({ goalNo: '1', goal: 'Розробка нормативно-правової бази щодо відкритих даних' });
  });

  it('keeps the cells of a task as written, with its line in the file', () => {
    expect(plan.tasks.find((x) => x.id === '2.1')).toEqual({
      id: '2.1',
      goalNo: '2',
      goal: 'Розвиток культури відкритості даних',
      title: 'Ініціювати включення питання відкритих даних до програми підвищення рівня кваліфікації',
      deadline: 'Протягом року',
      responsible: "Відділ кадрової роботи Відділ інформаційно-комп'ютерного забезпечення",
      line: 45,
    });
  });

  it('puts each task on the line that holds it', () => {
    const lines = decreeText().split('\n');
    for (const t of plan.tasks) expect(lines[t.line - 1]).toContain(`${t.id}. ${t.title}`);
  });
});

describe('parseDecreePlan on small texts', () => {
  const text = [
    '**План дій на 2020 рік**',
    '',
    '<b>Ціль</b>\t<b>Завдання</b>\t<b>Термін виконання</b>\t<b>Відповідальні</b>',
    '<b>1. Перша ціль</b>\t1.1. Перше завдання\tII квартал 2020 року\tФінансове управління',
    '\t1.2 Друге завдання без крапки\tПостійно\tВідділ А\tВідділ Б',
    'a line with no tabs is prose',
    '<b>Ціль</b>\t<b>Завдання</b>\t<b>Термін виконання</b>\t<b>Відповідальні</b>',
    '<b>2. Друга ціль</b>\t2.1. Третє завдання\t 30.06.2020 \t Розпорядники наборів відкритих даних ',
    'too\tfew\tcells',
  ].join('\r\n');

  it('reads goals and tasks from CRLF text, and joins extra cells into the responsible units', () => {
    const plan = parseDecreePlan(text);
    expect(plan.title).toBe('План дій на 2020 рік');
    expect(plan.goals).toEqual([
      { no: '1', title: 'Перша ціль' },
      { no: '2', title: 'Друга ціль' },
    ]);
    expect(plan.tasks.map((t) => [t.id, t.goalNo, t.title, t.deadline, t.responsible, t.line])).toEqual([
      ['1.1', '1', 'Перше завдання', 'II квартал 2020 року', 'Фінансове управління', 4],
      ['1.2', '1', 'Друге завдання без крапки', 'Постійно', 'Відділ А Відділ Б', 5],
      ['2.1', '2', 'Третє завдання', '30.06.2020', 'Розпорядники наборів відкритих даних', 8],
    ]);
  });

  it('ignores a task row before any goal', () => {
    expect(parseDecreePlan('\t1.1. Завдання\tПостійно\tВідділ').tasks).toEqual([]);
  });

  it('gives an empty title when no line names the plan', () => {
    expect(parseDecreePlan('nothing here').title).toBe('');
  });
});
