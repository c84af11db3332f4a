/**
 * The plan lists responsible units one after another with no separator
 * (`Відділ кадрової роботи Відділ інформаційно-комп'ютерного забезпечення`). Known unit names are matched
 * first (longest first, so a name that contains another wins); what remains is split before each word that
 * starts with a capital letter, which is how a new unit's name begins in the plan's text.
 */
export const ALL_STEWARDS_GROUP = 'Розпорядники наборів відкритих даних';

/** Normalises apostrophes and spaces so `комп’ютерного` and `комп'ютерного` are one name. */
export function normaliseUnitName(s: string): string {
  return s
    .replace(/[\u2019\u02BC\u0060\u00B4]/g, "'")
    .replace(/[\s\u00A0]+/g, ' ')
    .trim();
}

export function isAllStewardsGroup(name: string): boolean {
  return normaliseUnitName(name).toLowerCase() === ALL_STEWARDS_GROUP.toLowerCase();
}

export function splitResponsible(text: string, knownNames: readonly string[]): string[] {
  const known = [...new Set([...knownNames.map(normaliseUnitName), ALL_STEWARDS_GROUP])].sort((a, b) => b.length - a.length);
  const out: string[] = [];
  let words = normaliseUnitName(text).split(' ').filter(Boolean);
  while (words.length > 0) {
    const rest = words.join(' ');
    const hit = known.find((n) => rest.startsWith(n) && (rest.length === n.length || rest[n.length] === ' '));
    if (hit) {
      out.push(hit);
      words = words.slice(hit.split(' ').length);
      continue;
    }
    let k = 1;
    while (k < words.length && !/^\p{Lu}/u.test(words[k])) k++;
    out.push(words.slice(0, k).join(' '));
    words = words.slice(k);
  }
  return out;
}
