/**
 * Delivers the outbox through the registered channels (./channels): the same function for `odmon notify` and
 * for the daemon's wake-ups. Each message goes through the channel the outbox recorded for it, and that
 * channel's verdict on a failure decides between a retry, a permanent failure and a stop for its settings.
 *
 * DELIVERED EXACTLY ONCE, EXCEPT IN ONE WINDOW
 *
 * A message is claimed before it is sent: a conditional UPDATE moves it from `pending` to `sending` with
 * this run's claim token and counts the attempt, and only the sender whose UPDATE changed the row sends
 * it. As soon as the server answers 250 the row is marked `sent`, before anything else happens. So if odmon
 * is killed at any moment and started again, every queued message is still delivered, and none twice,
 * with one exception: the window between the server's acceptance and the UPDATE that records it.
 *
 * A message the server accepted in that window stays `sending` in the database, and SMTP offers no way to
 * ask a server whether it already has a message. At the next run, a `sending` row claimed longer ago than
 * the stale limit (15 minutes by default: far longer than one send lasts, as every wait in it is bounded
 * by the connection, greeting and socket timeouts, and a run stops claiming after a third of it) is taken
 * to be possibly sent, and odmon sends it AGAIN rather than risk never sending it: a steward who gets a
 * notice twice is better off than one who never gets it. The copy carries the SAME Message-ID, so mail
 * programs and servers that de-duplicate by Message-ID show it once; the extra attempt is counted and the
 * row's last_error says that it may have gone twice.
 *
 * The window is kept as small as it can be: between the 250 and the UPDATE there is no network and no
 * other work, only one local SQLite write (well under a millisecond). SMTP itself has a second, similar
 * window (RFC 1047): the connection breaks after the server took the message but before its 250 reached
 * odmon. That is a network error, so the message is retried, again with the same Message-ID.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Duration, type DateTime } from 'luxon';
import type { Db } from '../store/db';
import {
  claimDue,
  countOutbox,
  markFailed,
  markRetry,
  markSent,
  outboxAttachments,
  recoverStale,
  releaseClaim,
  type OutboxMessage,
} from '../store/outbox';
import { toStoredInstant } from '../time/days';
import { plural } from '../uk';
import type { ChannelName, OpenChannel } from './channels';
import type { OutgoingMessage } from './channels/types';

// 1 min, 5 min, 30 min, 2 h, then every 6 h: quick for a blip, patient for a server that is down for long.
const BACKOFF: readonly Duration[] = [
  Duration.fromObject({ minutes: 1 }),
  Duration.fromObject({ minutes: 5 }),
  Duration.fromObject({ minutes: 30 }),
  Duration.fromObject({ hours: 2 }),
  Duration.fromObject({ hours: 6 }),
];

/** How long to wait before the next try of a message that has failed temporarily `attempts` times. */
export function nextAttemptDelay(attempts: number): Duration {
  return BACKOFF[Math.min(Math.max(attempts, 1), BACKOFF.length) - 1];
}

export const DEFAULT_STALE_AFTER = Duration.fromObject({ minutes: 15 });
/** With the backoff above, 20 attempts span about 4 days, close to the 5 days mail servers keep trying. */
export const DEFAULT_MAX_ATTEMPTS = 20;
export const DEFAULT_BATCH_LIMIT = 100;

export interface DeliverOptions {
  /** A `sending` row claimed longer ago than this belongs to a sender that died (see the top of this file). */
  readonly staleAfter?: Duration;
  /** Most messages one call claims. */
  readonly limit?: number;
  /** After this many attempts a message that still fails temporarily is given up as failed. */
  readonly maxAttempts?: number;
  /** This run's claim token (a random UUID by default). */
  readonly claim?: string;
  /** Asked before each message: true stops the batch (a stop signal lets the message in flight finish). */
  readonly shouldStop?: () => boolean;
  /** Deliver only messages whose key starts with this (a trial run must not send the real queue). */
  readonly keyPrefix?: string;
}

export interface DeliveryReport {
  readonly sent: number;
  readonly retried: number;
  readonly failed: number;
  /** Messages still to deliver after this call: pending (due or not) and sending. */
  readonly remaining: number;
  /** Stale `sending` rows put back to pending (possibly sent before; sent again with the same Message-ID). */
  readonly recovered: number;
  /**
   * Set when a channel's settings are wrong: that channel sent nothing more in this batch, and the message it
   * was on is still pending. One sentence per channel.
   */
  readonly configError?: string;
  /** The channels that stopped because their settings are wrong (named in `configError`). */
  readonly stopped?: readonly string[];
  /** One line per message that was retried, failed, recovered or lost its claim: `key: reason`. */
  readonly problems: readonly string[];
}

