/** The notice's words: the table's rows, the plural forms, other open items, suspensions, and whom to answer. */
import { ORG_DEFAULTS } from '../../src/config/org';
import type { Steward } from '../../src/domain';
import type { DueItem } from '../../src/notify/due';
import type { SubjectCatalog } from '../../src/notify/notice-items';
import { headCopy, noticeView, numbers, type NoticeOptions } from '../../src/notify/notice-view';
import fs from 'node:fs';
import path from 'node:path';
import { loadTemplates } from '../../src/notify/templates';
import { DEFAULT_TEMPLATES_DIR, PACKAGE_ROOT } from '../../src/paths';
import { candidate, kyiv, stored, toldSince } from '../helpers/notice-candidate';

const RULES_DIR = path.join(PACKAGE_ROOT, 'rules');
const TEMPLATES = loadTemplates(DEFAULT_TEMPLATES_DIR);
const renderNotice = (v: ReturnType<typeof noticeView>): { html: string; text: string } => {
  const r = TEMPLATES.render('notice', v) as { html: string | null; text: string };
  return { html: r.html ?? '', text: r.text };
};

const STEWARD: Steward = { id: 'finance', name: 'Фінансове управління', kind: 'department', emails: ['budget@example.org'], headEmail: null };
const WITH_HEAD: Steward = { ...STEWARD, headEmail: 'head@example.org' };
const IT: Steward = { id: 'itd', name: "Відділ інформаційно-комп’ютерного забезпечення", kind: 'department', emails: ['it@example.org'], headEmail: null };
const NOW = kyiv('2019-07-08T09:00');
const CATALOG: SubjectCatalog = {
  portalUrl: 'https://data.gov.ua',
  datasets: new Map([
    ['budget', { title: 'Бюджет міста', portalId: 'budget-2019', lastUpdated: stored('2019-05-26T00:00') }],
    ['shelters', { title: 'Укриття', portalId: null, lastUpdated: null }],
  ]),
  tasks: new Map([['m.1', { title: 'Оприлюднити графік', deadlineText: 'II квартал 2019 року' }]]),
  stewards: new Map(),
};
const OPTS: NoticeOptions = { escalateAfterDays: 30, repeatDays: 7, org: ORG_DEFAULTS, catalog: CATALOG };
const item = (over: Partial<DueItem>): DueItem => ({ ...candidate(), reason: 'new', escalated: false, ...over });

