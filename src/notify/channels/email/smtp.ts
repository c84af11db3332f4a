/**
 * Sending over SMTP with nodemailer: one connection per message (no pool), explicit timeouts, and a
 * login that is required whenever the URL has credentials (`forceAuth`): a server that offers no AUTH
 * is an error, never a silent unauthenticated send.
 */
import type { Transporter } from 'nodemailer';
import { loadNodemailer } from './nodemailer';
import { OdmonError } from '../../../errors';
import { SendError } from './classify';
import { toMailOptions } from './mime';
import { MAIL_SETTINGS } from './settings';
import { redactUrl } from '../../../redact';
import type { OutgoingMessage, Sender } from '../types';

export interface SmtpTimeouts {
  /** Waiting for the TCP (or TLS) connection. */
  readonly connectionMs: number;
  /** Waiting for the server's 220 greeting once connected. */
  readonly greetingMs: number;
  /** Longest silence in the middle of a conversation. */
  readonly socketMs: number;
}

/** The defaults of mail.connectionTimeoutMs, mail.greetingTimeoutMs and mail.socketTimeoutMs (settings.ts). */
export const DEFAULT_SMTP_TIMEOUTS: SmtpTimeouts = {
  connectionMs: MAIL_SETTINGS.connectionTimeoutMs.default,
  greetingMs: MAIL_SETTINGS.greetingTimeoutMs.default,
  socketMs: MAIL_SETTINGS.socketTimeoutMs.default,
};

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (`smtps://`); otherwise STARTTLS whenever the server offers it. */
  readonly secure: boolean;
  readonly user: string | null;
  readonly password: string | null;
}

function decode(part: string, what: 'user' | 'password', shown: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new OdmonError('E_CONFIG', `mail.smtpUrl "${shown}": ${what === 'user' ? 'ім’я користувача' : 'пароль'} записано з хибним URL-кодуванням`, {
      hint: 'запишіть спеціальні символи імені користувача й пароля як %XX (наприклад, "@" як %40)',
    });
  }
}

/** Reads `smtp://user:pass@host:587` or `smtps://…`; every error shows the URL with its password hidden. */
export function parseSmtpUrl(url: string): SmtpSettings {
  const shown = redactUrl(url);
  const fail = (what: string): never => {
    throw new OdmonError('E_CONFIG', `mail.smtpUrl "${shown}": ${what}`, {
      hint: 'запишіть адресу як smtp://user:password@host:587 або smtps://user:password@host:465 (ім’я користувача й пароль необов’язкові)',
    });
  };
  let u: URL;
  try {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) throw new Error('no scheme');
    u = new URL(url);
  } catch {
    return fail('це не URL-адреса');
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') fail(`схема "${u.protocol.replace(/:$/, '')}" не підходить (відомі: smtp, smtps)`);
  if (u.hostname === '') fail('не вказано сервера');
  if ((u.pathname !== '' && u.pathname !== '/') || u.search !== '' || u.hash !== '') fail('адреса містить шлях або параметри запиту, яких odmon не читає');
  const secure = u.protocol === 'smtps:';
  const user = u.username === '' ? null : decode(u.username, 'user', shown);
  const password = u.password === '' ? null : decode(u.password, 'password', shown);
  if (password !== null && user === null) fail('вказано пароль, але не вказано імені користувача');
  return { host: u.hostname.replace(/^\[(.*)\]$/, '$1'), port: u.port === '' ? (secure ? 465 : 587) : Number(u.port), secure, user, password };
}

export interface SmtpTransportOptions {
  readonly timeouts?: Partial<SmtpTimeouts>;
}

export class SmtpTransport implements Sender {
  readonly target: string;
  private readonly transporter: Transporter;
  private readonly secrets: readonly string[];

  constructor(url: string, opts: SmtpTransportOptions = {}) {
    const s = parseSmtpUrl(url);
    const t = { ...DEFAULT_SMTP_TIMEOUTS, ...opts.timeouts };
    this.target = redactUrl(url);
    this.secrets = s.password === null ? [] : [s.password];
    this.transporter = loadNodemailer().createTransport({
      host: s.host,
      port: s.port,
      secure: s.secure,
      auth: s.user === null ? undefined : { user: s.user, pass: s.password ?? '' },
      forceAuth: s.user !== null,
      connectionTimeout: t.connectionMs,
      greetingTimeout: t.greetingMs,
      socketTimeout: t.socketMs,
      logger: false,
      debug: false,
    });
  }

  async send(m: OutgoingMessage): Promise<void> {
    try {
      await this.transporter.sendMail(toMailOptions(m));
    } catch (err) {
      throw SendError.from(err, this.secrets, `${this.target}: `);
    }
  }

  close(): void {
    this.transporter.close();
  }
}
