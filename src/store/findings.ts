import type { Finding, Severity, SubjectType } from '../domain';
import { commitCheckpointingAside } from './checkpoint';
import type { Db } from './db';

export interface StoredFinding extends Finding {
  readonly id: number;
  readonly openedAt: string;
  readonly lastSeenAt: string;
  readonly resolvedAt: string | null;
  /** It ended because its dataset was suspended (with this basis): told as suspended, never as resolved. */
  readonly resolvedSuspended: string | null;
}

interface FindingRow {
  id: number;
  rule: string;
  subject_type: SubjectType;
  subject_id: string;
  steward_id: string | null;
  stewards: string;
  severity: Severity;
  message: string;
  due_at: string | null;
  days_overdue: number | null;
  opened_at: string;
  last_seen_at: string;
  resolved_at: string | null;
  resolved_suspended: string | null;
}

function fromRow(r: FindingRow): StoredFinding {
  return {
    id: r.id,
    rule: r.rule,
    severity: r.severity,
    subject: { type: r.subject_type, id: r.subject_id },
    steward: r.steward_id,
    stewards: JSON.parse(r.stewards) as string[],
    dueAt: r.due_at,
    daysOverdue: r.days_overdue,
    message: r.message,
    openedAt: r.opened_at,
    lastSeenAt: r.last_seen_at,
    resolvedAt: r.resolved_at,
    resolvedSuspended: r.resolved_suspended,
  };
}

/** The evaluation time of the latest recorded run (ISO), or null before the first: trials are told apart by it. */
export function lastRecordedAsOf(db: Db): string | null {
  return (db.prepare('SELECT max(as_of) FROM evaluation_runs').pluck().get() as string | null) ?? null;
}

export function startRun(db: Db, startedAt: string, asOf: string): number {
  return Number(db.prepare('INSERT INTO evaluation_runs(started_at, as_of) VALUES (?, ?)').run(startedAt, asOf).lastInsertRowid);
}

export interface RecordOutcome {
  readonly opened: number;
  /** Episodes that ended because the finding no longer holds. */
  readonly resolved: number;
  readonly open: number;
  /** Episodes that ended because their dataset is suspended: not resolved, and never told so. */
  readonly suspended: number;
}

/** Dataset id → basis, for the datasets suspended in an evaluation: their findings that end are marked suspended. */
export type SuspendedDatasets = ReadonlyMap<string, string>;

/** An open finding as recorded: its identity and what a check may change in it. */
interface OpenRow {
  readonly id: number;
  readonly rule: string;
  readonly subject_type: string;
  readonly subject_id: string;
  readonly steward_id: string | null;
  readonly stewards: string;
  readonly severity: string;
  readonly message: string;
  readonly due_at: string | null;
  readonly days_overdue: number | null;
  /** Found again by this evaluation. */
  seen?: boolean;
}

/**
 * What an evaluation judged: every subject (null), or every task and steward and only the datasets of `datasets`
 * (an incremental check): open findings of the datasets it did not judge are left as they are.
 */
export type RecordScope = { readonly datasets: readonly string[] } | null;

/** Findings written, or rows read, between two points where recording may pause. */
const STEP = 1000;

const OPEN_COLUMNS = 'id, rule, subject_type, subject_id, steward_id, stewards, severity, message, due_at, days_overdue';

const identity = (rule: string, type: string, id: string): string => `${rule}\u0000${type}\u0000${id}`;

/** The open findings of the scope, page by page (a yield between pages), into a list and a map by identity. */
function* openRowsOf(db: Db, scope: RecordScope, into: OpenRow[], byIdentity: Map<string, OpenRow>): Generator<void> {
  const take = (rows: readonly OpenRow[]): void => {
    for (const r of rows) {
      into.push(r);
      byIdentity.set(identity(r.rule, r.subject_type, r.subject_id), r);
    }
  };
  if (scope !== null) {
    // Through the index of open findings by subject (the history of resolved ones is never read), a few datasets at a time.
    take(db.prepare(`SELECT ${OPEN_COLUMNS} FROM findings WHERE resolved_at IS NULL AND subject_type IN ('task', 'steward')`).all() as OpenRow[]);
    const some = db.prepare(`SELECT ${OPEN_COLUMNS} FROM findings WHERE resolved_at IS NULL AND subject_type = 'dataset' AND subject_id IN (SELECT value FROM json_each(?))`);
    const chunk = STEP / 4; // a lookup by subject per dataset: slower than reading rows in order
    for (let i = 0; i < scope.datasets.length; i += chunk) {
      yield;
      take(some.all(JSON.stringify(scope.datasets.slice(i, i + chunk))) as OpenRow[]);
    }
    return;
  }
  const openPage = db.prepare(`SELECT ${OPEN_COLUMNS} FROM findings WHERE resolved_at IS NULL AND id > ? ORDER BY id LIMIT ?`);
  for (let page = openPage.all(-Infinity, STEP) as OpenRow[]; page.length > 0; page = openPage.all(page[page.length - 1].id, STEP) as OpenRow[]) {
    take(page);
    yield;
  }
}

