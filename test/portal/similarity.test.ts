import { dice, suggester, titleStems } from '../../src/portal/similarity';

describe('titleStems', () => {
  it('drops quotes, punctuation, apostrophes and short function words, and cuts words to five letters', () => {
    expect([...titleStems('Реєстр «Об’єктів» комунальної власності, та їх орендарів')]).toEqual(['реєст', 'обєкт', 'комун', 'власн', 'їх', 'оренд']);
  });

  it('reads inflected forms of one word as the same stem', () => {
    expect(dice(titleStems('Бюджет міста'), titleStems('Бюджету міста'))).toBe(1);
  });
});

describe('suggester', () => {
  const register = [
    { id: 'budget', title: 'Бюджет міста Кропивницького' },
    { id: 'routes', title: 'Маршрути міського пасажирського транспорту' },
    { id: 'stops', title: 'Зупинки громадського транспорту' },
    { id: 'schools', title: 'Перелік закладів загальної середньої освіти' },
  ];
  const suggest = suggester(register);

  it('puts the closest register title first, with its score', () => {
    expect(suggest('Маршрути громадського пасажирського транспорту міста')).toEqual([
      { datasetId: 'routes', title: 'Маршрути міського пасажирського транспорту', score: 0.67 },
      { datasetId: 'stops', title: 'Зупинки громадського транспорту', score: 0.5 },
      { datasetId: 'budget', title: 'Бюджет міста Кропивницького', score: 0.25 },
    ]);
  });

  it('offers nothing when no title is close', () => {
    expect(suggest('Мапа паркувальних майданчиків')).toEqual([]);
  });

  it('offers at most three', () => {
    const many = suggester([1, 2, 3, 4, 5].map((i) => ({ id: `d${i}`, title: `Реєстр договорів оренди ${i}` })));
    expect(many('Реєстр договорів оренди').map((s) => s.datasetId)).toEqual(['d1', 'd2', 'd3']);
  });
});
