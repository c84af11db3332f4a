import fs from 'node:fs';
import path from 'node:path';
import type { Io } from '../../src/cli/io';
import { run } from '../../src/cli/main';
import { progressPrinter } from '../../src/cli/portal-commands';
import { makeTempDir, removeDir } from '../helpers/rules-app';
import { FakeCkan, makeDataset, ORG_A, ORG_B, uuid } from './ckan-server';

const id = (i: number): string => uuid(0xd5, i);

let root: string;
let ckan: FakeCkan;
let n = 0;

beforeAll(async () => {
  root = makeTempDir('portal-cli');
  ckan = new FakeCkan();
  ckan.addOrg(ORG_A, [
    makeDataset(ORG_A, 0, { title: 'Бюджет міста Кропивницького', resourceModified: '2019-06-20T08:00:00' }),
    makeDataset(ORG_A, 1, { title: 'Зупинки громадського транспорту' }),
  ]);
  ckan.addOrg(ORG_B, [makeDataset(ORG_B, 2, { title: 'Перелік шкіл' })]);
  await ckan.start();
});
afterAll(async () => {
  await ckan.stop();
  removeDir(root);
});

interface Captured {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** A working directory with a register of two entries and a config pointing at the fake portal. */
function workDir(portal: Record<string, unknown> = { url: ckan.url, organizations: [ORG_A.name], requestsPerSecond: 10, maxRetries: 1, timeoutMs: 1000 }): string {
  const dir = path.join(root, `cwd-${++n}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'odmon.config.json'), JSON.stringify({ db: 'odmon.sqlite', portal }));
  fs.writeFileSync(path.join(dir, 'stewards.csv'), 'id,name,email\nfinance,Фінансове управління,finance@example.org\n');
  fs.writeFileSync(
    path.join(dir, 'datasets.csv'),
    'id,title,steward_id,frequency,last_updated,required\nbudget,Бюджет міста,finance,once a month,2019-04-01,no\nstops,Зупинки транспорту,finance,once a month,2019-06-01,no\n',
  );
  return dir;
}

async function odmon(cwd: string, argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Captured> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), env, cwd };
  const code = await run([...argv, '--now', '2019-07-01T09:00'], io);
  return { code, out, err };
}

async function withRegister(cwd: string): Promise<void> {
  const s = await odmon(cwd, ['import', 'stewards', path.join(cwd, 'stewards.csv')]);
  expect([s.code, s.err]).toEqual([0, '']);
  const d = await odmon(cwd, ['import', 'datasets', path.join(cwd, 'datasets.csv')]);
  expect([d.code, d.err]).toEqual([0, '']);
}

describe('odmon sync', () => {
  it('reads the portal, prints the summary and the unlinked datasets with suggestions, and progress as plain lines', async () => {
    const cwd = workDir();
    await withRegister(cwd);
    const r = await odmon(cwd, ['sync']);
    expect([r.code, r.err]).toEqual([0, `sync: організація 1/1 ${ORG_A.name}\nsync: ${ORG_A.name}: 2/2 наборів\nsync: ${ORG_A.name}: прочитано 2 набори\n`]);
    const lines = r.out.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      `Портал ${ckan.url}: організацій — 1; прочитано повністю.`,
      'Наборів прочитано: 2; пов’язано з реєстром: 0; змінилося: 0; нових: 2; зникло: 0; з помилками: 0. До історії додано 0 дат оприлюднення.',
      'Набори на порталі, з якими не пов’язано жодного запису реєстру (2):',
    ]);
    expect(lines).toContain(`  ${id(0)} (dataset-0): «Бюджет міста Кропивницького»`);
    expect(lines).toContain('      найближчі: budget «Бюджет міста» 0,80');
    expect(lines[lines.length - 2]).toBe('Пов’язати: odmon link DATASET_ID PORTAL_ID');
  });

  it('takes the portal and organizations from --portal and --org, or from ODMON_PORTAL_URL and ODMON_PORTAL_ORGS', async () => {
    const cwd = workDir({ requestsPerSecond: 10 });
    const flags = await odmon(cwd, ['sync', '--portal', ckan.url, '--org', ORG_A.name, '--org', ORG_B.id, '--json']);
    expect(flags.code).toBe(0);
    expect(JSON.parse(flags.out)).toMatchObject({ read: 3, organizations: [ORG_A.name, ORG_B.id], complete: true });
    const env = await odmon(cwd, ['sync', '--json'], { ODMON_PORTAL_URL: ckan.url, ODMON_PORTAL_ORGS: `${ORG_B.name}, ${ORG_A.name}` });
    expect(JSON.parse(env.out)).toMatchObject({ read: 3, new: 0, organizations: [ORG_B.name, ORG_A.name] });
  });

  it('--dry-run records nothing', async () => {
    const cwd = workDir();
    const r = await odmon(cwd, ['sync', '--dry-run']);
    expect(r.out.split('\n')[0]).toBe(`Пробний запуск (нічого не записано). Портал ${ckan.url}: організацій — 1; прочитано повністю.`);
    expect((await odmon(cwd, ['link', 'budget', id(0)])).code).toBe(66);
  });

  it('needs a portal', async () => {
    const r = await odmon(workDir({}), ['sync']);
    expect([r.code, r.err]).toEqual([
      78,
      'error[E_CONFIG]: портал не налаштовано\nhint: укажіть portal.url в odmon.config.json або ODMON_PORTAL_URL (і portal.organizations) чи передайте --portal URL\n',
    ]);
  });

  it('refuses a --portal that is not an http(s) URL', async () => {
    const r = await odmon(workDir(), ['sync', '--portal', 'ftp://data.gov.ua']);
    expect([r.code, r.err.split('\n')[0]]).toEqual([64, 'error[E_USAGE]: --portal "ftp://data.gov.ua" — не адреса http(s)']);
  });

  it('never prints or stores the password of a portal URL, a mailbox user name and "@" in the password included', async () => {
    const cwd = workDir();
    await withRegister(cwd);
    const withLogin = ckan.url.replace('http://', 'http://reader@city.gov.ua:S3cr@tPW@');
    const r = await odmon(cwd, ['sync', '--portal', withLogin, '--org', ORG_A.name]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`Портал ${ckan.url}: організацій — 1; прочитано повністю.`);
    const bad = await odmon(cwd, ['sync', '--portal', 'ftp://reader@city.gov.ua:S3cr@tPW@data.gov.ua']);
    expect(bad.err.split('\n')[0]).toBe('error[E_USAGE]: --portal "ftp://reader@city.gov.ua:***@data.gov.ua" — не адреса http(s)');
    const stored = ['odmon.sqlite', 'odmon.sqlite-wal']
      .map((f) => path.join(cwd, f))
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f).toString('latin1'))
      .join('');
    expect(stored).toContain(ckan.url);
    for (const text of [r.out, r.err, bad.out, bad.err, stored]) expect(text).not.toContain('S3cr');
  });

  it('exits 69 with E_PORTAL when nothing could be read, and warns about what failed', async () => {
    const cwd = workDir();
    ckan.inject('organization_show', { kind: 'status', status: 503 }, 2);
    const r = await odmon(cwd, ['sync']);
    expect(r.code).toBe(69);
    expect(r.err).toContain(`sync: organization_show для "${ORG_A.name}": спроба 1 не вдалася (HTTP 503 Service Unavailable: відповідь не у форматі JSON CKAN (content-type text/plain)); наступна через 1,0 с\n`);
    expect(r.err).toContain(
      `error[E_PORTAL]: з порталу ${ckan.url} нічого не прочитано:\n  портал ${ckan.url}: organization_show для "${ORG_A.name}" не вдалося після 2 спроб: HTTP 503 Service Unavailable`,
    );
    expect(r.err).toContain('hint: усе відоме раніше збережено;');
  });
});

describe('odmon link', () => {
  it('links a register entry to a portal dataset (by id or name), adds the portal date to the history, and unlinks it', async () => {
    const cwd = workDir();
    await withRegister(cwd);
    await odmon(cwd, ['sync']);
    expect(await odmon(cwd, ['link', 'budget', 'dataset-0'])).toEqual({
      code: 0,
      out: `budget: пов’язано з набором на порталі ${id(0)} «Бюджет міста Кропивницького».\nbudget: до історії додано останнє оновлення на порталі, 20.06.2019.\n`,
      err: '',
    });
    const again = await odmon(cwd, ['link', 'stops', id(0)]);
    expect([again.code, again.err]).toEqual([0, `warning: з набором ${id(0)} пов’язано також: budget.\n`]);
    const sync = await odmon(cwd, ['sync']);
    expect(sync.out.split('\n')[1]).toBe('Наборів прочитано: 2; пов’язано з реєстром: 1; змінилося: 0; нових: 0; зникло: 0; з помилками: 0. До історії додано 0 дат оприлюднення.');
    expect(await odmon(cwd, ['link', 'stops', '--unlink'])).toEqual({ code: 0, out: 'stops: зв’язок із порталом вилучено.\n', err: '' });
  });

  it('says which of the two is unknown (E_NOT_FOUND, exit 66)', async () => {
    const cwd = workDir();
    await withRegister(cwd);
    const noSync = await odmon(cwd, ['link', 'budget', id(0)]);
    expect([noSync.code, noSync.err]).toEqual([
      66,
      `error[E_NOT_FOUND]: набір на порталі "${id(0)}" невідомий (odmon бачив на порталі наборів: 0)\nhint: спершу прочитайте портал: odmon sync\n`,
    ]);
    await odmon(cwd, ['sync']);
    const noDataset = await odmon(cwd, ['link', 'budgt', id(0)]);
    expect([noDataset.code, noDataset.err.split('\n')[0]]).toEqual([66, 'error[E_NOT_FOUND]: набору даних "budgt" немає в реєстрі']);
  });

  it('explains its usage', async () => {
    const r = await odmon(workDir(), ['link', 'budget']);
    expect([r.code, r.err.split('\n')[0]]).toEqual([64, 'error[E_USAGE]: бракує аргументу PORTAL_ID: odmon link DATASET_ID PORTAL_ID']);
  });
});

describe('progress on a terminal', () => {
  it('rewrites one line with a bar, and prints retries as full lines', () => {
    let err = '';
    const p = progressPrinter({ out: () => undefined, err: (t) => void (err += t), env: {}, cwd: '.' }, true);
    p.event({ kind: 'organization', index: 1, total: 2, org: 'transport' });
    p.event({ kind: 'page', org: 'transport', read: 1000, count: 2000 });
    p.event({ kind: 'retry', what: 'package_search для організації "transport"', attempt: 1, delayMs: 2000, reason: 'HTTP 429 Too Many Requests' });
    p.event({ kind: 'page', org: 'transport', read: 2000, count: 2000 });
    p.done();
    expect(err).toBe(
      '\r\x1b[Ksync: організація 1/2 transport' +
        '\r\x1b[Ksync: організація 1/2 transport [############............] 1000/2000 наборів' +
        '\r\x1b[Ksync: package_search для організації "transport": спроба 1 не вдалася (HTTP 429 Too Many Requests); наступна через 2,0 с\n' +
        '\r\x1b[Ksync: організація 1/2 transport [########################] 2000/2000 наборів' +
        '\r\x1b[K',
    );
  });
});