/** Whether a finding says exactly what its open episode says: then recording it again changes nothing. */
const unchanged = (row: OpenRow, f: Finding, stewards: string): boolean =>
  row.message === f.message && row.days_overdue === f.daysOverdue && row.due_at === f.dueAt && row.severity === f.severity &&
  row.steward_id === f.steward && row.stewards === stewards;

/**
 * The work of recording one evaluation, as a generator that pauses (yields) every STEP findings or rows, so that
 * recordFindingsInTurns can give the event loop a turn inside its transaction. The open findings of the scope are
 * read once; a finding found again is rewritten only when something in it changed (its lateness, message,
 * steward…), and then its last_seen says when: a check where nothing changed writes nothing but its own run.
 */
function* recording(
  db: Db,
  runId: number,
  findings: readonly Finding[],
  evaluatedRules: ReadonlySet<string>,
  nowIso: string,
  errors: readonly string[],
  allRules: ReadonlySet<string> | null,
  suspendedDatasets: SuspendedDatasets,
  scope: RecordScope,
): Generator<void, RecordOutcome> {
  const refresh = db.prepare(
    `UPDATE findings SET last_seen_at = ?, last_seen_run = ?, severity = ?, message = ?, due_at = ?, days_overdue = ?,
            steward_id = ?, stewards = ?
      WHERE id = ?`,
  );
  const open = db.prepare(
    `INSERT INTO findings(rule, subject_type, subject_id, steward_id, stewards, severity, message, due_at, days_overdue,
                          opened_at, opened_run, last_seen_at, last_seen_run)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const resolve = db.prepare('UPDATE findings SET resolved_at = ?, resolved_run = ?, resolved_suspended = ? WHERE id = ?');
  const key = identity;
  const openRows: OpenRow[] = [];
  const byIdentity = new Map<string, OpenRow>();
  yield* openRowsOf(db, scope, openRows, byIdentity);
  let ended = 0;
  let opened = 0;
  let seen = 0;
  /** Of `seen`, the findings about datasets (of the rules that ran: the only ones a check lists). */
  let seenDatasets = 0;
  const counts = (f: Finding): number => (f.subject.type === 'dataset' && evaluatedRules.has(f.rule) ? 1 : 0);
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    const k = key(f.rule, f.subject.type, f.subject.id);
    const stewards = JSON.stringify(f.stewards);
    const row = byIdentity.get(k);
    if (row === undefined) {
      const id = Number(
        open.run(f.rule, f.subject.type, f.subject.id, f.steward, stewards, f.severity, f.message, f.dueAt, f.daysOverdue, nowIso, runId, nowIso, runId)
          .lastInsertRowid,
      );
      // The same finding twice in one list refreshes the episode just opened, as it always did.
      byIdentity.set(k, { id, rule: f.rule, subject_type: f.subject.type, subject_id: f.subject.id, steward_id: f.steward, stewards, severity: f.severity, message: f.message, due_at: f.dueAt, days_overdue: f.daysOverdue, seen: true });
      opened++;
      seen++;
      seenDatasets += counts(f);
    } else {
      if (!unchanged(row, f, stewards)) {
        refresh.run(nowIso, runId, f.severity, f.message, f.dueAt, f.daysOverdue, f.steward, stewards, row.id);
        byIdentity.set(k, { ...row, steward_id: f.steward, stewards, severity: f.severity, message: f.message, due_at: f.dueAt, days_overdue: f.daysOverdue, seen: true });
        if (!row.seen) {
          seen++;
          seenDatasets += counts(f);
        }
      } else if (!row.seen) {
        seen++;
        seenDatasets += counts(f);
        row.seen = true;
      }
    }
    // Rewriting a finding (a new lateness, a new message) costs more than reading one: a pause every STEP / 4.
    if ((i + 1) % (STEP / 4) === 0) yield;
  }
  yield;
  let resolved = 0;
  for (let i = 0; i < openRows.length; i++) {
    // A pause every STEP open findings looked at, and every STEP / 4 resolved.
    if ((i + 1) % STEP === 0) yield;
    const row = openRows[i];
    const retired = allRules !== null && !allRules.has(row.rule);
    if (!evaluatedRules.has(row.rule) && !retired) continue;
    if (byIdentity.get(key(row.rule, row.subject_type, row.subject_id))?.seen) continue;
    const basis = row.subject_type === 'dataset' ? (suspendedDatasets.get(row.subject_id) ?? null) : null;
    resolve.run(nowIso, runId, basis, row.id);
    if (basis === null) resolved++;
    else ended++;
    if ((resolved + ended) % (STEP / 4) === 0) yield;
  }
  // Open findings of datasets this check did not judge stand as recorded: they count among the open ones. Those of
  // the datasets it judged and of the rules that ran are now exactly the ones it found (seen), so the others are
  // the open findings of those rules less those: counted rule by rule through the index of open findings.
  let kept = 0;
  if (scope !== null) {
    const openOf = db.prepare("SELECT count(*) FROM findings WHERE resolved_at IS NULL AND rule = ? AND subject_type = 'dataset'").pluck();
    for (const rule of evaluatedRules) {
      kept += openOf.get(rule) as number;
      yield;
    }
    kept -= seenDatasets;
  }
  db.prepare(
    `UPDATE evaluation_runs SET finished_at = ?, rules_ok = ?, rules_failed = ?, findings_open = ?, opened = ?,
            resolved = ?, errors = ? WHERE id = ?`,
  ).run(nowIso, evaluatedRules.size, errors.length, seen + kept, opened, resolved + ended, errors.length ? JSON.stringify(errors) : null, runId);
  return { opened, resolved, open: seen + kept, suspended: ended };
}

/**
 * Records one evaluation in one transaction. A finding's identity is (rule, subject): an open episode is
 * refreshed, a new one is opened, and an open episode that no longer holds is resolved — but only for rules
 * that ran successfully this time (`evaluatedRules`), so a broken rule never "resolves" its findings.
 */
export function recordFindings(
  db: Db,
  runId: number,
  findings: readonly Finding[],
  evaluatedRules: ReadonlySet<string>,
  nowIso: string,
  errors: readonly string[],
  /** When every rule file loaded, the names of all rules: open findings of a rule that is gone are resolved. */
  allRules: ReadonlySet<string> | null = null,
  suspendedDatasets: SuspendedDatasets = new Map(),
  scope: RecordScope = null,
): RecordOutcome {
  return db.transaction((): RecordOutcome => {
    const steps = recording(db, runId, findings, evaluatedRules, nowIso, errors, allRules, suspendedDatasets, scope);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  })();
}

/**
 * recordFindings for the check: the same writes in the same single transaction, but with a turn of the event
 * loop whenever `pause` says so between slices, so that opening 100,000 findings never stalls the daemon.
 * BEGIN IMMEDIATE takes the write lock first; while it is held, other processes wait on the busy timeout
 * (recording lasts well under a second), readers go on (WAL), and in this process nothing else writes: the
 * daemon runs one job at a time and a check is one job. A failure rolls everything back, as before. The WAL
 * checkpoint that would follow COMMIT runs in a worker thread (checkpoint.ts).
 */
export async function recordFindingsInTurns(
  db: Db,
  runId: number,
  findings: readonly Finding[],
  evaluatedRules: ReadonlySet<string>,
  nowIso: string,
  errors: readonly string[],
  allRules: ReadonlySet<string> | null,
  pause: () => Promise<void> | null,
  suspendedDatasets: SuspendedDatasets = new Map(),
  scope: RecordScope = null,
  /** Runs inside the same transaction once the findings are written (the check records its state there). */
  andThen: (outcome: RecordOutcome) => Promise<void> | void = () => undefined,
): Promise<RecordOutcome> {
  // Inside a caller's transaction (a dry run that rolls everything back) this is a savepoint of it.
  const nested = db.inTransaction;
  // A small page cache while recording: SQLite then writes changed pages to the WAL as it goes (between turns of
  // the event loop) instead of all at COMMIT, which for 20,000 rewritten findings held the loop for 50 ms.
  const cache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${RECORDING_CACHE_KIB}`);
  db.exec(nested ? 'SAVEPOINT record_findings' : 'BEGIN IMMEDIATE');
  try {
    const steps = recording(db, runId, findings, evaluatedRules, nowIso, errors, allRules, suspendedDatasets, scope);
    for (;;) {
      const step = steps.next();
      if (step.done) {
        await andThen(step.value);
        const turn = pause();
        if (turn !== null) await turn;
        if (nested) db.exec('RELEASE record_findings');
        else await commitCheckpointingAside(db);
        return step.value;
      }
      const turn = pause();
      if (turn !== null) await turn;
    }
  } catch (e) {
    if (nested) db.exec('ROLLBACK TO record_findings; RELEASE record_findings');
    else if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  } finally {
    db.pragma(`cache_size = ${cache}`);
  }
}

/** The page cache while recording, in KiB as cache_size takes it (negative). */
const RECORDING_CACHE_KIB = -4096;

export function listOpenFindings(db: Db): StoredFinding[] {
  return (db.prepare('SELECT * FROM findings WHERE resolved_at IS NULL ORDER BY id').all() as FindingRow[]).map(fromRow);
}

export function listFindingsResolvedIn(db: Db, runId: number): StoredFinding[] {
  return (db.prepare('SELECT * FROM findings WHERE resolved_run = ? ORDER BY id').all(runId) as FindingRow[]).map(fromRow);
}

export function listAllFindings(db: Db): StoredFinding[] {
  return (db.prepare('SELECT * FROM findings ORDER BY id').all() as FindingRow[]).map(fromRow);
}

/** Findings resolved after `iso` (exclusive), for "resolved since the previous digest". */
export function listFindingsResolvedSince(db: Db, iso: string): StoredFinding[] {
  return (db.prepare('SELECT * FROM findings WHERE resolved_at > ? ORDER BY resolved_at, id').all(iso) as FindingRow[]).map(fromRow);
}
