import type { DateTime } from 'luxon';
import { openApp, type App } from '../app';
import { loadConfig, type Config } from '../config/config';
import type { CliArgs } from './args';
import type { Io } from './commands';

/** The configuration a command runs with: --config / --db flags over the environment over the file. */
export function configOf(args: CliArgs, io: Io): Config {
  return loadConfig({ configFile: args.config, db: args.db, env: io.env, cwd: io.cwd });
}

/** Opens the app for one command and closes it when the command is done, sync or async. */
export function withApp<T>(args: CliArgs, io: Io, now: DateTime, fn: (app: App) => T): T {
  const app = openApp(configOf(args, io), now);
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
