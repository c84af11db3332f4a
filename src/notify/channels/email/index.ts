/**
 * The e-mail channel: SMTP when a server is configured, otherwise `.eml` files under `mail.outboxDir` (a fresh
 * install shows what it would send). nodemailer is loaded in one place (nodemailer.ts), when smtp.ts or mime.ts first needs it.
 */
import type { Clock } from '../../../clock';
import type { Channel, Sender } from '../types';
import { classifySendError } from './classify';
import { FileTransport } from './file';
import { MAIL_SETTINGS, type MailSettings } from './settings';
import { SmtpTransport } from './smtp';

export const emailChannel = {
  section: 'mail',
  settings: MAIL_SETTINGS,
  open: (m: MailSettings, clock: Clock): Sender =>
    m.smtpUrl === null
      ? new FileTransport(m.outboxDir, clock)
      : new SmtpTransport(m.smtpUrl, { timeouts: { connectionMs: m.connectionTimeoutMs, greetingMs: m.greetingTimeoutMs, socketMs: m.socketTimeoutMs } }),
  preview: (folder: string, clock: Clock): Sender => new FileTransport(folder, clock),
  classify: classifySendError,
} as const satisfies Channel<MailSettings>;
