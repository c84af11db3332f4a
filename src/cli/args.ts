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
  readonly dryRun: boolean;
  readonly preview?: string;
  readonly redirectAllTo?: string;
  readonly all: boolean;
  /** odmon sync: the portal and organizations, overriding the config. */
  readonly portal?: string;
  readonly org?: readonly string[];
  /** odmon link DATASET_ID --unlink */
  readonly unlink: boolean;
  readonly force: boolean;
  /** Exemptions, plan progress, reports and the audit log (src/cli/exemption-commands.ts, report-commands.ts). */
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
  /** odmon import: the sheet of a workbook; odmon sync: adopt the portal's datasets into the register. */
  readonly sheet?: string;
  readonly adopt: boolean;
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
        'dry-run': { type: 'boolean', default: false },
        preview: { type: 'string' },
        'redirect-all-to': { type: 'string' },
        all: { type: 'boolean', default: false },
        portal: { type: 'string' },
        org: { type: 'string', multiple: true },
        unlink: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        basis: { type: 'string' },
        'review-by': { type: 'string' },
        until: { type: 'string' },
        reason: { type: 'string' },
        by: { type: 'string' },
        comment: { type: 'string' },
        at: { type: 'string' },
        evidence: { type: 'string' },
        year: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        since: { type: 'string' },
        limit: { type: 'string' },
        sheet: { type: 'string' },
        adopt: { type: 'boolean', default: false },
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
      dryRun: values['dry-run'] ?? false,
      preview: values.preview,
      redirectAllTo: values['redirect-all-to'],
      all: values.all ?? false,
      portal: values.portal,
      org: values.org,
      unlink: values.unlink ?? false,
      force: values.force ?? false,
      basis: values.basis,
      reviewBy: values['review-by'],
      until: values.until,
      reason: values.reason,
      by: values.by,
      comment: values.comment,
      at: values.at,
      evidence: values.evidence,
      year: values.year,
      format: values.format,
      out: values.out,
      since: values.since,
      limit: values.limit,
      sheet: values.sheet,
      adopt: values.adopt ?? false,
    };
  } catch (cause) {
    throw new OdmonError('E_USAGE', (cause as Error).message, { hint: 'run "odmon --help" for the commands and options', cause });
  }
}

export const USAGE = `odmon — open data compliance monitor

Usage:
  odmon init [--example]              create or migrate the database and load the seed
                                      (--example also imports data/example/)
  odmon import KIND FILE [--sheet NAME]
                                      import stewards | datasets | plan | publications from .xlsx,
                                      .csv (separator and encoding detected) or .json
  odmon export KIND FILE              write stewards | datasets | plan | publications as .xlsx, .csv or
                                      .json (from FILE's extension): fill it in and import it back
  odmon steward merge OLD NEW [--by NAME] [--reason TEXT]
                                      fold unit OLD into NEW: its datasets, plan tasks, findings, history
  odmon check [--now T] [--json] [--steward ID]
                                      evaluate every rule as of T and record the findings
  odmon rules check                   validate rules/*.json and report every problem
  odmon notify [--now T] [--dry-run] [--preview DIR] [--redirect-all-to ADDRESS]
                                      evaluate, queue the notices due to stewards, send them
  odmon digest [--now T] [--preview DIR] [--redirect-all-to ADDRESS]
                                      evaluate and send the IT head's digest now
  odmon outbox [--all]                list pending and failed messages (--all: sent ones too)
  odmon outbox send [--now T]         deliver the queued messages that are due
  odmon sync [--portal URL] [--org ID …] [--adopt] [--dry-run] [--json]
                                      read the open data portal (CKAN): datasets, resources, dates;
                                      --adopt: add the organization's datasets to the register
  odmon link DATASET_ID PORTAL_ID     link a register entry to a portal dataset (--unlink: remove the link)
  odmon daemon                        run the schedule until SIGTERM/SIGINT (npm start)
  odmon status                        jobs, findings and outbox; exit 2 if a job is overdue
  odmon backup FILE                   copy the database safely, even while the daemon runs
  odmon findings [--steward ID] [--json]
                                      open findings with their ids, snoozes and acknowledgements
  odmon suspend DATASET_ID --basis TEXT --review-by DATE [--since DATE] [--by NAME]
                                      withhold a dataset on purpose (martial law): reported as suspended
  odmon resume DATASET_ID [--reason TEXT] [--by NAME]
                                      lift a suspension
  odmon suspensions [--all]           suspended datasets, their basis and review day (--all: lifted ones too)
  odmon snooze (FINDING | --steward ID) --until DATE --reason TEXT [--by NAME]
                                      no notices about it through DATE; resolutions are still told
  odmon unsnooze (FINDING | --steward ID) [--reason TEXT] [--by NAME]
                                      end a snooze early
  odmon snoozes                       the snoozes still running
  odmon ack FINDING --by NAME [--comment TEXT] [--steward ID]
                                      record that a steward knows; repeated every notify.ackRepeatDays
  odmon task list [--json]            plan tasks: deadline, status, who is responsible
  odmon task done ID --at DATE [--evidence TEXT] [--by NAME]
  odmon task reopen ID [--reason TEXT] [--by NAME]
  odmon history [--steward ID]        quarterly compliance snapshots
  odmon report annual --year Y [--format md|html|csv|pdf] [--out FILE]
                                      the yearly report of plan task 2.2, in Ukrainian
  odmon log [--since DATE] [--limit N] [--json]
                                      who suspended, snoozed, acknowledged or changed a task, when and why

Options:
  --db FILE        the SQLite database (default data/odmon.sqlite; env ODMON_DB)
  --config FILE    the config file (default odmon.config.json; env ODMON_CONFIG)
  --now T          evaluate as of T: 2019-07-01 (00:00 Kyiv) or 2019-07-01T09:00
  --json           print findings as JSON on stdout (logs stay on stderr)
  --steward ID     show only the findings of this steward
  --sheet NAME     import: the sheet of the workbook to read (default: the first)
  --adopt          sync: every portal dataset no register entry links to becomes one (or links a
                   required entry whose title matches it)
  --dry-run        show what notify would queue, or what sync would change; write nothing, send nothing
  --force          notify even though the register shrank by more than half (the sanity guard)
  --preview DIR    write the messages as .eml files into DIR instead of sending; record nothing
  --portal URL     sync this portal instead of portal.url
  --org ID         sync this organization (id or name; repeat for several) instead of portal.organizations
  --unlink         link: remove the register entry's link to the portal
  --redirect-all-to ADDRESS
                   send everything to this one address (for trying odmon out); record nothing
  FINDING          a finding id (odmon findings) or RULE:SUBJECT_TYPE:SUBJECT_ID of an open one
  DATE             2019-07-05 or 05.07.2019 (a Kyiv day), or 2019-07-05T14:30
  --by NAME        who decides (default: ODMON_ACTOR, else the login name); for ack: who acknowledged
  -v, --verbose    print stack traces with errors
  -h, --help       this text
`;
