/**
 * The yearly report of plan task 2.2, built after a council was run through the four quarters of 2019 with a
 * suspension, a snooze, an acknowledgement and a task marked done by hand, in Markdown, HTML and CSV.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runDigest, runNotify } from '../../src/app';
import { parseCsvWithHeader } from '../../src/csv/read';
import { annualReport, type AnnualReport } from '../../src/report/annual';
import Mustache from 'mustache';
import { pdfPageCount, reportPdf } from '../../src/report/pdf';
import { renderReport, renderReportPdf } from '../../src/report/render';
import { DEFAULT_TEMPLATES_DIR } from '../../src/paths';
import { DATASET_COLUMNS, WORLD_DATASETS, importRows, kyiv, useWorlds, type World } from '../exemptions/world';
import { STEWARDS } from '../notify/register';

jest.setTimeout(60_000);

const worlds = useWorlds('report');
let w: World;
let md = '';
let html = '';
let report: AnnualReport;
let csv: { header: string[]; rows: { values: Record<string, string> }[] };

/** The run dates of a daemon that notifies on the first working day of each month and sends a digest each quarter. */
const RUNS = ['2019-03-15', '2019-04-02', '2019-05-06', '2019-06-03', '2019-07-02', '2019-08-01', '2019-09-02', '2019-10-01', '2019-11-01', '2019-12-02', '2020-01-08'];

beforeAll(async () => {
  w = worlds.open();
  importRows(w.app, 'datasets', DATASET_COLUMNS, [...WORLD_DATASETS, ['leaks', '<script>alert(1)</script> Звіт | таємний', 'finance', 'once a year', '2019-02-01', 'no', '', '']], kyiv('2019-03-01T10:00'));
  for (const d of RUNS) {
    const at = kyiv(`${d}T09:00`);
    if (d === '2019-07-02') {
      await w.odmon(['suspend', 'shelters', '--basis', 'Постанова КМУ № 263 від 12.03.2022', '--review-by', '2019-12-31'], at);
      await w.odmon(['task', 'done', 'm.1', '--at', '2019-07-01', '--evidence', 'наказ № 12 від 01.07.2019'], at);
      await w.odmon(['ack', 'stale-publication:dataset:budget', '--by', 'О. Коваленко'], at);
    }
    if (d === '2019-08-01') await w.odmon(['snooze', '--steward', 'cp', '--until', '2019-08-20', '--reason', 'евакуація архіву'], at);
    if (d === '2019-12-02') importRows(w.app, 'publications', ['dataset_id', 'published_at'], [['budget', '2019-12-02']], at);
    await runNotify(w.app, at);
    if (['2019-04-02', '2019-07-02', '2019-10-01', '2020-01-08'].includes(d)) await runDigest(w.app, at);
  }
  const now = kyiv('2020-01-15T10:00');
  report = annualReport({ db: w.app.db, settings: { graceDays: 0, dueSoonDays: 30, frequencies: w.app.frequencies }, year: 2019, now });
  md = renderReport(report, 'md', DEFAULT_TEMPLATES_DIR);
  html = renderReport(report, 'html', DEFAULT_TEMPLATES_DIR);
  csv = parseCsvWithHeader(renderReport(report, 'csv', DEFAULT_TEMPLATES_DIR), ';');
});

