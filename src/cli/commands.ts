import fs from 'node:fs';
import path from 'node:path';
import type { DateTime } from 'luxon';
import type { Clock } from '../clock';
import { importExample, recordQuarterHistory, runCheck, runImport, trialFor, withoutTrace } from '../app';
import { OdmonError } from '../errors';
import { IMPORT_KINDS, type ImportKind, type ImportReport } from '../import/import';
import { loadRules } from '../rules/load';
import { listStewards } from '../store/stewards';
import { actorFrom } from '../exemptions/actions';
import { formatDateTime } from '../time/days';
import type { CliArgs } from './args';
import { configOf, withApp, withRecording } from './context';
import { findingJson, formatCheck, trialNote } from './format';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** The real clock (default: the system's). `run` reads it once and hands every command that reading. */
  readonly clock?: Clock;
}

/** The summary of one import: the file and what was detected in it, the counts, and every seeded unit that took a council's id. */
export function importLines(r: ImportReport): string {
  const extra = r.publications > 0 && r.kind !== 'publications' ? `, ${r.publications} publication(s) added to the history` : '';
  const lines = [`${r.file} (${r.detected}): ${r.kind}: ${r.rows} row(s): ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged${extra}`];
  for (const x of r.renamed) lines.push(`unit "${x.from}" is now "${x.to}" (${x.name}): its plan tasks, datasets and findings follow it`);
  return lines.map((l) => l + '\n').join('');
}

export function cmdInit(args: CliArgs, io: Io, now: DateTime): Promise<number> {
  return withRecording(args, io, now, (app) => {
    io.out(`database: ${app.config.db}${app.created ? ' (created)' : ''}\n`);
    if (app.seed.seeded) {
      io.out(`seeded: ${app.seed.stewards} units of the plan, ${app.seed.tasks} plan tasks, ${app.seed.datasets} datasets required by Resolution 835\n`);
    } else io.out('already initialised: nothing to seed\n');
    if (args.example) for (const r of importExample(app, now)) io.out(importLines(r));
    return 0;
  });
}

export function cmdImport(args: CliArgs, io: Io, now: DateTime): Promise<number> {
  const [, kind, file, ...rest] = args.command;
  if (!kind || !file || rest.length > 0 || !(IMPORT_KINDS as readonly string[]).includes(kind)) {
    throw new OdmonError('E_USAGE', `usage: odmon import ${IMPORT_KINDS.join('|')} FILE [--sheet NAME]`, {
      hint: 'import stewards first, then datasets, publications and the plan that name them',
    });
  }
  return withRecording(args, io, now, async (app) => {
    const actor = actorFrom(args.by, io.env);
    // Read from the command's folder, named in messages as typed.
    io.out(importLines(await runImport(app, kind as ImportKind, path.resolve(io.cwd, file), now, { sheet: args.sheet, actor, shownAs: file })));
    return 0;
  });
}

export function cmdCheck(args: CliArgs, io: Io, now: DateTime): Promise<number> {
  return withApp(args, io, now, async (app) => {
    // An unknown --steward is refused before anything is evaluated or recorded.
    const known = listStewards(app.db);
    if (args.steward !== undefined && !known.some((s) => s.id === args.steward)) {
      throw new OdmonError('E_NOT_FOUND', `steward "${args.steward}" is not in the register`, {
        hint: `known: ${known.map((s) => s.id).join(', ')}`,
      });
    }
    // A check whose --now is later than the real clock, or earlier than the last recorded run, is a trial:
    // it evaluates and prints, and everything it would record is rolled back (src/clock.ts).
    const trial = trialFor(app, now);
    const result = trial
      ? await withoutTrace(app, () => runCheck(app, now))
      : (recordQuarterHistory(app, now), await runCheck(app, now));
    for (const p of result.ruleProblems) io.err(`warning: ${p}\n`);
    const shown =
      args.steward === undefined ? result.findings : result.findings.filter((f) => f.stewards.includes(args.steward as string));
    if (args.json) io.out(JSON.stringify(shown.map(findingJson), null, 2) + '\n');
    else io.out(formatCheck(now, shown, result.stewards, result.outcome, args.steward));
    io.err(
      `check as of ${formatDateTime(now)} Kyiv: ${result.findings.length} open, ${result.outcome.opened} new, ${result.outcome.resolved} resolved` +
        (result.outcome.suspended ? `, ${result.outcome.suspended} ended by a suspension` : '') +
        (result.ruleProblems.length ? `, ${result.ruleProblems.length} rule problem(s)` : '') +
        '\n',
    );
    if (trial) io.err(trialNote(trial));
    return 0;
  });
}

export function cmdRulesCheck(args: CliArgs, io: Io): number {
  const config = configOf(args, io);
  const loaded = loadRules(config.rulesDir);
  if (loaded.problems.length > 0) {
    throw new OdmonError('E_RULES', `${loaded.problems.length} problem(s) in ${config.rulesDir}:\n  ${loaded.problems.join('\n  ')}`, {
      problems: loaded.problems,
      hint: 'the rules without problems still run; the README explains the rule format',
    });
  }
  io.out(`${loaded.rules.length} rule(s) in ${loaded.files.length} file(s): OK\n`);
  for (const r of loaded.rules) io.out(`  ${r.name} (${r.subject}, ${r.severity})\n`);
  return 0;
}

/** True when `file` is the database or one of SQLite's files beside it: by path, or by inode (a link). */
function sameFile(file: string, db: string): boolean {
  const real = (p: string): string => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.join(fs.existsSync(path.dirname(p)) ? fs.realpathSync(path.dirname(p)) : path.dirname(p), path.basename(p));
    }
  };
  const target = real(file);
  const own = [db, `${db}-wal`, `${db}-shm`, `${db}-journal`].map(real);
  if (own.includes(target)) return true;
  try {
    const a = fs.statSync(file);
    const b = fs.statSync(db);
    return a.dev === b.dev && a.ino === b.ino;
  } catch {
    return false;
  }
}

/** `odmon backup FILE`: SQLite's online backup, consistent even while the daemon writes. */
export function cmdBackup(args: CliArgs, io: Io, now: DateTime): Promise<number> {
  const target = args.command[1];
  if (!target || args.command.length > 2) throw new OdmonError('E_USAGE', 'usage: odmon backup FILE', { hint: 'e.g. odmon backup /backup/odmon-2026-11-27.sqlite' });
  const file = path.resolve(io.cwd, target);
  return withApp(args, io, now, async (app) => {
    if (sameFile(file, app.config.db)) {
      throw new OdmonError('E_INPUT', `backup ${target}: that is the database itself (${app.config.db}), or one of its -wal, -shm or -journal files`, {
        hint: 'name another file, e.g. /backup/odmon-2026-11-27.sqlite; nothing was written',
      });
    }
    try {
      await app.db.backup(file);
    } catch (cause) {
      throw new OdmonError('E_DB', `backup to ${target} failed: ${(cause as Error).message}`, { hint: 'check that the folder exists and is writable', cause });
    }
    io.out(`backup of ${app.config.db} written to ${file}\n`);
    return 0;
  });
}
