/**
 * The scenarios replayed on the example register, as a new user would: `odmon init --example` on
 * 28.11.2026 (the real clock, pinned), then the yearly report of 2019, the check, a suspension and history.
 * The CLI runs in-process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { simpleParser } from 'mailparser';
import { fixedClock } from '../../src/clock';
import type { Io } from '../../src/cli/io';
import { run } from '../../src/cli/main';
import { makeTempDir, removeDir } from '../helpers/rules-app';

jest.setTimeout(60_000);

const REAL = DateTime.fromISO('2026-11-28T09:30', { zone: 'Europe/Kyiv' });

let root: string;
let n = 0;
beforeAll(() => {
  root = makeTempDir('example-report');
});
afterAll(() => removeDir(root));

interface Captured {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** A fresh folder with the example register imported on REAL; returns a runner of `odmon ARGS` there. */
async function exampleCouncil(): Promise<(argv: string[], real?: DateTime) => Promise<Captured>> {
  const cwd = path.join(root, `c${++n}`);
  fs.mkdirSync(cwd);
  fs.writeFileSync(path.join(cwd, 'odmon.config.json'), '{}');
  const odmon = async (argv: string[], real: DateTime = REAL): Promise<Captured> => {
    let out = '';
    let err = '';
    const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), env: { ODMON_ACTOR: 'it-head' }, cwd, clock: fixedClock(real) };
    const code = await run([...argv, '--db', 'odmon.sqlite'], io);
    return { code, out, err };
  };
  expect((await odmon(['init', '--example'])).code).toBe(0);
  return odmon;
}

/** Every "Обов'язкових: …" line of section 4, as numbers. */
function stewardCounts(md: string): { required: number; published: number; onTime: number; late: number; never: number; suspended: number }[] {
  return [...md.matchAll(/^Обов'язкових: (\d+); оприлюднено: (\d+); вчасно: (\d+); із запізненням: (\d+); не оприлюднено: (\d+); призупинено: (\d+)\.$/gm)].map((m) => {
    const [required, published, onTime, late, never, suspended] = m.slice(1).map(Number);
    return { required, published, onTime, late, never, suspended };
  });
}

describe('the 2019 report of the example register, imported in 2026', () => {
  let md = '';
  beforeAll(async () => {
    const odmon = await exampleCouncil();
    const r = await odmon(['report', 'annual', '--year', '2019']);
    expect(r.code).toBe(0);
    md = r.out;
  });

  it('shows no suspension in 2019: the five imported without a start began when odmon recorded them, in 2026', () => {
    expect(md).not.toContain('Додаток 4. Призупинені набори даних');
    expect(md).not.toContain('Постанова КМУ № 263 від 12.03.2022; воєнний стан');
    expect(md).toContain("| Наборів даних, призупинених протягом 2019 року, зокрема не обов'язкових | 0 |\n");
    // r835-lsg-36 (suspended in the register today) counts as what it was in 2019: never published.
    expect(md).toContain("### Управління транспорту та зв'язку\n\nОбов'язкових: 6; оприлюднено: 0; вчасно: 0; із запізненням: 0; не оприлюднено: 6; призупинено: 0.\n");
    expect(md).toMatch(/\| r835-lsg-36 \| [^|]+ \| так \| Щодня \| — \| Не оприлюднено \|\n/);
  });

  it('treats 31.12.2019 as within its deadline: tasks due that day are not done, and not overdue', () => {
    expect(md).toContain('дані станом на 31.12.2019.');
    expect(md).not.toContain('прострочено на 1 день');
    expect(md).toMatch(/\| 2\.2 \| [^|]+ \| 31\.12\.2019 \(IV квартал 2019 року\) \| [^|]+ \| не виконано \(термін — 31\.12\.2019\) \|/);
    expect(md).toContain('| не виконано, термін минув | 0 |\n| не виконано, термін — 31.12.2019 (ще не минув) | 7 |\n| виконуються постійно | 1 |\n');
    expect(md.match(/\| не виконано \(термін — 31\.12\.2019\) \|/g)).toHaveLength(7);
  });

  it('counts among required datasets only, so every steward\'s figures add up, and explains how in a legend', () => {
    const counts = stewardCounts(md);
    expect(counts.length).toBeGreaterThan(10);
    for (const c of counts) {
      expect(c.published).toBeLessThanOrEqual(c.required);
      expect(c.published).toBe(c.onTime + c.late);
      expect(c.required).toBe(c.published + c.never + c.suspended);
    }
    expect(md).toContain('**Пояснення до показників**');
    expect(md).toContain('обов\'язкових = оприлюднено + не оприлюднено + призупинено');
  });

  it('reads task 6.2 as meant: «методику», in Cyrillic letters', () => {
    expect(md).toContain('Розробити та затвердити методику та графік аудиту даних в міській раді');
    expect(md).not.toContain('методiku');
  });
});

