/** How a command opens the app: with the settings of its flags, closed when the command is done. */
import type { DateTime } from 'luxon';
import { openApp, trialFor, withoutTrace, type App } from '../app';
import { settingsFor, type Config } from '../app/settings';
import type { CliArgs } from './args';
import { trialNote } from './format';
import type { Io } from './io';

/** The configuration a command runs with: --config / --db flags over the environment over the file. */
export function configOf(args: CliArgs, io: Io): Config {
  return settingsFor({ configFile: args.config, db: args.db, env: io.env, cwd: io.cwd });
}

/** Opens the app for one command and closes it when the command is done, sync or async. */
export function withApp<T>(args: CliArgs, io: Io, now: DateTime, fn: (app: App) => T): T {
  const app = openApp(configOf(args, io), now, { clock: io.clock });
  let result: T;
  try {
    result = fn(app);
  } catch (e) {
    app.close();
    throw e;
  }
  if (result instanceof Promise) return result.finally(() => app.close()) as T;
  app.close();
  return result;
}

/**
 * withApp for a command that records (an import, an exemption, a link). When its --now makes the run a trial
 * (later than the real clock, or earlier than the last recorded evaluation: src/clock.ts), the command runs as
 * usual — checks, messages — inside a transaction that is rolled back, and stderr says that nothing was recorded.
 */
export function withRecording<T>(args: CliArgs, io: Io, now: DateTime, fn: (app: App) => T | Promise<T>): Promise<T> {
  return withApp(args, io, now, async (app) => {
    const trial = trialFor(app, now);
    if (trial === null) return fn(app);
    const result = await withoutTrace(app, () => fn(app));
    io.err(trialNote(trial));
    return result;
  });
}
