#!/usr/bin/env node
/**
 * Renders what people receive — each kind of notice, the digest, the guard message and the yearly report — as
 * PNG files under docs/previews/, with the server's Chromium (Debian's `chromium`) through playwright-core, so
 * reviewers see what a department head and the IT head see. Run `npm run previews` (it builds first).
 *
 * The story, on the example register (data/example/) with a contact person, names for the report and a portal:
 *   27.11.2026  go-live: the first notify over an old backlog (every item new, no head copied)
 *   30.11.2026  the first digest
 *   01.12.2026  «Вакантні посади» is updated, «Надзвичайні ситуації» is suspended: a notice that only thanks,
 *               and a notice that only says a dataset was suspended (it asks nothing)
 *   04.12.2026  the weekly repeat
 *   07.12.2026  the second digest: what changed since the first
 *   28.12.2026  31 days after the first notice: heads of units are copied
 *   28.12.2026  the yearly report for 2026, printed to PDF; each page as a PNG (needs pdftoppm: apt-get install poppler-utils)
 * Every run uses its own database in a temporary folder; nothing of the project's data is touched. The PNGs are
 * made in that folder too, and replace the committed ones only once every one of them has been made: a run that
 * fails leaves docs/previews/ as it was.
 */
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const dist = (p) => require(path.join(ROOT, 'dist', 'src', p));
const { run } = dist('cli/main.js');
const { fixedClock } = dist('clock.js');
const { loadConfig } = dist('config/config.js');
const { loadTemplates } = dist('notify/templates.js');
const { planGuard } = dist('notify/notify.js');
const { findChromium } = dist('report/pdf.js');
const { DEFAULT_TEMPLATES_DIR } = dist('paths.js');
const { FileTransport } = dist('notify/channels/email/file.js');
const { messageIdFor } = dist('store/outbox.js');
const { DateTime } = require('luxon');
const { simpleParser } = require('mailparser');
const { chromium } = require('playwright-core');

const OUT = path.join(ROOT, 'docs', 'previews');
const WIDTH = 1000;
const kyiv = (iso) => DateTime.fromISO(iso, { zone: 'Europe/Kyiv' });

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'odmon-previews-'));
const outbox = path.join(work, 'outbox');
/** The new PNGs, made here first; docs/previews/ gets them only when all are made. */
const made = path.join(work, 'png');
const configFile = path.join(work, 'odmon.config.json');
fs.writeFileSync(
  configFile,
  JSON.stringify(
    {
      db: path.join(work, 'odmon.sqlite'),
      mail: { from: 'opendata@example.gov.ua', itHead: 'it-head@example.org', outboxDir: outbox },
      portal: { url: 'https://data.gov.ua' },
      org: {
        name: 'Кропивницька міська рада',
        unit: "Відділ інформаційно-комп'ютерного забезпечення",
        contact: { name: 'Ірина Коваль', phone: '(0522) 00-00-00', email: 'opendata@example.gov.ua' },
      },
      report: {
        approver: { position: 'Заступник міського голови', name: 'Олена КОВАЛЕНКО' },
        preparer: { position: "Начальник відділу інформаційно-комп'ютерного забезпечення", name: 'Андрій МЕЛЬНИК' },
      },
    },
    null,
    2,
  ),
);

/** Runs an odmon command as the CLI would, with the real clock at `at` (Kyiv). */
async function odmon(at, ...argv) {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t) => (out += t), err: (t) => (err += t), env: { ODMON_CONFIG: configFile }, cwd: work, clock: fixedClock(kyiv(at)) });
  if (code !== 0) throw new Error(`odmon ${argv.join(' ')} at ${at} exited ${code}:\n${out}${err}`);
  return out;
}

/** The .eml files written since `before`, by name. */
function newMail(before) {
  return fs.existsSync(outbox) ? fs.readdirSync(outbox).filter((f) => !before.has(f)).sort() : [];
}
const seen = () => new Set(fs.existsSync(outbox) ? fs.readdirSync(outbox) : []);

/** A mail program's view of a message: its headers, then its HTML with inline images in place. */
async function asPage(emlFile) {
  const m = await simpleParser(fs.readFileSync(emlFile));
  const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const row = (k, v) => (v ? `<tr><td style="color:#555;padding:1px 8px 1px 0;white-space:nowrap">${k}</td><td>${esc(v)}</td></tr>` : '');
  const head =
    `<div style="font:13px Arial,sans-serif;background:#f1f3f4;border-bottom:1px solid #c4c7c5;padding:8px 16px"><table style="border-collapse:collapse">` +
    row('Від:', m.from?.text) + row('Кому:', m.to?.text) + row('Копія:', m.cc?.text) + row('Відповідь:', m.replyTo?.text) +
    `<tr><td style="color:#555;padding:1px 8px 1px 0">Тема:</td><td><b>${esc(m.subject)}</b></td></tr></table></div>`;
  const body = m.html || `<pre style="white-space:pre-wrap;font:14px monospace;padding:16px">${esc(m.text)}</pre>`;
  return `<!DOCTYPE html><html lang="uk"><head><meta charset="utf-8"></head><body style="margin:0">${head}${body}</body></html>`;
}

