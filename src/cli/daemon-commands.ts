/** `odmon daemon`, `odmon status` and `odmon backup`: running odmon on a server. */
import type { DateTime } from 'luxon';
import path from 'node:path';
import { openApp } from '../app';
import { backupDatabase } from '../app/backup';
import { readSource } from '../app/reads';
import { secretsOfSettings } from '../app/settings';
import { systemClock } from '../clock';
import { jsonLogger } from '../log';
import { OdmonError } from '../errors';
import type { DeathSign, HealthProblem } from '../views/health';
import { hashPassword } from '../web/auth';
import { statusView } from '../views/status';
import type { CliArgs } from './args';
import { configOf, withApp } from './context';
import { JOBS_UK } from '../uk';
import { at } from './format';
import type { Io } from './io';
import { OPT, type CommandSpec } from './spec';

/** `odmon daemon` (and `npm start`): runs until SIGTERM or SIGINT; resolves to the exit code. */
async function daemon(args: CliArgs, io: Io): Promise<number> {
  const config = configOf(args, io);
  const log = jsonLogger((line) => io.err(line), {}, secretsOfSettings(config));
  // The daemon and the web server are loaded by the commands that run them: every other command starts without them.
  const { Daemon } = await import('../daemon/daemon');
  const d = new Daemon({ config, clock: systemClock, log });
  const onSignal = (signal: NodeJS.Signals): void => {
    void d.stop(signal);
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    // The exit waits for the stop, not for start(): a signal during the first catch-up must still end the
    // process within stopTimeoutMs, and a daemon that stops by itself (its lock was taken over) must end it too.
    return await Promise.race([d.start().then(() => d.stopped), d.stopped]);
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

/** The port of `--port`, else `web.port`, else 8080; 0 takes any free port. */
function portOf(text: string | undefined, configured: number | null): number {
  if (text === undefined) return configured ?? 8080;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    throw new OdmonError('E_USAGE', `--port "${text}" — не номер порту`, { hint: 'номер від 1 до 65535, наприклад --port 8080 (0 — будь-який вільний)' });
  }
  return Number(text);
}

/** `odmon serve`: the web dashboard until SIGTERM or SIGINT, then a clean stop (connections in flight finish). */
async function serve(args: CliArgs, io: Io): Promise<number> {
  const config = configOf(args, io);
  const port = portOf(args.port, config.web.port);
  const host = args.host ?? config.web.host;
  const log = jsonLogger((line) => io.err(line), {}, secretsOfSettings(config));
  const { SERVE_HEAP_BUDGET_MB, startWeb } = await import('../web/serve');
  const web = await startWeb(config, { port, host, clock: systemClock, log, warm: 'before', heapBudgetMb: SERVE_HEAP_BUDGET_MB });
  const admin = config.web.adminPassword !== null || config.web.adminPasswordHash !== null;
  io.out(`Веб-панель: ${web.url}\n`);
  io.out(admin ? `Службові сторінки: ${web.url}admin/ (користувач admin).\n` : 'Службові сторінки вимкнено: пароль не задано (ODMON_WEB_ADMIN_PASSWORD або web.adminPasswordHash).\n');
  io.out('Зупинити: Ctrl+C або SIGTERM.\n');
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const on = (s: NodeJS.Signals): void => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(s);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
  log.info('web.stopping', { signal });
  await web.close();
  log.info('web.stopped', {});
  return 0;
}

/** `odmon password-hash`: the scrypt hash of ODMON_WEB_ADMIN_PASSWORD, for web.adminPasswordHash. */
function passwordHash(args: CliArgs, io: Io): number {
  const config = configOf(args, io);
  const password = config.web.adminPassword;
  if (password === null) {
    throw new OdmonError('E_USAGE', 'пароль не задано: покладіть його у змінну ODMON_WEB_ADMIN_PASSWORD', {
      hint: 'read -rs ODMON_WEB_ADMIN_PASSWORD && export ODMON_WEB_ADMIN_PASSWORD && odmon password-hash (пароль не потрапить в історію команд)',
    });
  }
  io.out(`${hashPassword(password)}\n`);
  io.err('Впишіть цей рядок у odmon.config.json як "web": {"adminPasswordHash": "…"} і приберіть змінну ODMON_WEB_ADMIN_PASSWORD.\n');
  return 0;
}

/** A job as people are told about it: `«щотижневий огляд»` (the Telegram alert's words). */
const jobText = (name: string): string => `«${JOBS_UK[name] ?? name}»`;

const deathText = (why: DeathSign): string =>
  why.kind === 'process-gone' ? `його процесу (pid ${why.pid}) немає` : `останній сигнал був ${why.minutes} хв тому`;

/** One sentence per reason the monitor is not working. */
function problemText(p: HealthProblem): string {
  switch (p.kind) {
    case 'daemon-dead':
      return `демон не працює, хоча база даних показує, що працює (pid ${p.lock.pid} на ${p.lock.host}, останній сигнал ${at(p.lock.heartbeatAt)}): ${deathText(p.why)}`;
    case 'job-failed':
      return `завдання ${jobText(p.job)}: останній запуск (${p.lastRunAt ? at(p.lastRunAt) : '?'}) не вдався. Причина: «${p.error ?? 'не записано'}»`;
    case 'job-interrupted':
      return `завдання ${jobText(p.job)}: запуск, почато ${at(p.since)}, перервано (демон зупинився, не завершивши його)`;
    case 'jobs-overdue':
      return `завдань, прострочених більше ніж на свій період: ${p.count}. Чи працює демон?`;
  }
}

const STATUS_WORDS: Readonly<Record<string, string>> = { ok: 'успішно', failed: 'з помилкою', skipped: 'пропущено' };

/**
 * `odmon status`: whether the daemon runs, the last and next run of every job, open findings by rule, the
 * outbox. Exits 2, saying why on stderr, when the monitor is not working (src/views/health.ts): a job's last
 * run failed, a job is overdue by more than its period, or the daemon is not running while its lock says it is.
 */
function status(args: CliArgs, io: Io, now: DateTime): number {
  const app = openApp(configOf(args, io), now, { clock: io.clock });
  try {
    const s = statusView(readSource(app), now, app.clock.now().toMillis());
    const d = s.daemon;
    io.out(
      d.kind === 'running'
        ? `Демон: працює, pid ${d.lock.pid} на ${d.lock.host}, з ${at(d.lock.startedAt)}, останній сигнал ${at(d.lock.heartbeatAt)}.\n`
        : d.kind === 'dead'
          ? `Демон: НЕ ПРАЦЮЄ, хоча не зупинився як слід (pid ${d.lock.pid} на ${d.lock.host}, останній сигнал ${at(d.lock.heartbeatAt)}): ${deathText(d.why)}.\n`
          : 'Демон: не працює.\n',
    );
    if (s.jobs.length === 0) io.out('Завдання: жодне ще не запускалося (запустіть демон: npm start або odmon daemon).\n');
    for (const { job: j, overdue, failed, running, interrupted } of s.jobs) {
      const last = j.lastRunAt ? `${at(j.lastRunAt)}${j.lastStatus ? `, ${STATUS_WORDS[j.lastStatus] ?? j.lastStatus}` : ''}` : 'ще не запускалося';
      const marks = [
        failed ? ' · ОСТАННІЙ ЗАПУСК НЕВДАЛИЙ' : '',
        overdue ? ' · ПРОСТРОЧЕНО' : '',
        running ? ` · виконується з ${at(j.runningSince as string)}` : '',
        interrupted ? ` · ПЕРЕРВАНО ${at(j.runningSince as string)}` : '',
      ].join('');
      io.out(`Завдання ${jobText(j.name)}: востаннє ${last}${j.lastError ? ` («${j.lastError}»)` : ''} · наступне: ${j.nextDueAt ? at(j.nextDueAt) : '—'}${marks}\n`);
    }
    io.out(`Відкритих порушень: ${s.findings.open}\n`);
    for (const r of s.findings.byRule) io.out(`  ${r.rule}: ${r.count}\n`);
    const o = s.outbox;
    io.out(`Черга листів: очікують — ${o.pending}, надсилаються — ${o.sending}, не вдалося — ${o.failed}, надіслано — ${o.sent}.\n`);
    if (s.problems.length > 0) {
      for (const p of s.problems) io.err(`error: ${problemText(p)}\n`);
      io.err(
        `hint: ${d.kind === 'running' ? 'перегляньте журнал демона' : 'запустіть демон (systemctl start odmon або npm start) і перегляньте його журнал'} (journalctl -u odmon); невдале завдання запуститься знову в свій наступний час\n`,
      );
      return 2;
    }
    return 0;
  } finally {
    app.close();
  }
}

export const DAEMON_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'serve',
    summary: 'веб-панель: стан оприлюднення для всіх і службові сторінки (до SIGTERM/SIGINT)',
    details: [
      'Публічні сторінки (без персональних даних): огляд, розпорядники, набори даних, порушення, план дій, відкриті дані.',
      'Службові сторінки /admin/ (контакти, черга листів, журнал дій, підтвердження, призупинення) — з паролем:',
      'користувач admin, пароль у ODMON_WEB_ADMIN_PASSWORD або його хеш у web.adminPasswordHash; без пароля /admin/ немає.',
      'Сторінки лише показують дані станом на останню перевірку; змінюють їх команди odmon. Демон показує ті самі сторінки, коли задано web.port.',
    ],
    options: [
      { flags: '--port <PORT>', description: 'порт (типово web.port, інакше 8080; 0 — будь-який вільний)' },
      { flags: '--host <HOST>', description: 'адреса (типово web.host: 127.0.0.1; 0.0.0.0 — усі інтерфейси)' },
    ],
    examples: ['serve', 'serve --port 8080 --host 0.0.0.0'],
    group: 'operations',
    run: (args, io) => serve(args, io),
  },
  {
    name: 'password-hash',
    summary: 'хеш пароля службових сторінок для web.adminPasswordHash (пароль — зі змінної ODMON_WEB_ADMIN_PASSWORD)',
    details: ['Так у файлі налаштувань зберігається лише хеш (scrypt), а не сам пароль.'],
    options: [],
    examples: ['password-hash'],
    group: 'operations',
    run: (args, io) => passwordHash(args, io),
  },
  {
    name: 'daemon',
    summary: 'працювати за розкладом до SIGTERM/SIGINT (як npm start)',
    details: [
      'Синхронізація з порталом, повідомлення розпорядникам і зведення — у час, заданий у schedule.*.',
      'Журнал — рядки JSON у stderr (англійською, для journalctl і систем моніторингу).',
    ],
    options: [],
    examples: ['daemon'],
    group: 'operations',
    run: (args, io) => daemon(args, io),
  },
  {
    name: 'status',
    summary: 'чи працює монітор: демон, завдання, порушення, черга листів',
    details: [
      'Показує, чи працює демон, останній і наступний запуск кожного завдання, відкриті порушення за правилами і чергу листів.',
      'Код виходу 0, коли монітор працює, і 2, коли ні: останній запуск завдання не вдався, завдання прострочене,',
      'або демон не працює, хоча його блокування в базі лишилося. Кожну причину названо в stderr рядком error:.',
    ],
    options: [OPT.now],
    examples: ['status', 'status >/dev/null || echo "odmon потребує уваги"'],
    group: 'operations',
    run: status,
  },
  {
    name: 'backup',
    args: '<FILE>',
    summary: 'зробити резервну копію бази даних (і під час роботи демона)',
    details: ['Онлайн-резервування SQLite: копія узгоджена, навіть коли демон пише. FILE не може бути самою базою.'],
    options: [],
    examples: ['backup /backup/odmon-2026-11-27.sqlite'],
    group: 'operations',
    run: (args, io, now) => {
      const target = args.command[1];
      return withApp(args, io, now, async (app) => {
        await backupDatabase(app, path.resolve(io.cwd, target), target);
        io.out(`Резервну копію ${app.config.db} записано у ${path.resolve(io.cwd, target)}.\n`);
        return 0;
      });
    },
  },
];
