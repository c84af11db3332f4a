/**
 * The register commands as the IT head types them (in-process): import from Excel-made files, export to fill
 * in, fold one unit into another, adopt from the portal — with their summaries, errors and hints.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Io } from '../../src/cli/io';
import { run } from '../../src/cli/main';
import { withNow } from '../helpers/cli';
import { makeTempDir, removeDir } from '../helpers/rules-app';

let root: string;
let n = 0;
beforeAll(() => {
  root = makeTempDir('cli-register');
});
afterAll(() => removeDir(root));

function workDir(): string {
  const dir = path.join(root, `cwd-${++n}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'odmon.config.json'), '{}');
  return dir;
}

async function odmon(cwd: string, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), env: { ODMON_ACTOR: 'Бабаєва' }, cwd };
  const code = await run([...withNow(argv, '2019-07-01T09:00'), '--db', 'odmon.sqlite'], io);
  return { code, out, err };
}

describe('the register from Excel to odmon and back', () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = workDir();
    expect((await odmon(cwd, ['init'])).code).toBe(0);
  });

  it('imports a Windows-1251 ";" CSV, says what it detected, and which seeded units took the council\'s ids', async () => {
    fs.writeFileSync(path.join(cwd, 'units.csv'), iconv.encode("Ідентифікатор;Назва;Електронна пошта\r\nitd;Відділ інформаційно-комп'ютерного забезпечення;it@example.org\r\n", 'win1251'));
    const r = await odmon(cwd, ['import', 'stewards', 'units.csv']);
    expect(r).toEqual({
      code: 0,
      err: '',
      out:
        'units.csv (роздільник ";", Windows-1251): розпорядники — 1 рядок: нових — 0, оновлено — 1, без змін — 0.\n' +
        'Підрозділ "it" тепер має ідентифікатор "itd" (Відділ інформаційно-комп\'ютерного забезпечення): його завдання плану, набори даних і порушення перейшли до нього.\n',
    });
  });

  it('exports a workbook to fill in, and imports it back from the sheet named', async () => {
    const exported = await odmon(cwd, ['export', 'datasets', 'register.xlsx']);
    expect(exported).toMatchObject({ code: 0, out: 'register.xlsx: записано 73 рядки (набори даних, xlsx). Заповніть файл і імпортуйте його назад: odmon import datasets register.xlsx\n' });
    expect(fs.existsSync(path.join(cwd, 'register.xlsx'))).toBe(true);
    const back = await odmon(cwd, ['import', 'datasets', 'register.xlsx', '--sheet', 'Набори даних']);
    expect(back).toMatchObject({ code: 0, out: 'register.xlsx (аркуш "Набори даних"): набори даних — 73 рядки: нових — 0, оновлено — 0, без змін — 73.\n' });
  });

  it('refuses a sheet the workbook does not have, and a legacy .xls with a hint', async () => {
    const missing = await odmon(cwd, ['import', 'datasets', 'register.xlsx', '--sheet', 'Аркуш1']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('error[E_IMPORT]: register.xlsx: проблем — 1, нічого не імпортовано:\n  register.xlsx: у книзі немає аркуша "Аркуш1" (її аркуші: "Набори даних", "Довідники")');
    fs.writeFileSync(path.join(cwd, 'old.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
    const xls = await odmon(cwd, ['import', 'datasets', 'old.xls']);
    expect(xls).toMatchObject({
      code: 2,
      err: 'error[E_IMPORT]: old.xls: стару книгу Excel 97–2003 (.xls) прочитати не можна\nhint: відкрийте її в Excel чи LibreOffice, збережіть як «Книга Excel (.xlsx)» та імпортуйте .xlsx\n',
    });
  });

  it('refuses an export whose format it cannot tell', async () => {
    expect(await odmon(cwd, ['export', 'plan', 'plan.ods'])).toMatchObject({
      code: 64,
      err: 'error[E_USAGE]: plan.ods: за розширенням ".ods" не визначити формат\nhint: назвіть файл .xlsx (для заповнення), .csv або .json\n',
    });
  });

  it('folds a unit into another: a dry run first, then the merge, recorded in the log', async () => {
    const dry = await odmon(cwd, ['steward', 'merge', 'working-group', 'itd', '--dry-run']);
    expect(dry.out).toMatch(
      /^Пробне об’єднання \(нічого не змінено\): під час об’єднання "working-group" \(Робоча група щодо розвитку відкритих даних\) у "itd" \(Відділ інформаційно-комп'ютерного забезпечення\) перейшли б 0 наборів даних, 1 завдання плану, /,
    );
    const merged = await odmon(cwd, ['steward', 'merge', 'working-group', 'itd', '--reason', 'робоча група при відділі']);
    expect(merged.code).toBe(0);
    expect(merged.out).toContain('Підрозділ "working-group" вилучено; записано в журнал.');
    const log = await odmon(cwd, ['log']);
    expect(log.out).toContain('Бабаєва  об’єднання розпорядників · розпорядник itd — робоча група при відділі');
    const again = await odmon(cwd, ['steward', 'merge', 'working-group', 'itd']);
    expect(again).toMatchObject({ code: 66 });
    expect(again.err).toContain('error[E_NOT_FOUND]: розпорядника "working-group" немає в реєстрі');
  });

  it('asks for the council\'s organizations before adopting from a portal', async () => {
    const r = await odmon(cwd, ['sync', '--portal', 'http://127.0.0.1:9', '--adopt']);
    expect(r.code).toBe(64);
    expect(r.err).toContain('error[E_USAGE]: --adopt потребує організацій ради на порталі');
  });
});
