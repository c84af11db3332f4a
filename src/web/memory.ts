/**
 * Keeping `odmon serve` within its memory budget. V8 lets a heap grow well past what is alive before it collects
 * (with ~85 MB alive — the picture of a 100,000-dataset check — the heap grew past 300 MB under load), and a
 * server cannot pass `--max-old-space-size` to itself once started. So the server collects when it has just let
 * go of a lot (a new picture made, a download written), and a governor collects whenever the used heap passes a
 * budget, at most once a second. A full collection takes a few tens of milliseconds. `--expose-gc` is set for
 * this process from here; if this Node refuses it, nothing is collected by hand and V8 decides alone.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

function gcFunction(): (() => void) | null {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

let gc: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (gc === undefined) gc = gcFunction();
  gc?.();
}

/** Collects whenever the used heap is above `budgetMb`, looking every 100 ms, at most once a second; returns the stop. */
export function heapGovernor(budgetMb: number): () => void {
  let last = 0;
  const timer = setInterval(() => {
    if (v8.getHeapStatistics().used_heap_size < budgetMb * 1024 * 1024) return;
    const now = Date.now();
    if (now - last < 1000) return;
    last = now;
    collectGarbage();
  }, 100);
  timer.unref();
  return () => clearInterval(timer);
}
