/**
 * For trials: every message goes to one address instead of its stewards, and says whom it was for.
 */
import type { MailTransport, OutgoingMessage } from './types';

export class RedirectTransport implements MailTransport {
  readonly target: string;

  constructor(
    private readonly inner: MailTransport,
    readonly redirectAllTo: string,
  ) {
    this.target = `${inner.target}, every message redirected to ${redirectAllTo}`;
  }

  send(m: OutgoingMessage): Promise<void> {
    const headers: Record<string, string> = { ...m.headers, 'X-Odmon-Original-To': m.to.join(', ') };
    if (m.cc.length > 0) headers['X-Odmon-Original-Cc'] = m.cc.join(', ');
    return this.inner.send({ ...m, to: [this.redirectAllTo], cc: [], headers });
  }

  close(): void {
    this.inner.close?.();
  }
}

/** The transport as is, or wrapped so that everything goes to `redirectAllTo`. */
export function withRedirect(inner: MailTransport, redirectAllTo: string | null | undefined): MailTransport {
  return redirectAllTo ? new RedirectTransport(inner, redirectAllTo) : inner;
}