describe('the yearly report in Markdown', () => {
  it('opens with the council, the date, the approval block, «ЗВІТ» and its title, the basis and the period', () => {
    expect(md.split('\n').slice(0, 16)).toEqual([
      'Кропивницька міська рада  ',
      "Відділ інформаційно-комп'ютерного забезпечення  ",
      '15.01.2020',
      '',
      '> ЗАТВЕРДЖУЮ  ',
      '> Заступник міського голови  ',
      '> \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_ \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_  ',
      '> \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_',
      '',
      '# ЗВІТ',
      '',
      '**про виконання Плану дій з розвитку відкритих даних за 2019 рік**',
      '',
      'Звіт складено відповідно до завдання 2.2 Плану дій (щорічне звітування щодо виконання завдань Плану дій). Звітний період: 01.01.2019–31.12.2019; дані станом на 31.12.2019. Показники обчислено системою моніторингу відкритих даних 15.01.2020 10:00 (за київським часом).',
      '',
      '## 1. Підсумки',
    ]);
  });

  it('lists every plan task in the columns plan reports use, the completion date and evidence in its state (no column left empty)', () => {
    expect(md).toContain('| № з/п | Завдання (захід) | Строк виконання | Відповідальні виконавці | Стан виконання |\n');
    expect(md).toContain('| m.1 | Оприлюднити графік оновлення наборів даних | 30.06.2019 (II квартал 2019 року) | Фінансове управління | виконано із запізненням 01.07.2019; підтвердження: наказ № 12 від 01.07.2019 |\n');
    expect(md).toContain("| 1.3 | Розробити і запровадити порядок моніторингу та контролю за роботою розпорядників щодо оприлюднення відкритих даних | 30.06.2019 (II квартал 2019 року) | Відділ інформаційно-комп'ютерного забезпечення | виконано 15.01.2019 |\n");
    expect(md).toContain('| 7.1 | Забезпечити публікацію наборів даних розпорядниками на Порталі відкритих даних | — (Постійно) |');
    expect(md.match(/^\| \d+\.\d+ \|/gm)).toHaveLength(18);
    expect(md).not.toContain('Підтвердження виконання');
  });

  it('ends its body with conclusions and proposals from its own numbers, the appendices, and the preparer\'s signature', () => {
    expect(report.conclusions[0]).toBe('Станом на 31.12.2019 виконано 19 з 19 завдань Плану дій.');
    expect(md).toContain('## 3. Висновки та пропозиції\n');
    expect(md).toContain("Додатки:\n\n1. Показники розпорядників за кварталами.\n2. Повідомлення розпорядникам і порушення.\n3. Набори даних розпорядників станом на 31.12.2019.\n4. Призупинені набори даних.\n");
    expect(md).toContain("Начальник відділу інформаційно-комп'ютерного забезпечення \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_ \\_\\_");
  });

  it('takes the approver, the preparer and the executor from the settings', () => {
    const named = annualReport({
      db: w.app.db,
      settings: { graceDays: 0, dueSoonDays: 30, frequencies: w.app.frequencies },
      year: 2019,
      now: kyiv('2020-01-15T10:00'),
      org: { name: 'Кропивницька міська рада', unit: "Відділ інформаційно-комп'ютерного забезпечення", stewardId: 'it', contact: { name: 'Ірина Коваль', phone: '(0522) 00-00-00', email: null } },
      signatories: { approver: { position: 'Заступник міського голови', name: 'Олена КОВАЛЕНКО' }, preparer: { position: "Начальник відділу інформаційно-комп'ютерного забезпечення", name: 'Андрій МЕЛЬНИК' } },
    });
    const page = renderReport(named, 'html', DEFAULT_TEMPLATES_DIR);
    expect(page).toContain('<p>ЗАТВЕРДЖУЮ</p>\n<p>Заступник міського голови</p>\n<p style="white-space: nowrap;">____________&nbsp;&nbsp;Олена КОВАЛЕНКО</p>\n<p>____________</p>');
    expect(page).toMatch(/<td style="width: 60%;">Начальник відділу інформаційно-комп&#39;ютерного забезпечення<\/td>\n<td style="text-align: right; white-space: nowrap;">____________&nbsp;&nbsp;Андрій МЕЛЬНИК<\/td>/);
    expect(page).toContain('<p class="executor">Виконавець: Ірина Коваль, тел. (0522) 00-00-00</p>');
  });

  it('gives each steward its score at the end of every quarter, kept as it was then, and the council in total', () => {
    expect(md).toContain('| Розпорядник | I кв. 2019 | II кв. 2019 | III кв. 2019 | IV кв. 2019 | Середнє за рік |\n');
    // budget: never published by 31.03, late at the ends of II and III, updated 02.12.
    expect(md).toContain('| Фінансове управління | 0,0 % | 0,0 % | 0,0 % | 100,0 % | 25,0 % |\n');
    // cameras on time at 30.06; shelters suspended from 02.07, cameras late since.
    expect(md).toContain('| Управління з питань надзвичайних ситуацій та цивільного захисту населення | 0,0 % | 50,0 % | 0,0 % | 0,0 % | 12,5 % |\n');
    expect(md).toMatch(/\| \*\*Усього по міській раді\*\* \| \*\*0,0 %\*\* \| \*\*40,0 %\*\* \| \*\*0,0 %\*\* \| \*\*25,0 %\*\* \|/);
    expect(md).not.toContain('†');
  });

  it('lists each steward\'s datasets as they stood at the end of the year, escaping table cells', () => {
    expect(md).toContain(
      // Counted among the required datasets only: leaks, published of the steward's own accord, is listed but not counted.
      '### Фінансове управління\n\nОбов\'язкових: 1; оприлюднено: 1; вчасно: 1; із запізненням: 0; не оприлюднено: 0; призупинено: 0.\n',
    );
    expect(md).toContain('## Додаток 3. Набори даних розпорядників станом на 31.12.2019\n');
    expect(md).toContain('| budget | Бюджет міста | так | Щомісяця | 02.12.2019 | Вчасно |\n');
    expect(md).toContain('| leaks | &lt;script&gt;alert(1)&lt;/script&gt; Звіт \\| таємний | ні | Щороку | 01.02.2019 | Вчасно |\n');
    expect(md).not.toContain('<script>');
    expect(md).toContain('| shelters | Укриття | так | Щороку | — | Призупинено |\n');
  });

  it('counts the notices sent and the findings found and resolved in the year', () => {
    const sent = (steward: string): number =>
      w.app.db.prepare("SELECT count(*) FROM outbox WHERE kind = 'notice' AND status = 'sent' AND steward_id = ? AND sent_at < '2020'").pluck().get(steward) as number;
    // budget: late from 27.06, resolved on 02.12; m.1 was marked done before any check found it overdue.
    expect(md).toContain(`| Фінансове управління | ${sent('finance')} | 1 | 1 | 0 |\n`);
    // shelters, missing since the first check, ended when it was suspended on 02.07: not resolved.
    expect(md).toMatch(/\| Управління з питань надзвичайних ситуацій та цивільного захисту населення \| \d+ \| \d+ \| \d+ \| 1 \|\n/);
    expect(sent('finance')).toBeGreaterThan(2);
  });

  it('lists the suspended datasets with their basis and review day', () => {
    expect(md).toContain('Стан: «діє» — обмеження чинне на дату звіту; «строк перегляду минув» —');
    expect(md).toContain(
      '| shelters | Укриття | Управління з питань надзвичайних ситуацій та цивільного захисту населення | Постанова КМУ № 263 від 12.03.2022 | 02.07.2019 | 31.12.2019 | діє; строк перегляду минув |\n',
    );
  });
});

describe('the yearly report in HTML', () => {
  it('is made for print: A4, landscape pages for wide tables, page numbers from page 2, headers repeated on every page', () => {
    expect(html).toContain('@page { size: A4 portrait; margin: 20mm 10mm 20mm 30mm;');
    expect(html).toContain('@top-center { content: counter(page);');
    expect(html).toContain('@page :first { @top-center { content: none; } }');
    expect(html).toContain('@page landscape { size: A4 landscape;');
    expect(html).toContain('thead { display: table-header-group; }');
    expect(html).toContain('th, td { border: 1px solid #000;');
    expect(html.match(/<section data-appendix="\d" class="appendix[^"]*">/g)).toEqual([
      '<section data-appendix="1" class="appendix">',
      '<section data-appendix="2" class="appendix">',
      '<section data-appendix="3" class="appendix landscape">',
      '<section data-appendix="4" class="appendix landscape">',
    ]);
    expect(html).toContain('<tr><td class="c">m.1</td><td>Оприлюднити графік оновлення наборів даних</td><td>30.06.2019 (II квартал 2019 року)</td><td>Фінансове управління</td><td>виконано із запізненням 01.07.2019; підтвердження: наказ № 12 від 01.07.2019</td></tr>');
    expect(html).toContain('font-family: "Times New Roman", "Liberation Serif", Times, serif; font-size: 14pt;');
  });

  it('escapes what the register says', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;&#x2F;script&gt; Звіт | таємний');
  });
});

