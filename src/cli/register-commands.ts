/** `odmon export KIND FILE` and `odmon steward merge OLD NEW`. */
import path from 'node:path';
import type { DateTime } from 'luxon';
import { systemClock } from '../clock';
import { OdmonError } from '../errors';
import { actorFrom } from '../exemptions/actions';
import { exportRegister } from '../export/write';
import { IMPORT_KINDS, type ImportKind } from '../import/kinds';
import { mergeStewards } from '../register/merge';
import type { MoveCounts } from '../store/steward-moves';
import type { CliArgs } from './args';
import type { Io } from './commands';
import { withApp } from './context';

/** `odmon export stewards|datasets|publications|plan FILE` (.xlsx, .csv or .json). */
export function cmdExport(args: CliArgs, io: Io, now: DateTime): Promise<number> {
  const [, kind, file, ...rest] = args.command;
  if (!kind || !file || rest.length > 0 || !(IMPORT_KINDS as readonly string[]).includes(kind)) {
    throw new OdmonError('E_USAGE', `usage: odmon export ${IMPORT_KINDS.join('|')} FILE`, {
      hint: 'FILE ends in .xlsx (to fill in and import back), .csv or .json, e.g. odmon export datasets register.xlsx',
    });
  }
  return withApp(args, io, now, async (app) => {
    const target = path.resolve(io.cwd, file);
    const r = await exportRegister(app.db, kind as ImportKind, target, app.frequencies, file);
    io.out(`${file}: ${r.kind}: ${r.rows} row(s) written (${r.format}); fill it in and import it back with: odmon import ${r.kind} ${file}\n`);
    return 0;
  });
}

function movedText(m: MoveCounts): string {
  return [
    `${m.datasets} dataset(s)`,
    `${m.tasks} plan task(s)`,
    `${m.findings} finding(s)`,
    `${m.notices} notice record(s)`,
    `${m.snoozes} snooze(s)`,
    `${m.acknowledgements} acknowledgement(s)`,
    `${m.snapshots} quarterly snapshot(s)`,
    `${m.messages} message(s)`,
  ].join(', ');
}

/** `odmon steward merge OLD NEW [--by NAME] [--reason TEXT] [--dry-run]` */
export function cmdSteward(args: CliArgs, io: Io, now: DateTime): number {
  const [, sub, from, to, ...rest] = args.command;
  if (sub !== 'merge' || !from || !to || rest.length > 0) {
    throw new OdmonError('E_USAGE', 'usage: odmon steward merge OLD NEW [--by NAME] [--reason TEXT] [--dry-run]', {
      hint: 'moves everything of unit OLD to unit NEW and removes OLD, e.g. odmon steward merge it itd',
    });
  }
  return withApp(args, io, now, (app) => {
    const r = mergeStewards(app.db, {
      from,
      to,
      actor: actorFrom(args.by, io.env),
      reason: args.reason?.trim() || null,
      at: systemClock.now(),
      dryRun: args.dryRun,
    });
    const what = `"${r.from}" (${r.fromName}) into "${r.to}" (${r.toName})`;
    if (args.dryRun) io.out(`dry run (nothing changed): merging ${what} would move ${movedText(r.moved)}\n`);
    else io.out(`merged ${what}: moved ${movedText(r.moved)}; "${r.from}" is removed; recorded in the log\n`);
    return 0;
  });
}
