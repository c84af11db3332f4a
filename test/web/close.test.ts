/**
 * Stopping the dashboard while it works: `odmon serve` and the daemon close it on SIGTERM, possibly while it makes
 * the picture of a new check (read from the database across turns of the event loop) or writes the downloads.
 * Closing waits for both, then closes the database and removes the downloads' folder: no error, nothing left.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { settingsFor } from '../../src/app/settings';
import { fixedClock } from '../../src/clock';
import { silentLogger } from '../../src/log';
import { startWeb } from '../../src/web/serve';
import { REAL, useExampleCouncil } from '../views/example-council';

const council = useExampleCouncil('web-close');

const folders = (): string[] => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('odmon-web-'));

describe('closing the dashboard', () => {
  it('right after it starts making its picture and writing the downloads: no error, the database closed, no folder left', async () => {
    const c = council();
    const config = settingsFor({ db: c.app.config.db, env: {}, cwd: path.dirname(c.app.config.db) });
    const before = new Set(folders());
    for (let i = 0; i < 5; i++) {
      const web = await startWeb(config, { port: 0, host: '127.0.0.1', clock: fixedClock(REAL), log: silentLogger, warm: 'background' });
      // A download asked at once waits for the picture, then for its file.
      const asked = fetch(`${web.url}open-data/compliance.json`).then(async (r) => (await r.arrayBuffer(), r.status), () => 0);
      if (i % 2 === 1) await asked;
      await expect(web.close()).resolves.toBeUndefined();
      expect([200, 0, 503]).toContain(await asked);
      await expect(fetch(web.url)).rejects.toThrow();
    }
    expect(folders().filter((f) => !before.has(f))).toEqual([]);
  });
});
