/**
 * exceljs 4.4's streaming reader decodes every inflated chunk of a sheet (16 KB) on its own, so a letter that
 * straddles two chunks — any Cyrillic letter is two bytes in UTF-8 — comes out as "��": a few cells in every
 * thousand of a large register, silently (exceljs issues #2063, #2084, #2316; the fixes proposed in pull
 * requests #1665, #1821, #2081 and #2894 are not released). Until a release fixes it, the reader is handed text
 * decoded across chunk boundaries: shared strings through the entry's own UTF-8 decoding (`setEncoding`), sheets
 * through a StringDecoder in front of the XML parser, which takes strings as they are. Applied once, on load.
 */
import { StringDecoder } from 'node:string_decoder';

type ExcelJSModule = typeof import('exceljs');

interface ReaderInternals {
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): unknown;
  _parseSharedStrings(entry: { setEncoding(e: string): void }): unknown;
  __wholeCharacters?: boolean;
}

async function* decoded(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text !== '') yield text;
  }
  const rest = decoder.end();
  if (rest !== '') yield rest;
}

export function wholeCharacters(ExcelJS: ExcelJSModule): ExcelJSModule {
  const proto = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;
  if (proto.__wholeCharacters) return ExcelJS;
  const parseWorksheet = proto._parseWorksheet;
  const parseSharedStrings = proto._parseSharedStrings;
  proto._parseWorksheet = function (this: unknown, iterator, sheetNo) {
    return parseWorksheet.call(this, decoded(iterator), sheetNo);
  };
  proto._parseSharedStrings = function (this: unknown, entry) {
    entry.setEncoding('utf8');
    return parseSharedStrings.call(this, entry);
  };
  proto.__wholeCharacters = true;
  return ExcelJS;
}

/** exceljs, loaded when a workbook is first read or written (it takes a moment), with the fix above. */
export async function loadExcelJS(): Promise<ExcelJSModule> {
  return wholeCharacters(await import('exceljs'));
}