describe('noticeView', () => {
  it.each<[string, DueItem[], number, string | null, string[]?]>([
    ['lists every open item: nothing more to say', [item({})], 1, null],
    ['lists one of three open items', [item({})], 3, 'Усього в розпорядника 3 невиконані пункти; про 2 з них уже повідомлено раніше, нагадування надійде за графіком.'],
    [
      'lists only a resolution, the steward having five open items',
      [item({ reason: 'resolved', resolvedAt: stored('2019-07-08T09:00') })],
      5,
      'Усього в розпорядника 5 невиконаних пунктів; про них уже повідомлено раніше, нагадування надійде за графіком.',
    ],
    ['lists only a resolution, one item open', [item({ reason: 'resolved', resolvedAt: stored('2019-07-08T09:00') })], 1, 'Усього в розпорядника 1 невиконаний пункт; про нього уже повідомлено раніше, нагадування надійде за графіком.'],
    [
      'lists one of seven open items, one of the rest snoozed',
      [item({})],
      7,
      'Усього в розпорядника 7 невиконаних пунктів; про 5 з них уже повідомлено раніше, нагадування надійде за графіком; 1 з них відкладено до 15.07.2019 включно, нагадування надійде після завершення відстрочки.',
      [stored('2019-07-16T00:00')],
    ],
    [
      'lists one of four open items, the rest snoozed to different days',
      [item({})],
      4,
      'Усього в розпорядника 4 невиконані пункти; 3 з них відкладено на різні строки, найпізніше до 20.07.2019 14:30, нагадування надійде після завершення відстрочки.',
      [stored('2019-07-16T00:00'), stored('2019-07-20T14:30'), stored('2019-07-16T00:00')],
    ],
    [
      'lists only a resolution, both open items snoozed',
      [item({ reason: 'resolved', resolvedAt: stored('2019-07-08T09:00') })],
      2,
      'Усього в розпорядника 2 невиконані пункти; їх відкладено до 15.07.2019 включно, нагадування надійде після завершення відстрочки.',
      [stored('2019-07-16T00:00'), stored('2019-07-16T00:00')],
    ],
  ])('%s', (_what, items, openTotal, words, snoozedUntil = []) => {
    const v = noticeView(STEWARD, items, NOW, { ...OPTS, openTotal, snoozedUntil });
    expect(v.hasOthersOpen).toBe(words !== null);
    if (words !== null) expect(v.othersOpen).toBe(words);
  });

  it('makes one row per item: its title and portal page, deadline, days late in words and what to do', () => {
    const v = noticeView(STEWARD, [item({ daysOverdue: 12 })], NOW, OPTS);
    expect(v.rows).toEqual([
      expect.objectContaining({
        n: 1,
        kind: 'Набір даних',
        title: 'Бюджет міста',
        link: 'https://data.gov.ua/dataset/budget-2019',
        state: 'Прострочено оновлення',
        lastUpdated: '26.05.2019',
        deadline: '26.06.2019',
        late: '12 днів',
        action: 'Оновити набір даних на Порталі відкритих даних або повідомити причину затримки.',
      }),
    ]);
  });

  it.each([
    [1, '1 день'],
    [2, '2 дні'],
    [4, '4 дні'],
    [5, '5 днів'],
    [11, '11 днів'],
    [21, '21 день'],
    [22, '22 дні'],
    [111, '111 днів'],
  ])('writes %i days late as «%s»', (days, words) => {
    expect(noticeView(STEWARD, [item({ daysOverdue: days })], NOW, OPTS).rows[0].late).toBe(words);
  });

  it('puts escalated items first, then the most late, and says which rows made the head be copied', () => {
    const v = noticeView(
      WITH_HEAD,
      [
        item({ findingId: 1, daysOverdue: 3 }),
        item({ findingId: 2, daysOverdue: 40, reason: 'repeat', state: toldSince('2019-07-01T09:00', '2019-07-01T09:00') }),
        item({ findingId: 3, daysOverdue: 9, reason: 'escalated', escalated: true, state: toldSince('2019-06-01T09:00', '2019-07-01T09:00') }),
      ],
      NOW,
      OPTS,
    );
    expect(v.rows.map((r) => [r.n, r.late, r.note])).toEqual([
      [1, '9 днів', 'Уперше повідомлено 01.06.2019.'],
      [2, '40 днів', 'Уперше повідомлено 01.07.2019.'],
      [3, '3 дні', ''],
    ]);
    expect(v.cc).toEqual(['head@example.org']);
    expect(v.rows.map((r) => r.escalated)).toEqual([true, false, false]);
    expect(v.escalation).toBe('Копію листа надіслано керівникові підрозділу, оскільки пункт № 1 залишається невиконаним 30 днів і більше після першого повідомлення.');
    expect(v.intro).toBe('Повідомляємо, що станом на 08.07.2019 для розпорядника «Фінансове управління» потребують виконання такі пункти: нові та ті, про які вам повідомляли раніше.');
  });

  it.each<[string, Steward]>([
    ['the unit has no head address', STEWARD],
    ['the head is among the addressees already', { ...STEWARD, emails: ['budget@example.org', 'head@example.org'], headEmail: 'head@example.org' }],
    ['the head is among the addressees, written in another case', { ...STEWARD, emails: ['budget@example.org', 'Head@Example.org'], headEmail: 'head@example.org' }],
  ])('says no head was copied when nobody is copied: %s', (_what, steward) => {
    const items = [item({ findingId: 3, daysOverdue: 40, reason: 'escalated', escalated: true, state: toldSince('2019-06-01T09:00', '2019-07-01T09:00') })];
    const v = noticeView(steward, items, NOW, OPTS);
    expect([v.cc, v.escalated, v.escalation]).toEqual([[], false, '']);
    expect(v.rows.map((r) => r.escalated)).toEqual([false]);
    expect(headCopy(steward, items)).toEqual([]);
    expect(headCopy(WITH_HEAD, items)).toEqual(['head@example.org']);
  });

  it('copies no head for a resolved item, however long it was open', () => {
    const items = [item({ reason: 'resolved', escalated: true, resolvedAt: stored('2019-07-08T09:00') })];
    expect(headCopy(WITH_HEAD, items)).toEqual([]);
    expect(noticeView(WITH_HEAD, items, NOW, OPTS).escalated).toBe(false);
  });

  it('never asks the sending unit to report to itself, whatever id the register gave it', () => {
    const v = noticeView(IT, [item({ stewardId: 'itd' })], NOW, OPTS);
    expect([v.hasRequest, v.request]).toEqual([false, '']);
    expect(v.rows.map((r) => r.action)).toEqual(['Оновити набір даних на Порталі відкритих даних.']);
    expect(noticeView(STEWARD, [item({})], NOW, OPTS).request).toBe("Про виконання або причини затримки просимо повідомити відділ інформаційно-комп'ютерного забезпечення.");
  });

  it('tells a finding ended by a suspension as suspended, with the title, basis and review date, and asks nothing', () => {
    const suspensions = new Map([['shelters', { basis: 'Постанова КМУ № 263', since: '01.03.2022', reviewBy: '31.12.2026' }]]);
    const v = noticeView(
      STEWARD,
      [
        item({ findingId: 1, subjectId: 'shelters', reason: 'resolved', resolvedAt: stored('2019-07-08T09:00'), endedBySuspension: 'Постанова КМУ № 263' }),
        item({ findingId: 2, subjectId: 'shelters', rule: 'portal-missing-contact', reason: 'resolved', resolvedAt: stored('2019-07-08T09:00'), endedBySuspension: 'Постанова КМУ № 263' }),
      ],
      NOW,
      { ...OPTS, suspensions },
    );
    expect([v.hasResolved, v.suspendedTable, v.summary]).toEqual([false, true, 'оприлюднення 1 набору даних призупинено']);
    expect(v.suspended).toEqual([{ n: 1, title: 'Укриття', link: '', hasLink: false, basis: 'Постанова КМУ № 263', since: '01.03.2022', reviewBy: '31.12.2026' }]);
    expect([v.hasRequest, v.cadence]).toEqual([false, '']);
    expect(v.intro).toContain('Жодних дій від вас не потрібно.');
  });
});

