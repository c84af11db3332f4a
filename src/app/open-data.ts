/** `odmon export compliance FILE`: the monitoring's own open data, the very bytes the web serves (src/views/open-data.ts). */
import fs from 'node:fs';
import path from 'node:path';
import type { App } from '../app';
import { OdmonError } from '../errors';
import { complianceCsv, complianceJson } from '../views/open-data';
import { buildPicture } from '../views/picture';
import { readSource } from './reads';

export interface ComplianceExport {
  readonly file: string;
  readonly format: 'csv' | 'json';
  readonly rows: number;
  /** The moment the rows are as of (stored instant): the last check's. */
  readonly asOf: string;
  /** False before the first check: the state is judged as of now, and no check stands behind it. */
  readonly checked: boolean;
}

export async function exportCompliance(app: App, file: string, shownAs: string = file): Promise<ComplianceExport> {
  const ext = path.extname(file).toLowerCase();
  const format = ext === '.csv' ? 'csv' : ext === '.json' ? 'json' : null;
  if (format === null) {
    throw new OdmonError('E_USAGE', `${shownAs}: за розширенням "${ext || '(немає)'}" не визначити формат відкритих даних`, { hint: 'назвіть файл .csv або .json' });
  }
  const picture = await buildPicture(readSource(app), app.clock.now(), { turns: false });
  const text = format === 'csv' ? complianceCsv(picture) : complianceJson(picture);
  try {
    fs.writeFileSync(file, text);
  } catch (cause) {
    throw new OdmonError('E_INPUT', `не вдалося записати ${shownAs} («${(cause as Error).message}»)`, { hint: 'перевірте, що тека існує і odmon може в неї писати', cause });
  }
  return { file: shownAs, format, rows: picture.datasets.length, asOf: picture.asOf, checked: picture.run !== null };
}
