/**
 * How a phase of the bench is measured: wall time, the peak RSS (sampled every 50 ms, and once more at the end)
 * and the longest event-loop stall (a 10 ms interval timer: how much later than due its longest tick came).
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

export interface Measured<T> {
  readonly value: T;
  readonly ms: number;
  /** CPU time of the process (all its threads: the main one, GC helpers, libuv) during the phase. */
  readonly cpuMs: number;
  readonly peakRssMb: number;
  /** The longest time the event loop could not run a due timer, beyond its 10 ms interval. */
  readonly stallMs: number;
  /**
   * The same from perf_hooks' event-loop delay histogram (resolution 10 ms), as a cross-check: its maximum is the
   * longest time between two of its 10 ms ticks, so the 10 ms are taken off to compare with stallMs.
   */
  readonly histogramMaxMs: number;
}

const TICK_MS = 10;
const RSS_EVERY_MS = 50;

const gc = (globalThis as { gc?: () => void }).gc;

export const hasGc = gc !== undefined;

export const mb = (bytes: number): number => bytes / 1024 / 1024;

/**
 * Runs `fn` once (after a full GC when node runs with --expose-gc) and measures it. `keep` turns the value into
 * what the bench needs afterwards, outside the timing, so that one phase's results do not weigh on the next.
 */
export async function measure<T, K = T>(fn: () => Promise<T> | T, keep: (value: T) => K = (v) => v as unknown as K): Promise<Measured<K>> {
  gc?.();
  await new Promise((r) => setImmediate(r));
  let peak = process.memoryUsage.rss();
  let stall = 0;
  let last = performance.now();
  const probe = setInterval(() => {
    const t = performance.now();
    stall = Math.max(stall, t - last - TICK_MS);
    last = t;
  }, TICK_MS);
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, RSS_EVERY_MS);
  const histogram = monitorEventLoopDelay({ resolution: TICK_MS });
  histogram.enable();
  const cpu = process.cpuUsage();
  const start = performance.now();
  try {
    const value = await fn();
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    // A stall that ends the phase is seen by the probe only on its next tick.
    const end = performance.now();
    stall = Math.max(stall, end - last - TICK_MS);
    peak = Math.max(peak, process.memoryUsage.rss());
    const figures = { ms, cpuMs: (used.user + used.system) / 1000, peakRssMb: mb(peak), stallMs: Math.max(0, stall), histogramMaxMs: Math.max(0, histogram.max / 1e6 - TICK_MS) };
    return { value: keep(value), ...figures };
  } finally {
    histogram.disable();
    clearInterval(probe);
    clearInterval(sampler);
  }
}

/** Runs `fn` `runs` times and keeps the run with the median time (the other figures are that run's). */
export async function measureMedian<T, K = T>(runs: number, fn: () => Promise<T> | T, keep?: (value: T) => K): Promise<Measured<K>> {
  const all: Measured<K>[] = [];
  for (let i = 0; i < runs; i++) all.push(await measure(fn, keep));
  const sorted = [...all].sort((a, b) => a.ms - b.ms);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  return {
    ...median,
    peakRssMb: Math.max(...all.map((m) => m.peakRssMb)),
    stallMs: Math.max(...all.map((m) => m.stallMs)),
    histogramMaxMs: Math.max(...all.map((m) => m.histogramMaxMs)),
  };
}
