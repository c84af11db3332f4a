/** `odmon sync` and `odmon link`: evidence from the open data portal. */
import type { DateTime } from 'luxon';
import { runSync } from '../app';
import { actorFrom } from '../app/decisions';
import { linkToPortal, unlinkFromPortal, type AdoptionReport, type SyncEvent, type SyncReport } from '../app/portal';
import { OdmonError } from '../errors';
import { redactUrl } from '../redact';
import type { CliArgs } from './args';
import { withApp, withRecording } from './context';
import { at, count, day, trialNote } from './format';
import type { Io } from './io';
import { OPT, type CommandSpec } from './spec';

export interface Progress {
  event(e: SyncEvent): void;
  done(): void;
}

/** `0,80`: a similarity with the Ukrainian decimal comma. */
const score = (n: number): string => n.toFixed(2).replace('.', ',');

const datasets = (n: number): string => count(n, 'набір', 'набори', 'наборів');

/**
 * Progress on stderr: one line rewritten in place on a terminal, plain lines otherwise (a log file, the daemon).
 * Retries and failures are always full lines: they are what the IT head needs to see afterwards.
 */
export function progressPrinter(io: Io, tty: boolean): Progress {
  let live = false;
  let org = '';
  const line = (text: string): void => {
    if (live) io.err('\r\x1b[K');
    live = false;
    io.err(`${text}\n`);
  };
  const bar = (read: number, total: number): string => {
    const width = 24;
    const filled = total === 0 ? width : Math.min(width, Math.round((read / total) * width));
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  };
  return {
    event(e) {
      switch (e.kind) {
        case 'organization':
          org = `${e.index}/${e.total} ${e.org}`;
          if (tty) {
            io.err(`\r\x1b[Ksync: організація ${org}`);
            live = true;
          } else line(`sync: організація ${org}`);
          break;
        case 'page':
          if (tty) {
            io.err(`\r\x1b[Ksync: організація ${org} ${bar(e.read, e.count)} ${Math.min(e.read, e.count)}/${e.count} наборів`);
            live = true;
          } else line(`sync: ${e.org}: ${Math.min(e.read, e.count)}/${e.count} наборів`);
          break;
        case 'organization-done':
          if (!e.complete) line(`sync: ${e.org}: прочитано не повністю (${datasets(e.read)}): ${e.errors[e.errors.length - 1] ?? ''}`.replace(/: $/, ''));
          else if (!tty) line(`sync: ${e.org}: прочитано ${datasets(e.read)}`);
          break;
        case 'retry':
          line(`sync: ${e.what}: спроба ${e.attempt} не вдалася (${e.reason}); наступна через ${(e.delayMs / 1000).toFixed(1).replace('.', ',')} с`);
          break;
        case 'lookup':
          line(`sync: пошук ${datasets(e.total)}, пов’язаних із реєстром, поза переліками організацій`);
          break;
      }
    },
    done() {
      if (live) io.err('\r\x1b[K');
      live = false;
    },
  };
}

function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(/[\s,;]+/)).filter(Boolean);
}

/** What `--adopt` did (or, in a dry run, would do): every decision, one line each. */
export function formatAdoption(a: AdoptionReport): string[] {
  const added = a.decisions.filter((d) => d.kind === 'added');
  const linked = a.decisions.filter((d) => d.kind === 'linked');
  const out = [
    `${a.dryRun ? 'Пробне прийняття з порталу (нічого не записано)' : 'Прийнято з порталу'}: нових записів реєстру — ${added.length}, ` +
      `пов’язано наявних — ${linked.length}, пропущено — ${a.skipped.length}` +
      `; до історії ${a.dryRun ? 'буде додано' : 'додано'} ${count(a.publications, 'дату оприлюднення', 'дати оприлюднення', 'дат оприлюднення')}.`,
  ];
  for (const d of linked) {
    const why = d.kind === 'linked' && d.why === 'title' ? `збіг назви ${score(d.score ?? 0)}` : 'той самий ідентифікатор';
    out.push(`  пов’язано ${d.datasetId} «${d.datasetTitle}» ← ${d.portalName ?? d.portalId} «${d.portalTitle}» (${why})`);
  }
  for (const d of added) {
    if (d.kind !== 'added') continue;
    const steward = d.stewardId ?? (d.maintainerEmail ? `жоден розпорядник не має адреси ${d.maintainerEmail}` : 'без розпорядника');
    const freq = d.frequency ?? (d.frequencyUnknown ? `періодичність "${d.frequencyUnknown}" не розпізнано` : 'періодичність не вказано');
    out.push(`  новий     ${d.datasetId} «${d.title}»: ${steward}; ${freq}`);
  }
  for (const s of a.skipped) out.push(`  пропущено ${s.portalName ?? s.portalId} «${s.portalTitle}»: ${s.reason}`);
  return out;
}

