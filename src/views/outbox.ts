/** The outbox as people look at it: how many messages are in each state, and the messages themselves. */
import { countOutbox, listOutbox, type OutboxKind, type OutboxStatus } from '../store/outbox';
import type { ReadSource } from './source';

export type { OutboxKind, OutboxStatus };

export interface OutboxItem {
  readonly id: number;
  readonly status: OutboxStatus;
  readonly kind: OutboxKind;
  /** The channel that delivers it: `email`, `telegram`. */
  readonly channel: string;
  readonly stewardId: string | null;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly sentAt: string | null;
  readonly createdAt: string;
  /** The last delivery error, passwords masked. */
  readonly lastError: string | null;
}

export interface OutboxView {
  readonly counts: Readonly<Record<OutboxStatus, number>>;
  /** In flight, then waiting, then failed (then sent, with `all`), each by id. */
  readonly messages: readonly OutboxItem[];
}

export function outboxCounts(src: ReadSource): Readonly<Record<OutboxStatus, number>> {
  return countOutbox(src.db);
}

/** The messages still to deliver or that failed; with `all`, the sent ones too; with `newest`, only the newest so many of each status. */
export function outboxView(src: ReadSource, opts: { readonly all?: boolean; readonly newest?: number } = {}): OutboxView {
  const order: OutboxStatus[] = ['sending', 'pending', 'failed', ...(opts.all ? (['sent'] as const) : [])];
  const messages = order.flatMap((status) =>
    listOutbox(src.db, { status, newest: opts.newest }).map((m) => ({
      id: m.id,
      status: m.status,
      kind: m.kind,
      channel: m.channel,
      stewardId: m.stewardId,
      to: m.to,
      cc: m.cc,
      subject: m.subject,
      attempts: m.attempts,
      nextAttemptAt: m.nextAttemptAt,
      sentAt: m.sentAt,
      createdAt: m.createdAt,
      lastError: m.lastError,
    })),
  );
  return { counts: countOutbox(src.db), messages };
}
