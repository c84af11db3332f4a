/**
 * The register commands as the IT head types them (in-process): import from Excel-made files, export to fill
 * in, fold one unit into another, adopt from the portal — with their summaries, errors and hints.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Io } from '../../src/cli/commands';
import { run } from '../../src/cli/main';
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
  const code = await run([...argv, '--db', 'odmon.sqlite', '--now', '2019-07-01T09:00'], io);
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
        'units.csv (separator ";", Windows-1251): stewards: 1 row(s): 0 new, 1 updated, 0 unchanged\n' +
        'unit "it" is now "itd" (Відділ інформаційно-комп\'ютерного забезпечення): its plan tasks, datasets and findings follow it\n',
    });
  });

  it('exports a workbook to fill in, and imports it back from the sheet named', async () => {
    const exported = await odmon(cwd, ['export', 'datasets', 'register.xlsx']);
    expect(exported).toMatchObject({ code: 0, out: 'register.xlsx: datasets: 73 row(s) written (xlsx); fill it in and import it back with: odmon import datasets register.xlsx\n' });
    expect(fs.existsSync(path.join(cwd, 'register.xlsx'))).toBe(true);
    const back = await odmon(cwd, ['import', 'datasets', 'register.xlsx', '--sheet', 'Набори даних']);
    expect(back).toMatchObject({ code: 0, out: 'register.xlsx (sheet "Набори даних"): datasets: 73 row(s): 0 new, 0 updated, 73 unchanged\n' });
  });

  it('refuses a sheet the workbook does not have, and a legacy .xls with a hint', async () => {
    const missing = await odmon(cwd, ['import', 'datasets', 'register.xlsx', '--sheet', 'Аркуш1']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('error[E_IMPORT]: register.xlsx: 1 problem(s), nothing was imported:\n  register.xlsx: the workbook has no sheet "Аркуш1" (its sheets: "Набори даних", "Довідники")');
    fs.writeFileSync(path.join(cwd, 'old.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
    const xls = await odmon(cwd, ['import', 'datasets', 'old.xls']);
    expect(xls).toMatchObject({
      code: 2,
      err: 'error[E_IMPORT]: old.xls: a legacy Excel 97–2003 workbook (.xls) cannot be read\nhint: open it in Excel or LibreOffice and save it as "Excel Workbook (.xlsx)", then import the .xlsx\n',
    });
  });

  it('refuses an export whose format it cannot tell', async () => {
    expect(await odmon(cwd, ['export', 'plan', 'plan.ods'])).toMatchObject({
      code: 64,
      err: 'error[E_USAGE]: plan.ods: cannot tell the format from the extension ".ods"\nhint: name the file .xlsx (to fill in), .csv or .json\n',
    });
  });

  it('folds a unit into another: a dry run first, then the merge, recorded in the log', async () => {
    const dry = await odmon(cwd, ['steward', 'merge', 'working-group', 'itd', '--dry-run']);
    expect(dry.out).toMatch(/^dry run \(nothing changed\): merging "working-group" \(Робоча група щодо розвитку відкритих даних\) into "itd" \(Відділ інформаційно-комп'ютерного забезпечення\) would move 0 dataset\(s\), 1 plan task\(s\), /);
    const merged = await odmon(cwd, ['steward', 'merge', 'working-group', 'itd', '--reason', 'робоча група при відділі']);
    expect(merged.code).toBe(0);
    expect(merged.out).toContain('"working-group" is removed; recorded in the log');
    const log = await odmon(cwd, ['log']);
    expect(log.out).toContain('Бабаєва  steward-merge steward itd — робоча група при відділі');
    const again = await odmon(cwd, ['steward', 'merge', 'working-group', 'itd']);
    expect(again).toMatchObject({ code: 66 });
    expect(again.err).toContain('error[E_NOT_FOUND]: steward "working-group" is not in the register');
  });

  it('asks for the council\'s organizations before adopting from a portal', async () => {
    const r = await odmon(cwd, ['sync', '--portal', 'http://127.0.0.1:9', '--adopt']);
    expect(r.code).toBe(64);
    expect(r.err).toContain("error[E_USAGE]: --adopt needs the council's organizations on the portal");
  });
});
