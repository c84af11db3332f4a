import type { Clock } from '../clock';

/** Where a command writes, what it reads of its surroundings, and the real clock it runs by. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** The real clock (default: the system's). `run` reads it once and hands every command that reading. */
  readonly clock?: Clock;
}
