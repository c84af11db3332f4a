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

const HINT = 'збережіть його в Excel як «CSV UTF-8» або збережіть книгу як .xlsx та імпортуйте її';

/** Cyrillic letters of Ukrainian, Russian and Belarusian, and the typography Ukrainian texts use. */
const PLAUSIBLE = /[\u0410-\u044F\u0401\u0451\u0404\u0454\u0406\u0456\u0407\u0457\u0490\u0491\u040E\u045E\u00A0\u00AB\u00BB\u201E\u201C\u201D\u2018\u2019\u2013\u2014\u2026\u2116\u2022\u00B0\u00B1\u00A7\u00A9\u00AE\u2122\u20AC\u00B7\u2030\u2039\u203A]/;
const LETTER = /[\u0400-\u04FF]/;
const CYRILLIC_WORD = /[\u0400-\u04FF]{2,}/g;
const LOWER_THEN_UPPER = /\p{Ll}\p{Lu}/u;

function position(text: string, index: number): string {
  return `у рядку ${text.slice(0, index).split('\n').length}`;
}

/** Why a Windows-1251 reading of the file is not plausible text, or null when it is. */
function implausible(text: string): string | null {
  let letters = 0;
  let others = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Control characters are judged cell by cell later, where the row and column can be named.
    if (code < 0x80) continue;
    if (!PLAUSIBLE.test(text[i])) return `${position(text, i)} є символ "${text[i]}", якого в українському тексті у Windows-1251 не буває`;
    if (LETTER.test(text[i])) letters++;
    else others++;
  }
  // Read as Windows-1251, DOS 866 and Mac Cyrillic text turns largely into punctuation.
  if (others > 4 && others * 4 > letters) return `більшість символів поза ASCII — розділові знаки, а не літери (${others} з ${letters + others})`;
  const words = text.match(CYRILLIC_WORD) ?? [];
  const flipped = words.filter((w) => LOWER_THEN_UPPER.test(w));
  // A few camel-case abbreviations (ДержГеоКадастр) are real; one word in twenty is not.
  if (flipped.length > 0 && flipped.length * 20 > words.length) {
    return `у словах на кшталт "${flipped.slice(0, 3).join('", "')}" регістр змінюється посередині, як у тексті іншого кириличного кодування (KOI8-U?)`;
  }
  return null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeCsv(bytes: Buffer): Decoded {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, problem: `файл у кодуванні UTF-16 («Текст Юнікод»); odmon читає UTF-8 і Windows-1251: ${HINT}` };
  }
  let nuls = 0;
  for (let i = 0; i < bytes.length && nuls <= 8; i++) if (bytes[i] === 0) nuls++;
  if (nuls > 8) return { ok: false, problem: `у файлі є байти NUL: це не текстовий файл або UTF-16 без позначки порядку байтів: ${HINT}` };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    const text = utf8.decode(bom ? bytes.subarray(3) : bytes);
    return { ok: true, text, encoding: bom ? 'UTF-8 with BOM' : 'UTF-8' };
  } catch {
    if (bom) return { ok: false, problem: `файл починається як UTF-8 (має BOM), але не є правильним UTF-8: ${HINT}` };
  }
  const text = iconv.decode(bytes, 'win1251');
  const why = implausible(text);
  if (why !== null) return { ok: false, problem: `файл — не текст ні в UTF-8, ні в Windows-1251: ${why}; нічого не прочитано, щоб не спотворити назви: ${HINT}` };
  return { ok: true, text, encoding: 'Windows-1251' };
}
