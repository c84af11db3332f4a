/**
 * The admin pages' password: HTTP Basic authentication, user `admin`, checked in constant time. The password comes
 * from `web.adminPassword` (ODMON_WEB_ADMIN_PASSWORD), or the config file holds only its scrypt hash
 * (`web.adminPasswordHash`, made by `odmon password-hash`). With neither, there are no admin pages (404).
 */
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { OdmonError } from '../errors';
import { SCRYPT_HASH } from '../setting-kinds';

export const ADMIN_USER = 'admin';

/** scrypt's cost for new hashes: N = 2^14, r = 8, p = 1 (16 MB, tens of milliseconds): Node's defaults. */
const COST = { N: 16_384, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Equal texts, compared in constant time whatever their lengths (both are hashed to 32 bytes first). */
export function sameText(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

/** `scrypt$16384$8$1$SALT$KEY`: what `web.adminPasswordHash` holds. */
export function hashPassword(password: string, salt: Buffer = randomBytes(16)): string {
  const key = scryptSync(password, salt, KEY_BYTES, { ...COST, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Whether `password` is the one `hash` was made from (constant time in the key's comparison). */
export function verifyHash(hash: string, password: string): boolean {
  const m = SCRYPT_HASH.exec(hash);
  if (m === null) return false;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const key = Buffer.from(m[5], 'base64');
  if (key.length === 0 || N < 2 || N > 1 << 20 || r < 1 || r > 32 || p < 1 || p > 16) return false;
  const given = scryptSync(password, Buffer.from(m[4], 'base64'), key.length, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
  return timingSafeEqual(given, key);
}

export interface AdminSettings {
  readonly adminPassword: string | null;
  readonly adminPasswordHash: string | null;
}

/**
 * The check of a user and password, or null when no password is set (the admin pages do not exist). A password
 * verified against the hash once is remembered as its SHA-256 only, so scrypt's cost is paid once, not per page.
 */
export function adminCheck(s: AdminSettings): ((user: string, password: string) => boolean) | null {
  if (s.adminPassword !== null && s.adminPasswordHash !== null) {
    throw new OdmonError('E_CONFIG', 'задано і web.adminPassword, і web.adminPasswordHash: залиште одне з них', {
      hint: 'пароль у змінній ODMON_WEB_ADMIN_PASSWORD або його хеш (odmon password-hash) у web.adminPasswordHash',
    });
  }
  if (s.adminPassword !== null) {
    const expected = s.adminPassword;
    return (user, password) => sameText(user, ADMIN_USER) && sameText(password, expected);
  }
  if (s.adminPasswordHash !== null) {
    const hash = s.adminPasswordHash;
    let verified: Buffer | null = null;
    return (user, password) => {
      const userOk = sameText(user, ADMIN_USER);
      const digest = sha256(password);
      if (verified !== null && timingSafeEqual(digest, verified)) return userOk;
      const ok = verifyHash(hash, password);
      if (ok) verified = digest;
      return userOk && ok;
    };
  }
  return null;
}
