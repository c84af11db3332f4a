import type { InlineAttachment } from '../../store/outbox';

/** What every way of sending mail takes: a fully rendered message, addressed and identified. */
export interface OutgoingMessage {
  /** `<odmon.{key}@{domain}>`: the same on every attempt, so receivers can drop a duplicate. */
  readonly messageId: string;
  /** The outbox key, when the message comes from the outbox; names `.eml` files. */
  readonly key?: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  /** The Reply-To header; absent/null = none (replies go to the sender). */
  readonly replyTo?: string | null;
  /** Images the HTML shows through `cid:`: sent as related inline parts with these Content-IDs. */
  readonly attachments?: readonly InlineAttachment[];
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A way to deliver a message. `send` resolves once the message is accepted (the SMTP server's 250, the
 * file written) and rejects with a nodemailer-shaped error (`code`, `responseCode`, `response`) otherwise;
 * classifySendError decides what that means. No error a transport throws contains a password.
 */
export interface MailTransport {
  /** Where messages go, for messages to people: `smtp://odmon:***@mail.example.org:587`, `folder data/outbox`. */
  readonly target: string;
  send(m: OutgoingMessage): Promise<void>;
  /** Releases connections and timers, if any. */
  close?(): void;
}
