import { ALL_STEWARDS_GROUP, isAllStewardsGroup, normaliseUnitName, splitResponsible } from '../../src/plan/responsible';

const IT = "Відділ інформаційно-комп'ютерного забезпечення";
const HR = 'Відділ кадрової роботи';
const FINANCE = 'Фінансове управління';
const ECONOMY = 'Департамент з питань економічного розвитку, торгівлі та інвестицій';
const EXPERTS = 'Зовнішні експерти';
const KNOWN = [IT, HR, FINANCE, ECONOMY, EXPERTS];

describe('splitResponsible', () => {
  it.each([
    ['one known name', IT, [IT]],
    ['two known names glued together', `${HR} ${IT}`, [HR, IT]],
    ['three units with the group first', `${ALL_STEWARDS_GROUP} ${FINANCE} ${IT}`, [ALL_STEWARDS_GROUP, FINANCE, IT]],
    ['the group alone', ALL_STEWARDS_GROUP, [ALL_STEWARDS_GROUP]],
    ['a known name holding a comma and lower-case words', ECONOMY, [ECONOMY]],
    ['a known name after another', `${IT} ${EXPERTS}`, [IT, EXPERTS]],
  ])('splits %s', (_what, text, expected) => {
    expect(splitResponsible(text, KNOWN)).toEqual(expected);
  });

  it('splits unknown names before each capitalised word', () => {
    expect(splitResponsible('Управління освіти Служба у справах дітей', [])).toEqual(['Управління освіти', 'Служба у справах дітей']);
  });

  it('matches known names first and splits only what remains', () => {
    expect(splitResponsible(`${HR} Управління освіти ${IT}`, KNOWN)).toEqual([HR, 'Управління освіти', IT]);
  });

  it('knows the group of every steward even when no names are given', () => {
    expect(splitResponsible(`${ALL_STEWARDS_GROUP} Управління освіти`, [])).toEqual([ALL_STEWARDS_GROUP, 'Управління освіти']);
  });

  it('prefers the longest known name when one name begins another', () => {
    const short = 'Відділ';
    expect(splitResponsible(`${IT} ${HR}`, [short, IT, HR])).toEqual([IT, HR]);
  });

  it('does not take a known name that is only the start of a longer word', () => {
    expect(splitResponsible('Фінансове управліннязв Відділ кадрів', [FINANCE])).toEqual(['Фінансове управліннязв', 'Відділ кадрів']);
  });

  it('reads a curly apostrophe, a non-breaking space and line breaks as the known name', () => {
    const typed = 'Відділ\u00a0інформаційно-комп\u2019ютерного   забезпечення\nВідділ кадрової роботи';
    expect(splitResponsible(typed, KNOWN)).toEqual([IT, HR]);
  });

  it('returns nothing for an empty cell', () => {
    expect(splitResponsible('  ', KNOWN)).toEqual([]);
  });
});

describe('normaliseUnitName', () => {
  it.each([
    ['a right single quote', 'комп\u2019ютерного', "комп'ютерного"],
    ['a modifier apostrophe', 'комп\u02bcютерного', "комп'ютерного"],
    ['a backtick', 'комп`ютерного', "комп'ютерного"],
    ['runs of spaces and edges', '  Фінансове \u00a0 управління ', 'Фінансове управління'],
  ])('normalises %s', (_what, raw, expected) => {
    expect(normaliseUnitName(raw)).toBe(expected);
  });
});

describe('isAllStewardsGroup', () => {
  it.each([
    [ALL_STEWARDS_GROUP, true],
    ['розпорядники  наборів відкритих даних', true],
    ['Розпорядники наборів даних', false],
    [FINANCE, false],
  ])('tells whether %p is the group of every steward', (name, expected) => {
    expect(isAllStewardsGroup(name)).toBe(expected);
  });
});