export function formatSyncReport(r: SyncReport & { adoption?: AdoptionReport }): string {
  const out: string[] = [];
  out.push(
    `${r.dryRun ? 'Пробний запуск (нічого не записано). ' : ''}Портал ${r.portal}: організацій — ${r.organizations.length}; ` +
      `${r.complete ? 'прочитано повністю' : `прочитано не повністю (проблем — ${r.errors.length})`}.`,
  );
  out.push(
    `Наборів прочитано: ${r.read}; пов’язано з реєстром: ${r.linked}; змінилося: ${r.updated}; нових: ${r.new}; зникло: ${r.gone}; з помилками: ${r.failed}. ` +
      `До історії додано ${count(r.publications, 'дату оприлюднення', 'дати оприлюднення', 'дат оприлюднення')}.`,
  );
  if (r.goneIds.length > 0) out.push(`Зникли з порталу: ${r.goneIds.join(', ')}.`);
  if (r.future.length > 0) {
    out.push(`Дати оновлення, пізніші за поточний час, до історії не додано (${r.future.length}):`);
    for (const f of r.future) out.push(`  ${f.datasetId} (на порталі ${f.portalId}): ${at(f.at)}`);
  }
  if (r.unlinked.length > 0) {
    out.push(`Набори на порталі, з якими не пов’язано жодного запису реєстру (${r.unlinked.length}):`);
    for (const u of r.unlinked) {
      out.push(`  ${u.portalId}${u.name ? ` (${u.name})` : ''}: «${u.title ?? ''}»`);
      out.push(
        u.suggestions.length === 0
          ? '      схожих назв у реєстрі немає'
          : `      найближчі: ${u.suggestions.map((s) => `${s.datasetId} «${s.title}» ${score(s.score)}`).join('; ')}`,
      );
    }
    out.push('Пов’язати: odmon link DATASET_ID PORTAL_ID');
  }
  if (r.adoption) out.push(...formatAdoption(r.adoption));
  return out.join('\n') + '\n';
}

async function sync(args: CliArgs, io: Io, now: DateTime, tty: boolean): Promise<number> {
  if (args.portal !== undefined && !/^https?:\/\/\S+$/.test(args.portal)) {
    throw new OdmonError('E_USAGE', `--portal "${redactUrl(args.portal)}" — не адреса http(s)`, { hint: 'наприклад: --portal https://data.gov.ua' });
  }
  const orgs = splitList(args.org);
  return withApp(args, io, now, async (app) => {
    if (args.adopt && orgs.length === 0 && app.config.portal.organizations.length === 0) {
      throw new OdmonError('E_USAGE', '--adopt потребує організацій ради на порталі', {
        hint: 'назвіть їх у --org ID (або в portal.organizations): прийняти всі організації порталу означало б узяти набори, що не належать раді',
      });
    }
    const progress = progressPrinter(io, tty);
    let report: Awaited<ReturnType<typeof runSync>>;
    try {
      report = await runSync(app, now, {
        portal: args.portal,
        organizations: orgs.length > 0 ? orgs : undefined,
        dryRun: args.dryRun,
        adopt: args.adopt,
        actor: actorFrom(args.by, io.env),
        progress: (e) => progress.event(e),
      });
    } finally {
      progress.done();
    }
    for (const e of report.errors) io.err(`warning: ${e}\n`);
    if (report.trial) io.err(trialNote(report.trial));
    if (!report.complete) io.err('warning: синхронізацію виконано не повністю: усе відоме раніше збережено, а там, де перелік не прочитано, нічого не позначено як зникле.\n');
    io.out(args.json ? JSON.stringify(report, null, 2) + '\n' : formatSyncReport(report));
    return 0;
  });
}

