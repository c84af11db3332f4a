import type { Finding } from '../../src/domain';
import type { Db } from '../../src/store/db';
import { listAllFindings, listFindingsResolvedIn, listOpenFindings, recordFindings, startRun } from '../../src/store/findings';
import { kyivStored, useTempDir } from '../helpers/temp-db';

const tmp = useTempDir();

const T1 = kyivStored('2019-07-01T09:00');
const T2 = kyivStored('2019-07-02T09:00');
const T3 = kyivStored('2019-07-03T09:00');
const T4 = kyivStored('2019-07-04T09:00');

function finding(rule: string, subjectId: string, over: Partial<Finding> = {}): Finding {
  return {
    rule,
    severity: 'high',
    subject: { type: 'dataset', id: subjectId },
    steward: 'it',
    stewards: ['it'],
    dueAt: kyivStored('2019-06-01T00:00'),
    daysOverdue: 30,
    message: `${rule}: ${subjectId}`,
    ...over,
  };
}

/** One evaluation run at `at`: `ok` are the rules that ran, `all` every rule that exists (null = unknown). */
function run(db: Db, at: string, findings: Finding[], ok: string[], all: string[] | null = null, errors: string[] = []) {
  const runId = startRun(db, at, at);
  const outcome = recordFindings(db, runId, findings, new Set(ok), at, errors, all === null ? null : new Set(all));
  return { runId, outcome };
}

const identity = (f: { rule: string; subject: { id: string } }): string => `${f.rule}/${f.subject.id}`;

describe('recordFindings', () => {
  it('opens each new finding once with its details', () => {
    const { db } = tmp.db();
    const { runId, outcome } = run(db, T1, [finding('late', 'a'), finding('late', 'b')], ['late']);
    expect(outcome).toEqual({ opened: 2, resolved: 0, open: 2, suspended: 0 });
    const [a] = listOpenFindings(db);
    expect(a).toMatchObject({
      rule: 'late',
      subject: { type: 'dataset', id: 'a' },
      steward: 'it',
      stewards: ['it'],
      severity: 'high',
      daysOverdue: 30,
      message: 'late: a',
      openedAt: T1,
      lastSeenAt: T1,
      resolvedAt: null,
    });
    expect(db.prepare('SELECT opened_run FROM findings WHERE id = ?').pluck().get(a.id)).toBe(runId);
  });

  it('does not duplicate a finding recorded twice, and refreshes it instead', () => {
    const { db } = tmp.db();
    run(db, T1, [finding('late', 'a')], ['late']);
    const second = run(db, T2, [finding('late', 'a', { daysOverdue: 31, message: 'late by 31 days' })], ['late']);
    expect(second.outcome).toEqual({ opened: 0, resolved: 0, open: 1, suspended: 0 });
    const all = listAllFindings(db);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ openedAt: T1, lastSeenAt: T2, daysOverdue: 31, message: 'late by 31 days', resolvedAt: null });
  });

  it('keeps one row when the same finding appears twice in one run', () => {
    const { db } = tmp.db();
    const { outcome } = run(db, T1, [finding('late', 'a'), finding('late', 'a')], ['late']);
    expect(outcome.opened).toBe(1);
    expect(listAllFindings(db)).toHaveLength(1);
  });

  it('resolves a finding that is no longer present, with the time of the run', () => {
    const { db } = tmp.db();
    run(db, T1, [finding('late', 'a'), finding('late', 'b')], ['late']);
    const { runId, outcome } = run(db, T2, [finding('late', 'b')], ['late']);
    expect(outcome).toEqual({ opened: 0, resolved: 1, open: 1, suspended: 0 });
    expect(listFindingsResolvedIn(db, runId).map((f) => [identity(f), f.resolvedAt])).toEqual([['late/a', T2]]);
    expect(listOpenFindings(db).map(identity)).toEqual(['late/b']);
  });

  it('opens a new episode (a new row) for a finding that comes back after being resolved', () => {
    const { db } = tmp.db();
    run(db, T1, [finding('late', 'a')], ['late']);
    run(db, T2, [], ['late']);
    const back = run(db, T3, [finding('late', 'a')], ['late']);
    expect(back.outcome).toEqual({ opened: 1, resolved: 0, open: 1, suspended: 0 });
    const rows = listAllFindings(db);
    expect(rows.map((f) => [identity(f), f.openedAt, f.resolvedAt])).toEqual([
      ['late/a', T1, T2],
      ['late/a', T3, null],
    ]);
    expect(rows[0].id).not.toBe(rows[1].id);
  });

  it('tells findings of the same rule apart by subject type', () => {
    const { db } = tmp.db();
    run(db, T1, [finding('r', '1.1'), finding('r', '1.1', { subject: { type: 'task', id: '1.1' } })], ['r']);
    expect(listOpenFindings(db).map((f) => f.subject.type)).toEqual(['dataset', 'task']);
  });

  it('keeps the findings of a rule that failed this time open', () => {
    const { db } = tmp.db();
    run(db, T1, [finding('late', 'a'), finding('never', 'b')], ['late', 'never']);
    const { outcome } = run(db, T2, [finding('late', 'a')], ['late'], ['late', 'never'], ['never: boom']);
    expect(outcome).toEqual({ opened: 0, resolved: 0, open: 1, suspended: 0 });
    expect(listOpenFindings(db).map(identity)).toEqual(['late/a', 'never/b']);
  });

  it('keeps the findings of a rule that no longer exists open when the set of all rules is not known', () => {
    const { db } = tmp.db();
    run(db, T1, [finding('gone', 'a')], ['gone']);
    const { outcome } = run(db, T2, [], ['late'], null);
    expect(outcome.resolved).toBe(0);
    expect(listOpenFindings(db).map(identity)).toEqual(['gone/a']);
  });

  it('resolves the findings of a rule that no longer exists when the set of all rules is given', () => {
    const { db } = tmp.db();
    run(db, T1, [finding('gone', 'a'), finding('late', 'b')], ['gone', 'late']);
    const { outcome } = run(db, T2, [finding('late', 'b')], ['late'], ['late']);
    expect(outcome).toEqual({ opened: 0, resolved: 1, open: 1, suspended: 0 });
    expect(listAllFindings(db).map((f) => [identity(f), f.resolvedAt])).toEqual([
      ['gone/a', T2],
      ['late/b', null],
    ]);
  });

  it('records the outcome and the errors on the run', () => {
    const { db } = tmp.db();
    run(db, T1, [finding('late', 'a'), finding('late', 'b')], ['late']);
    const { runId } = run(db, T4, [finding('late', 'b'), finding('late', 'c')], ['late'], null, ['never: boom']);
    expect(db.prepare('SELECT * FROM evaluation_runs WHERE id = ?').get(runId)).toEqual({
      id: runId,
      started_at: T4,
      as_of: T4,
      finished_at: T4,
      rules_ok: 1,
      rules_failed: 1,
      findings_open: 2,
      opened: 1,
      resolved: 1,
      errors: JSON.stringify(['never: boom']),
    });
  });
});
