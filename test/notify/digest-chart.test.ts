/** The digest's picture: drawn from the same numbers as its table, drops of 10 points or more marked. */
import { digestChart, CHART_CID } from '../../src/notify/digest-chart';
import type { QuarterScores } from '../../src/notify/digest-history';
import type { StewardRow } from '../../src/notify/digest-view';

const quarter = (label: string, council: number | null, source: QuarterScores['source'] = 'snapshot'): QuarterScores => ({
  key: label,
  label,
  scores: new Map([['*', council]]),
  source,
});
const steward = (name: string, scoreValue: number | null, changeValue: number | null): StewardRow =>
  ({ n: 0, id: name, name, score: '', scoreValue, change: '', changeValue, drop: false, onTimeOf: '', required: 0, onTime: 0, late: 0, neverPublished: 0, suspended: 0, open: 0, openAll: 0, steward: true, reachable: true });

describe('digestChart', () => {
  it('draws the council by quarter beside the stewards, marks drops and gives the image its Content-ID', () => {
    const c = digestChart(
      [quarter('II кв. 2026', 0.5, 'rebuilt'), quarter('III кв. 2026', 0.3), quarter('IV кв. 2026', 0.35, 'current')],
      [steward('Управління транспорту', 0, -100), steward('Відділ кадрів', 0.5, -9.9), steward('Без оцінки', null, null)],
    );
    expect(c.svg).toContain('▼ −20,0 п. п.'); // the council: 50 % → 30 %
    expect(c.svg).toContain('▼ 0,0 % (−100,0 п. п.)');
    expect(c.svg).toContain('50,0 % (−9,9 п. п.)');
    expect(c.svg).not.toContain('Без оцінки');
    expect(c.svg).toContain('>II кв.</text>');
    expect(c.svg).toContain('>2026*</text>'); // rebuilt from the history, explained under the chart
    expect(c.svg).toContain('(не остаточно)');
    expect(c.attachment).toMatchObject({ cid: CHART_CID, contentType: 'image/png', filename: 'otsinka.png' });
    expect(c.attachment.content.readUInt32BE(16)).toBe(c.width * 2);
    expect(c.alt).toBe('Оцінка міської ради за кварталами: II кв. 2026* — 50,0 %; III кв. 2026 — 30,0 %; IV кв. 2026 — 35,0 %. Оцінки розпорядників наведено в таблиці нижче.');
  });
});
