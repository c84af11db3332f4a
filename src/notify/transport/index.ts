/**
 * How odmon sends mail. The only place nodemailer is imported (smtp.ts, mime.ts).
 */
import path from 'node:path';
import type { Clock } from '../../clock';
import { systemClock } from '../../clock';
import { PACKAGE_ROOT } from '../../paths';
import { FileTransport } from './file';
import { withRedirect } from './redirect';
import { SmtpTransport, type SmtpTimeouts } from './smtp';
import type { MailTransport } from './types';

export { classifySendError, SendError, type SendErrorFields, type SendVerdict } from './classify';
export { FileTransport, PreviewTransport } from './file';
export { RedirectTransport, withRedirect } from './redirect';
export {
  deliverDue,
  nextAttemptDelay,
  DEFAULT_BATCH_LIMIT,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_STALE_AFTER,
  type DeliverOptions,
  type DeliveryReport,
} from './sender';
export { DEFAULT_SMTP_TIMEOUTS, parseSmtpUrl, SmtpTransport, type SmtpSettings, type SmtpTimeouts } from './smtp';
export type { MailTransport, OutgoingMessage } from './types';

/** Where messages are written when no SMTP server is configured. */
export const DEFAULT_OUTBOX_DIR = path.join(PACKAGE_ROOT, 'data', 'outbox');

export interface MailSettings {
  /** `smtp://user:pass@host:587` or `smtps://…`; null or empty = write `.eml` files into `outboxDir`. */
  readonly smtpUrl?: string | null;
  readonly outboxDir?: string;
  /** Trials: send everything to this one address (see RedirectTransport). */
  readonly redirectAllTo?: string | null;
  readonly timeouts?: Partial<SmtpTimeouts>;
}

/** The transport the settings ask for. Throws OdmonError E_CONFIG (password hidden) for a bad smtpUrl. */
export function createMailTransport(settings: MailSettings, clock: Clock = systemClock): MailTransport {
  const base = settings.smtpUrl
    ? new SmtpTransport(settings.smtpUrl, { timeouts: settings.timeouts })
    : new FileTransport(settings.outboxDir ?? DEFAULT_OUTBOX_DIR, clock);
  return withRedirect(base, settings.redirectAllTo);
}
