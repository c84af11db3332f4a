/**
 * A zip read through its central directory (unzipper, which exceljs itself depends on): each part opened on its
 * own, in any order, without reading the parts before it.
 */

export interface ZipEntry {
  readonly path: string;
  readonly type: 'File' | 'Directory';
  stream(): NodeJS.ReadableStream;
}

export interface ZipDirectory {
  readonly files: readonly ZipEntry[];
}

/** Loaded when a workbook is first read (it takes a tenth of a second: every other command starts without it). */
export function openZip(path: string): Promise<ZipDirectory> {
  // unzipper ships no types; the little of it used here is typed above.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const unzipper = require('unzipper') as { Open: { file(path: string): Promise<ZipDirectory> } };
  return unzipper.Open.file(path);
}
