import type { Db } from './db';

/** A steward's responsible person said "we know" about a finding episode. */
export interface Acknowledgement {
  readonly id: number;
  readonly findingId: number;
  /** The steward it speaks for; null: every steward of the finding. */
  readonly stewardId: string | null;
  /** Who acknowledged (the steward's person), as the IT head recorded it. */
  readonly person: string;
  readonly comment: string | null;
  readonly at: string;
  /** Who recorded it. */
  readonly actor: string;
}

interface AckRow {
  id: number;
  finding_id: number;
  steward_id: string | null;
  person: string;
  comment: string | null;
  at: string;
  actor: string;
}

const fromRow = (r: AckRow): Acknowledgement => ({ id: r.id, findingId: r.finding_id, stewardId: r.steward_id, person: r.person, comment: r.comment, at: r.at, actor: r.actor });

export function addAcknowledgement(db: Db, a: Omit<Acknowledgement, 'id'>): number {
  return Number(
    db
      .prepare('INSERT INTO acknowledgements(finding_id, steward_id, person, comment, at, actor) VALUES (?, ?, ?, ?, ?, ?)')
      .run(a.findingId, a.stewardId, a.person, a.comment, a.at, a.actor)
      .lastInsertRowid,
  );
}

/** The latest acknowledgement of every (finding, steward) of a finding that is still open. */
export function latestAcknowledgementsOfOpen(db: Db): Acknowledgement[] {
  return (
    db
      .prepare(
        `SELECT a.* FROM acknowledgements a
           JOIN (SELECT max(id) AS id FROM acknowledgements GROUP BY finding_id, coalesce(steward_id, '')) l ON l.id = a.id
           JOIN findings f ON f.id = a.finding_id
          WHERE f.resolved_at IS NULL
          ORDER BY a.at, a.id`,
      )
      .all() as AckRow[]
  ).map(fromRow);
}
