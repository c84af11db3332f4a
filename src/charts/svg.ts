/**
 * Charts as plain SVG text from plain numbers: the web pages inline them, the digest sends them as a PNG
 * (see png.ts). Every chart carries a <title> and a <desc>, shows each number as text beside its bar (never
 * colour alone), and marks a drop of `DROP_MARK_PP` points or more with a ▼ and the change. Imports nothing
 * but its own helpers, so any layer may use it.
 */

/** A drop of this many percentage points or more since the previous value is marked. */
export const DROP_MARK_PP = 10;

export const FONT_FAMILY = 'DejaVu Sans';

const INK = '#0b0c0c';
const MUTED = '#505a5f';
const GRID = '#b1b4b6';
const BAR = '#1d70b8';
const BAR_OPEN = '#d2e2f1';
const DROP = '#b0281a';

export interface TrendPoint {
  /** What the axis says under the bar, e.g. `III кв. 2026`. */
  readonly label: string;
  /** A share from 0 to 1, or null when there was nothing to judge. */
  readonly value: number | null;
  /** False for the quarter still running: drawn hatched and labelled as not final. */
  readonly final: boolean;
}

export interface BarRow {
  readonly label: string;
  readonly value: number | null;
  /** Change in percentage points since the previous quarter, when known. */
  readonly changePp?: number | null;
}

