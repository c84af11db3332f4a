/**
 * The outbox: every SQL statement about rendered messages and their delivery.
 *
 * Life of a row: `pending` (due at next_attempt_at) → `sending` (claimed by one sender, holding `claim`)
 * → `sent`, or back to `pending` with a later next_attempt_at, or `failed` for good. A `sending` row whose
 * sender died is put back to `pending` by recoverStale. Every change of a claimed row names its claim, so a
 * sender that lost its row (recovered as stale by another process) cannot overwrite what happened since.
 */
import { domainToASCII } from 'node:url';
import { OdmonError } from '../errors';
import { redact } from '../redact';
import type { Db } from './db';

export type OutboxKind = 'notice' | 'digest';
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'sending', 'sent', 'failed'];

/** A rendered message as the caller hands it over. */
export interface NewOutboxMessage {
  /** Unique and stable, e.g. `notice:steward-it:2019-07-01:run-12`: enqueueing the same key again does nothing. */
  readonly key: string;
  /** `notice`: to a steward; `digest`: to the IT head (the digest, and the alerts beside it). */
  readonly kind: OutboxKind;
  /** The registered channel that delivers it (src/notify/channels): `email` unless said otherwise. */
  readonly channel?: string;
  readonly stewardId: string | null;
  /** The e-mail sender; empty for channels that have none (the message is then identified by its key). */
  readonly from: string;
  /** The recipients in the channel's own terms: e-mail addresses, or a Telegram chat id. */
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  /** Where replies go (the contact person of the letters); absent/null = to the sender. */
  readonly replyTo?: string | null;
  /** Images the HTML shows inline (`<img src="cid:…">`), stored with the message. */
  readonly attachments?: readonly InlineAttachment[];
}

/** An image shown inside the HTML body: sent as a related part with this Content-ID. */
export interface InlineAttachment {
  /** The Content-ID without angle brackets, e.g. `score-chart@odmon`; the HTML says `cid:score-chart@odmon`. */
  readonly cid: string;
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
}

export interface OutboxMessage extends NewOutboxMessage {
  readonly id: number;
  readonly channel: string;
  readonly messageId: string;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  /** When the latest attempt began; kept after it ended. */
  readonly claimedAt: string | null;
  readonly claim: string | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly sentAt: string | null;
}

