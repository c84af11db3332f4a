/**
 * What a failed e-mail means for the message: the retry policy's one decision, made from the error's
 * nodemailer fields alone (`code`, `responseCode`, `response`) so that it can be table-tested.
 */
import { redact } from '../../../redact';
import type { Verdict } from '../types';

export type SendVerdict = Verdict;

/** The fields of a nodemailer error that matter here; anything else thrown is read as far as it goes. */
export interface SendErrorFields {
  readonly code?: string;
  readonly responseCode?: number;
  readonly response?: string;
  readonly command?: string;
  readonly originalCode?: string;
}

/** A transport's error with every secret removed; `cause` is left out on purpose, as it may hold one. */
export class SendError extends Error implements SendErrorFields {
  readonly code?: string;
  readonly responseCode?: number;
  readonly response?: string;
  readonly command?: string;
  readonly originalCode?: string;

  constructor(message: string, fields: SendErrorFields) {
    super(message);
    this.name = 'SendError';
    this.code = fields.code;
    this.responseCode = fields.responseCode;
    this.response = fields.response;
    this.command = fields.command;
    this.originalCode = fields.originalCode;
  }

  /**
   * Copies what classifySendError reads from any thrown value, with `secrets` masked in every text and
   * `prefix` (say, where the message was going) put before the message.
   */
  static from(err: unknown, secrets: readonly string[], prefix = ''): SendError {
    const e = typeof err === 'object' && err !== null ? (err as Record<string, unknown>) : { message: String(err) };
    const text = (v: unknown): string | undefined => (typeof v === 'string' ? redact(v, secrets) : undefined);
    return new SendError(redact(prefix, secrets) + (text(e.message) ?? 'unknown error'), {
      code: text(e.code),
      responseCode: typeof e.responseCode === 'number' ? e.responseCode : undefined,
      response: text(e.response),
      command: text(e.command),
      originalCode: text(e.originalCode),
    });
  }
}

const NETWORK_CODES = new Set([
  'ESOCKET', 'ETIMEDOUT', 'ECONNECTION', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH',
  'EDNS', 'ENOTFOUND', 'EAI_AGAIN', 'ETLS', 'EPROXY', 'EABORT',
]);
// Replies to AUTH meaning "no such command": the server offers no AUTH at all.
const NO_AUTH_REPLIES = new Set([500, 502, 504]);
// The outbox folder cannot be written, or is a file (mail.outboxDir names a file, or a path through one).
const FILE_ACCESS_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'EEXIST', 'ENOTDIR', 'EISDIR']);

const verdict = (kind: 'retry' | 'permanent' | 'config', reason: string): SendVerdict => ({
  retry: kind === 'retry',
  permanent: kind === 'permanent',
  config: kind === 'config',
  reason,
});

/** The fields classifySendError reads, from whatever was thrown. */
function readError(err: unknown): SendErrorFields & { readonly message: string } {
  const e = typeof err === 'object' && err !== null ? (err as Record<string, unknown>) : {};
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return {
    code: str(e.code),
    responseCode: typeof e.responseCode === 'number' ? e.responseCode : undefined,
    response: str(e.response),
    originalCode: str(e.originalCode),
    message: str(e.message) ?? String(err),
  };
}

/** Sorts a send error into retry / permanent / configuration error, with a reason people can act on (Ukrainian, the server's words quoted). */
export function classifySendError(err: unknown): SendVerdict {
  const { code, responseCode, originalCode, message, response } = readError(err);
  const reply = response ?? message;

  // Login problems come first: nodemailer puts the AUTH reply's code on them, which would read as a 5xx.
  if (code === 'EAUTH' && responseCode !== undefined && NO_AUTH_REPLIES.has(responseCode)) {
    return verdict(
      'config',
      `сервер SMTP не пропонує входу (AUTH), а в mail.smtpUrl указано користувача й пароль; без входу odmon не надсилає (відповідь сервера: «${reply}»)`,
    );
  }
  if (code === 'EAUTH' || code === 'EOAUTH2') return verdict('config', `сервер SMTP не прийняв ім’я користувача й пароль («${reply}»)`);
  if (code === 'ENOAUTH' || responseCode === 530) {
    return verdict('config', `сервер SMTP вимагає входу, а в mail.smtpUrl не вказано користувача й пароля (відповідь сервера: «${reply}»)`);
  }
  if (code === 'ECONFIG') return verdict('config', `налаштування пошти хибні («${message}»)`);
  if (code !== undefined && FILE_ACCESS_CODES.has(code)) return verdict('config', `не вдалося записати лист («${message}»)`);

  if (responseCode !== undefined && responseCode >= 400 && responseCode < 500) {
    return verdict('retry', `сервер SMTP тимчасово не прийняв лист («${reply}»)`);
  }
  if (responseCode !== undefined && responseCode >= 500 && responseCode < 600) {
    return verdict('permanent', `сервер SMTP відхилив лист («${reply}»)`);
  }
  if ((code !== undefined && NETWORK_CODES.has(code)) || (originalCode !== undefined && NETWORK_CODES.has(originalCode))) {
    const codes = originalCode !== undefined && originalCode !== code ? `${code}/${originalCode}` : code;
    return verdict('retry', `не вдалося з’єднатися із сервером SMTP («${message}», ${codes})`);
  }
  if (code === 'EENVELOPE' || code === 'EMAXRECIPIENTS') return verdict('permanent', `лист не можна адресувати («${message}»)`);
  return verdict('retry', `неочікувана помилка («${message}»${code !== undefined ? `, ${code}` : ''})`);
}
