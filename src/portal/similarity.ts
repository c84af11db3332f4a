/**
 * Suggestions for portal datasets that no register entry links to: the register titles closest to the portal's
 * title by the Dice coefficient on word stems. Ukrainian titles inflect (`бюджет`, `бюджету`, `бюджетів`), so a
 * word is cut to its first five letters; apostrophes (`зв'язку`, `звʼязку`) are dropped, quotes and punctuation
 * split words, and short function words are ignored. Crude, and enough to put the right entry on top.
 */

const STOP_WORDS = new Set(['та', 'і', 'й', 'в', 'у', 'на', 'з', 'із', 'зі', 'до', 'за', 'по', 'про', 'що', 'щодо', 'від', 'для', 'of', 'the', 'and', 'in', 'for']);
const STEM = 5;

export function titleStems(title: string): Set<string> {
  const words = title
    .toLowerCase()
    .replace(/['’ʼ`‘]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && !STOP_WORDS.has(w));
  return new Set(words.map((w) => w.slice(0, STEM)));
}

/** 2|A∩B| / (|A|+|B|): 1 for the same words, 0 for none in common. */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const w of a) if (b.has(w)) common++;
  return (2 * common) / (a.size + b.size);
}

export interface Suggestion {
  readonly datasetId: string;
  readonly title: string;
  /** 0..1, two decimals. */
  readonly score: number;
}

export interface Candidate {
  readonly id: string;
  readonly title: string;
}

/** A matcher over the register titles, built once per sync. */
export function suggester(candidates: readonly Candidate[], opts: { top?: number; minScore?: number } = {}): (title: string) => Suggestion[] {
  const top = opts.top ?? 3;
  const min = opts.minScore ?? 0.2;
  const stems = candidates.map((c) => ({ c, s: titleStems(c.title) }));
  return (title) => {
    const t = titleStems(title);
    return stems
      .map(({ c, s }) => ({ datasetId: c.id, title: c.title, score: Math.round(dice(t, s) * 100) / 100 }))
      .filter((x) => x.score >= min)
      .sort((a, b) => b.score - a.score || a.datasetId.localeCompare(b.datasetId))
      .slice(0, top);
  };
}
