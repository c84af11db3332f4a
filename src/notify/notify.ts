import { createHash } from 'node:crypto';
import type { DateTime } from 'luxon';
import type { Config } from '../config/config';
import type { Steward } from '../domain';
import type { Subject } from '../rules/subjects';
import type { Db } from '../store/db';
import { listDatasets } from '../store/datasets';
import { listFindingsResolvedSince, listOpenFindings } from '../store/findings';
import { lastDigestAt, listNoticeCandidates, recordDigest, recordNoticeItems } from '../store/notices';
import { enqueue, failedSince, listOutbox, type NewOutboxMessage } from '../store/outbox';
import { listTasks } from '../store/plan';
import { listStewards } from '../store/stewards';
import { complianceBySteward, complianceOf } from '../history/score';
import type { HistorySettings } from '../history/snapshots';
import { formatDate, formatDateTime, fromStoredInstant, toStoredInstant } from '../time/days';
import { CHART_CID, digestChart } from './digest-chart';
import { quarterScores } from './digest-history';
import { digestView } from './digest-view';
import { exemptionSections, suspensionViews } from './digest-exemptions';
import { briefMessages, portalLink } from './briefs';
import type { Brief } from './channels/types';
import { dueNotices, isSnoozed, type DueItem } from './due';
import { closingView, replyToOf } from './letter';
import type { SubjectCatalog } from './notice-items';
import { noticeView, type SuspensionInfo } from './notice-view';
import type { TemplateSet } from './templates';

/** A message ready for the outbox, with what storing it must also record. */
export interface PlannedMessage {
  readonly message: NewOutboxMessage;
  /** Run inside the transaction that enqueues the message. */
  readonly record: (db: Db, nowIso: string) => void;
  /** Findings it lists (notices). */
  readonly items: number;
}

export interface PlanOptions {
  readonly config: Config;
  readonly templates: TemplateSet;
  readonly now: DateTime;
  readonly runId: number;
  /** Trial mode: everything goes to this address, and nothing is recorded as told. */
  readonly redirectTo?: string;
  /** For the digest's scores of quarters that ended before odmon's first run (rebuilt as the yearly report does). */
  readonly history?: HistorySettings;
}

/** Titles, portal pages and last updates of what the findings are about: what a letter's table shows. */
export function subjectCatalog(db: Db, config: Config, stewards: readonly Steward[] = listStewards(db)): SubjectCatalog {
  return {
    portalUrl: config.portalUrl,
    webUrl: config.web.baseUrl,
    datasets: new Map(listDatasets(db).map((d) => [d.id, { title: d.title, portalId: d.portalId, lastUpdated: d.lastUpdated }])),
    tasks: new Map(listTasks(db).map((t) => [t.id, { title: t.title, deadlineText: t.deadlineText }])),
    stewards: new Map(stewards.map((s) => [s.id, s.name])),
  };
}

/** In trial mode the real recipients are named in the subject and the message goes to one address only. */
function address(msg: NewOutboxMessage, redirectTo: string | undefined): NewOutboxMessage {
  if (redirectTo === undefined) return msg;
  const original = [...msg.to, ...msg.cc.map((c) => `копія ${c}`)].join(', ');
  return { ...msg, key: `trial:${msg.key}`, to: [redirectTo], cc: [], subject: `[перевірка; для: ${original}] ${msg.subject}` };
}

/**
 * One notice per steward that has items due (new, escalated, repeat, resolved); stewards without an e-mail
 * address are left to the digest. The head of the unit is copied when an item has dragged on.
 */
