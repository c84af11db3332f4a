/**
 * The yearly report as a PDF, printed by the server's own Chromium (Debian's `chromium` package) through
 * playwright-core: nothing is downloaded at run time. The HTML report's print styles decide everything (A4,
 * landscape pages for wide tables, page numbers from page 2); Chromium only lays it out.
 *
 * The report lists its appendices with their sheets («Додаток 3 … на 5 арк.», documents.md): each appendix is
 * printed alone first to count its pages, then the whole report is printed with the counts filled in.
 */
import fs from 'node:fs';
import { OdmonError } from '../errors';
import type { AnnualReport } from './annual';

/** Where Debian, Ubuntu and Google put Chromium; ODMON_CHROMIUM overrides. */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

const INSTALL_HINT =
  'установіть Chromium командою "apt-get install chromium" (Debian, Ubuntu) або вкажіть шлях до нього в ODMON_CHROMIUM; ' +
  'можна також записати звіт в HTML (--format html) і надрукувати його з браузера: формат A4, поля як на сторінці, з фоновою графікою';

/** The Chromium to print with, or an E_RENDERER error saying how to get one. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const given = env.ODMON_CHROMIUM?.trim();
  if (given) {
    if (!fs.existsSync(given)) throw new OdmonError('E_RENDERER', `не вдалося зробити PDF: ODMON_CHROMIUM вказує на ${given}, а такого файлу немає`, { hint: INSTALL_HINT });
    return given;
  }
  const found = CHROMIUM_CANDIDATES.find((p) => fs.existsSync(p));
  if (found === undefined) {
    throw new OdmonError('E_RENDERER', `не вдалося зробити PDF: Chromium не встановлено (шукали ${CHROMIUM_CANDIDATES.join(', ')})`, { hint: INSTALL_HINT });
  }
  return found;
}

/** Pages of a PDF Chromium wrote: its page objects (`/Type /Page`, not `/Pages`). */
export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

/** «1 арк.»: sheets printed on one side, as the instruction counts them. */
const sheets = (n: number): string => `${n} арк.`;

/**
 * Prints the report. `render` turns the report into its HTML (render.ts); it is called twice, the second time
 * with the appendices' sheet counts.
 */
export async function reportPdf(report: AnnualReport, render: (r: AnnualReport) => string, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const executablePath = findChromium(env);
  // Loaded here, not at the top: only `--format pdf` needs it.
  const { chromium } = await import('playwright-core');
  let browser;
  try {
    browser = await chromium.launch({
      executablePath,
      // Chromium refuses to start as root with its sandbox; the page is odmon's own HTML, with nothing to fetch.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      timeout: 60_000,
    });
  } catch (cause) {
    throw new OdmonError('E_RENDERER', `не вдалося зробити PDF: ${executablePath} не запустився («${String((cause as Error).message).split('\n')[0]}»)`, { hint: INSTALL_HINT, cause });
  }
  try {
    const page = await browser.newPage();
    // Nothing outside the report is loaded: a title holding <img src=http://…> fetches nothing.
    await page.route(/^(?!data:|about:)/, (route) => route.abort());
    const print = async (): Promise<Buffer> => page.pdf({ preferCSSPageSize: true, printBackground: true });
    await page.setContent(render(report), { waitUntil: 'load' });
    const counts: number[] = [];
    for (const a of report.appendices) {
      // Only this appendix is laid out; each begins on a page of its own, so its pages alone are its sheets.
      await page.evaluate(`for (const el of document.body.children) el.style.display = el.dataset.appendix === '${a.n}' ? '' : 'none';`);
      counts.push(pdfPageCount(await print()));
    }
    const counted: AnnualReport = { ...report, appendices: report.appendices.map((a, i) => ({ ...a, sheets: counts[i] > 0 ? sheets(counts[i]) : '' })) };
    await page.setContent(render(counted), { waitUntil: 'load' });
    return await print();
  } finally {
    await browser.close();
  }
}