describe('suspensions on the example register', () => {
  it('are in the report of the year they were in force: from when recorded, or from a start stated with --since', async () => {
    const odmon = await exampleCouncil();
    const now = await odmon(['report', 'annual', '--year', '2026']);
    expect(now.out).toContain('| r835-lsg-36 |');
    expect(now.out).toMatch(/\| r835-lsg-55 \| [^\n]*\| 28\.11\.2026 \| не визначено \| діє \(позначено в реєстрі, дата перегляду не визначена\) \|\n/);

    expect((await odmon(['suspend', 'r835-lsg-19', '--basis', 'Постанова КМУ № 263 від 12.03.2022', '--review-by', '2027-06-30', '--since', '2019-03-01'])).code).toBe(0);
    const y2019 = (await odmon(['report', 'annual', '--year', '2019'])).out;
    expect(y2019).toContain('| r835-lsg-19 | Дані про паркування, у тому числі розміщення майданчиків, їх операторів, обладнання та функціонування | Управління транспорту та зв\'язку | Постанова КМУ № 263 від 12.03.2022 | 01.03.2019 | 30.06.2027 | діє |\n');
    expect(y2019).toContain("Обов'язкових: 6; оприлюднено: 0; вчасно: 0; із запізненням: 0; не оприлюднено: 5; призупинено: 1.\n");
  });
});

describe('check --steward on the example register', () => {
  it('lists the same items as the steward\'s notice: the shared plan tasks too, under the steward itself', async () => {
    const odmon = await exampleCouncil();
    const check = await odmon(['check', '--steward', 'economy']);
    const headings = check.out.split('\n').filter((l) => /^\S.* — \d+ порушен/.test(l));
    expect(headings).toEqual(['Департамент з питань економічного розвитку, торгівлі та інвестицій (economy) — 9 порушень']);
    expect(check.out.split('\n')[0]).toMatch(/: 9 порушень\.$/);

    const preview = path.join(root, `preview-${n}`);
    const notify = await odmon(['notify', '--preview', preview]);
    // The first notice over this backlog copies no head: escalation counts from the first notice.
    expect(notify.out).toMatch(/^Перегляд: econom\.opendata@example\.org, i\.sydorenko@example\.org: Відкриті дані: 9 невиконаних пунктів — /m);
    expect(notify.out).not.toContain('(копія: ');
    const exported = path.join(root, `datasets-${n}.json`);
    expect((await odmon(['export', 'datasets', exported])).code).toBe(0);
    const titles = new Map((JSON.parse(fs.readFileSync(exported, 'utf8')) as { id: string; title: string }[]).map((d) => [d.id, d.title]));
    const inCheck = [...check.out.matchAll(/· (завдання|набір даних) (\S+)/g)].map((m) => (m[1] === 'завдання' ? `завдання ${m[2]}` : `набір даних «${titles.get(m[2])}»`)).sort();
    const file = path.join(preview, fs.readdirSync(preview).find((f) => f.includes('economy')) as string);
    const notice = (await simpleParser(fs.readFileSync(file))).text ?? '';
    const inNotice = [...notice.matchAll(/^\d+\. (?:Завдання (\S+) Плану дій|Набір даних): «(.+)»$/gm)].map((m) => (m[1] ? `завдання ${m[1]}` : `набір даних «${m[2]}»`)).sort();
    expect(inCheck).toHaveLength(9);
    expect(inNotice).toEqual(inCheck);
  });
});

