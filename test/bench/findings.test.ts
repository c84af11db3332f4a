import fc from 'fast-check';
import type { Finding, Severity } from '../../src/domain';
import type { Db } from '../../src/store/db';
import { listDatasets, listDatasetsInTurns } from '../../src/store/datasets';
import { recordFindings, recordFindingsInTurns, startRun, type RecordOutcome } from '../../src/store/findings';
import { nextTurn } from '../../src/rules/turns';
import { useTempDir } from '../helpers/temp-db';

/**
 * Recording findings with one read of the open findings and writes only where something changed (and in turns,
 * inside one transaction) against recordFindings as it was (kept verbatim below): after any sequence of checks
 * the tables hold the same rows, except that a finding's last_seen says when it was last opened or changed, not
 * last found again.
 */

// ---- recordFindings before, verbatim ----
function recordBefore(db: Db, runId: number, findings: readonly Finding[], evaluatedRules: ReadonlySet<string>, nowIso: string, errors: readonly string[], allRules: ReadonlySet<string> | null = null): RecordOutcome {
  const refresh = db.prepare(
    `UPDATE findings SET last_seen_at = @now, last_seen_run = @run, severity = @severity, message = @message,
            due_at = @dueAt, days_overdue = @daysOverdue, steward_id = @steward, stewards = @stewards
      WHERE rule = @rule AND subject_type = @type AND subject_id = @id AND resolved_at IS NULL`,
  );
  const open = db.prepare(
    `INSERT INTO findings(rule, subject_type, subject_id, steward_id, stewards, severity, message, due_at, days_overdue,
                          opened_at, opened_run, last_seen_at, last_seen_run)
     VALUES (@rule, @type, @id, @steward, @stewards, @severity, @message, @dueAt, @daysOverdue, @now, @run, @now, @run)`,
  );
  const openNow = db.prepare('SELECT id, rule, subject_type, subject_id FROM findings WHERE resolved_at IS NULL');
  const resolve = db.prepare('UPDATE findings SET resolved_at = ?, resolved_run = ? WHERE id = ?');
  return db.transaction((): RecordOutcome => {
    let opened = 0;
    const seen = new Set<string>();
    for (const f of findings) {
      const params = {
        now: nowIso, run: runId, rule: f.rule, type: f.subject.type, id: f.subject.id, steward: f.steward, stewards: JSON.stringify(f.stewards),
        severity: f.severity, message: f.message, dueAt: f.dueAt, daysOverdue: f.daysOverdue,
      };
      seen.add(`${f.rule}\u0000${f.subject.type}\u0000${f.subject.id}`);
      if (refresh.run(params).changes === 0) {
        open.run(params);
        opened++;
      }
    }
    let resolved = 0;
    for (const row of openNow.all() as { id: number; rule: string; subject_type: string; subject_id: string }[]) {
      const retired = allRules !== null && !allRules.has(row.rule);
      if (!evaluatedRules.has(row.rule) && !retired) continue;
      if (seen.has(`${row.rule}\u0000${row.subject_type}\u0000${row.subject_id}`)) continue;
      resolve.run(nowIso, runId, row.id);
      resolved++;
    }
    db.prepare(
      `UPDATE evaluation_runs SET finished_at = ?, rules_ok = ?, rules_failed = ?, findings_open = ?, opened = ?,
              resolved = ?, errors = ? WHERE id = ?`,
    ).run(nowIso, evaluatedRules.size, errors.length, seen.size, opened, resolved, errors.length ? JSON.stringify(errors) : null, runId);
    return { opened, resolved, open: seen.size, suspended: 0 }; // (no dataset is suspended in these runs)
  })();
}
// ---- end of the verbatim copy ----

const tmp = useTempDir();
const RULES = ['late', 'missing', 'gone'];

const finding = fc.record({
  rule: fc.constantFrom(...RULES),
  id: fc.constantFrom('a', 'b', 'c', 'd', 'ж'),
  severity: fc.constantFrom<Severity>('high', 'medium'),
  message: fc.constantFrom('Набір «a» прострочено', 'line\nbreak "q" \\', 'x', ''),
  dueAt: fc.constantFrom(null, '2019-06-30T21:00:00.000Z'),
  daysOverdue: fc.constantFrom(null, 0, 1, 30, -2, 1.5),
  steward: fc.constantFrom(null, 'it'),
}).map((f): Finding => ({ rule: f.rule, severity: f.severity, subject: { type: 'dataset', id: f.id }, steward: f.steward, stewards: f.steward ? [f.steward] : [], dueAt: f.dueAt, daysOverdue: f.daysOverdue, message: f.message }));
const check = fc.record({
  findings: fc.array(finding, { maxLength: 12 }),
  evaluated: fc.subarray(RULES),
  all: fc.option(fc.subarray(RULES), { nil: null }),
  errors: fc.array(fc.constantFrom('rules/x.json: broken'), { maxLength: 1 }),
});

const dump = (db: Db): unknown => ({
  findings: db.prepare('SELECT * FROM findings ORDER BY id').all(),
  runs: db.prepare('SELECT * FROM evaluation_runs ORDER BY id').all(),
});

