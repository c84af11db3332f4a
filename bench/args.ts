/** The benchmarks' command lines: `--flag value` pairs and switches, read in one loop. */
import { DateTime } from 'luxon';

export interface FlagReader {
  /** The flag's value: the next argument. */
  value(): string;
  /** The value as a whole number (`100_000` allowed), at least `min`. */
  count(min: 0 | 1): number;
  /** The value as an ISO date or date-time, in Kyiv. */
  kyiv(): DateTime;
}

/** Hands each flag to `on`, which reads its value and says whether it knows it; an unknown flag is refused, naming `known`. */
export function readFlags(argv: readonly string[], known: readonly string[], on: (flag: string, read: FlagReader) => boolean): void {
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const read: FlagReader = {
      value,
      count: (min) => {
        const v = value();
        const n = Number(v.replace(/_/g, ''));
        if (!Number.isInteger(n) || n < min) throw new Error(`${flag}: "${v}" is not a whole number${min === 1 ? ' above 0' : ''}`);
        return n;
      },
      kyiv: () => {
        const v = value();
        const t = DateTime.fromISO(v, { zone: 'Europe/Kyiv' });
        if (!t.isValid) throw new Error(`${flag}: "${v}" is not an ISO date or date-time`);
        return t;
      },
    };
    if (!on(flag, read)) throw new Error(`unknown option ${flag} (known: ${known.join(', ')})`);
  }
}
