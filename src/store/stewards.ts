import type { Steward, StewardKind } from '../domain';
import type { Db } from './db';

interface StewardRow {
  id: string;
  name: string;
  kind: StewardKind;
  head_email: string | null;
  emails: string | null;
}

export function listStewards(db: Db): Steward[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.name, s.kind, s.head_email,
              (SELECT group_concat(email, ';') FROM (SELECT email FROM steward_contacts c WHERE c.steward_id = s.id ORDER BY position)) AS emails
         FROM stewards s ORDER BY s.id`,
    )
    .all() as StewardRow[];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    headEmail: r.head_email,
    emails: r.emails ? r.emails.split(';') : [],
  }));
}

export function stewardIds(db: Db): Set<string> {
  return new Set((db.prepare('SELECT id FROM stewards').pluck().all() as string[]));
}

/** Name → id, for plans that name units in words. */
export function stewardIdsByName(db: Db): Map<string, string> {
  const rows = db.prepare('SELECT id, name FROM stewards').all() as { id: string; name: string }[];
  return new Map(rows.map((r) => [r.name, r.id]));
}

/** Who made a steward: the shipped seed (the plan's units), or the council (an import). */
export type StewardSource = 'seed' | 'import';

/**
 * Inserts or updates one steward and replaces its contacts. Call inside a transaction. A steward an import
 * changes is the council's own from then on (source `import`); one it leaves exactly as it was keeps its source,
 * so a seeded unit exported and imported back is still the seed's.
 */
export function upsertSteward(db: Db, s: Steward, nowIso: string, source: StewardSource = 'import'): 'inserted' | 'updated' | 'unchanged' {
  const before = db.prepare('SELECT name, kind, head_email FROM stewards WHERE id = ?').get(s.id) as { name: string; kind: string; head_email: string | null } | undefined;
  const current = db.prepare('SELECT email FROM steward_contacts WHERE steward_id = ? ORDER BY position').pluck().all(s.id) as string[];
  const sameContacts = current.length === s.emails.length && current.every((e, i) => e === s.emails[i]);
  const outcome = before === undefined ? 'inserted' : sameContacts && before.name === s.name && before.kind === s.kind && before.head_email === s.headEmail ? 'unchanged' : 'updated';
  db.prepare(
    `INSERT INTO stewards(id, name, kind, head_email, created_at, updated_at, source) VALUES (@id, @name, @kind, @headEmail, @now, @now, @source)
     ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind, head_email = excluded.head_email,
       source = CASE WHEN @sameContacts AND stewards.name IS excluded.name AND stewards.kind IS excluded.kind
                          AND stewards.head_email IS excluded.head_email THEN stewards.source ELSE excluded.source END,
       updated_at = CASE WHEN stewards.name IS excluded.name AND stewards.kind IS excluded.kind
                          AND stewards.head_email IS excluded.head_email THEN stewards.updated_at ELSE excluded.updated_at END`,
  ).run({ id: s.id, name: s.name, kind: s.kind, headEmail: s.headEmail, now: nowIso, source, sameContacts: sameContacts ? 1 : 0 });
  if (sameContacts) return outcome; // unchanged: leave the rows be
  db.prepare('DELETE FROM steward_contacts WHERE steward_id = ?').run(s.id);
  const add = db.prepare('INSERT INTO steward_contacts(steward_id, position, email) VALUES (?, ?, ?)');
  s.emails.forEach((e, i) => add.run(s.id, i, e));
  return outcome;
}

/** Every steward's source, by id. */
export function stewardSources(db: Db): Map<string, StewardSource> {
  const rows = db.prepare('SELECT id, source FROM stewards').all() as { id: string; source: StewardSource }[];
  return new Map(rows.map((r) => [r.id, r.source]));
}

export function countStewards(db: Db): number {
  return db.prepare('SELECT count(*) FROM stewards').pluck().get() as number;
}