type Row = Record<string, unknown> & { id: number; last_seen_at: string; last_seen_run: number };
const CONTENT = ['severity', 'message', 'due_at', 'days_overdue', 'steward_id', 'stewards'];
const rows = (db: Db): Row[] => db.prepare('SELECT * FROM findings ORDER BY id').all() as Row[];
/** A dump without when each finding was last written: the old recorder wrote every finding seen, the new one only what changed. */
const withoutLastSeen = (db: Db): unknown => ({ ...(dump(db) as object), findings: rows(db).map(({ last_seen_at: _a, last_seen_run: _b, ...rest }) => rest) });

describe('recording findings', () => {
  it('leaves the rows recordFindings did, whether recorded at once or in turns, writing a finding again only when it changed', async () => {
    await fc.assert(fc.asyncProperty(fc.array(check, { minLength: 1, maxLength: 6 }), async (checks) => {
      const [a, b, c] = [tmp.db().db, tmp.db().db, tmp.db().db];
      /** Finding id → the run that last opened or changed it, told from the old recorder's rows after each check. */
      const lastWritten = new Map<number, { run: number; at: string; content: string }>();
      for (const [i, k] of checks.entries()) {
        const at = new Date(Date.UTC(2019, 6, 1 + i, 6)).toISOString();
        const evaluated = new Set(k.evaluated);
        const all = k.all === null ? null : new Set(k.all);
        const runA = startRun(a, at, at);
        const before = recordBefore(a, runA, k.findings, evaluated, at, k.errors, all);
        expect(recordFindings(b, startRun(b, at, at), k.findings, evaluated, at, k.errors, all)).toEqual(before);
        let turns = 0;
        expect(await recordFindingsInTurns(c, startRun(c, at, at), k.findings, evaluated, at, k.errors, all, () => (turns++ % 2 === 0 ? nextTurn() : null))).toEqual(before);
        for (const r of rows(a)) {
          const content = JSON.stringify(CONTENT.map((col) => r[col]));
          const known = lastWritten.get(r.id);
          if (known === undefined || (r.last_seen_run === runA && known.content !== content)) lastWritten.set(r.id, { run: runA, at, content });
        }
      }
      expect(withoutLastSeen(b)).toEqual(withoutLastSeen(a));
      expect(withoutLastSeen(c)).toEqual(withoutLastSeen(a));
      for (const db of [b, c]) {
        expect(rows(db).map((r) => [r.id, r.last_seen_run, r.last_seen_at])).toEqual(rows(a).map((r) => [r.id, lastWritten.get(r.id)?.run, lastWritten.get(r.id)?.at]));
      }
      for (const db of [a, b, c]) db.close();
    }), { numRuns: 60 });
  }, 120_000);

  it('rolls back everything, in turns too, when a write fails', async () => {
    const { db } = tmp.db();
    const at = '2019-07-01T06:00:00.000Z';
    const runId = startRun(db, at, at);
    const good = (id: string): Finding => ({ rule: 'late', severity: 'high', subject: { type: 'dataset', id }, steward: null, stewards: [], dueAt: null, daysOverdue: null, message: 'x' });
    const bad = { ...good('z'), message: null } as unknown as Finding;
    const many = Array.from({ length: 2500 }, (_, i) => good(`d${i}`));
    const outcome = await recordFindingsInTurns(db, runId, [...many, bad], new Set(['late']), at, [], null, () => nextTurn()).then(
      (r) => ({ resolved: r, rows: db.prepare("SELECT count(*) AS n, sum(message IS NULL) AS nulls FROM findings").get(), schema: db.prepare("SELECT sql FROM sqlite_master WHERE name = 'findings'").pluck().get(), file: db.name }),
      (e: Error) => e.message,
    );
    expect(outcome).toMatch(/NOT NULL constraint/);
    expect(db.inTransaction).toBe(false);
    expect(db.prepare('SELECT count(*) FROM findings').pluck().get()).toBe(0);
  });
});

describe('listDatasetsInTurns', () => {
  it('reads the register listDatasets reads, row for row, across pages', async () => {
    const { db } = tmp.db({ seeded: true });
    const add = db.prepare(`INSERT INTO datasets(id, title, steward_id, frequency, frequency_raw, required, portal_id, suspended, last_updated, source, created_at, updated_at)
                            VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, 'import', 'x', 'x')`);
    const pub = db.prepare("INSERT INTO publications(dataset_id, published_at, source, recorded_at) VALUES (?, ?, 'import', 'x')");
    db.transaction(() => {
      for (let i = 0; i < 4321; i++) {
        const id = `d-${(i * 7919) % 10007}`;
        add.run(id, `Набір ${i}`, i % 3 ? 'once a month' : null, i % 5 ? 'Щомісяця' : null, i % 2, i % 4 ? null : `p${i}`, i % 9 ? null : 'так', i % 6 ? new Date(Date.UTC(2020, 0, 1 + i)).toISOString() : null);
        if (i % 7 === 0) pub.run(id, new Date(Date.UTC(2020, 0, 1 + i + (i % 3) * 10)).toISOString());
        if (i % 14 === 0) pub.run(id, new Date(Date.UTC(2019, 0, 1 + i)).toISOString());
      }
    })();
    let turns = 0;
    const paged = await listDatasetsInTurns(db, () => (turns++, nextTurn()));
    expect(paged).toEqual(listDatasets(db));
    expect(turns).toBeGreaterThan(1);
    expect(db.inTransaction).toBe(false);
  });
});
