import fs from 'node:fs';
import { setMeta, getMeta } from '../../src/store/db';
import { withoutTrace } from '../../src/store/without-trace';
import { tempDb, type TempDb } from '../helpers/temp-db';

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => {
  t.db.close();
  fs.rmSync(t.dir, { recursive: true, force: true });
});

describe('withoutTrace', () => {
  it('returns what the run returns and keeps none of its writes, transactions inside it included', async () => {
    const result = await withoutTrace(t.db, async () => {
      setMeta(t.db, 'probe', 'written');
      t.db.transaction(() => setMeta(t.db, 'inner', 'written'))();
      await Promise.resolve();
      return getMeta(t.db, 'probe');
    });
    expect(result).toBe('written');
    expect([getMeta(t.db, 'probe'), getMeta(t.db, 'inner'), t.db.inTransaction]).toEqual([null, null, false]);
  });

  it('keeps nothing when the run throws, and passes the error on', async () => {
    await expect(withoutTrace(t.db, () => {
      setMeta(t.db, 'probe', 'written');
      throw new Error('broken');
    })).rejects.toThrow('broken');
    expect([getMeta(t.db, 'probe'), t.db.inTransaction]).toEqual([null, false]);
  });

  it('inside a caller\'s transaction rolls back only its own writes', async () => {
    t.db.exec('BEGIN IMMEDIATE');
    setMeta(t.db, 'outer', 'kept');
    await withoutTrace(t.db, () => setMeta(t.db, 'probe', 'written'));
    expect(t.db.inTransaction).toBe(true);
    t.db.exec('COMMIT');
    expect([getMeta(t.db, 'outer'), getMeta(t.db, 'probe')]).toEqual(['kept', null]);
  });
});
