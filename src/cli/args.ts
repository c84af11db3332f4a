import { parseArgs } from 'node:util';
import { OdmonError } from '../errors';

export interface CliArgs {
  readonly command: string[];
  readonly db?: string;
  readonly config?: string;
  readonly now?: string;
  readonly json: boolean;
  readonly steward?: string;
  readonly verbose: boolean;
  readonly example: boolean;
  readonly help: boolean;
}

/** One flag table for every command; each command says which it reads. */
export function parseCli(argv: readonly string[]): CliArgs {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        db: { type: 'string' },
        config: { type: 'string' },
        now: { type: 'string' },
        json: { type: 'boolean', default: false },
        steward: { type: 'string' },
        verbose: { type: 'boolean', short: 'v', default: false },
        example: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    return {
      command: positionals,
      db: values.db,
      config: values.config,
      now: values.now,
      json: values.json ?? false,
      steward: values.steward,
      verbose: values.verbose ?? false,
      example: values.example ?? false,
      help: values.help ?? false,
    };
  } catch (cause) {
    throw new OdmonError('E_USAGE', (cause as Error).message, { hint: 'run "odmon --help" for the commands and options', cause });
  }
}

export const USAGE = `odmon — open data compliance monitor

Usage:
  odmon init [--example]              create or migrate the database and load the seed
                                      (--example also imports data/example/)
  odmon import KIND FILE              import stewards | datasets | plan | publications (.csv or .json)
  odmon check [--now T] [--json] [--steward ID]
                                      evaluate every rule as of T and record the findings
  odmon rules check                   validate rules/*.json and report every problem

Options:
  --db FILE        the SQLite database (default data/odmon.sqlite; env ODMON_DB)
  --config FILE    the config file (default odmon.config.json; env ODMON_CONFIG)
  --now T          evaluate as of T: 2019-07-01 (00:00 Kyiv) or 2019-07-01T09:00
  --json           print findings as JSON on stdout (logs stay on stderr)
  --steward ID     show only the findings of this steward
  -v, --verbose    print stack traces with errors
  -h, --help       this text
`;