export interface ChartText {
  /** Unique within a page: the ids of <title> and <desc> are made from it. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** `85,7 %` with a Ukrainian decimal comma; `—` when unknown. */
export function percentText(share: number | null): string {
  return share === null ? '—' : `${(Math.round(share * 1000) / 10).toFixed(1).replace('.', ',')} %`;
}

/** `−12,5` / `+3,0`: percentage points with a real minus sign. */
export function changeText(pp: number): string {
  const r = Math.round(pp * 10) / 10;
  return `${r > 0 ? '+' : r < 0 ? '−' : ''}${Math.abs(r).toFixed(1).replace('.', ',')}`;
}

/** Percentage points between two shares, or null when either is unknown. */
export function changePp(now: number | null, before: number | null): number | null {
  return now === null || before === null ? null : Math.round((now - before) * 1000) / 10;
}

export const isMarkedDrop = (pp: number | null | undefined): boolean => typeof pp === 'number' && pp <= -DROP_MARK_PP;

function open(t: ChartText, width: number, height: number): string {
  const id = escapeXml(t.id);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="${FONT_FAMILY}, sans-serif">`,
    `<title id="${id}-title">${escapeXml(t.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(t.description)}</desc>`,
    `<defs><pattern id="${id}-open" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${BAR_OPEN}"/><rect width="2" height="6" fill="${BAR}"/></pattern></defs>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold" fill="${INK}">${escapeXml(t.title)}</text>`,
  ].join('');
}

/** Cuts a label to `max` characters with an ellipsis (the full text stays in the table beside the chart). */
function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/**
 * The score by quarter as vertical bars (0–100 %), each with its value on top; the quarter still running is
 * hatched and marked «(не остаточно)»; a drop of 10 points or more shows ▼ and the change above its bar.
 */
export function trendChart(t: ChartText, points: readonly TrendPoint[], opts: { width?: number; height?: number } = {}): string {
  const width = opts.width ?? 640;
  const height = opts.height ?? 260;
  const left = 48;
  const right = 12;
  const top = 56;
  const labelLines = Math.max(1, ...points.map((p) => p.label.split('\n').length));
  const bottom = 39 + labelLines * 13;
  const plotH = height - top - bottom;
  const plotW = width - left - right;
  const slot = points.length === 0 ? plotW : plotW / points.length;
  const barW = Math.max(8, Math.min(56, slot * 0.6));
  const y = (share: number): number => top + plotH * (1 - share);
  const parts = [open(t, width, height)];
  for (const g of [0, 0.5, 1]) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${y(g).toFixed(1)}" y2="${y(g).toFixed(1)}" stroke="${GRID}" stroke-width="1"/>`);
    parts.push(`<text x="${left - 6}" y="${(y(g) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="${MUTED}">${g * 100} %</text>`);
  }
  points.forEach((p, i) => {
    const cx = left + slot * i + slot / 2;
    const prev = i > 0 ? points[i - 1].value : null;
    const pp = changePp(p.value, prev);
    if (p.value !== null) {
      const h = Math.max(1, plotH * p.value);
      parts.push(`<rect x="${(cx - barW / 2).toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${p.final ? BAR : `url(#${escapeXml(t.id)}-open)`}" stroke="${BAR}" stroke-width="1"/>`);
    }
    const valueY = p.value === null ? top + plotH - 6 : y(p.value) - 6;
    parts.push(`<text x="${cx.toFixed(1)}" y="${valueY.toFixed(1)}" font-size="12" text-anchor="middle" fill="${INK}">${escapeXml(percentText(p.value))}</text>`);
    if (isMarkedDrop(pp)) {
      parts.push(`<text x="${cx.toFixed(1)}" y="${(valueY - 15).toFixed(1)}" font-size="12" font-weight="bold" text-anchor="middle" fill="${DROP}">▼ ${escapeXml(changeText(pp as number))} п. п.</text>`);
    }
    // A label may break into lines at `\n` (`IV кв.\n2025`), so narrow bars keep their labels apart.
    const lines = p.label.split('\n');
    lines.forEach((l, k) => {
      parts.push(`<text x="${cx.toFixed(1)}" y="${(top + plotH + 18 + k * 13).toFixed(1)}" font-size="11" text-anchor="middle" fill="${INK}">${escapeXml(l)}</text>`);
    });
    if (!p.final) parts.push(`<text x="${cx.toFixed(1)}" y="${(top + plotH + 20 + lines.length * 13).toFixed(1)}" font-size="10" text-anchor="middle" fill="${MUTED}">(не остаточно)</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/**
 * One horizontal bar per row (0–100 %), in the order given (the caller sorts: worst first), with the value
 * and the change since the previous quarter as text; a drop of 10 points or more is marked ▼.
 */
export function barChart(t: ChartText, rows: readonly BarRow[], opts: { width?: number; labelChars?: number; rowHeight?: number } = {}): string {
  const width = opts.width ?? 640;
  const rowH = opts.rowHeight ?? 24;
  const top = 40;
  const labelW = Math.round(width * 0.42);
  const valueW = 190;
  const barX = labelW + 8;
  const barMax = width - barX - valueW;
  const height = top + rows.length * rowH + 12;
  const parts = [open(t, width, height)];
  parts.push(`<line x1="${barX}" x2="${barX}" y1="${top - 4}" y2="${height - 8}" stroke="${GRID}" stroke-width="1"/>`);
  rows.forEach((r, i) => {
    const yTop = top + i * rowH;
    const mid = yTop + rowH / 2 + 4;
    parts.push(`<text x="${labelW}" y="${mid}" font-size="12" text-anchor="end" fill="${INK}">${escapeXml(cut(r.label, opts.labelChars ?? Math.floor(labelW / 7.4)))}</text>`);
    if (r.value !== null) {
      const w = Math.max(1, barMax * r.value);
      parts.push(`<rect x="${barX}" y="${yTop + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${BAR}"/>`);
    }
    const valueX = barX + (r.value === null ? 0 : barMax * r.value) + 6;
    const change = typeof r.changePp === 'number' ? ` (${changeText(r.changePp)} п. п.)` : '';
    const drop = isMarkedDrop(r.changePp);
    parts.push(`<text x="${valueX.toFixed(1)}" y="${mid}" font-size="12" fill="${drop ? DROP : INK}"${drop ? ' font-weight="bold"' : ''}>${drop ? '▼ ' : ''}${escapeXml(percentText(r.value) + change)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** Width and height of a chart made here, from its root element. */
export function chartSize(svg: string): { width: number; height: number } {
  const m = /^<svg[^>]*\swidth="(\d+(?:\.\d+)?)"[^>]*\sheight="(\d+(?:\.\d+)?)"/.exec(svg);
  if (!m) throw new Error('not a chart made by src/charts/svg.ts');
  return { width: Number(m[1]), height: Number(m[2]) };
}

/**
 * Charts side by side in one picture (one image for a mail, where each image is a part of its own), top-aligned,
 * with `gap` pixels between them; the picture has its own title and description, naming what each part shows.
 */
export function sideBySide(t: ChartText, charts: readonly string[], gap = 16): string {
  const sizes = charts.map(chartSize);
  const width = sizes.reduce((w, s) => w + s.width, 0) + gap * Math.max(0, charts.length - 1);
  const height = Math.max(0, ...sizes.map((s) => s.height));
  const id = escapeXml(t.id);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="${FONT_FAMILY}, sans-serif">`,
    `<title id="${id}-title">${escapeXml(t.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(t.description)}</desc>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  let x = 0;
  charts.forEach((c, i) => {
    parts.push(`<g transform="translate(${x} 0)">${c}</g>`);
    x += sizes[i].width + gap;
  });
  parts.push('</svg>');
  return parts.join('');
}
