/**
 * What a CSV file is written in. Ukrainian Excel's "CSV" is Windows-1251; its "CSV UTF-8" is UTF-8 with a BOM;
 * other tools write UTF-8 without one. Those three are read. Anything else — KOI8-U, DOS 866, UTF-16, a binary
 * file renamed — is refused with a hint: decoded as Windows-1251 it would be imported garbled, and those names go
 * out in official letters.
 *
 * UTF-8 is checked by decoding strictly (WHATWG TextDecoder, fatal). A file that is not UTF-8 is decoded as
 * Windows-1251 (iconv-lite) and must then look like Ukrainian text: every character outside ASCII a Cyrillic
 * letter of Ukrainian (or Russian) or common typography (« » – — № …), and no words whose case flips inside
 * (`вІДДІЛ`), which is how text of another Cyrillic code page looks when read as Windows-1251.
 */
import iconv from 'iconv-lite';

export type CsvEncoding = 'UTF-8' | 'UTF-8 with BOM' | 'Windows-1251';

export type Decoded = { ok: true; text: string; encoding: CsvEncoding } | { ok: false; problem: string };

const HINT = 'save it from Excel as "CSV UTF-8", or save the workbook as .xlsx and import that';

/** Cyrillic letters of Ukrainian, Russian and Belarusian, and the typography Ukrainian texts use. */
const PLAUSIBLE = /[\u0410-\u044F\u0401\u0451\u0404\u0454\u0406\u0456\u0407\u0457\u0490\u0491\u040E\u045E\u00A0\u00AB\u00BB\u201E\u201C\u201D\u2018\u2019\u2013\u2014\u2026\u2116\u2022\u00B0\u00B1\u00A7\u00A9\u00AE\u2122\u20AC\u00B7\u2030\u2039\u203A]/;
const LETTER = /[\u0400-\u04FF]/;
const CYRILLIC_WORD = /[\u0400-\u04FF]{2,}/g;
const LOWER_THEN_UPPER = /\p{Ll}\p{Lu}/u;

function position(text: string, index: number): string {
  return `line ${text.slice(0, index).split('\n').length}`;
}

/** Why a Windows-1251 reading of the file is not plausible text, or null when it is. */
function implausible(text: string): string | null {
  let letters = 0;
  let others = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Control characters are judged cell by cell later, where the row and column can be named.
    if (code < 0x80) continue;
    if (!PLAUSIBLE.test(text[i])) return `${position(text, i)} holds "${text[i]}", which Ukrainian text in Windows-1251 does not`;
    if (LETTER.test(text[i])) letters++;
    else others++;
  }
  // Read as Windows-1251, DOS 866 and Mac Cyrillic text turns largely into punctuation.
  if (others > 4 && others * 4 > letters) return `most characters outside ASCII are punctuation (${others} of ${letters + others}), not letters`;
  const words = text.match(CYRILLIC_WORD) ?? [];
  const flipped = words.filter((w) => LOWER_THEN_UPPER.test(w));
  // A few camel-case abbreviations (ДержГеоКадастр) are real; one word in twenty is not.
  if (flipped.length > 0 && flipped.length * 20 > words.length) {
    return `words such as "${flipped.slice(0, 3).join('", "')}" change case inside, as text of another Cyrillic code page (KOI8-U?) does`;
  }
  return null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeCsv(bytes: Buffer): Decoded {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, problem: `the file is UTF-16 ("Unicode text"); odmon reads UTF-8 and Windows-1251: ${HINT}` };
  }
  let nuls = 0;
  for (let i = 0; i < bytes.length && nuls <= 8; i++) if (bytes[i] === 0) nuls++;
  if (nuls > 8) return { ok: false, problem: `the file holds NUL bytes: it is not a text file, or it is UTF-16 without a byte order mark: ${HINT}` };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    const text = utf8.decode(bom ? bytes.subarray(3) : bytes);
    return { ok: true, text, encoding: bom ? 'UTF-8 with BOM' : 'UTF-8' };
  } catch {
    if (bom) return { ok: false, problem: `the file starts as UTF-8 (it has a BOM) but is not valid UTF-8: ${HINT}` };
  }
  const text = iconv.decode(bytes, 'win1251');
  const why = implausible(text);
  if (why !== null) return { ok: false, problem: `the file is neither UTF-8 nor Windows-1251 text: ${why}; nothing was read, to keep names from being garbled: ${HINT}` };
  return { ok: true, text, encoding: 'Windows-1251' };
}
