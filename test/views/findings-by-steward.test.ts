/** A check's findings grouped by the stewards they name, worst first: what `odmon check` prints and a web page lists. */
import { findingsBySteward } from '../../src/views/findings';
import { STEWARDS, everyStewardTask, finding, noContact, overdueTask, staleHr, unassigned } from '../helpers/findings';

describe('findingsBySteward', () => {
  it('groups by steward, the group with the most high findings first, then the most medium ones', () => {
    const groups = findingsBySteward([overdueTask, everyStewardTask, unassigned, noContact, staleHr], STEWARDS);
    expect(groups.map((g) => [g.stewardId, g.name, g.findings.map((f) => f.subject.id), g.bySeverity])).toEqual([
      ['hr', 'Відділ кадрової роботи', ['8.1', 'hr', 'hr-vacancies'], { high: 1, medium: 1, low: 0, info: 1 }],
      ['it', "Відділ інформаційно-комп'ютерного забезпечення", ['1.3', '8.1'], { high: 1, medium: 0, low: 0, info: 1 }],
      [null, 'Без розпорядника', ['r835-all-08'], { high: 0, medium: 1, low: 0, info: 0 }],
    ]);
  });

  it('lists a plan task shared by several stewards under each of them, as each is told about it', () => {
    const groups = findingsBySteward([overdueTask, everyStewardTask], STEWARDS);
    expect(groups.map((g) => [g.stewardId, g.findings.length])).toEqual([
      ['it', 2],
      ['hr', 1],
    ]);
  });

  it('names a steward missing from the register by its id', () => {
    expect(findingsBySteward([finding({ rule: 'x', steward: 'gone', stewards: ['gone'] })], STEWARDS)[0].name).toBe('gone');
  });
});

