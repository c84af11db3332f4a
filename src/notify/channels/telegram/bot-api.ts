/**
 * Sending through the Telegram Bot API: `POST {apiUrl}/bot{token}/sendMessage` with JSON, one message per call,
 * plain text (no parse mode: a title holding `*` or `<` must not break the message). The token is in the URL's
 * path, so no URL is ever put into an error; every text of an error is masked with the token besides.
 */
import { redact } from '../../../redact';
import type { OutgoingMessage, Sender } from '../types';

/** Telegram refuses a message longer than this many characters. */
export const MAX_TEXT = 4096;

export interface BotApiSettings {
  readonly botToken: string;
  readonly chatId: string;
  readonly apiUrl: string;
  readonly timeoutMs: number;
}

/**
 * What went wrong with one call: the message in Ukrainian with the Bot API's (or the network's) own words quoted,
 * and the Bot API's own terms beside it; `kind` network: no answer came at all.
 */
export class TelegramError extends Error {
  constructor(
    message: string,
    readonly kind: 'network' | 'reply',
    /** The HTTP status, or the Bot API's `error_code` when the reply carries one. */
    readonly status: number | null,
    readonly description: string,
    /** Seconds, from the reply's `parameters.retry_after` (flood control). */
    readonly retryAfter: number | null,
  ) {
    super(message);
    this.name = 'TelegramError';
  }
}

interface BotApiReply {
  ok?: unknown;
  error_code?: unknown;
  description?: unknown;
  parameters?: { retry_after?: unknown };
}

function cut(text: string): string {
  const chars = [...text];
  return chars.length <= MAX_TEXT ? text : `${chars.slice(0, MAX_TEXT - 1).join('')}…`;
}

export class BotApiSender implements Sender {
  readonly target: string;
  private readonly secrets: readonly string[];

  constructor(private readonly s: BotApiSettings) {
    this.target = `Telegram, чат ${s.chatId}, через ${redact(s.apiUrl)}`;
    this.secrets = [s.botToken];
  }

  /** Sends the message's text to its one chat (`to[0]`, the chat id the outbox recorded). */
  async send(m: OutgoingMessage): Promise<void> {
    const chatId = m.to[0] ?? this.s.chatId;
    await this.call('sendMessage', { chat_id: chatId, text: cut(m.text), link_preview_options: { is_disabled: true } });
  }

  private async call(method: string, body: Record<string, unknown>): Promise<void> {
    const mask = (t: string): string => redact(t, this.secrets);
    let res: Response;
    try {
      res = await fetch(`${this.s.apiUrl}/bot${this.s.botToken}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.s.timeoutMs),
        redirect: 'error',
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const message =
        e.name === 'TimeoutError'
          ? `Telegram Bot API не відповів за ${this.s.timeoutMs} мс`
          : `не вдалося з’єднатися з Telegram Bot API («${e.cause?.message ?? e.message}»)`;
      throw new TelegramError(mask(message), 'network', null, '', null);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw new TelegramError(mask(`Telegram Bot API обірвав відповідь («${(err as Error).message}»)`), 'network', null, '', null);
    }
    let reply: BotApiReply | null = null;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null) reply = parsed as BotApiReply;
    } catch {
      reply = null; // a proxy's HTML page, say: judged by the HTTP status alone
    }
    if (res.ok && reply?.ok === true) return;
    const status = typeof reply?.error_code === 'number' ? reply.error_code : res.status;
    const description = mask(typeof reply?.description === 'string' ? reply.description : reply === null ? `HTTP ${res.status}, це не відповідь Bot API` : `HTTP ${res.status}`);
    const retryAfter = typeof reply?.parameters?.retry_after === 'number' ? reply.parameters.retry_after : null;
    throw new TelegramError(`Telegram Bot API відповів ${status} («${description}»)`, 'reply', status, description.slice(0, 500), retryAfter);
  }
}
