/** `odmon status` as data: the monitor's health, the open findings by rule, and the outbox. */
import type { DateTime } from 'luxon';
import { openFindingsByRule } from '../store/read-findings';
import { monitorHealth, type Health } from './health';
import { outboxCounts } from './outbox';
import type { OutboxStatus } from './outbox';
import type { ReadSource } from './source';

export interface StatusView extends Health {
  /** Open findings, each counted once, and how many each rule has (rules without open findings are left out). */
  readonly findings: { readonly open: number; readonly byRule: readonly { readonly rule: string; readonly count: number }[] };
  readonly outbox: Readonly<Record<OutboxStatus, number>>;
}

export function statusView(src: ReadSource, now: DateTime, realNowMs: number): StatusView {
  const byRule = openFindingsByRule(src.db);
  return {
    ...monitorHealth(src, now, realNowMs),
    findings: { open: byRule.reduce((n, r) => n + r.count, 0), byRule },
    outbox: outboxCounts(src),
  };
}
