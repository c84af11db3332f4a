/**
 * `/admin/`: refused without the password and shown with it (HTTP Basic, user `admin`, compared in constant time),
 * from ODMON_WEB_ADMIN_PASSWORD or from the scrypt hash `odmon password-hash` prints; 404 with neither (in
 * server.test.ts). Its pages show what the public ones never do: contacts, who decided, comments.
 */
import { adminCheck, hashPassword, sameText, verifyHash } from '../../src/web/auth';
import { OdmonError } from '../../src/errors';
import { thrownBy } from '../helpers/temp-db';
import { ADMIN_PASSWORD, PEOPLE, readable, useServedCouncil } from './world';

const served = useServedCouncil('web-admin', { personal: true, admin: { adminPassword: ADMIN_PASSWORD } });

const basic = (user: string, password: string): Record<string, string> => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

const ADMIN_PAGES = ['/admin/', '/admin/contacts', '/admin/outbox', '/admin/audit', '/admin/acknowledgements', '/admin/suspensions', '/admin/snoozes'];

describe('admin pages behind the password', () => {
  it.each(ADMIN_PAGES)('%s asks for the password (401, Basic) without it, and with a wrong one or user', async (p) => {
    const { get } = served();
    for (const headers of [{}, basic('admin', 'wrong-password-123'), basic('root', ADMIN_PASSWORD), { authorization: 'Bearer abc' }]) {
      const r = await get(p, headers);
      expect([p, r.status]).toEqual([p, 401]);
      expect(r.headers.get('www-authenticate')).toBe('Basic realm="odmon admin", charset="UTF-8"');
      expect(readable(r.text)).toContain('Потрібен вхід');
      expect(r.text).not.toContain('babaeva@example.org');
    }
  });

  it.each(ADMIN_PAGES)('%s is shown with the password, never cached or indexed', async (p) => {
    const r = await served().get(p, basic('admin', ADMIN_PASSWORD));
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    expect(r.text).toContain('Службові сторінки');
  });

  it('shows contacts, who decided and why, and the comments — the very things the public pages leave out', async () => {
    const { get } = served();
    const page = async (p: string): Promise<string> => readable((await get(p, basic('admin', ADMIN_PASSWORD))).text);
    expect(await page('/admin/contacts')).toContain('opendata.it@example.org; babaeva@example.org');
    expect(await page('/admin/acknowledgements')).toContain('Відповідальна — Ірина Коваль (i.koval@city.gov.ua), оновить до 10.12');
    expect(await page('/admin/snoozes')).toContain('Попросив Петро Шевчук, p.shevchuk@city.gov.ua');
    const suspensions = await page('/admin/suspensions');
    expect(suspensions).toContain('31.03.2027');
    expect(suspensions).toContain('Рішення Олени Марченко (o.marchenko@city.gov.ua)');
    const audit = await page('/admin/audit');
    for (const who of ['Ірина Коваль', 'Петро Шевчук', 'Олена Марченко']) expect(audit).toContain(who);
    expect(PEOPLE.names.length).toBeGreaterThan(0);
  });
});

describe('the password check', () => {
  it('takes the password from the settings, user admin only', () => {
    const check = adminCheck({ adminPassword: 'correct-horse-battery', adminPasswordHash: null });
    expect(check?.('admin', 'correct-horse-battery')).toBe(true);
    expect(check?.('admin', 'correct-horse-batter')).toBe(false);
    expect(check?.('Admin', 'correct-horse-battery')).toBe(false);
    expect(check?.('admin', '')).toBe(false);
  });

  it('takes the scrypt hash instead, and verifies a password against it', () => {
    const hash = hashPassword('correct-horse-battery');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(hash).not.toContain('correct-horse-battery');
    expect(verifyHash(hash, 'correct-horse-battery')).toBe(true);
    expect(verifyHash(hash, 'correct-horse-batterY')).toBe(false);
    const check = adminCheck({ adminPassword: null, adminPasswordHash: hash });
    expect(check?.('admin', 'correct-horse-battery')).toBe(true);
    // Again (from the remembered digest) and then a wrong one.
    expect(check?.('admin', 'correct-horse-battery')).toBe(true);
    expect(check?.('admin', 'wrong-horse-battery')).toBe(false);
    expect(check?.('root', 'correct-horse-battery')).toBe(false);
  });

  it('is no check at all without a password (the admin pages do not exist), and refuses both at once', () => {
    expect(adminCheck({ adminPassword: null, adminPasswordHash: null })).toBeNull();
    const e = thrownBy(() => adminCheck({ adminPassword: 'correct-horse-battery', adminPasswordHash: hashPassword('x') })) as OdmonError;
    expect(e.code).toBe('E_CONFIG');
  });

  it('compares texts of any lengths in constant time', () => {
    expect(sameText('admin', 'admin')).toBe(true);
    expect(sameText('admin', 'admin2')).toBe(false);
    expect(sameText('', '')).toBe(true);
  });
});
