/**
 * Short messages for the IT head — an alert when a daemon job fails or the sanity guard holds the notices back,
 * and the weekly digest's summary — addressed and worded by every registered channel that carries them (today
 * Telegram; the e-mail digest and guard letter are the full account). Queued in the outbox like every message:
 * delivered once, retried, listed when they fail.
 */
import type { Config } from '../config/config';
import type { NewOutboxMessage } from '../store/outbox';
import { CHANNEL_NAMES, CHANNELS } from './channels';
import type { Brief, Channel } from './channels/types';

/** One message per channel that reaches the IT head, keyed `{brief.key}:{channel}`: planning it twice queues it once. */
export function briefMessages(config: Config, brief: Brief): NewOutboxMessage[] {
  const out: NewOutboxMessage[] = [];
  for (const name of CHANNEL_NAMES) {
    const channel = CHANNELS[name] as unknown as Channel<unknown>;
    const settings = (config as unknown as Record<string, unknown>)[channel.section];
    const recipient = channel.briefs?.recipient(settings) ?? null;
    if (recipient === null || channel.briefs === undefined) continue;
    const { subject, text } = channel.briefs.render(brief);
    out.push({ key: `${brief.key}:${name}`, kind: 'digest', channel: name, stewardId: null, from: '', to: [recipient], cc: [], subject, text, html: null });
  }
  return out;
}

/** Where the IT head looks further: the council's organization on the portal when there is one, else the portal. */
export function portalLink(config: Config): string | null {
  if (config.portalUrl === null) return null;
  const orgs = config.portal.organizations;
  return orgs.length === 1 ? `${config.portalUrl}/organization/${encodeURIComponent(orgs[0])}` : config.portalUrl;
}
