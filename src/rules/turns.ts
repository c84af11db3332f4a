/**
 * Taking turns with the event loop during a long computation: a check on a national register runs for a second
 * or two, and the daemon's timers, SMTP timeouts and heartbeat must keep running meanwhile.
 */
import { performance } from 'node:perf_hooks';

/** The longest stretch of work between two turns of the event loop. */
export const TURN_MS = 10;

export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Says when TURN_MS have passed since the last turn; the clock is read every `every` calls, so asking is cheap. */
export class Turns {
  private calls = 0;
  private last = performance.now();

  constructor(private readonly every = 64) {}

  /** A promise to await when a turn is due, else null. */
  due(): Promise<void> | null {
    if (++this.calls % this.every !== 0 || performance.now() - this.last < TURN_MS) return null;
    return nextTurn().then(() => {
      this.last = performance.now();
    });
  }
}
