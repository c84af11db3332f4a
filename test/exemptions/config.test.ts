import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/config';
import { OdmonError } from '../../src/errors';
import { makeTempDir, removeDir } from '../helpers/rules-app';

let root: string;
let n = 0;
beforeAll(() => {
  root = makeTempDir('ack-config');
});
afterAll(() => removeDir(root));

function workDir(config: unknown): string {
  const dir = path.join(root, `cwd-${++n}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'odmon.config.json'), JSON.stringify(config));
  return dir;
}

function problems(env: NodeJS.ProcessEnv, config: unknown = {}): readonly string[] {
  try {
    loadConfig({ env, cwd: workDir(config) });
  } catch (e) {
    if (e instanceof OdmonError) return e.problems;
    throw e;
  }
  return [];
}

describe('notify.ackRepeatDays', () => {
  it('repeats an acknowledged finding every 30 days unless told otherwise', () => {
    expect(loadConfig({ env: {}, cwd: workDir({}) }).notify.ackRepeatDays).toBe(30);
  });

  it('is read from the file, and ODMON_ACK_REPEAT_DAYS wins', () => {
    expect(loadConfig({ env: {}, cwd: workDir({ notify: { ackRepeatDays: 14 } }) }).notify.ackRepeatDays).toBe(14);
    expect(loadConfig({ env: { ODMON_ACK_REPEAT_DAYS: '21' }, cwd: workDir({ notify: { ackRepeatDays: 14 } }) }).notify.ackRepeatDays).toBe(21);
  });

  it('refuses what is not a whole number of days, and 0', () => {
    expect(problems({ ODMON_ACK_REPEAT_DAYS: 'month' })).toEqual(['ODMON_ACK_REPEAT_DAYS: "month" — не ціле число днів (1 або більше)']);
    expect(problems({ ODMON_ACK_REPEAT_DAYS: '0' })).toEqual(['ODMON_ACK_REPEAT_DAYS: 0 — менше за найменше допустиме значення (1 день)']);
  });
});
