import fs from 'node:fs';
import path from 'node:path';

/** The folder holding odmon's package.json: seed data, rules and templates ship there. */
function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'data', 'seed'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(start, '..');
    dir = up;
  }
}

export const PACKAGE_ROOT = findPackageRoot(__dirname);
export const SEED_DIR = path.join(PACKAGE_ROOT, 'data', 'seed');
export const DEFAULT_DB = path.join(PACKAGE_ROOT, 'data', 'odmon.sqlite');
export const DEFAULT_RULES_DIR = path.join(PACKAGE_ROOT, 'rules');
export const DEFAULT_TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');
export const EXAMPLE_DIR = path.join(PACKAGE_ROOT, 'data', 'example');
/** Where messages are written as `.eml` files when no SMTP server is configured (`mail.outboxDir`). */
export const DEFAULT_OUTBOX_DIR = path.join(PACKAGE_ROOT, 'data', 'outbox');
/** The portal's update frequencies with their calendar periods (read through src/config/frequency-table.ts). */
export const FREQUENCY_TABLE = path.join(SEED_DIR, 'update-frequencies.csv');
