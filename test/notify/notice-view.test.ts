/** The notice's words about a steward's other open items, and about findings ended by a suspension. */
import type { Steward } from '../../src/domain';
import { noticeView } from '../../src/notify/notice-view';
import type { DueItem } from '../../src/notify/due';
import { candidate, kyiv, stored } from '../helpers/notice-candidate';

const STEWARD: Steward = { id: 'finance', name: 'Фінансове управління', kind: 'department', emails: ['budget@example.org'], headEmail: null };
const NOW = kyiv('2019-07-08T09:00');
const OPTS = { escalateAfterDays: 30, repeatDays: 7, itHead: [] };
const LINKS = { portalUrl: null, portalIds: new Map<string, string>() };
const item = (over: Partial<DueItem>): DueItem => ({ ...candidate(), reason: 'new', escalated: false, ...over });

describe('noticeView', () => {
  it.each<[string, DueItem[], number, string | null]>([
    ['lists every open item: nothing more to say', [item({})], 1, null],
    ['lists one of three open items', [item({})], 3, 'Усього в розпорядника 3 невиконані пункти; про 2 з них уже повідомлено раніше, нагадування надійде за графіком.'],
    [
      'lists only a resolution, the steward having five open items',
      [item({ reason: 'resolved', resolvedAt: stored('2019-07-08T09:00') })],
      5,
      'Усього в розпорядника 5 невиконаних пунктів; про них уже повідомлено раніше, нагадування надійде за графіком.',
    ],
    ['lists only a resolution, one item open', [item({ reason: 'resolved', resolvedAt: stored('2019-07-08T09:00') })], 1, 'Усього в розпорядника 1 невиконаний пункт; про нього уже повідомлено раніше, нагадування надійде за графіком.'],
  ])('%s', (_what, items, openTotal, words) => {
    const v = noticeView(STEWARD, items, NOW, LINKS, { ...OPTS, openTotal });
    expect(v.hasOthersOpen).toBe(words !== null);
    if (words !== null) expect(v.othersOpen).toBe(words);
  });

  it('tells a finding ended by a suspension as suspended, with its basis, never as resolved', () => {
    const v = noticeView(STEWARD, [item({ reason: 'resolved', resolvedAt: stored('2019-07-08T09:00'), endedBySuspension: 'Постанова КМУ № 263' })], NOW, LINKS, OPTS);
    expect([v.hasResolved, v.hasSuspended, v.suspended[0].basis, v.summary]).toEqual([false, true, 'Постанова КМУ № 263', '1 призупинений']);
  });
});