describe('escalation on the example register', () => {
  it('says a head was copied only when the letter has a Cc: not for a unit without a head, nor one whose head is in To', async () => {
    const cwd = path.join(root, `escalation-${++n}`);
    fs.mkdirSync(cwd);
    const outbox = path.join(cwd, 'outbox');
    fs.writeFileSync(path.join(cwd, 'odmon.config.json'), JSON.stringify({ mail: { outboxDir: outbox } }));
    // The reviewer's steps: `init --example --now 2026-10-01T08:00`, then `notify --now` weekly from 01.10.2026.
    const odmon = async (argv: string[]): Promise<number> =>
      run([...argv, '--db', 'odmon.sqlite'], { out: () => undefined, err: (t) => void process.stderr.write(t), env: {}, cwd, clock: fixedClock(REAL) });
    expect(await odmon(['init', '--example', '--now', '2026-10-01T08:00'])).toBe(0);
    for (const d of ['2026-10-01', '2026-10-08', '2026-10-15', '2026-10-22', '2026-10-29', '2026-11-02']) expect(await odmon(['notify', '--now', `${d}T09:00`])).toBe(0);
    const lastRun = async (steward: string) => {
      const file = fs.readdirSync(outbox).filter((f) => f.includes(`notice_${steward}_run-6`));
      expect(file).toHaveLength(1);
      return simpleParser(fs.readFileSync(path.join(outbox, file[0])));
    };
    const ccOf = (m: Awaited<ReturnType<typeof simpleParser>>): string[] => (m.cc === undefined ? [] : [m.cc].flat().flatMap((a) => a.value.map((v) => v.address ?? '')));
    // transport has a head of its own: copied, and the letter says so.
    const transport = await lastRun('transport');
    expect(ccOf(transport)).toEqual(['transport.head@example.org']);
    expect(transport.subject).toMatch(/; копія керівникові$/);
    expect(transport.text).toContain('Копію листа надіслано керівникові підрозділу');
    // cnap and council have no head's address; it has its head among the addressees already.
    for (const steward of ['cnap', 'council', 'it']) {
      const m = await lastRun(steward);
      expect({ steward, cc: ccOf(m), subject: m.subject?.includes('копія керівникові'), text: m.text?.includes('керівникові'), html: String(m.html).includes('керівникові') }).toEqual({
        steward,
        cc: [],
        subject: false,
        text: false,
        html: false,
      });
    }
  });
});