function link(args: CliArgs, io: Io, now: DateTime): Promise<number> {
  const [, datasetId, portalKey] = args.command;
  if (args.unlink ? portalKey !== undefined : portalKey === undefined) {
    throw new OdmonError('E_USAGE', args.unlink ? 'з --unlink PORTAL_ID не вказують' : 'бракує аргументу PORTAL_ID: odmon link DATASET_ID PORTAL_ID', {
      hint: 'odmon sync показує набори на порталі, не пов’язані з реєстром, і схожі записи',
    });
  }
  return withRecording(args, io, now, (app) => {
    if (args.unlink) {
      unlinkFromPortal(app, datasetId, now);
      io.out(`${datasetId}: зв’язок із порталом вилучено.\n`);
      return 0;
    }
    const r = linkToPortal(app, datasetId, portalKey, now);
    io.out(`${datasetId}: пов’язано з набором на порталі ${r.portalId}${r.portalTitle ? ` «${r.portalTitle}»` : ''}.\n`);
    if (r.publication) io.out(`${datasetId}: до історії додано останнє оновлення на порталі, ${day(r.publication)}.\n`);
    if (r.futureDate) io.err(`warning: останнє оновлення на порталі, ${at(r.futureDate)}, пізніше за поточний час: до історії не додано.\n`);
    if (r.gone) io.err(`warning: набору ${r.portalId} більше немає на порталі.\n`);
    if (r.alsoLinked.length > 0) io.err(`warning: з набором ${r.portalId} пов’язано також: ${r.alsoLinked.join(', ')}.\n`);
    return 0;
  });
}

/** The declarations; `tty` says whether stderr is a terminal (progress rewrites one line there). */
export function portalCommands(tty: () => boolean = () => Boolean(process.stderr.isTTY)): CommandSpec[] {
  return [
    {
      name: 'sync',
      summary: 'прочитати портал (CKAN): набори, ресурси, дати оновлення',
      details: [
        'Останні оновлення пов’язаних наборів додаються до історії оприлюднення; набори, не пов’язані з реєстром, показано зі схожими записами.',
        'Помилка читання нічого не стирає: усе відоме раніше зберігається. Прогрес — у stderr.',
        '--adopt робить кожен набір організації записом реєстру, пов’язаним із ним (або пов’язує обов’язковий запис зі схожою назвою).',
      ],
      options: [
        { flags: '--portal <URL>', description: 'портал замість portal.url' },
        { flags: '--org <ID>', description: 'організація на порталі (id або назва; можна кілька) замість portal.organizations', multiple: true },
        { flags: '--adopt', description: 'прийняти набори організацій у реєстр' },
        { ...OPT.dryRun, description: 'прочитати портал і показати, що змінилося б, нічого не записуючи' },
        OPT.json,
        { ...OPT.by, description: 'хто приймає набори з --adopt (для журналу)' },
        OPT.now,
      ],
      examples: ['sync', 'sync --portal https://data.gov.ua --org kropyvnytska-miska-rada --adopt --dry-run'],
      group: 'portal',
      run: (args, io, now) => sync(args, io, now, tty()),
    },
    {
      name: 'link',
      args: '<DATASET_ID> [PORTAL_ID]',
      summary: 'пов’язати запис реєстру з набором на порталі (або зняти зв’язок)',
      details: ['PORTAL_ID — id або назва набору на порталі, які показує odmon sync.'],
      options: [{ flags: '--unlink', description: 'вилучити зв’язок запису з порталом' }, OPT.now],
      examples: ['link stops zupynky-2019', 'link stops --unlink'],
      group: 'portal',
      run: link,
    },
  ];
}
