/** Ukrainian words shared by the CLI, messages and reports. Imports nothing. */
import type { Severity } from './domain';

/** Ukrainian plural: 1 день, 2 дні, 5 днів, 11 днів, 21 день. */
export function plural(n: number, one: string, few: string, many: string): string {
  const m10 = Math.abs(n) % 10;
  const m100 = Math.abs(n) % 100;
  if (m10 === 1 && m100 !== 11) return one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
  return many;
}

export const SEVERITY_UK: Record<Severity, string> = {
  high: 'високий',
  medium: 'середній',
  low: 'низький',
  info: 'до відома',
};