describe('the 2026 report of the example register after two months of notices', () => {
  let md = '';
  beforeAll(async () => {
    const cwd = path.join(root, `report-2026-${++n}`);
    fs.mkdirSync(cwd);
    fs.writeFileSync(path.join(cwd, 'odmon.config.json'), JSON.stringify({ mail: { outboxDir: path.join(cwd, 'outbox') } }));
    let out = '';
    const odmon = async (argv: string[]): Promise<number> =>
      run([...argv, '--db', 'odmon.sqlite'], { out: (t) => void (out += t), err: (t) => void process.stderr.write(t), env: {}, cwd, clock: fixedClock(REAL) });
    expect(await odmon(['init', '--example', '--now', '2026-10-01T08:00'])).toBe(0);
    for (const d of ['2026-10-01', '2026-10-08', '2026-10-15', '2026-10-22', '2026-10-29', '2026-11-02']) expect(await odmon(['notify', '--now', `${d}T09:00`])).toBe(0);
    out = '';
    expect(await odmon(['report', 'annual', '--year', '2026'])).toBe(0);
    md = out;
  });

  /** The rows of a Markdown table that follows `heading`, as cells. */
  const tableAfter = (heading: string): string[][] => {
    const from = md.indexOf(heading);
    expect(from).toBeGreaterThan(0);
    const lines = md.slice(from).split('\n');
    const start = lines.findIndex((l) => l.startsWith('|'));
    const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
    return lines.slice(start + 2, end).map((l) => l.slice(2, -2).split(' | '));
  };

  it('lists in appendix 2 every steward with notices or findings, and its rows add up to «Усього»', () => {
    const rows = tableAfter('## Додаток 2.');
    const total = rows.pop() as string[];
    expect(total[0]).toBe('**Усього по міській раді**');
    const num = (c: string): number => (c === '—' ? 0 : Number(c.replace(/\*/g, '')));
    for (const col of [1, 2, 3, 4]) expect({ col, sum: rows.reduce((a, r) => a + num(r[col]), 0) }).toEqual({ col, sum: num(total[col]) });
    expect(num(total[2])).toBeGreaterThan(50);
    // The working group has no datasets and no e-mail, but an overdue task (5.2): it has its row.
    expect(rows).toContainEqual(['Робоча група щодо розвитку відкритих даних', '0', '1', '0', '0']);
    // Plan tasks of several units are one row, each counted once; datasets assigned to nobody another.
    expect(rows).toContainEqual(['Завдання, доручені кільком розпорядникам (2.2, 6.1, 8.1)', '—', '3', '0', '0']);
    expect(rows.map((r) => r[0])).toContain('Не закріплено за розпорядником');
  });

  it('words the legend to match the tasks listed: the year\'s plan, and open tasks of earlier years', () => {
    expect(md).toContain('| не виконано, термін минув | 7 |');
    expect(md.match(/\| 31\.12\.2019 \(/g)).toHaveLength(7);
    expect(md).toContain('- **Завдання плану** — завдання зі строком виконання у 2026 році, не виконані на його початок завдання попередніх років і виконані протягом року.');
  });

  it('states every dataset of appendix 3 in the one vocabulary, each state counted as the steward\'s line counts it', () => {
    const STATE = /^(Вчасно|Прострочено на \d+ (день|дні|днів)|Не оприлюднено|Призупинено|Періодичність не вказана)$/;
    const appendix = md.slice(md.indexOf('## Додаток 3.'), md.indexOf('## Додаток 4.'));
    const sections = appendix.split('\n### ').slice(1);
    expect(sections.length).toBeGreaterThan(10);
    const seen = new Set<string>();
    for (const section of sections) {
      const name = section.split('\n')[0];
      const [, onTime, late, never, suspended] = (/вчасно: (\d+); із запізненням: (\d+); не оприлюднено: (\d+); призупинено: (\d+)\./.exec(section) ?? []).map(Number);
      const rows = section
        .split('\n')
        .filter((l) => l.startsWith('| ') && !l.startsWith('| Ідентифікатор') && !l.startsWith('|---'))
        .map((l) => l.slice(2, -2).split(' | '));
      for (const r of rows) {
        expect({ name, state: r[5] }).toEqual({ name, state: expect.stringMatching(STATE) });
        seen.add(r[5].replace(/ на \d+ \S+$/, ''));
      }
      const required = rows.filter((r) => r[2] === 'так').map((r) => r[5]);
      const count = (re: RegExp): number => required.filter((x) => re.test(x)).length;
      expect({ name, onTime: count(/^(Вчасно|Періодичність не вказана)$/), late: count(/^Прострочено/), never: count(/^Не оприлюднено$/), suspended: count(/^Призупинено$/) }).toEqual({ name, onTime, late, never, suspended });
    }
    expect(seen).toEqual(new Set(['Вчасно', 'Прострочено', 'Не оприлюднено', 'Призупинено', 'Періодичність не вказана']));
  });
});

describe('history on the example register', () => {
  it('counts published among the required datasets: never more published than required', async () => {
    const odmon = await exampleCouncil();
    await odmon(['check'], REAL);
    const later = REAL.plus({ months: 2 });
    const h = await odmon(['history'], later);
    const council = h.out.split('\n').find((l) => l.startsWith('IV кв. 2026  усього'));
    expect(council).toMatch(/обов’язкових 73: оприлюднено (\d+) \(вчасно \d+, із запізненням \d+\), не оприлюднено \d+, призупинено 3/);
    const [, published] = /оприлюднено (\d+)/.exec(council as string) as RegExpExecArray;
    expect(Number(published)).toBeLessThanOrEqual(73);
  });
});