export function planNotices(db: Db, opts: PlanOptions): PlannedMessage[] {
  const { config, now } = opts;
  const stewards = new Map<string, Steward>(listStewards(db).map((s) => [s.id, s]));
  const reachable = listNoticeCandidates(db).filter((c) => (stewards.get(c.stewardId)?.emails.length ?? 0) > 0);
  const due = dueNotices(reachable, now, config.notify);
  // Every open item of each steward: what `odmon check --steward` lists, snoozed ones included.
  const openTotal = new Map<string, number>();
  for (const c of reachable) if (c.resolvedAt === null) openTotal.set(c.stewardId, (openTotal.get(c.stewardId) ?? 0) + 1);
  // Open items a running snooze holds back: never listed now, and maybe never told; the letter says until when.
  const snoozedUntil = new Map<string, string[]>();
  for (const c of reachable) {
    if (c.resolvedAt === null && isSnoozed(c, now)) snoozedUntil.set(c.stewardId, [...(snoozedUntil.get(c.stewardId) ?? []), c.snoozedUntil as string]);
  }
  const catalog = subjectCatalog(db, config, [...stewards.values()]);
  const suspensions: SuspensionInfo = new Map(
    suspensionViews(db, [...stewards.values()], now).map((s) => [s.datasetId, { basis: s.basis, since: s.since, reviewBy: s.reviewBy }]),
  );
  const out: PlannedMessage[] = [];
  for (const [stewardId, items] of [...due.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const steward = stewards.get(stewardId) as Steward;
    const view = noticeView(steward, items, now, {
      escalateAfterDays: config.notify.escalateAfterDays,
      repeatDays: config.notify.repeatDays,
      ackRepeatDays: config.notify.ackRepeatDays,
      openTotal: openTotal.get(stewardId) ?? 0,
      snoozedUntil: snoozedUntil.get(stewardId) ?? [],
      org: config.org,
      catalog,
      suspensions,
    });
    const rendered = opts.templates.render('notice', view);
    const key = `notice:${stewardId}:run-${opts.runId}`;
    const message = address(
      { key, kind: 'notice', stewardId, from: config.mail.from, replyTo: replyToOf(config.org), to: steward.emails, cc: view.cc, ...rendered },
      opts.redirectTo,
    );
    out.push({
      message,
      items: items.length,
      record:
        opts.redirectTo === undefined
          ? (db2, nowIso) => recordNoticeItems(db2, stewardId, items as DueItem[], nowIso, key)
          : () => undefined,
    });
  }
  return out;
}

/** «, з них обов'язкових 3» after the count of suspended datasets; «, усі обов'язкові», «, серед них обов'язкових немає». */
export function suspendedOfWhichRequired(all: number, required: number): string {
  if (all === 0) return '';
  if (required === 0) return ", обов'язкових серед них немає";
  if (required >= all) return all === 1 ? ", обов'язковий" : ", усі обов'язкові";
  return `, з них обов'язкових ${required}`;
}

/**
 * The IT head's digest: sent whenever asked, also when everything is in order (it proves odmon is alive); and its
 * summary on every channel that carries short messages (Telegram), with the digest's own counts.
 */
export function planDigest(db: Db, opts: PlanOptions, datasetSubjects: readonly Subject[]): PlannedMessage[] {
  const { config, now } = opts;
  const prev = lastDigestAt(db);
  const previousAt = prev ? fromStoredInstant(prev) : null;
  const sinceIso = prev ?? '0000';
  const undelivered = [
    ...failedSince(db, sinceIso),
    ...listOutbox(db, { status: 'pending' }).filter((m) => m.attempts > 0),
  ].map((m) => ({
    to: m.channel === 'email' ? m.to.join(', ') : m.channel === 'telegram' ? `Telegram, чат ${m.to.join(', ')}` : `${m.channel} ${m.to.join(', ')}`,
    subject: m.subject,
    status: m.status === 'failed' ? 'не доставлено' : `повторна спроба (спроб: ${m.attempts})`,
    error: m.lastError ?? '',
  }));
  const stewards = listStewards(db);
  const quarters = quarterScores(db, now, complianceBySteward(datasetSubjects), opts.history);
  const base = digestView({
    now,
    previousAt,
    stewards,
    datasetSubjects,
    open: listOpenFindings(db),
    resolvedSince: listFindingsResolvedSince(db, sinceIso),
    undelivered,
    catalog: subjectCatalog(db, config, stewards),
    quarters,
    org: config.org,
  });
  const chart = digestChart(quarters, base.stewards);
  const exemptions = exemptionSections(db, stewards, now);
  const view = {
    ...base,
    ...exemptions,
    // «5, з них обов'язкових 3»: the 3 the score leaves out («обов'язкових 73, без 3 призупинених»), among all the suspended.
    suspensionsRequired: suspendedOfWhichRequired(exemptions.suspensions.count, base.total.suspended),
    chart: { cid: CHART_CID, width: chart.width, height: chart.height, alt: chart.alt },
    closing: closingView(config.org),
  };
  const rendered = opts.templates.render('digest', view);
  const key = `digest:run-${opts.runId}`;
  const message = address(
    { key, kind: 'digest', stewardId: null, from: config.mail.from, replyTo: replyToOf(config.org), to: config.mail.itHead, cc: [], ...rendered, attachments: [chart.attachment] },
    opts.redirectTo,
  );
  const digest: PlannedMessage = {
    message,
    items: 0,
    record: opts.redirectTo === undefined ? (db2, nowIso) => recordDigest(db2, toStoredInstant(now), nowIso, key, opts.runId) : () => undefined,
  };
  const summary: Brief = {
    kind: 'digest',
    key,
    at: now,
    counts: complianceOf(datasetSubjects),
    open: base.openCount,
    high: base.highCount,
    new: previousAt === null ? null : base.changes.newCount,
    resolved: base.changes.fixedCount,
    undelivered: base.undelivered.count,
    link: portalLink(config),
  };
  return [digest, ...planBriefs(opts, summary)];
}

/** A short message for the IT head on the channels that carry one; none in a trial redirected to one address. */
export function planBriefs(opts: Pick<PlanOptions, 'config' | 'redirectTo'>, brief: Brief): PlannedMessage[] {
  if (opts.redirectTo !== undefined) return [];
  return briefMessages(opts.config, brief).map((message) => ({ message, items: 0, record: () => undefined }));
}

/** Stores the messages and what they record in one transaction: both are kept, or neither. */
export function enqueueAll(db: Db, planned: readonly PlannedMessage[], nowIso: string): number {
  return db.transaction(() => {
    let added = 0;
    for (const p of planned) {
      if (enqueue(db, p.message, nowIso)) added++;
      p.record(db, nowIso);
    }
    return added;
  })();
}

/** One warning a day per reason, however often notify runs while the register stays broken. */
export function guardKey(now: DateTime, reason: string): string {
  return `guard:${now.toISODate()}:${createHash('sha1').update(reason).digest('hex').slice(0, 12)}`;
}

/** The sanity guard's message to the IT head: steward notices were held back, and why. */
export function planGuard(opts: PlanOptions, reason: string, db: string): PlannedMessage {
  const { config } = opts;
  // A letter like the notices and the digest: the closing «З повагою» with the executor line, and the Reply-To.
  const rendered = opts.templates.render('guard', { asOf: formatDate(opts.now), asOfTime: formatDateTime(opts.now), reason, db, closing: closingView(config.org) });
  const key = guardKey(opts.now, reason);
  const message = address(
    { key, kind: 'digest', stewardId: null, from: config.mail.from, replyTo: replyToOf(config.org), to: config.mail.itHead, cc: [], ...rendered },
    opts.redirectTo,
  );
  return { message, items: 0, record: () => undefined };
}
