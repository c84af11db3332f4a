/**
 * `odmon steward merge OLD NEW`: departments are renamed and merged in real councils, and a seeded unit whose
 * name differs a little from the register's is one unit under two names. Everything of OLD — datasets, plan
 * tasks, findings, what it was told, snoozes, acknowledgements, quarterly history, messages — moves to NEW, and
 * OLD is removed, in one transaction with its audit entry.
 *
 * Refused when it would lose anything: OLD's e-mail addresses that NEW does not have (people would no longer be
 * told). History of both for the same quarter is added up into one snapshot (store/steward-moves.ts).
 */
import type { DateTime } from 'luxon';
import { OdmonError } from '../errors';
import { recordAudit } from '../store/audit';
import type { Db } from '../store/db';
import { mergeSteward, stewardFootprint, type MoveCounts } from '../store/steward-moves';
import { listStewards } from '../store/stewards';
import { toStoredInstant } from '../time/days';

export interface MergeInput {
  readonly from: string;
  readonly to: string;
  readonly actor: string;
  readonly reason: string | null;
  /** The real clock: the audit log records when it was done. */
  readonly at: DateTime;
  /** Check and count only; change nothing. */
  readonly dryRun?: boolean;
}

export interface MergeResult {
  readonly from: string;
  readonly to: string;
  readonly fromName: string;
  readonly toName: string;
  readonly moved: MoveCounts;
}

export function mergeStewards(db: Db, inp: MergeInput): MergeResult {
  const all = new Map(listStewards(db).map((s) => [s.id, s]));
  const known = (): string => [...all.keys()].join(', ');
  if (inp.from === inp.to) throw new OdmonError('E_INPUT', `розпорядника "${inp.from}" не можна влити в нього самого`, { hint: 'укажіть два різні ідентифікатори розпорядників' });
  const from = all.get(inp.from);
  const to = all.get(inp.to);
  for (const [id, s] of [[inp.from, from], [inp.to, to]] as const) {
    if (s === undefined) throw new OdmonError('E_NOT_FOUND', `розпорядника "${id}" немає в реєстрі`, { hint: `відомі розпорядники: ${known()}` });
  }
  const a = from as NonNullable<typeof from>;
  const b = to as NonNullable<typeof to>;
  const lost: string[] = [];
  const missing = a.emails.filter((e) => !b.emails.some((x) => x.toLowerCase() === e.toLowerCase()));
  if (missing.length > 0) lost.push(`розпорядник "${b.id}" не має адрес ${missing.join(', ')}, які має "${a.id}"`);
  if (a.headEmail !== null && a.headEmail.toLowerCase() !== (b.headEmail ?? '').toLowerCase()) {
    lost.push(`адреса керівника ${a.headEmail} розпорядника "${a.id}" не збігається з адресою керівника "${b.id}" (${b.headEmail ?? 'немає'})`);
  }
  if (lost.length > 0) {
    throw new OdmonError('E_INPUT', `якщо влити "${a.id}" у "${b.id}", odmon утратить відоме:\n  ${lost.join('\n  ')}`, {
      problems: lost,
      hint: missing.length > 0 || a.headEmail !== null
        ? `спершу імпортуйте "${b.id}" із цими адресами (odmon import stewards), потім об’єднайте знову`
        : 'нічого не змінено',
    });
  }
  if (inp.dryRun) return { from: a.id, to: b.id, fromName: a.name, toName: b.name, moved: stewardFootprint(db, a.id) };
  const moved = db
    .transaction(() => {
      const counts = mergeSteward(db, a.id, b.id);
      recordAudit(db, {
        at: toStoredInstant(inp.at),
        actor: inp.actor,
        action: 'steward-merge',
        subjectType: 'steward',
        subjectId: b.id,
        details: { from: a.id, fromName: a.name, to: b.id, toName: b.name, moved: counts },
        reason: inp.reason,
      });
      return counts;
    })
    .immediate();
  return { from: a.id, to: b.id, fromName: a.name, toName: b.name, moved };
}
