import fs from 'node:fs';
import { FREQUENCY_TABLE } from '../paths';

let text: string | null = null;

/**
 * The seed's frequency table (data/seed/update-frequencies.csv), read once per process: the settings check the
 * `frequencies` overrides against it, and the app builds the frequency catalogue from it.
 */
export function readFrequencyTable(): string {
  text ??= fs.readFileSync(FREQUENCY_TABLE, 'utf8');
  return text;
}
