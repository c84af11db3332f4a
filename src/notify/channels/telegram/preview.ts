/** `odmon notify --preview DIR` for Telegram: each message as a text file, `{Kyiv date-time}-{key}.telegram.txt`. */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../../clock';
import { ZONE } from '../../../time/zone';
import type { OutgoingMessage, Sender } from '../types';

export class TelegramPreview implements Sender {
  readonly target: string;

  constructor(
    readonly folder: string,
    private readonly clock: Clock,
  ) {
    this.target = `тека ${folder}`;
  }

  async send(m: OutgoingMessage): Promise<void> {
    const stem = (m.key ?? m.messageId).replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 150);
    const base = `${this.clock.now().setZone(ZONE).toFormat('yyyyMMdd-HHmmss')}-${stem}`;
    await fs.mkdir(this.folder, { recursive: true });
    for (let n = 1; ; n++) {
      const file = path.join(this.folder, `${base}${n === 1 ? '' : `-${n}`}.telegram.txt`);
      try {
        await fs.writeFile(file, `Telegram, чат ${m.to.join(', ')}\n\n${m.text}\n`, { flag: 'wx' });
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
  }
}
