/**
 * What a command receives: its path and positional arguments, and the options it declares (src/cli/spec.ts)
 * plus the options every command takes. An option a command does not declare never reaches it: the parser
 * refuses it (src/cli/parser.ts).
 */
export interface CliArgs {
  /** The command's words and then its positional arguments: `['task', 'done', '1.3']`. */
  readonly command: readonly string[];
  readonly db?: string;
  readonly config?: string;
  readonly verbose?: boolean;
  readonly now?: string;
  readonly json?: boolean;
  readonly steward?: string;
  readonly rule?: string;
  readonly severity?: string;
  readonly example?: boolean;
  readonly dryRun?: boolean;
  readonly preview?: string;
  readonly redirectAllTo?: string;
  readonly all?: boolean;
  readonly portal?: string;
  readonly org?: readonly string[];
  readonly unlink?: boolean;
  readonly force?: boolean;
  readonly basis?: string;
  readonly reviewBy?: string;
  readonly until?: string;
  readonly reason?: string;
  readonly by?: string;
  readonly comment?: string;
  readonly at?: string;
  readonly evidence?: string;
  readonly year?: string;
  readonly format?: string;
  readonly out?: string;
  readonly since?: string;
  readonly limit?: string;
  readonly sheet?: string;
  readonly adopt?: boolean;
  readonly port?: string;
  readonly host?: string;
}
