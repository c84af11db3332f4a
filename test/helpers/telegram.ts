/**
 * A local HTTP server shaped like the Telegram Bot API: `POST /bot<token>/sendMessage` with a JSON body, and the
 * API's JSON replies — `{"ok":true,"result":{…message…}}`, a 401 for a token it does not know, a 400 "chat not
 * found" for a chat it does not know, and whatever a test scripts next (429 with `parameters.retry_after`, 403,
 * a 502 HTML page from a proxy, no answer at all).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT_TOKEN = '123456789:AAEhBOweik6ad6PsVMRxjx0aBcDeFgHiJkL';
export const CHAT_ID = '-1001234567890';

export interface BotApiRequest {
  readonly method: string;
  readonly token: string;
  readonly body: Record<string, unknown>;
}

/** What the server answers one request with. */
export interface ScriptedReply {
  readonly status: number;
  /** JSON to send, or a raw text (an HTML page). */
  readonly body: unknown;
  readonly contentType?: string;
  /** Never answer: the connection stays open until the server stops. */
  readonly hang?: boolean;
}

export const tooManyRequests = (retryAfter: number): ScriptedReply => ({
  status: 429,
  body: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } },
});
export const forbidden: ScriptedReply = { status: 403, body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' } };
export const badGateway: ScriptedReply = { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', contentType: 'text/html' };
export const hang: ScriptedReply = { status: 0, body: null, hang: true };

export class TestBotApi {
  /** Every request that reached the server, in order (sendMessage or not, accepted or not). */
  readonly requests: BotApiRequest[] = [];
  /** The messages the Bot API accepted: what the chat shows. */
  readonly delivered: { chatId: string; text: string }[] = [];
  private readonly script: ScriptedReply[] = [];
  private readonly open = new Set<http.ServerResponse>();
  private nextId = 1;

  private constructor(
    private readonly server: http.Server,
    readonly token: string,
    readonly chats: readonly string[],
  ) {}

  static async start(opts: { token?: string; chats?: readonly string[] } = {}): Promise<TestBotApi> {
    const server = http.createServer();
    const api = new TestBotApi(server, opts.token ?? BOT_TOKEN, opts.chats ?? [CHAT_ID]);
    server.on('request', (req, res) => api.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  /** The address to put in telegram.apiUrl. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next requests get these answers, in order; then the server answers as the Bot API would. */
  next(...replies: ScriptedReply[]): void {
    this.script.push(...replies);
  }

  async stop(): Promise<void> {
    for (const res of this.open) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '');
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        body = {};
      }
      if (m !== null) this.requests.push({ token: decodeURIComponent(m[1]), method: m[2], body });
      const scripted = this.script.shift();
      if (scripted?.hang) {
        this.open.add(res);
        return;
      }
      if (scripted) return this.send(res, scripted);
      if (req.method !== 'POST' || m === null) return this.send(res, { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } });
      if (decodeURIComponent(m[1]) !== this.token) return this.send(res, { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
      if (m[2] !== 'sendMessage') return this.send(res, { status: 404, body: { ok: false, error_code: 404, description: 'Not Found: method not found' } });
      const chatId = String(body.chat_id ?? '');
      if (!this.chats.includes(chatId)) return this.send(res, { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' } });
      if (typeof body.text !== 'string' || body.text.trim() === '') {
        return this.send(res, { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: message text is empty' } });
      }
      this.delivered.push({ chatId, text: body.text });
      this.send(res, {
        status: 200,
        body: {
          ok: true,
          result: {
            message_id: this.nextId++,
            from: { id: Number(this.token.split(':')[0]), is_bot: true, first_name: 'odmon', username: 'odmon_test_bot' },
            chat: { id: Number(chatId), title: 'ІТ-відділ', type: 'supergroup' },
            date: Math.floor(Date.now() / 1000),
            text: body.text,
          },
        },
      });
    });
  }

  private send(res: http.ServerResponse, r: ScriptedReply): void {
    const raw = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    res.writeHead(r.status, { 'content-type': r.contentType ?? 'application/json' });
    res.end(raw);
  }
}
