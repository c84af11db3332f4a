/**
 * A real SMTP server for tests (smtp-server on 127.0.0.1, port 0), keeping every message it accepted,
 * parsed by mailparser. It can require a login, offer no AUTH at all, refuse the first N messages at
 * RCPT or DATA with a chosen reply, and be stopped and started again on the same port.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';

export interface Rejection {
  /** The reply code, e.g. 451 (try later) or 550 (refused). */
  readonly code: number;
  /** How many messages (mail transactions) to refuse, from the first on. */
  readonly times: number;
  readonly message?: string;
}

export interface TestSmtpOptions {
  /** Require a login with exactly these credentials. */
  readonly auth?: { readonly user: string; readonly password: string };
  /** Offer no AUTH command at all. */
  readonly noAuth?: boolean;
  readonly rejectRcpt?: Rejection;
  readonly rejectData?: Rejection;
}

export interface ReceivedMail {
  readonly envelopeFrom: string | null;
  readonly envelopeTo: readonly string[];
  readonly user: string | null;
  readonly raw: Buffer;
  readonly parsed: ParsedMail;
}

function replyError(r: Rejection, fallback: string): Error {
  return Object.assign(new Error(r.message ?? fallback), { responseCode: r.code });
}

export class TestSmtpServer {
  readonly messages: ReceivedMail[] = [];
  /** Mail transactions seen (accepted or not), in order: `session id:transaction`. */
  private readonly transactions: string[] = [];
  private server: SMTPServer | null = null;
  private boundPort = 0;

  private constructor(private readonly opts: TestSmtpOptions) {}

  static async start(opts: TestSmtpOptions = {}): Promise<TestSmtpServer> {
    const s = new TestSmtpServer(opts);
    await s.listen(0);
    return s;
  }

  get port(): number {
    return this.boundPort;
  }

  get running(): boolean {
    return this.server !== null;
  }

  /** `smtp://127.0.0.1:port`, with `user:password@` when given. */
  url(credentials?: { user: string; password: string }): string {
    const cred = credentials ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@` : '';
    return `smtp://${cred}127.0.0.1:${this.boundPort}`;
  }

  /** The ordinal (0 = first) of this session's current mail transaction among all the server has seen. */
  private ordinal(session: SMTPServerSession): number {
    const id = `${session.id}:${session.transaction}`;
    let i = this.transactions.indexOf(id);
    if (i < 0) i = this.transactions.push(id) - 1;
    return i;
  }

  private options(): SMTPServerOptions {
    const { auth, noAuth, rejectRcpt, rejectData } = this.opts;
    return {
      logger: false,
      // No STARTTLS: the built-in self-signed certificate would (rightly) fail nodemailer's checks.
      disabledCommands: noAuth ? ['STARTTLS', 'AUTH'] : ['STARTTLS'],
      authOptional: auth === undefined,
      allowInsecureAuth: true,
      closeTimeout: 1000,
      socketTimeout: 5000,
      onAuth: (a, _session, callback) => {
        if (auth !== undefined && a.username === auth.user && a.password === auth.password) return callback(null, { user: a.username });
        return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onRcptTo: (_address, session, callback) => {
        if (rejectRcpt && this.ordinal(session) < rejectRcpt.times) return callback(replyError(rejectRcpt, 'Recipient refused'));
        return callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (rejectData && this.ordinal(session) < rejectData.times) return callback(replyError(rejectData, 'Message refused'));
          const raw = Buffer.concat(chunks);
          // Parsed before the 250 goes out, so a send that resolved always finds its message here.
          simpleParser(raw).then(
            (parsed) => {
              this.messages.push({
                envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
                envelopeTo: session.envelope.rcptTo.map((r) => r.address),
                user: typeof session.user === 'string' ? session.user : null,
                raw,
                parsed,
              });
              callback();
            },
            (err: Error) => callback(err),
          );
        });
      },
    };
  }

  private listen(port: number): Promise<void> {
    const server = new SMTPServer(this.options());
    return new Promise((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.server.off('error', reject);
        this.server = server;
        this.boundPort = (server.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  /** Closes the port: connections are refused until restart(). */
  async stop(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    this.server = null;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port, keeping the messages received so far. */
  async restart(): Promise<void> {
    await this.stop();
    await this.listen(this.boundPort);
  }
}

/**
 * An SMTP server that commits each message as soon as its data has arrived and answers 250 only `delayMs` later,
 * so a sender can be stopped or killed while a message is in flight. Like a real server, it keeps a message whose
 * data it received even when the client is gone before the reply (RFC 1047's duplicate window): `received` holds
 * every message whose data arrived (a message sent twice is there twice), `accepted` counts the 250 replies.
 */
export class SlowSmtpServer {
  readonly received: ParsedMail[] = [];
  accepted = 0;
  private constructor(
    private readonly server: SMTPServer,
    private readonly timers: NodeJS.Timeout[],
  ) {}

  static async start(delayMs: number): Promise<SlowSmtpServer> {
    let self: SlowSmtpServer | null = null;
    const timers: NodeJS.Timeout[] = [];
    const server = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      closeTimeout: 500,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          simpleParser(Buffer.concat(chunks)).then(
            (parsed) => {
              self?.received.push(parsed);
              const timer = setTimeout(() => {
                if (self) self.accepted++;
                callback();
              }, delayMs);
              timers.push(timer);
            },
            (err: Error) => callback(err),
          );
        });
      },
    });
    // Answering a client that is gone fails on its closed socket: expected here.
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    self = new SlowSmtpServer(server, timers);
    return self;
  }

  get port(): number {
    return (this.server.server.address() as AddressInfo).port;
  }

  /** Replies still waiting are dropped: their client is gone. */
  stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