function toOutgoing(db: Db, m: OutboxMessage): OutgoingMessage {
  const attachments = outboxAttachments(db, m.id);
  return {
    messageId: m.messageId,
    key: m.key,
    from: m.from,
    to: m.to,
    cc: m.cc,
    subject: m.subject,
    text: m.text,
    html: m.html,
    replyTo: m.replyTo,
    ...(attachments.length > 0 ? { attachments } : {}),
  };
}

/**
 * Sends every due message, one at a time, each through its channel, and records each outcome. Never throws
 * because of a delivery: temporary failures are retried later (when the other side asked to wait, not before,
 * and that channel sends nothing more in this batch), permanent ones are marked failed, and a channel whose
 * settings are wrong stops (its messages wait) while the others go on; that comes back as `configError`.
 * Messages of a channel that is not set up wait in the outbox. `now` is this run's one reading of the clock.
 */
export async function deliverDue(
  db: Db,
  channels: ReadonlyMap<ChannelName, OpenChannel>,
  now: DateTime,
  opts: DeliverOptions = {},
): Promise<DeliveryReport> {
  const staleAfter = opts.staleAfter ?? DEFAULT_STALE_AFTER;
  const limit = opts.limit ?? DEFAULT_BATCH_LIMIT;
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const claim = opts.claim ?? randomUUID();
  const nowIso = toStoredInstant(now);
  // Rows are stamped with `now`, read once. So that a live sender's row never looks stale to another
  // process, a batch stops claiming once a third of the stale limit has really passed.
  const stopClaimingAt = performance.now() + staleAfter.as('milliseconds') / 3;

  const problems: string[] = [];
  const recovered = recoverStale(db, toStoredInstant(now.minus(staleAfter)));
  for (const m of recovered) problems.push(`${m.key}: interrupted while sending (begun ${m.claimedAt}), sending again with the same Message-ID`);

  let sent = 0;
  let retried = 0;
  let failed = 0;
  const configErrors: string[] = [];
  const stoppedBySettings = new Set<ChannelName>();
  // The channels still delivering in this batch: one whose settings are wrong, or that was asked to wait, drops out.
  const active = new Set(channels.keys());
  for (let n = 0; n < limit && active.size > 0 && performance.now() < stopClaimingAt && !opts.shouldStop?.(); n++) {
    const [m] = claimDue(db, nowIso, claim, 1, opts.keyPrefix, [...active]);
    if (m === undefined) break;
    const channel = channels.get(m.channel as ChannelName) as OpenChannel;
    let error: unknown = null;
    try {
      await channel.sender.send(toOutgoing(db, m));
    } catch (err) {
      error = err;
    }
    if (error === null) {
      // The duplicate window (see the top of this file): nothing may come between the 250 and this UPDATE.
      if (!markSent(db, m.id, claim, nowIso)) {
        problems.push(`${m.key}: sent, but another sender had taken it over as stale; it may arrive twice`);
      }
      sent++;
      continue;
    }
    const verdict = channel.classify(error);
    if (verdict.config) {
      const configError = `не вдалося надіслати (${channel.sender.target}): ${verdict.reason}`;
      releaseClaim(db, m.id, claim, configError);
      configErrors.push(configError);
      active.delete(m.channel as ChannelName);
      stoppedBySettings.add(m.channel as ChannelName);
      continue;
    }
    if (verdict.permanent || (verdict.retry && m.attempts >= maxAttempts)) {
      const reason = verdict.permanent ? verdict.reason : `надсилання припинено після ${m.attempts} ${plural(m.attempts, 'спроби', 'спроб', 'спроб')}; остання помилка: ${verdict.reason}`;
      markFailed(db, m.id, claim, reason);
      problems.push(`${m.key}: failed: ${reason}`);
      failed++;
    } else {
      const next = toStoredInstant(now.plus(verdict.retryAfter ?? nextAttemptDelay(m.attempts)));
      markRetry(db, m.id, claim, verdict.reason, next);
      problems.push(`${m.key}: will retry at ${next}: ${verdict.reason}`);
      retried++;
      // Asked to wait (flood control): the channel's other messages wait too, rather than be refused in turn.
      if (verdict.retryAfter !== undefined) active.delete(m.channel as ChannelName);
    }
  }
  const counts = countOutbox(db);
  return {
    sent,
    retried,
    failed,
    remaining: counts.pending + counts.sending,
    recovered: recovered.length,
    configError: configErrors.length > 0 ? configErrors.join('; ') : undefined,
    stopped: stoppedBySettings.size > 0 ? [...stoppedBySettings] : undefined,
    problems,
  };
}
