/**
 * The open findings as a web list needs them: filtered by steward, rule and severity, paged, with their snoozes
 * and acknowledgements — the same findings `odmon check` found and `odmon findings --json` prints.
 */
import { OdmonError } from '../../src/errors';
import { openFindingsView } from '../../src/views/findings';
import { thrownBy } from '../helpers/temp-db';
import { AS_OF, key, useExampleCouncil } from './example-council';

const council = useExampleCouncil('views-findings');

describe('openFindingsView', () => {
  it('lists every finding check found, each once, by id', () => {
    const { src, findings } = council();
    const page = openFindingsView(src, AS_OF);
    expect(page.total).toBe(findings.length);
    expect(page.items.map(key).sort()).toEqual(findings.map(key).sort());
    const ids = page.items.map((f) => f.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it.each([
    ['a steward, shared plan tasks included', { steward: 'transport' }, (f: { stewards: readonly string[] }) => f.stewards.includes('transport')],
    ['a rule', { rule: 'stale-publication' }, (f: { rule: string }) => f.rule === 'stale-publication'],
    ['a severity', { severity: 'high' as const }, (f: { severity: string }) => f.severity === 'high'],
  ])('filters by %s as check found them', (_what, filter, keep) => {
    const { src, findings } = council();
    const page = openFindingsView(src, AS_OF, filter);
    const expected = findings.filter(keep as (f: unknown) => boolean);
    expect(expected.length).toBeGreaterThan(0);
    expect(page.total).toBe(expected.length);
    expect(page.items.map(key).sort()).toEqual(expected.map(key).sort());
  });

  it('combines filters', () => {
    const { src, findings } = council();
    const page = openFindingsView(src, AS_OF, { steward: 'transport', severity: 'medium' });
    expect(page.items.map(key).sort()).toEqual(findings.filter((f) => f.stewards.includes('transport') && f.severity === 'medium').map(key).sort());
  });

  it('pages: every page says how many there are in all, and the pages together are the whole list', () => {
    const { src } = council();
    const all = openFindingsView(src, AS_OF).items;
    const pages = Array.from({ length: Math.ceil(all.length / 7) }, (_, i) => openFindingsView(src, AS_OF, { offset: i * 7, limit: 7 }));
    expect(new Set(pages.map((p) => p.total))).toEqual(new Set([all.length]));
    expect(pages.flatMap((p) => p.items)).toEqual(all);
    expect(pages[2]).toMatchObject({ offset: 14 });
    expect(openFindingsView(src, AS_OF, { offset: all.length, limit: 7 }).items).toEqual([]);
  });

  it('refuses a steward the register does not have, naming the ones it has', () => {
    const { src } = council();
    const e = thrownBy(() => openFindingsView(src, AS_OF, { steward: 'transprot' })) as OdmonError;
    expect(e).toBeInstanceOf(OdmonError);
    expect({ code: e.code, message: e.message }).toEqual({ code: 'E_NOT_FOUND', message: 'розпорядника "transprot" немає в реєстрі' });
    expect(e.hint).toMatch(/^відомі розпорядники: .*\btransport\b/);
  });

  it('shows a running snooze and the steward\'s acknowledgement, as odmon findings --json prints them', async () => {
    const { src, odmon } = council();
    const [stale] = openFindingsView(src, AS_OF, { steward: 'transport', rule: 'stale-publication' }).items;
    expect((await odmon(['snooze', String(stale.id), '--until', '2026-12-10', '--reason', 'оновлюють структуру'])).code).toBe(0);
    expect((await odmon(['ack', `#${stale.id}`, '--by', 'О. Коваленко', '--comment', 'оновимо до 10.12'])).code).toBe(0);
    const [shown] = openFindingsView(src, AS_OF, { steward: 'transport', rule: 'stale-publication' }).items.filter((f) => f.id === stale.id);
    expect(shown.snoozedUntil).toBe('2026-12-10T22:00:00.000Z');
    expect(shown.acknowledgement).toMatchObject({ person: 'О. Коваленко', comment: 'оновимо до 10.12', stewardId: 'transport' });
    const json = JSON.parse((await odmon(['findings', '--steward', 'transport', '--json'])).out) as { id: number; snoozedUntil: string; acknowledged: { by: string } }[];
    expect(json.find((f) => f.id === stale.id)).toMatchObject({ snoozedUntil: '2026-12-11T00:00:00.000+02:00', acknowledged: { by: 'О. Коваленко' } });
  });
});
