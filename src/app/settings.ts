/**
 * The settings a command runs with, and the errors it may end with, for the entry points (the CLI, the daemon's
 * start): they reach the config and the store only through here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, secretsOf, type Config, type ConfigInputs } from '../config/config';
import type { OdmonError } from '../errors';
import { PACKAGE_ROOT } from '../paths';
import { storeErrorOf } from '../store/errors';
import type { Clock } from '../clock';
import { openChannels } from '../notify/channels';

/** odmon's version, from its package.json. */
export function odmonVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

export type { Config, ConfigInputs };

/** --config / --db over the environment over the config file over the defaults; every problem at once (E_CONFIG). */
export function settingsFor(inputs: ConfigInputs): Config {
  return loadConfig(inputs);
}

/** The passwords the settings hold, for the daemon's log to mask wherever they appear. */
export function secretsOfSettings(config: Config): string[] {
  return secretsOf(config);
}

/** A database error (busy, read-only, full, damaged) as the error people see (E_BUSY, E_DB); null for any other. */
export function userErrorOf(e: unknown): OdmonError | null {
  return storeErrorOf(e);
}

/** The channels the settings set up (for the daemon's start line): `email`, and `telegram` when configured. */
export function channelNamesOf(config: Config, clock: Clock): string[] {
  return [...openChannels(config, clock)].map(([name, c]) => (c.sender.close?.(), name));
}