describe('the yearly report in CSV', () => {
  const rows = (section: string) => csv.rows.map((r) => r.values).filter((r) => r.section === section);

  it('has one header and one row per fact', () => {
    expect(csv.header).toEqual(['section', 'key', 'title', 'steward_id', 'quarter', 'deadline', 'status', 'date', 'value', 'details']);
    expect(new Set(csv.rows.map((r) => r.values.section))).toEqual(new Set(['task', 'score', 'dataset', 'notices', 'suspension']));
  });

  it('counts each finding in one notices row: the rows add up to the council\'s', () => {
    const notices = rows('notices');
    const found = (r: Record<string, string>): number => Number(/^виявлено: (\d+);/.exec(r.details)?.[1]);
    const council = notices.find((r) => r.key === '*') as Record<string, string>;
    const others = notices.filter((r) => r.key !== '*');
    expect(others.reduce((a, r) => a + found(r), 0)).toBe(found(council));
    expect(others.reduce((a, r) => a + Number(r.value || 0), 0)).toBe(Number(council.value));
    expect(found(council)).toBeGreaterThan(0);
  });

  it('holds the tasks, the quarterly scores and the suspensions', () => {
    expect(rows('task').find((r) => r.key === 'm.1')).toMatchObject({ deadline: '30.06.2019', status: 'виконано із запізненням', date: '01.07.2019', steward_id: 'finance' });
    expect(rows('score').filter((r) => r.key === 'finance').map((r) => [r.quarter, r.value, r.status])).toEqual([
      ['2019-Q1', '0.0', 'snapshot'],
      ['2019-Q2', '0.0', 'snapshot'],
      ['2019-Q3', '0.0', 'snapshot'],
      ['2019-Q4', '100.0', 'snapshot'],
    ]);
    expect(rows('suspension')).toEqual([
      expect.objectContaining({ key: 'shelters', steward_id: 'cp', date: '02.07.2019', deadline: '31.12.2019', details: 'Постанова КМУ № 263 від 12.03.2022' }),
    ]);
  });
});

