/**
 * Writing messages as `.eml` files instead of sending them: what odmon does when no SMTP server is
 * configured, and what `--preview` does on purpose. The files are real MIME, made by the same code as
 * the SMTP messages, so any mail program opens them.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../../clock';
import { systemClock } from '../../../clock';
import { ZONE } from '../../../time/zone';
import { buildMime } from './mime';
import type { OutgoingMessage, Sender } from '../types';

/** `notice:steward-it:2019-07-01` → `notice_steward-it_2019-07-01`: safe as a file name on any system. */
function fileStem(m: OutgoingMessage): string {
  const name = m.key ?? m.messageId.replace(/^<|>$/g, '');
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 150);
}

export class FileTransport implements Sender {
  readonly target: string;

  constructor(
    readonly folder: string,
    private readonly clock: Clock = systemClock,
  ) {
    this.target = `тека ${folder}`;
  }

  /** Writes `{Kyiv date-time}-{key or Message-ID}.eml`; never overwrites: a second copy gets `-2`, `-3`… */
  async send(m: OutgoingMessage): Promise<void> {
    const now = this.clock.now();
    const mime = await buildMime(m, now.toJSDate());
    await fs.mkdir(this.folder, { recursive: true });
    const base = `${now.setZone(ZONE).toFormat('yyyyMMdd-HHmmss')}-${fileStem(m)}`;
    for (let n = 1; ; n++) {
      const file = path.join(this.folder, `${base}${n === 1 ? '' : `-${n}`}.eml`);
      try {
        await fs.writeFile(file, mime, { flag: 'wx' });
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
  }
}
