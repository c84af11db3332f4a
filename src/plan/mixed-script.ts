/**
 * Words that mix Latin and Cyrillic letters, as text copied from a scanned or retyped source often has
 * ("методiku": Latin i, k, u inside a Cyrillic word). They look right on screen but are wrong in every
 * search, sort and screen reader. No letter-by-letter mapping can fix them (Latin `i` stands here for `и`,
 * elsewhere for `і`), so the seed names each fix in `data/seed/corrections.csv` and the loader refuses a seed
 * that still holds a mixed word.
 */

const WORD = /\p{L}+/gu;
const LATIN = /\p{Script=Latin}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;

/** The words of `text` (runs of letters) that hold both Latin and Cyrillic letters, each once, in order. */
export function mixedScriptWords(text: string): string[] {
  const out: string[] = [];
  for (const [word] of text.matchAll(WORD)) {
    if (LATIN.test(word) && CYRILLIC.test(word) && !out.includes(word)) out.push(word);
  }
  return out;
}

export interface Correction {
  /** The word as the source writes it. */
  readonly found: string;
  /** The word as meant. */
  readonly corrected: string;
}

/** Replaces every whole-word occurrence of each `found` by its `corrected`; returns the text and how many were replaced. */
export function applyCorrections(text: string, corrections: readonly Correction[]): { text: string; replaced: number } {
  let replaced = 0;
  const byWord = new Map(corrections.map((c) => [c.found, c.corrected]));
  const out = text.replace(WORD, (word) => {
    const fix = byWord.get(word);
    if (fix === undefined) return word;
    replaced++;
    return fix;
  });
  return { text: out, replaced };
}
