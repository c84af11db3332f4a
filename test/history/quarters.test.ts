import { parseQuarterKey, previousQuarter, quarterEnd, quarterKey, quarterLabel, quarterOf, quartersEndedBetween } from '../../src/history/quarters';
import { complianceOf, formatChange, formatScore } from '../../src/history/score';
import type { Subject } from '../../src/rules/subjects';
import { toStoredInstant } from '../../src/time/days';
import { kyiv } from '../helpers/clock';


describe('quarters in Kyiv time', () => {
  it.each<[string, string, string]>([
    ['puts 31.03 23:59 Kyiv in Q1', '2019-03-31T23:59', '2019-Q1'],
    ['puts 01.04 00:30 Kyiv in Q2 although it is still 31.03 in UTC', '2019-04-01T00:30', '2019-Q2'],
    ['puts 31.12 23:30 Kyiv in Q4', '2019-12-31T23:30', '2019-Q4'],
  ])('%s', (_what, iso, key) => {
    expect(quarterKey(quarterOf(kyiv(iso)))).toBe(key);
  });

  it('ends a quarter at 00:00 Kyiv of the next quarter, in summer and in winter time', () => {
    expect(toStoredInstant(quarterEnd({ year: 2019, q: 1 }))).toBe('2019-03-31T21:00:00.000Z'); // after the DST change of 31.03
    expect(toStoredInstant(quarterEnd({ year: 2019, q: 3 }))).toBe('2019-09-30T21:00:00.000Z');
    expect(toStoredInstant(quarterEnd({ year: 2019, q: 4 }))).toBe('2019-12-31T22:00:00.000Z');
  });

  it('lists the quarters that ended in between, oldest first, the boundary itself included once', () => {
    const keys = (a: string, b: string): string[] => quartersEndedBetween(kyiv(a), kyiv(b)).map(quarterKey);
    expect(keys('2019-07-01T09:00', '2019-09-30T23:59')).toEqual([]);
    expect(keys('2019-07-01T09:00', '2019-10-01T00:00')).toEqual(['2019-Q3']);
    expect(keys('2019-07-01T09:00', '2020-02-01T00:00')).toEqual(['2019-Q3', '2019-Q4']);
    expect(keys('2019-10-01T00:00', '2019-10-20T00:00')).toEqual([]);
    expect(keys('2019-09-30T23:59', '2019-10-01T00:00')).toEqual(['2019-Q3']);
  });

  it('names quarters as the plan writes them and reads its own keys back', () => {
    expect(quarterLabel({ year: 2019, q: 3 })).toBe('III кв. 2019');
    expect(parseQuarterKey('2019-Q4')).toEqual({ year: 2019, q: 4 });
    expect(parseQuarterKey('2019-Q5')).toBeNull();
    expect(previousQuarter({ year: 2020, q: 1 })).toEqual({ year: 2019, q: 4 });
  });
});

function subject(facts: Record<string, number | boolean | string | null>): Subject {
  return { type: 'dataset', id: 'x', steward: 'finance', stewards: ['finance'], facts, vars: {}, dueAt: null, daysOverdue: null };
}

describe('the compliance score', () => {
  it('counts required datasets published and on time among those not suspended', () => {
    const c = complianceOf([
      subject({ required: true, published: true, suspended: false, daysOverdue: -3 }), // on time
      subject({ required: true, published: true, suspended: false, daysOverdue: 4 }), // late
      subject({ required: true, published: false, suspended: false, daysOverdue: null }), // never published
      subject({ required: true, published: false, suspended: true, daysOverdue: null }), // withheld on purpose: not judged
      subject({ required: false, published: true, suspended: false, daysOverdue: 2 }), // late, but not required
    ]);
    // Every count is among the required datasets: 4 = 2 published (1 on time + 1 late) + 1 never published + 1 suspended.
    expect(c).toEqual({ required: 4, published: 2, onTime: 1, late: 1, neverPublished: 1, suspended: 1, score: 1 / 3 });
    expect(c.published).toBe(c.onTime + c.late);
    expect(c.required).toBe(c.published + c.neverPublished + c.suspended);
  });

  it('never counts more published than required: datasets published of a steward\'s own accord are in no column', () => {
    const c = complianceOf([
      subject({ required: true, published: true, suspended: false, daysOverdue: 0 }),
      subject({ required: false, published: true, suspended: false, daysOverdue: -1 }),
      subject({ required: false, published: true, suspended: true, daysOverdue: null }),
    ]);
    expect(c).toEqual({ required: 1, published: 1, onTime: 1, late: 0, neverPublished: 0, suspended: 0, score: 1 });
  });

  it('has no score when every required dataset is suspended', () => {
    expect(complianceOf([subject({ required: true, published: false, suspended: true })]).score).toBeNull();
  });

  it('prints shares and changes with a decimal comma', () => {
    expect([formatScore(1 / 3), formatScore(1), formatScore(null)]).toEqual(['33,3 %', '100,0 %', '—']);
    expect([formatChange(0.5, 0.25), formatChange(0.25, 0.5), formatChange(0.5, 0.5), formatChange(null, 0.5)]).toEqual(['+25,0 п. п.', '−25,0 п. п.', '0,0 п. п.', '']);
  });
});
