/**
 * Every channel odmon delivers through, registered once (alertmanager's receiver list, healthchecks'
 * TRANSPORTS). A channel is a folder beside these — its sender, the verdict on its errors, its settings and, if
 * it writes to the IT head, its wording of the short messages — and one line here. The outbox records each
 * message's channel, the sender (../sender.ts) delivers through this registry, and src/config/settings.ts takes
 * the channels' settings from it.
 */
import type { Clock } from '../../clock';
import { emailChannel } from './email';
import { telegramChannel } from './telegram';
import type { Channel, Sender, Verdict } from './types';

export const CHANNELS = {
  email: emailChannel,
  telegram: telegramChannel,
} as const;

export type ChannelName = keyof typeof CHANNELS;
export const CHANNEL_NAMES = Object.keys(CHANNELS) as ChannelName[];

type Registry = typeof CHANNELS;

/** The channels' settings, each under its section of the config file (`mail`, `telegram`). */
export type ChannelSettings = { readonly [K in ChannelName as Registry[K]['section']]: Registry[K]['settings'] };
export const CHANNEL_SETTINGS = Object.fromEntries(CHANNEL_NAMES.map((n) => [CHANNELS[n].section, CHANNELS[n].settings])) as ChannelSettings;

/** What the sender needs of a channel it delivers through. */
export interface OpenChannel {
  readonly sender: Sender;
  classify(err: unknown): Verdict;
}

/** The channel of a name the outbox holds; undefined for a name this odmon does not know. */
export function channelNamed(name: string): Channel<never> | undefined {
  return (CHANNELS as Readonly<Record<string, Channel<never>>>)[name];
}

/** The senders the settings set up, by channel: a channel that is not set up is left out (its messages wait). */
export function openChannels(settings: { readonly [section: string]: unknown }, clock: Clock): Map<ChannelName, OpenChannel> {
  const open = new Map<ChannelName, OpenChannel>();
  for (const name of CHANNEL_NAMES) {
    const channel = CHANNELS[name] as unknown as Channel<unknown>;
    const sender = channel.open(settings[channel.section], clock);
    if (sender !== null) open.set(name, { sender, classify: channel.classify });
  }
  return open;
}

/** Given senders, each with its channel's verdict on errors (tests, previews). */
export function through(senders: Partial<Record<ChannelName, Sender>>): Map<ChannelName, OpenChannel> {
  const open = new Map<ChannelName, OpenChannel>();
  for (const name of CHANNEL_NAMES) {
    const sender = senders[name];
    if (sender !== undefined) open.set(name, { sender, classify: CHANNELS[name].classify });
  }
  return open;
}
