/** What the bench keeps of a list of findings, and how it compares lists and prints figures. */
import { createHash } from 'node:crypto';
import type { Finding } from '../src/domain';
import { FLOOR_RULES, findingKey, type FloorFinding } from './floor';

/** The missing and late findings of a list, as sorted keys: what every method must agree on. */
export const floorKeys = (list: readonly FloorFinding[]): string[] => list.map(findingKey).sort();

/** What the bench keeps of a list of findings once its phase is measured: little, so phases do not weigh on each other. */
export interface Summary {
  readonly count: number;
  /** floorKeys of its missing and late findings. */
  readonly floor: readonly string[];
  /** SHA-256 of the findings as JSON, in order. */
  readonly digest: string;
  readonly byRule: ReadonlyMap<string, number>;
}

export function summarize(findings: readonly Finding[]): Summary {
  const byRule = new Map<string, number>();
  for (const f of findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  const floor = floorKeys(
    findings
      .filter((f) => FLOOR_RULES.includes(f.rule))
      .map((f) => ({ rule: f.rule as FloorFinding['rule'], id: f.subject.id, dueAt: f.dueAt, daysOverdue: f.daysOverdue })),
  );
  const hash = createHash('sha256');
  for (const f of findings) hash.update(JSON.stringify(f)).update('\n');
  return { count: findings.length, floor, digest: hash.digest('hex'), byRule };
}

/** Null when both lists hold the same keys, else what differs (a few examples). */
export function difference(a: readonly string[], b: readonly string[]): string | null {
  const ka = new Set(a);
  const kb = new Set(b);
  const onlyA = [...ka].filter((k) => !kb.has(k));
  const onlyB = [...kb].filter((k) => !ka.has(k));
  if (onlyA.length === 0 && onlyB.length === 0 && a.length === b.length) return null;
  return `${onlyA.length} only in the first (${onlyA.slice(0, 3).join('; ')}), ${onlyB.length} only in the second (${onlyB.slice(0, 3).join('; ')})`;
}

export const fmtMs = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
export const fmtN = (n: number): string => n.toLocaleString('en-US');