describe('what to do, in the sending unit\'s own notice', () => {
  // Every shipped rule (rules/*.json) and a rule of the council's own.
  const RULES = [
    ...fs
      .readdirSync(RULES_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => (JSON.parse(fs.readFileSync(path.join(RULES_DIR, f), 'utf8')) as { name: string }).name),
    'council-own-rule',
  ];

  it.each(RULES)('%s: asks the IT department to do it, never to report to itself', (rule) => {
    const findings = [item({ findingId: 1, rule, daysOverdue: 12 }), item({ findingId: 2, rule, subjectType: 'task', subjectId: 'm.1', daysOverdue: 30 })];
    const own = noticeView(IT, findings, NOW, OPTS);
    for (const r of own.rows) {
      expect(r.action).not.toMatch(/повідом/);
      expect(r.action).toMatch(/^[А-ЯІЇЄҐ].*\.$/);
    }
    // Another unit's notice keeps its request; an action that asks no report is the same for both.
    const other = noticeView(STEWARD, findings, NOW, OPTS);
    other.rows.forEach((r, k) => {
      if (!/повідом/.test(r.action)) expect(own.rows[k].action).toBe(r.action);
    });
    const html = renderNotice(own).html;
    expect(html).not.toMatch(/повідом(ити|те)/);
  });
});

describe('numbers', () => {
  it.each([
    [[1], '1'],
    [[1, 2], '1, 2'],
    [[1, 2, 3, 4, 5, 6], '1–6'],
    [[1, 3, 4, 5, 7], '1, 3–5, 7'],
  ])('writes %j as «%s»', (ns, text) => {
    expect(numbers(ns)).toBe(text);
  });
});
