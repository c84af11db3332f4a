/**
 * A zip read through its central directory (unzipper, which exceljs itself depends on): each part opened on its
 * own, in any order, without reading the parts before it.
 */
// unzipper ships no types; the little of it used here is typed below.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const unzipper = require('unzipper') as { Open: { file(path: string): Promise<ZipDirectory> } };

export interface ZipEntry {
  readonly path: string;
  readonly type: 'File' | 'Directory';
  stream(): NodeJS.ReadableStream;
}

export interface ZipDirectory {
  readonly files: readonly ZipEntry[];
}

export function openZip(path: string): Promise<ZipDirectory> {
  return unzipper.Open.file(path);
}