interface OutboxRow {
  id: number;
  key: string;
  kind: OutboxKind;
  channel: string;
  steward_id: string | null;
  message_id: string;
  from_addr: string;
  to_addrs: string;
  cc_addrs: string;
  subject: string;
  text: string;
  html: string | null;
  reply_to: string | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string | null;
  claimed_at: string | null;
  claim: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

function fromRow(r: OutboxRow): OutboxMessage {
  return {
    id: r.id,
    key: r.key,
    kind: r.kind,
    channel: r.channel,
    stewardId: r.steward_id,
    messageId: r.message_id,
    from: r.from_addr,
    to: JSON.parse(r.to_addrs) as string[],
    cc: JSON.parse(r.cc_addrs) as string[],
    subject: r.subject,
    text: r.text,
    html: r.html,
    replyTo: r.reply_to,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    claimedAt: r.claimed_at,
    claim: r.claim,
    // Redacted on the way out too: a row stored by an older odmon may hold a password.
    lastError: r.last_error === null ? null : redact(r.last_error),
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

// RFC 5322 atext without "=", which escapes everything else (so two keys never share a Message-ID).
const ID_CHAR = /^[A-Za-z0-9!#$%&'*+\-/?^_`{|}~]$/;

/** `notice:steward-it:2019-07-01` → `notice=3Asteward-it=3A2019-07-01`: a dot-atom, as Message-IDs must be. */
function idLeft(key: string): string {
  let out = '';
  const chars = [...key];
  chars.forEach((c, i) => {
    const dotAllowed = c === '.' && out !== '' && !out.endsWith('.') && i < chars.length - 1;
    if (ID_CHAR.test(c) || dotAllowed) out += c;
    else for (const b of Buffer.from(c, 'utf8')) out += `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
  });
  return out;
}

/** The address inside `Name <addr>`, or the whole text. */
function bareAddress(from: string): string {
  const m = /<([^<>]*)>\s*$/.exec(from);
  return (m ? m[1] : from).trim();
}

/**
 * The Message-ID of the message with this key: `<odmon.{key}@{domain of from}>`. Stable, so a message that
 * is sent again (after a crash in the duplicate window) carries the same id and receivers can de-duplicate.
 * Characters a Message-ID may not hold (`:` among them) are written `=XX`; the domain is punycoded.
 */
export function messageIdFor(key: string, from: string): string {
  const address = bareAddress(from);
  const at = address.lastIndexOf('@');
  const domain = at > 0 ? domainToASCII(address.slice(at + 1)) : '';
  if (domain === '') {
    throw new OdmonError('E_CONFIG', `в адресі відправника "${from}" немає домену, тож з неї не можна утворити Message-ID`, {
      hint: 'задайте в mail.from повну адресу, наприклад "Відкриті дані <opendata@example.gov.ua>"',
    });
  }
  return `<odmon.${idLeft(key)}@${domain}>`;
}

/**
 * Stores a rendered message, due at once. Returns false (and changes nothing) when the key is already
 * there. It runs no transaction of its own: the caller runs it inside the db.transaction that records
 * which findings the message notifies, so both are stored or neither.
 */
export function enqueue(db: Db, msg: NewOutboxMessage, nowIso: string): boolean {
  const info = db
    .prepare(
      `INSERT INTO outbox(key, kind, channel, steward_id, message_id, from_addr, to_addrs, cc_addrs, subject, text, html, reply_to,
                          status, attempts, next_attempt_at, created_at)
       VALUES (@key, @kind, @channel, @stewardId, @messageId, @from, @to, @cc, @subject, @text, @html, @replyTo, 'pending', 0, @now, @now)
       ON CONFLICT(key) DO NOTHING`,
    )
    .run({
      key: msg.key,
      kind: msg.kind,
      channel: msg.channel ?? 'email',
      stewardId: msg.stewardId,
      messageId: msg.from === '' ? `<odmon.${idLeft(msg.key)}>` : messageIdFor(msg.key, msg.from),
      from: msg.from,
      to: JSON.stringify(msg.to),
      cc: JSON.stringify(msg.cc),
      subject: msg.subject,
      text: msg.text,
      html: msg.html,
      replyTo: msg.replyTo ?? null,
      now: nowIso,
    });
  if (info.changes !== 1) return false;
  const add = db.prepare(
    'INSERT INTO outbox_attachments(outbox_id, position, cid, filename, content_type, content) VALUES (?, ?, ?, ?, ?, ?)',
  );
  (msg.attachments ?? []).forEach((a, i) => add.run(info.lastInsertRowid, i, a.cid, a.filename, a.contentType, a.content));
  return true;
}

/** The inline images of a stored message, in order (read only when it is sent: they are kilobytes each). */
export function outboxAttachments(db: Db, outboxId: number): InlineAttachment[] {
  const rows = db
    .prepare('SELECT cid, filename, content_type AS contentType, content FROM outbox_attachments WHERE outbox_id = ? ORDER BY position')
    .all(outboxId) as InlineAttachment[];
  return rows.map((r) => ({ cid: r.cid, filename: r.filename, contentType: r.contentType, content: Buffer.from(r.content) }));
}

/**
 * Claims up to `limit` due messages for the sender holding `claim`: each one is moved to `sending` by a
 * conditional UPDATE that only succeeds while the row is still pending, so two senders never hold the
 * same message. The attempt is counted here, before anything goes out. `channels` limits the claim to the
 * channels that can deliver now (the others' messages wait).
 */
export function claimDue(db: Db, nowIso: string, claim: string, limit: number, keyPrefix = '', channels?: readonly string[]): OutboxMessage[] {
  // keyPrefix narrows a batch to some messages (a trial run delivers only its own `trial:` messages).
  const due = db.prepare(
    `SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? AND substr(key, 1, ?) = ?
        AND (? IS NULL OR channel IN (SELECT value FROM json_each(?)))
      ORDER BY next_attempt_at, id LIMIT ?`,
  );
  const take = db.prepare(
    `UPDATE outbox SET status = 'sending', claim = @claim, claimed_at = @now, attempts = attempts + 1
      WHERE id = @id AND status = 'pending'`,
  );
  const read = db.prepare('SELECT * FROM outbox WHERE id = ?');
  const claimed: OutboxMessage[] = [];
  const only = channels === undefined ? null : JSON.stringify(channels);
  for (const { id } of due.all(nowIso, keyPrefix.length, keyPrefix, only, only, limit) as { id: number }[]) {
    if (take.run({ claim, now: nowIso, id }).changes === 1) claimed.push(fromRow(read.get(id) as OutboxRow));
  }
  return claimed;
}

/** The server accepted the message. False when the claim was lost (the row was recovered meanwhile). */
export function markSent(db: Db, id: number, claim: string, nowIso: string): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET status = 'sent', sent_at = ?, claim = NULL, last_error = NULL
          WHERE id = ? AND status = 'sending' AND claim = ?`,
      )
      .run(nowIso, id, claim).changes === 1
  );
}

/** A temporary failure: back to pending, due again at `nextAttemptIso`. */
export function markRetry(db: Db, id: number, claim: string, error: string, nextAttemptIso: string): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error = ?, claim = NULL
          WHERE id = ? AND status = 'sending' AND claim = ?`,
      )
      .run(nextAttemptIso, redact(error), id, claim).changes === 1
  );
}

/** A permanent failure (the server refused the message for good): never tried again. */
export function markFailed(db: Db, id: number, claim: string, error: string): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET status = 'failed', next_attempt_at = NULL, last_error = ?, claim = NULL
          WHERE id = ? AND status = 'sending' AND claim = ?`,
      )
      .run(redact(error), id, claim).changes === 1
  );
}

/**
 * Gives a claimed message back untouched: pending, due as before, the attempt not counted. For failures
 * that are not the message's (odmon's mail settings are wrong), so fixing the settings sends it at once.
 */
export function releaseClaim(db: Db, id: number, claim: string, error: string): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET status = 'pending', attempts = max(attempts - 1, 0), last_error = ?, claim = NULL
          WHERE id = ? AND status = 'sending' AND claim = ?`,
      )
      .run(redact(error), id, claim).changes === 1
  );
}

/**
 * Puts back to pending every `sending` row claimed before `olderThanIso`: its sender died mid-attempt.
 * Such a message was possibly delivered already; it is sent again with the same Message-ID (see sender.ts).
 * Returns the rows recovered, as they were.
 */
export function recoverStale(db: Db, olderThanIso: string): OutboxMessage[] {
  return db.transaction(() => {
    const stale = (
      db.prepare(`SELECT * FROM outbox WHERE status = 'sending' AND claimed_at < ? ORDER BY id`).all(olderThanIso) as OutboxRow[]
    ).map(fromRow);
    const put = db.prepare(
      `UPDATE outbox SET status = 'pending', claim = NULL, last_error = ?
        WHERE id = ? AND status = 'sending' AND claim IS ?`,
    );
    return stale.filter(
      (m) =>
        put.run(
          `interrupted while sending (attempt ${m.attempts}, begun ${m.claimedAt}); possibly delivered, will be sent again with the same Message-ID`,
          m.id,
          m.claim,
        ).changes === 1,
    );
  })();
}

/** Messages by id; of one status when given; only the newest `newest` of them when given. */
export function listOutbox(db: Db, filter: { status?: OutboxStatus; newest?: number } = {}): OutboxMessage[] {
  const newest = filter.newest ?? -1;
  const rows =
    filter.status === undefined
      ? db.prepare('SELECT * FROM (SELECT * FROM outbox ORDER BY id DESC LIMIT ?) ORDER BY id').all(newest)
      : db.prepare('SELECT * FROM (SELECT * FROM outbox WHERE status = ? ORDER BY id DESC LIMIT ?) ORDER BY id').all(filter.status, newest);
  return (rows as OutboxRow[]).map(fromRow);
}

export function getOutboxMessage(db: Db, key: string): OutboxMessage | null {
  const row = db.prepare('SELECT * FROM outbox WHERE key = ?').get(key) as OutboxRow | undefined;
  return row ? fromRow(row) : null;
}

/** How many messages are in each status (every status present, 0 when none). */
export function countOutbox(db: Db): Record<OutboxStatus, number> {
  const counts: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
  const rows = db.prepare('SELECT status, count(*) AS n FROM outbox GROUP BY status').all() as { status: OutboxStatus; n: number }[];
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/** Messages that failed for good in an attempt begun at or after `iso`, for the digest. */
export function failedSince(db: Db, iso: string): OutboxMessage[] {
  return (
    db.prepare(`SELECT * FROM outbox WHERE status = 'failed' AND claimed_at >= ? ORDER BY claimed_at, id`).all(iso) as OutboxRow[]
  ).map(fromRow);
}
