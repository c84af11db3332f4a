/**
 * SVG → PNG for the charts that go out by e-mail (mail clients do not show inline SVG). resvg renders with the
 * DejaVu Sans files shipped in the `dejavu-fonts-ttf` package, not the system's fonts: the picture is the same on
 * every server, Cyrillic included, whatever fonts it has installed.
 */
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { FONT_FAMILY } from './svg';

const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => path.join(FONT_DIR, f));

/** Renders at `scale` times the SVG's own size (2 keeps text sharp on high-density screens). */
export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    logLevel: 'off',
  });
  return resvg.render().asPng();
}