async function main() {
  const executablePath = findChromium();
  fs.mkdirSync(made, { recursive: true });
  const shots = [];
  const picks = [];
  const pick = (name, files, match) => {
    const f = files.find((x) => x.includes(match));
    if (!f) throw new Error(`no message ${match} among ${files.join(', ')}`);
    picks.push([name, path.join(outbox, f)]);
  };

  await odmon('2026-11-27T08:00', 'init', '--example');
  let before = seen();
  await odmon('2026-11-27T09:00', 'notify');
  pick('notice-new', newMail(before), 'notice_transport_');

  before = seen();
  await odmon('2026-11-30T09:00', 'digest');
  pick('digest-first', newMail(before), 'digest_');

  const pubs = path.join(work, 'publications.csv');
  fs.writeFileSync(pubs, 'dataset_id,published_at\nhr-vacancies,2026-12-01T08:30\n');
  await odmon('2026-12-01T08:40', 'import', 'publications', pubs);
  await odmon('2026-12-01T08:45', 'suspend', 'cp-emergencies', '--basis', 'Постанова КМУ № 263 від 12.03.2022; рішення виконавчого комітету № 412 від 14.06.2022', '--review-by', '2027-06-30');
  before = seen();
  await odmon('2026-12-01T09:00', 'notify');
  const dec1 = newMail(before);
  pick('notice-resolved', dec1, 'notice_hr_');
  pick('notice-suspended', dec1, 'notice_civil-protection_');

  before = seen();
  await odmon('2026-12-04T09:00', 'notify');
  pick('notice-repeat', newMail(before), 'notice_transport_');

  before = seen();
  await odmon('2026-12-07T09:00', 'digest');
  pick('digest', newMail(before), 'digest_');

  before = seen();
  await odmon('2026-12-28T09:00', 'notify');
  pick('notice-escalated', newMail(before), 'notice_transport_');

  // The guard message, as the IT head gets it when an import left the register less than half its size.
  const config = loadConfig({ env: { ODMON_CONFIG: configFile }, cwd: work });
  const guard = planGuard({ config, templates: loadTemplates(DEFAULT_TEMPLATES_DIR), now: kyiv('2026-12-29T09:00'), runId: 0 }, 'реєстр наборів даних зменшився більш ніж удвічі: було 90, стало 12', config.db);
  before = seen();
  await new FileTransport(outbox, fixedClock(kyiv('2026-12-29T09:00'))).send({ ...guard.message, messageId: messageIdFor(guard.message.key, guard.message.from) });
  pick('guard', newMail(before), 'guard');

  const pdf = path.join(work, 'zvit-2026.pdf');
  await odmon('2026-12-28T10:00', 'report', 'annual', '--year', '2026', '--out', pdf);

  const browser = await chromium.launch({ executablePath, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: 900 } });
    for (const [name, file] of picks) {
      await page.setContent(await asPage(file), { waitUntil: 'load' });
      const height = await page.evaluate('document.documentElement.scrollHeight');
      const png = path.join(made, `${name}.png`);
      await page.screenshot({ path: png, fullPage: true });
      shots.push(`${name}.png: ${WIDTH} × ${height} px`);
    }
  } finally {
    await browser.close();
  }

  let pages;
  let reportPages = true;
  try {
    execFileSync('pdftoppm', ['-r', '60', '-png', pdf, path.join(made, 'report-page')]);
    const n = fs.readdirSync(made).filter((f) => f.startsWith('report-page')).length;
    pages = `report-page-*.png: ${n} pages of the 2026 report (A4, 60 dpi)`;
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
    reportPages = false;
    pages = 'report-page-*.png: NOT regenerated, the old ones are kept — pdftoppm not found (apt-get install poppler-utils)';
  }

  // Everything is made: now, and only now, the committed PNGs give way to the new ones (the report's pages only
  // when new ones were made; a report shorter than before leaves no stale page behind).
  fs.mkdirSync(OUT, { recursive: true });
  const replaced = (f) => f.endsWith('.png') && (reportPages || !f.startsWith('report-page'));
  for (const f of fs.readdirSync(OUT)) if (replaced(f)) fs.rmSync(path.join(OUT, f));
  for (const f of fs.readdirSync(made)) fs.copyFileSync(path.join(made, f), path.join(OUT, f));
  fs.rmSync(work, { recursive: true, force: true });
  process.stdout.write(`previews written to ${OUT}:\n  ${[...shots, pages].join('\n  ')}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n(work folder kept: ${work})\n`);
  process.exit(1);
});
