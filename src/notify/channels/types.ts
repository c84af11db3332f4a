/**
 * What every channel provides (alertmanager's notifier, healthchecks' transport): a sender built from its own
 * settings, a verdict on its own errors, a preview, and — when it carries short messages for the IT head — its
 * wording of them. Channels are registered in ./index.ts.
 */
import type { DateTime, Duration } from 'luxon';
import type { Clock } from '../../clock';
import type { ComplianceCounts } from '../../domain';
import type { NewOutboxMessage } from '../../store/outbox';

/**
 * A rendered message as it leaves the outbox, for any channel: its sender (empty for channels without one),
 * recipients in the channel's own terms, subject, bodies, Reply-To and inline images are the outbox row's.
 */
export interface OutgoingMessage extends Pick<NewOutboxMessage, 'from' | 'to' | 'cc' | 'subject' | 'text' | 'html' | 'replyTo' | 'attachments'> {
  /** `<odmon.{key}@{domain}>`: the same on every attempt, so receivers can drop a duplicate. */
  readonly messageId: string;
  /** The outbox key, when the message comes from the outbox; names preview files. */
  readonly key?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A way to deliver a message. `send` resolves once the message is accepted (the SMTP server's 250, the Bot
 * API's `ok`, the file written) and rejects otherwise; the channel's `classify` decides what the error means. No
 * error a sender throws contains a password or a token.
 */
export interface Sender {
  /**
   * Where messages go, for people (in Ukrainian; also in the daemon's log): `smtp://odmon:***@mail.example.org:587`,
   * `тека data/outbox`, `Telegram, чат 123456789, через https://api.telegram.org`.
   */
  readonly target: string;
  send(m: OutgoingMessage): Promise<void>;
  /** Releases connections and timers, if any. */
  close?(): void;
}

/** What a failed send means for the message: the retry policy's one decision, made by the channel. */
export interface Verdict {
  /** Temporary: the same message may be accepted later (network trouble, a 4xx reply, flood control). */
  readonly retry: boolean;
  /** Refused for good: trying again would be refused again. */
  readonly permanent: boolean;
  /** odmon's settings for the channel are wrong: nothing can go through it until they are fixed. */
  readonly config: boolean;
  /** For people, and for the outbox's last_error: in Ukrainian, the other side's own words quoted «…». */
  readonly reason: string;
  /**
   * How long the other side asked to wait (Telegram's `retry_after`): the message is not tried before, and the
   * channel sends nothing more in this batch.
   */
  readonly retryAfter?: Duration;
}

/** A short message for the IT head, as data: each channel that carries such messages words it its own way. */
export type Brief = { readonly key: string; readonly at: DateTime } & (
  | { readonly kind: 'job-failed'; readonly job: string; readonly error: string }
  | { readonly kind: 'held-back'; readonly reason: string }
  | {
      readonly kind: 'digest';
      /** The council's required datasets, counted as everywhere else (src/history/score.ts). */
      readonly counts: ComplianceCounts;
      readonly open: number;
      readonly high: number;
      /** Opened since the previous digest; null for the first digest. */
      readonly new: number | null;
      readonly resolved: number;
      readonly undelivered: number;
      /** Where to look further, if anywhere (the council's page on the portal). */
      readonly link: string | null;
    }
);

export interface BriefWriter<S> {
  /** The IT head on this channel; null when the settings name none (the channel then sends no briefs). */
  recipient(settings: S): string | null;
  render(brief: Brief): { readonly subject: string; readonly text: string };
}

export interface Channel<S> {
  /** The key of its settings in the config file (`mail`, `telegram`). */
  readonly section: string;
  /** Its settings, declared in its folder; src/config/settings.ts takes them from the registry. */
  readonly settings: object;
  /** A sender for the settings; null when the channel is not set up (its messages wait in the outbox). */
  open(settings: S, clock: Clock): Sender | null;
  /** A sender that writes into `folder` what would go out (`odmon notify --preview`). */
  preview(folder: string, clock: Clock): Sender;
  /** Whether a failed send is worth retrying (alertmanager's `retry bool`), refused for good, or the settings are wrong. */
  classify(err: unknown): Verdict;
  /** Short messages for the IT head (alerts, the digest's summary); absent when the channel sends none. */
  readonly briefs?: BriefWriter<S>;
}
