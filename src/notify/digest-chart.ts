/**
 * The digest's picture: the council's score by quarter beside each steward's score now (worst first, as the
 * table below it), drawn by src/charts and sent as an inline PNG — mail programs show a `cid:` image in place, and
 * none shows inline SVG. Every number is also in the digest's table, so the picture is never the only source.
 */
import { svgToPng } from '../charts/png';
import { barChart, chartSize, percentText, sideBySide, trendChart, type BarRow, type TrendPoint } from '../charts/svg';
import { ALL_STEWARDS } from '../history/score';
import type { InlineAttachment } from '../store/outbox';
import type { QuarterScores } from './digest-history';
import type { StewardRow } from './digest-view';

/** The Content-ID the digest's HTML refers to as `cid:…`. */
export const CHART_CID = 'score-chart@odmon';

export interface DigestChart {
  readonly attachment: InlineAttachment;
  readonly svg: string;
  /** The size the HTML shows it at (the PNG has twice as many pixels, sharp on dense screens). */
  readonly width: number;
  readonly height: number;
  readonly alt: string;
}

const BAR_ROW = 18;

export function digestChart(quarters: readonly QuarterScores[], stewards: readonly StewardRow[]): DigestChart {
  const points: TrendPoint[] = quarters.map((q) => ({
    label: (q.source === 'rebuilt' ? `${q.label}*` : q.label).replace(/ кв\. /, ' кв.\n'),
    value: q.scores.get(ALL_STEWARDS) ?? null,
    final: q.source !== 'current',
  }));
  const bars: BarRow[] = stewards.filter((s) => s.steward && s.scoreValue !== null).map((s) => ({ label: s.name, value: s.scoreValue, changePp: s.changeValue }));
  const barsSvg = barChart(
    { id: 'digest-stewards', title: 'Розпорядники: оцінка зараз (зміна за квартал)', description: 'Частка обов\'язкових наборів кожного розпорядника, оприлюднених вчасно, від найнижчої' },
    bars,
    { width: 620, rowHeight: BAR_ROW, labelChars: 33 },
  );
  const height = Math.max(260, chartSize(barsSvg).height);
  const trendSvg = trendChart(
    { id: 'digest-council', title: 'Міська рада за кварталами', description: 'Частка обов\'язкових наборів міської ради, оприлюднених вчасно, за кварталами' },
    points,
    { width: 330, height },
  );
  // Without a steward to score, the council's quarters are the whole picture.
  const parts = bars.length > 0 ? [trendSvg, barsSvg] : [trendSvg];
  const svg = sideBySide(
    {
      id: 'digest-chart',
      title: 'Оцінка оприлюднення відкритих даних',
      description: 'Ліворуч — оцінка міської ради за кварталами; праворуч — оцінки розпорядників зараз, від найнижчої. Падіння на 10 п. п. і більше позначено ▼.',
    },
    parts,
  );
  const size = chartSize(svg);
  const alt = `Оцінка міської ради за кварталами: ${quarters.map((q, i) => `${q.label}${q.source === 'rebuilt' ? '*' : ''} — ${percentText(points[i].value)}`).join('; ')}. Оцінки розпорядників наведено в таблиці нижче.`;
  return {
    attachment: { cid: CHART_CID, filename: 'otsinka.png', contentType: 'image/png', content: svgToPng(svg) },
    svg,
    width: size.width,
    height: size.height,
    alt,
  };
}
