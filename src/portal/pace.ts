/**
 * Pacing of portal requests. data.gov.ua sits behind a CDN that blocks clients that hurry, so requests are
 * spaced evenly: a token bucket holding one token, refilled `requestsPerSecond` times a second. A bucket of one
 * never lets a burst through, so any one-second window holds at most `requestsPerSecond` requests.
 * Time comes from a Timer so that tests run the real logic on a fake clock without waiting.
 */

export interface Timer {
  /** Milliseconds on a monotonic scale (only differences matter). */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTimer: Timer = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

export class Pace {
  private readonly intervalMs: number;
  /** The earliest moment the next request may start. */
  private nextAt = -Infinity;
  /** Requests wait in turn: the check-then-reserve below must not interleave. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    requestsPerSecond: number,
    private readonly timer: Timer,
  ) {
    if (!(requestsPerSecond > 0)) throw new Error(`requestsPerSecond must be more than 0, got ${requestsPerSecond}`);
    this.intervalMs = 1000 / requestsPerSecond;
  }

  /** Resolves when the next request may be sent, and reserves that slot. */
  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      const now = this.timer.now();
      const at = Math.max(now, this.nextAt);
      this.nextAt = at + this.intervalMs;
      if (at > now) await this.timer.sleep(at - now);
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}
