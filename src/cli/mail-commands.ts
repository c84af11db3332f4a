/** `odmon notify`, `digest`, `outbox` and `outbox send`: what stewards and the IT head are sent. */
import fs from 'node:fs';
import path from 'node:path';
import { deliverQueued, runDigest, runNotify, trialFor, type MailRunReport } from '../app';
import { readSource } from '../app/reads';
import { isEmail } from '../email';
import { OdmonError } from '../errors';
import { outboxView, type OutboxItem, type OutboxKind, type OutboxStatus } from '../views/outbox';
import type { CliArgs } from './args';
import { withApp } from './context';
import { at, count, trialNote } from './format';
import type { Io } from './io';
import { OPT, type CommandSpec } from './spec';

/**
 * The folder of `--preview DIR`, created if needed, checked before anything is evaluated: a file of that name,
 * or a folder odmon may not create or write, is a usage error, not a bug.
 */
function previewFolder(dir: string, cwd: string): string {
  const abs = path.resolve(cwd, dir);
  const fail = (what: string): never => {
    throw new OdmonError('E_INPUT', `--preview ${dir}: ${what}`, { hint: 'укажіть теку, у яку odmon може писати (її буде створено); нічого не записано' });
  };
  if (fs.existsSync(abs) && !fs.statSync(abs).isDirectory()) fail('це файл, а не тека');
  try {
    // Folder by folder from the nearest one that exists: Node's recursive mkdir loops for ever under /proc.
    const missing: string[] = [];
    for (let d = abs; !fs.existsSync(d); d = path.dirname(d)) missing.unshift(d);
    for (const d of missing) fs.mkdirSync(d);
    fs.accessSync(abs, fs.constants.W_OK);
  } catch (e) {
    fail(`теку не вдалося ${fs.existsSync(abs) ? 'записати' : 'створити'} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return abs;
}

function modeOf(args: CliArgs, io: Io): { preview?: string; redirectTo?: string; dryRun: boolean; force: boolean } {
  if (args.preview !== undefined && args.redirectAllTo !== undefined) {
    throw new OdmonError('E_USAGE', '--preview і --redirect-all-to не можна вказати разом', { hint: '--preview записує листи у файли, --redirect-all-to надсилає їх на одну адресу' });
  }
  if (args.redirectAllTo !== undefined && !isEmail(args.redirectAllTo)) {
    throw new OdmonError('E_USAGE', `--redirect-all-to ${JSON.stringify(args.redirectAllTo)} — не адреса електронної пошти`, { hint: 'наприклад: --redirect-all-to it-head@example.org' });
  }
  const preview = args.preview === undefined ? undefined : previewFolder(args.preview, io.cwd);
  return { preview, redirectTo: args.redirectAllTo, dryRun: args.dryRun ?? false, force: args.force ?? false };
}

const letters = (n: number): string => count(n, 'лист', 'листи', 'листів');

/**
 * What a mail run did, for people. `toFolder`: e-mail goes to .eml files (no SMTP server is set), which decides
 * the hint when the e-mail channel's settings stop it.
 */
function report(io: Io, r: MailRunReport, toFolder: boolean): number {
  for (const p of r.ruleProblems) io.err(`warning: ${p}\n`);
  if (r.trial) io.err(trialNote(r.trial, true));
  if (r.heldBack) io.err(`warning: повідомлення розпорядникам затримано: ${r.heldBack}. Керівника ІТ повідомлено; якщо зміна реєстру навмисна, запустіть із --force.\n`);
  const verb = r.mode === 'dry-run' ? 'Буде поставлено в чергу' : r.mode === 'preview' ? 'Перегляд' : 'У черзі';
  for (const m of r.messages) {
    const to = m.to.length > 0 ? m.to.join(', ') : '(одержувача не вказано)';
    io.out(`${verb}: ${to}${m.cc.length ? ` (копія: ${m.cc.join(', ')})` : ''}: ${m.subject}\n`);
  }
  if (r.previewDir) io.out(`У теку ${r.previewDir} записано ${letters(r.messages.length)}; у базу нічого не записано.\n`);
  // A preview is how an IT head tries odmon before settings are complete: it is shown, and the missing address named.
  if (r.messages.some((m) => m.kind === 'digest' && (m.channel ?? 'email') === 'email' && m.to.length === 0)) {
    io.err('warning: адресу керівника ІТ не вказано, тому зведення показано лише для перегляду; щоб odmon надсилав його, укажіть адресу в mail.itHead (odmon.config.json) або ODMON_IT_HEAD.\n');
  }
  if (r.delivery) {
    const d = r.delivery;
    io.out(`Доставка (${r.target ?? ''}): надіслано — ${d.sent}, повторити пізніше — ${d.retried}, не вдалося — ${d.failed}, чекають черги — ${d.remaining}.\n`);
    if (d.configError) {
      const mailHint = toFolder ? 'перевірте mail.outboxDir / ODMON_OUTBOX_DIR: це має бути тека, у яку odmon може писати' : 'перевірте mail.smtpUrl / ODMON_SMTP_URL';
      const hints = (d.stopped ?? ['email']).map((c) => (c === 'email' ? mailHint : `перевірте налаштування каналу ${CHANNEL_WORDS[c] ?? c} (docs/settings.md)`));
      throw new OdmonError('E_MAIL', `повідомлення не надіслано: ${d.configError}`, {
        hint: `${hints.join('; ')}; повідомлення лишаються в черзі й підуть під час наступного запуску`,
      });
    }
    if (d.retried > 0) io.err(`warning: ${letters(d.retried)} не вдалося доставити зараз; odmon спробує ще раз пізніше.\n`);
  }
  return 0;
}

const STATUS_WORDS: Readonly<Record<OutboxStatus, string>> = { pending: 'очікує', sending: 'надсилається', failed: 'не вдалося', sent: 'надіслано' };
const KIND_WORDS: Readonly<Record<OutboxKind, string>> = { notice: 'повідомлення', digest: 'зведення' };
/** The channels by name, as people are told about them. */
const CHANNEL_WORDS: Readonly<Record<string, string>> = { email: 'e-mail', telegram: 'Telegram' };

/** Whom a message goes to: e-mail addresses as they are, a chat with its channel named (`Telegram, чат 123456789`). */
function recipientsText(m: OutboxItem): string {
  if (m.channel === 'email') return m.to.join(', ');
  const to = m.to.join(', ');
  return m.channel === 'telegram' ? `Telegram, чат ${to}` : `${CHANNEL_WORDS[m.channel] ?? m.channel}: ${to}`;
}

function countsLine(c: Readonly<Record<OutboxStatus, number>>): string {
  return `Черга листів: очікують — ${c.pending}, надсилаються — ${c.sending}, не вдалося — ${c.failed}, надіслано — ${c.sent}`;
}

function messageLines(m: OutboxItem): string {
  const when = m.status === 'sent' && m.sentAt ? ` · надіслано ${at(m.sentAt)}` : m.status === 'pending' && m.nextAttemptAt ? ` · наступна спроба ${at(m.nextAttemptAt)}` : '';
  return `${STATUS_WORDS[m.status].padEnd(12)} #${m.id} ${KIND_WORDS[m.kind]} → ${recipientsText(m)} · спроб: ${m.attempts}${when}${m.lastError ? ` · помилка: ${m.lastError}` : ''}\n    ${m.subject}\n`;
}

const MAIL_MODES = [OPT.now, OPT.dryRun, OPT.preview, OPT.redirect];

export const MAIL_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'notify',
    summary: 'надіслати розпорядникам належні повідомлення',
    details: [
      'Оцінює правила, ставить у чергу належні повідомлення і доставляє чергу.',
      'Двічі поспіль друга спроба нічого не надсилає. Якщо реєстр порожній або зменшився більш ніж удвічі,',
      'повідомлення розпорядникам затримуються, а керівник ІТ отримує лист із поясненням (--force: надіслати все одно).',
    ],
    options: [...MAIL_MODES, { flags: '--force', description: 'надіслати, навіть якщо реєстр зменшився більш ніж удвічі (зміна навмисна)' }],
    examples: ['notify', 'notify --dry-run', 'notify --now 2026-11-27T09:00 --preview preview/'],
    group: 'check',
    run: (args, io, now) => {
      const mode = modeOf(args, io);
      return withApp(args, io, now, async (app) => report(io, await runNotify(app, now, mode), app.config.mail.smtpUrl === null));
    },
  },
  {
    name: 'digest',
    summary: 'оцінити правила і надіслати керівнику ІТ зведення зараз',
    details: ['Адресу бере з mail.itHead / ODMON_IT_HEAD.'],
    options: MAIL_MODES,
    examples: ['digest', 'digest --preview preview/', 'digest --redirect-all-to me@example.org'],
    group: 'check',
    run: (args, io, now) => {
      const mode = modeOf(args, io);
      return withApp(args, io, now, async (app) => report(io, await runDigest(app, now, mode), app.config.mail.smtpUrl === null));
    },
  },
  {
    name: 'outbox',
    summary: 'листи в черзі: ті, що очікують, надсилаються або не пішли',
    options: [{ ...OPT.all, description: 'показати й надіслані' }],
    examples: ['outbox', 'outbox --all', 'outbox send'],
    group: 'check',
    run: (args, io, now) =>
      withApp(args, io, now, (app) => {
        const view = outboxView(readSource(app), { all: args.all });
        io.out(`${countsLine(view.counts)}.\n`);
        for (const m of view.messages) io.out(messageLines(m));
        return 0;
      }),
  },
  {
    name: 'outbox send',
    summary: 'доставити листи з черги, час яких настав',
    options: [OPT.now],
    examples: ['outbox send'],
    group: 'check',
    run: (args, io, now) =>
      withApp(args, io, now, async (app) => {
        // Sending is for real: a trial --now (src/clock.ts) delivers nothing and says so.
        const trial = trialFor(app, now);
        if (trial !== null) {
          io.out(`${countsLine(outboxView(readSource(app)).counts)}; нічого не доставлено.\n`);
          io.err(trialNote(trial, true));
          return 0;
        }
        const r = await deliverQueued(app, now);
        return report(io, { mode: 'send', messages: [], ruleProblems: [], delivery: r.delivery, target: r.target }, app.config.mail.smtpUrl === null);
      }),
  },
];
