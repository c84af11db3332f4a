import { svgToPng } from '../../src/charts/png';
import { barChart, changePp, percentText, trendChart } from '../../src/charts/svg';

const text = { id: 'c1', title: 'Оцінка міської ради за кварталами', description: 'Частка обов\'язкових наборів, оприлюднених вчасно' };

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('charts', () => {
  it('gives the trend a title, a description and every value as text', () => {
    const svg = trendChart(text, [
      { label: 'I кв. 2026', value: 0.42, final: true },
      { label: 'II кв. 2026', value: 0.314, final: true },
      { label: 'III кв. 2026', value: null, final: false },
    ]);
    expect(svg).toContain('<title id="c1-title">Оцінка міської ради за кварталами</title>');
    expect(svg).toContain('aria-labelledby="c1-title c1-desc"');
    expect(svg).toContain('42,0 %');
    expect(svg).toContain('31,4 %');
    expect(svg).toContain('>—<');
    expect(svg).toContain('(не остаточно)');
  });

  it('marks a drop of 10 points or more, and not a smaller one', () => {
    const marked = trendChart(text, [{ label: 'a', value: 0.5, final: true }, { label: 'b', value: 0.4, final: true }]);
    expect(marked).toContain('▼ −10,0 п. п.');
    const unmarked = trendChart(text, [{ label: 'a', value: 0.5, final: true }, { label: 'b', value: 0.41, final: true }]);
    expect(unmarked).not.toContain('▼');
    const bars = barChart(text, [{ label: 'Транспорт', value: 0, changePp: -100 }, { label: 'Кадри', value: 0.5, changePp: -9.9 }]);
    expect(bars).toContain('▼ 0,0 % (−100,0 п. п.)');
    expect(bars).toContain('50,0 % (−9,9 п. п.)');
  });

  it('escapes names that look like markup', () => {
    const svg = barChart({ ...text, title: '<script>x</script>' }, [{ label: 'A & B <b>', value: 1 }]);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('A &amp; B &lt;b&gt;');
  });

  it('renders to a PNG at twice the size with its own fonts', () => {
    const svg = barChart(text, [{ label: 'Відділ кадрової роботи', value: 0.5 }], { width: 400 });
    const png = svgToPng(svg);
    const size = pngSize(png);
    expect(size.width).toBe(800);
    expect(size.height).toBeGreaterThan(100);
    // Text is drawn: the same chart without its labels gives a different picture.
    expect(svgToPng(svg.replace(/<text[^>]*>[^<]*<\/text>/g, '')).equals(png)).toBe(false);
  });

  it('computes changes in percentage points', () => {
    expect(changePp(0.314, 0.55)).toBe(-23.6);
    expect(changePp(null, 0.5)).toBeNull();
    expect(percentText(null)).toBe('—');
    expect(percentText(0.8571)).toBe('85,7 %');
  });
});