describe('odmon report annual', () => {
  it('writes the report in the format its file name says', async () => {
    const r = await w.odmon(['report', 'annual', '--year', '2019', '--out', 'zvit-2019.html'], kyiv('2020-01-15T10:00'));
    const file = path.join(w.s.cwd, 'zvit-2019.html');
    expect(r).toEqual({ code: 0, out: `Звіт за 2019 рік (html) записано у ${file}.\n`, err: '' });
    expect(fs.readFileSync(file, 'utf8')).toBe(html);
    const printed = await w.odmon(['report', 'annual', '--year', '2019', '--format', 'csv'], kyiv('2020-01-15T10:00'));
    expect(printed.out.split('\r\n')[0]).toBe('\ufeffsection;key;title;steward_id;quarter;deadline;status;date;value;details');
  });

  it.each<[string, string[], number, string]>([
    ['needs a year', ['report', 'annual'], 64, 'error[E_USAGE]: бракує обов’язкової опції "--year Y"\nhint: наприклад: odmon report annual --year 2019 --out zvit-2019.pdf\n'],
    ['knows only its formats', ['report', 'annual', '--year', '2019', '--format', 'docx'], 64, 'error[E_USAGE]: --format "docx" — невідомий формат (відомі: md, html, csv, pdf)\nhint: наприклад: --format html\n'],
    ['writes a PDF only into a file', ['report', 'annual', '--year', '2019', '--format', 'pdf'], 64, 'error[E_USAGE]: --format pdf потребує --out FILE\nhint: наприклад: odmon report annual --year 2019 --out zvit-2019.pdf\n'],
    ['refuses a year that has not begun', ['report', 'annual', '--year', '2021'], 65, 'error[E_INPUT]: 2021 рік ще не почався (зараз 15.01.2020)\nhint: наприклад: --year 2020\n'],
    ['refuses a year before anything on record', ['report', 'annual', '--year', '1900'], 65, 'error[E_INPUT]: --year 1900: про цей рік відомостей немає — план і реєстр починаються з 2018 року\nhint: вкажіть рік від 2018 до 2020\n'],
    ['knows only the annual report', ['report', 'monthly', '--year', '2019'], 64, 'error[E_USAGE]: невідома команда "report monthly"; можливо, "report annual"?\nhint: команди групи: odmon report --help\n'],
  ])('%s', async (_what, argv, code, err) => {
    expect(await w.odmon(argv, kyiv('2020-01-15T10:00'))).toEqual({ code, out: '', err });
  });
});

