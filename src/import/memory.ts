/**
 * V8 collects garbage lazily: with a heap limit of several gigabytes it lets a 200,000-row import pile up its
 * read-and-dropped rows (exceljs's row objects, the parser's chunks) and grow past 600 MB of memory, while what
 * the import really keeps is a third of that. A full collection every RELIEF rows keeps the process at the size
 * of its live data. `gc` is reached the way Jest's leak detector reaches it (the flag set at run time, the
 * function taken from a fresh context); where that is not possible, nothing happens and only memory grows.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

/** Rows between two collections: a full collection of a few hundred MB takes some 50 ms. */
export const RELIEF = 10_000;

let gc: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
