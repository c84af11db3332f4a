import fs from 'node:fs';
import path from 'node:path';
import type { DateTime } from 'luxon';
import { deliverQueued, runDigest, runNotify, type MailRunReport } from '../app';
import { isEmail } from '../email';
import { OdmonError } from '../errors';
import { countOutbox, listOutbox } from '../store/outbox';
import { formatDateTime, fromStoredInstant } from '../time/days';
import type { CliArgs } from './args';
import type { Io } from './commands';
import { withApp } from './context';
import { trialNote } from './format';
import { trialFor } from '../app';

/**
 * The folder of `--preview DIR`, created if needed, checked before anything is evaluated: a file of that name,
 * or a folder odmon may not create or write, is a usage error, not a bug.
 */
function previewFolder(dir: string, cwd: string): string {
  const abs = path.resolve(cwd, dir);
  const fail = (what: string): never => {
    throw new OdmonError('E_INPUT', `--preview ${dir}: ${what}`, { hint: 'name a folder odmon may write (it is created if needed); nothing was recorded' });
  };
  if (fs.existsSync(abs) && !fs.statSync(abs).isDirectory()) fail('is a file, not a folder');
  try {
    fs.mkdirSync(abs, { recursive: true });
    fs.accessSync(abs, fs.constants.W_OK);
  } catch (e) {
    fail(`the folder cannot be ${fs.existsSync(abs) ? 'written' : 'created'} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return abs;
}

function modeOf(args: CliArgs, io: Io): { preview?: string; redirectTo?: string; dryRun: boolean; force: boolean } {
  if (args.preview !== undefined && args.redirectAllTo !== undefined) {
    throw new OdmonError('E_USAGE', '--preview and --redirect-all-to cannot be used together', {
      hint: 'preview writes files; redirect sends to one address',
    });
  }
  if (args.redirectAllTo !== undefined && !isEmail(args.redirectAllTo)) {
    throw new OdmonError('E_USAGE', `--redirect-all-to ${JSON.stringify(args.redirectAllTo)} is not an e-mail address`);
  }
  const preview = args.preview === undefined ? undefined : previewFolder(args.preview, io.cwd);
  return { preview, redirectTo: args.redirectAllTo, dryRun: args.dryRun, force: args.force };
}

function report(io: Io, r: MailRunReport): number {
  for (const p of r.ruleProblems) io.err(`warning: ${p}\n`);
  if (r.trial) io.err(trialNote(r.trial, true));
  if (r.heldBack) io.err(`warning: steward notices held back: ${r.heldBack}; the IT head is told; run with --force if the change is intended\n`);
  for (const m of r.messages) io.out(`${r.mode === 'dry-run' ? 'would queue' : r.mode === 'preview' ? 'preview' : 'queued'}: ${m.to.join(', ')}${m.cc.length ? ` (cc ${m.cc.join(', ')})` : ''}: ${m.subject}\n`);
  if (r.previewDir) io.out(`${r.messages.length} message(s) written to ${r.previewDir}; nothing recorded\n`);
  if (r.delivery) {
    const d = r.delivery;
    io.out(`delivery via ${r.target}: ${d.sent} sent, ${d.retried} to retry, ${d.failed} failed, ${d.remaining} waiting\n`);
    if (d.configError) {
      const mailHint = r.target?.startsWith('folder ') ? 'check mail.outboxDir / ODMON_OUTBOX_DIR: it must be a folder odmon may write' : 'check mail.smtpUrl / ODMON_SMTP_URL';
      const hints = (d.stopped ?? ['email']).map((c) => (c === 'email' ? mailHint : `check the ${c} settings (docs/settings.md)`));
      throw new OdmonError('E_MAIL', `mail could not be sent: ${d.configError}`, {
        hint: `${hints.join('; ')}; the messages stay queued and go out on the next run`,
      });
    }
    if (d.retried > 0) io.err(`warning: ${d.retried} message(s) could not be delivered now and will be retried\n`);
  }
  return 0;
}

export async function cmdNotify(args: CliArgs, io: Io, now: DateTime): Promise<number> {
  const mode = modeOf(args, io);
  return withApp(args, io, now, async (app) => report(io, await runNotify(app, now, mode)));
}

export async function cmdDigest(args: CliArgs, io: Io, now: DateTime): Promise<number> {
  const mode = modeOf(args, io);
  return withApp(args, io, now, async (app) => report(io, await runDigest(app, now, mode)));
}

export async function cmdOutbox(args: CliArgs, io: Io, now: DateTime): Promise<number> {
  const sub = args.command[1];
  if (sub !== undefined && sub !== 'send') {
    throw new OdmonError('E_USAGE', `unknown command "outbox ${sub}"`, { hint: 'use "odmon outbox" or "odmon outbox send"' });
  }
  return withApp(args, io, now, async (app) => {
    if (sub === 'send') {
      // Sending is for real: a trial --now (src/clock.ts) delivers nothing and says so.
      const trial = trialFor(app, now);
      if (trial !== null) {
        const c = countOutbox(app.db);
        io.out(`outbox: ${c.pending} pending, ${c.sending} sending, ${c.failed} failed, ${c.sent} sent; nothing delivered\n`);
        io.err(trialNote(trial, true));
        return 0;
      }
      const r = await deliverQueued(app, now);
      return report(io, { mode: 'send', messages: [], ruleProblems: [], delivery: r.delivery, target: r.target });
    }
    const counts = countOutbox(app.db);
    io.out(`outbox: ${counts.pending} pending, ${counts.sending} sending, ${counts.failed} failed, ${counts.sent} sent\n`);
    const rows = [
      ...listOutbox(app.db, { status: 'sending' }),
      ...listOutbox(app.db, { status: 'pending' }),
      ...listOutbox(app.db, { status: 'failed' }),
      ...(args.all ? listOutbox(app.db, { status: 'sent' }) : []),
    ];
    for (const m of rows) {
      const when = m.status === 'sent' && m.sentAt ? `sent ${formatDateTime(fromStoredInstant(m.sentAt))}` : m.nextAttemptAt && m.status === 'pending' ? `next ${formatDateTime(fromStoredInstant(m.nextAttemptAt))}` : m.status;
      io.out(`${m.status.padEnd(7)} #${m.id} ${m.kind} to ${m.to.join(', ')} · attempts ${m.attempts} · ${when}${m.lastError ? ` · ${m.lastError}` : ''}\n    ${m.subject}\n`);
    }
    return 0;
  });
}