describe('a year begun before the monitor', () => {
  it('rebuilds the quarters that ended before the first run from the history, marked †, and marks the running quarter ‡', async () => {
    const late = worlds.open();
    await runNotify(late.app, kyiv('2019-07-01T09:00'));
    const r = await late.odmon(['report', 'annual', '--year', '2019'], kyiv('2019-11-20T10:00'));
    expect(r.out).toContain('| Фінансове управління | 0,0 % † | 0,0 % † | 0,0 % | 0,0 % ‡ | 0,0 % |\n');
    expect(r.out).toContain('† Квартал закінчився до початку моніторингу: показник відновлено з історії оприлюднень під час складання звіту.');
    expect(r.out).toContain('‡ Квартал ще триває: показник станом на 20.11.2019.');
    expect(r.out).toContain('дані станом на 20.11.2019 (рік ще триває).');
  });
});

describe('the yearly report as a PDF', () => {
  it('is printed by Debian\'s Chromium on A4, the wide appendices on landscape pages, each appendix with its sheets', async () => {
    const pdf = await renderReportPdf(report, DEFAULT_TEMPLATES_DIR, {});
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdf.toString('latin1');
    // A4 portrait (595 × 842 pt) for the body, A4 landscape (842 × 595 pt) for the wide appendices.
    expect(text).toMatch(/\/MediaBox \[0 0 594\.9\d* 841\.9\d*\]/);
    expect(text).toMatch(/\/MediaBox \[0 0 841\.9\d* 594\.9\d*\]/);
    expect(pdfPageCount(pdf)).toBeGreaterThan(4);
  });

  it('lists each appendix with the sheets it takes, counted by printing it alone', async () => {
    const seen: AnnualReport[] = [];
    const template = fs.readFileSync(path.join(DEFAULT_TEMPLATES_DIR, 'annual.html.mustache'), 'utf8');
    const pdf = await reportPdf(report, (r) => (seen.push(r), Mustache.render(template, r)), {});
    const last = seen[seen.length - 1];
    expect(last.appendices.map((a) => a.sheets)).toEqual(last.appendices.map(() => expect.stringMatching(/^\d+ арк\.$/)));
    const total = last.appendices.reduce((n, a) => n + Number(a.sheets.split(' ')[0]), 0);
    expect(pdfPageCount(pdf)).toBeGreaterThan(total);
    expect(Mustache.render(template, last)).toMatch(/Додатки:<br>1\. Показники розпорядників за кварталами на \d+ арк\.<br>2\./);
  });

  it('is written by odmon report annual --out FILE.pdf', async () => {
    const r = await w.odmon(['report', 'annual', '--year', '2019', '--out', 'zvit-2019.pdf'], kyiv('2020-01-15T10:00'));
    const file = path.join(w.s.cwd, 'zvit-2019.pdf');
    expect(r).toEqual({ code: 0, out: `Звіт за 2019 рік (pdf) записано у ${file}.\n`, err: '' });
    expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('says how to get Chromium when it is missing, and writes nothing', async () => {
    const r = await w.odmon(['report', 'annual', '--year', '2019', '--out', 'none.pdf'], kyiv('2020-01-15T10:00'), { ODMON_CHROMIUM: '/nonexistent/chromium' });
    expect(r.code).toBe(69);
    expect(r.err).toBe(
      'error[E_RENDERER]: не вдалося зробити PDF: ODMON_CHROMIUM вказує на /nonexistent/chromium, а такого файлу немає\n' +
        'hint: установіть Chromium командою "apt-get install chromium" (Debian, Ubuntu) або вкажіть шлях до нього в ODMON_CHROMIUM; ' +
        'можна також записати звіт в HTML (--format html) і надрукувати його з браузера: формат A4, поля як на сторінці, з фоновою графікою\n',
    );
    expect(fs.existsSync(path.join(w.s.cwd, 'none.pdf'))).toBe(false);
  });
});

describe('appendix 2 of a council where one unit has nothing to report', () => {
  let quiet = '';
  let quietReport: AnnualReport;
  beforeAll(async () => {
    // finance: «Бюджет міста» monthly, last updated 20.05.2019, late on 01.07; it: its register, updated 03.06, on time.
    const q = worlds.open({
      stewards: [STEWARDS[0], STEWARDS[2]],
      datasets: [
        ['budget', 'Бюджет міста', 'finance', 'once a month', '2019-05-20', 'yes', '', ''],
        ['registry', 'Реєстр наборів даних', 'it', 'once a quarter', '2019-06-03', 'yes', '', ''],
      ],
      plan: [],
    });
    await runNotify(q.app, kyiv('2019-07-01T09:00'));
    quietReport = annualReport({ db: q.app.db, settings: { graceDays: 0, dueSoonDays: 30, frequencies: q.app.frequencies }, year: 2019, now: kyiv('2019-07-15T10:00') });
    quiet = renderReport(quietReport, 'md', DEFAULT_TEMPLATES_DIR);
  });

  it('lists only the stewards with notices or findings; the unit with nothing to report is in appendix 3 only', () => {
    const appendix2 = quiet.slice(quiet.indexOf('## Додаток 2.'), quiet.indexOf('## Додаток 3.'));
    expect(quietReport.findingRows.map((r) => r.id)).toEqual(['finance']);
    expect(appendix2).toMatch(/\| Фінансове управління \| 1 \| 1 \| 0 \| 0 \|\n\| \*\*Усього по міській раді\*\* \| \*\*1\*\* \| \*\*1\*\* \| \*\*0\*\* \| \*\*0\*\* \|/);
    expect(appendix2).not.toContain("Відділ інформаційно-комп'ютерного забезпечення");
    expect(appendix2).toContain('Розпорядників, яким протягом року не надсилали повідомлень і щодо яких не виявлено порушень, не наведено.');
    expect(quiet.slice(quiet.indexOf('## Додаток 3.'))).toContain("### Відділ інформаційно-комп'ютерного забезпечення\n");
  });

  it('explains every state the tables show', () => {
    for (const words of ['«виконано із запізненням»', '«виконується постійно»', '«прострочено на … днів»', '«Прострочено на … днів»', '«Періодичність не вказана»', '«—» в графі «Останнє оновлення»'])
      expect({ words, found: quiet.includes(words) }).toEqual({ words, found: true });
  });
});
