import { redactUrl } from '../redact';
import type { DateTime } from 'luxon';
import { runSync } from '../app';
import { OdmonError } from '../errors';
import { linkDataset, unlinkDataset } from '../portal/link';
import type { SyncEvent, SyncReport } from '../portal/sync';
import type { AdoptionReport } from '../portal/adopt';
import { actorFrom } from '../exemptions/actions';
import { formatDate, formatDateTime, fromStoredInstant } from '../time/days';
import { trialNote } from './format';
import type { CliArgs } from './args';
import type { Io } from './commands';
import { withApp, withRecording } from './context';

export interface Progress {
  event(e: SyncEvent): void;
  done(): void;
}

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
  const bar = (read: number, count: number): string => {
    const width = 24;
    const filled = count === 0 ? width : Math.min(width, Math.round((read / count) * width));
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  };
  return {
    event(e) {
      switch (e.kind) {
        case 'organization':
          org = `${e.index}/${e.total} ${e.org}`;
          if (tty) {
            io.err(`\r\x1b[Ksync: organization ${org}`);
            live = true;
          } else line(`sync: organization ${org}`);
          break;
        case 'page':
          if (tty) {
            io.err(`\r\x1b[Ksync: organization ${org} ${bar(e.read, e.count)} ${Math.min(e.read, e.count)}/${e.count} datasets`);
            live = true;
          } else line(`sync: ${e.org}: ${Math.min(e.read, e.count)}/${e.count} datasets`);
          break;
        case 'organization-done':
          if (!e.complete) line(`sync: ${e.org}: incomplete, ${e.read} dataset(s) read: ${e.errors[e.errors.length - 1] ?? ''}`);
          else if (!tty) line(`sync: ${e.org}: ${e.read} dataset(s) read`);
          break;
        case 'retry':
          line(`sync: ${e.what}: attempt ${e.attempt} failed (${e.reason}); retrying in ${(e.delayMs / 1000).toFixed(1)} s`);
          break;
        case 'lookup':
          line(`sync: looking up ${e.total} linked dataset(s) outside the listings`);
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
    `${a.dryRun ? 'adoption (dry run, nothing written)' : 'adopted from the portal'}: ${added.length} new register entr${added.length === 1 ? 'y' : 'ies'}, ` +
      `${linked.length} existing entr${linked.length === 1 ? 'y' : 'ies'} linked, ${a.skipped.length} skipped` +
      `; ${a.publications} publication(s) ${a.dryRun ? 'would be added' : 'added'} to the history`,
  ];
  for (const d of linked) {
    const why = d.kind === 'linked' && d.why === 'title' ? `title match ${(d.score ?? 0).toFixed(2)}` : 'same id';
    out.push(`  linked ${d.datasetId} «${d.datasetTitle}» ← ${d.portalName ?? d.portalId} «${d.portalTitle}» (${why})`);
  }
  for (const d of added) {
    if (d.kind !== 'added') continue;
    const steward = d.stewardId ?? (d.maintainerEmail ? `no steward has ${d.maintainerEmail}` : 'no steward');
    const freq = d.frequency ?? (d.frequencyUnknown ? `frequency "${d.frequencyUnknown}" not recognised` : 'no frequency');
    out.push(`  new    ${d.datasetId} «${d.title}»: ${steward}; ${freq}`);
  }
  for (const s of a.skipped) out.push(`  skipped ${s.portalName ?? s.portalId} «${s.portalTitle}»: ${s.reason}`);
  return out;
}

export function formatSyncReport(r: SyncReport & { adoption?: AdoptionReport }): string {
  const out: string[] = [];
  out.push(
    `${r.dryRun ? 'dry run (nothing recorded): ' : ''}portal ${r.portal}: ${r.organizations.length} organization(s), ${r.complete ? 'complete' : `incomplete (${r.errors.length} problem(s))`}`,
  );
  out.push(
    `datasets read: ${r.read}, linked: ${r.linked}, updated: ${r.updated}, new: ${r.new}, gone: ${r.gone}, failed: ${r.failed}; ` +
      `${r.publications} publication(s) added to the history`,
  );
  if (r.goneIds.length > 0) out.push(`gone from the portal: ${r.goneIds.join(', ')}`);
  if (r.future.length > 0) {
    out.push(`last updates later than now, not added to the history (${r.future.length}):`);
    for (const f of r.future) out.push(`  ${f.datasetId} (portal ${f.portalId}): ${formatDateTime(fromStoredInstant(f.at))}`);
  }
  if (r.unlinked.length > 0) {
    out.push(`portal datasets no register entry links to (${r.unlinked.length}):`);
    for (const u of r.unlinked) {
      out.push(`  ${u.portalId}${u.name ? ` (${u.name})` : ''}: «${u.title ?? ''}»`);
      out.push(
        u.suggestions.length === 0
          ? '      no close register title'
          : `      closest: ${u.suggestions.map((s) => `${s.datasetId} «${s.title}» ${s.score.toFixed(2)}`).join('; ')}`,
      );
    }
    out.push('link one with: odmon link DATASET_ID PORTAL_ID');
  }
  if (r.adoption) out.push(...formatAdoption(r.adoption));
  return out.join('\n') + '\n';
}

/** `odmon sync [--portal URL] [--org ID …] [--dry-run] [--json]` */
export async function cmdSync(args: CliArgs, io: Io, now: DateTime, tty = Boolean(process.stderr.isTTY)): Promise<number> {
  if (args.command.length > 1) {
    throw new OdmonError('E_USAGE', 'usage: odmon sync [--portal URL] [--org ID …] [--adopt] [--dry-run] [--json]', { hint: 'organizations go in --org, once each' });
  }
  if (args.portal !== undefined && !/^https?:\/\/\S+$/.test(args.portal)) {
    throw new OdmonError('E_USAGE', `--portal "${redactUrl(args.portal)}" is not an http(s) URL`, { hint: 'e.g. --portal https://data.gov.ua' });
  }
  const orgs = splitList(args.org);
  return withApp(args, io, now, async (app) => {
    if (args.adopt && orgs.length === 0 && app.config.portal.organizations.length === 0) {
      throw new OdmonError('E_USAGE', '--adopt needs the council\'s organizations on the portal', {
        hint: 'name them with --org ID (or in portal.organizations): adopting every organization of the portal would take in datasets that are not the council\'s',
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
    if (!report.complete) io.err('warning: the sync is incomplete: everything known before is kept and nothing was marked gone where a listing failed\n');
    io.out(args.json ? JSON.stringify(report, null, 2) + '\n' : formatSyncReport(report));
    return 0;
  });
}

/** `odmon link DATASET_ID PORTAL_ID` and `odmon link DATASET_ID --unlink` */
export async function cmdLink(args: CliArgs, io: Io, now: DateTime): Promise<number> {
  const [, datasetId, portalKey, ...rest] = args.command;
  if (datasetId === undefined || rest.length > 0 || (args.unlink ? portalKey !== undefined : portalKey === undefined)) {
    throw new OdmonError('E_USAGE', 'usage: odmon link DATASET_ID PORTAL_ID, or odmon link DATASET_ID --unlink', {
      hint: '"odmon sync" lists the portal datasets no register entry links to, with suggestions',
    });
  }
  return withRecording(args, io, now, (app) => {
    if (args.unlink) {
      unlinkDataset(app.db, datasetId, now);
      io.out(`${datasetId}: unlinked from the portal\n`);
      return 0;
    }
    const r = linkDataset(app.db, datasetId, portalKey as string, app.config.portal.lastUpdateFrom, now, app.clock.now());
    io.out(`${datasetId}: linked to portal dataset ${r.portalId}${r.portalTitle ? ` «${r.portalTitle}»` : ''}\n`);
    if (r.publication) io.out(`${datasetId}: last update on the portal ${formatDate(fromStoredInstant(r.publication))} added to the history\n`);
    if (r.futureDate) io.err(`warning: the portal's last update ${formatDateTime(fromStoredInstant(r.futureDate))} is later than now: not added to the history\n`);
    if (r.gone) io.err(`warning: portal dataset ${r.portalId} is no longer on the portal\n`);
    if (r.alsoLinked.length > 0) io.err(`warning: ${r.alsoLinked.join(', ')} also link(s) to portal dataset ${r.portalId}\n`);
    return 0;
  });
}
