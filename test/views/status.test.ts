/**
 * The status, outbox, exemptions and audit views on the example register: the numbers `odmon status` prints,
 * and what the IT head decided by hand, as data.
 */
import { auditLog } from '../../src/views/audit';
import { snoozesView, suspensionsView } from '../../src/views/exemptions';
import { outboxView } from '../../src/views/outbox';
import { statusView } from '../../src/views/status';
import { AS_OF, REAL, useExampleCouncil } from './example-council';

const council = useExampleCouncil('views-status');

describe('statusView', () => {
  it('counts the open findings as check found them, each once, by rule; a daemon never started is stopped and healthy', () => {
    const { src, findings } = council();
    const s = statusView(src, AS_OF, REAL.toMillis());
    expect(s.findings.open).toBe(findings.length);
    const byRule = new Map<string, number>();
    for (const f of findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
    expect(s.findings.byRule).toEqual([...byRule].sort(([a], [b]) => a.localeCompare(b)).map(([rule, count]) => ({ rule, count })));
    expect(s.daemon).toEqual({ kind: 'stopped' });
    expect(s.jobs).toEqual([]);
    expect(s.problems).toEqual([]);
    expect(s.outbox).toEqual({ pending: 0, sending: 0, failed: 0, sent: 0 });
  });

  it('names a job that failed, and jobs overdue, as problems a monitor acts on', () => {
    const { app, src } = council();
    app.db.prepare("INSERT INTO jobs(name, last_run_at, last_status, last_error, next_due_at) VALUES ('notify', ?, 'failed', 'SMTP refused', ?)").run(
      '2026-11-26T07:00:00.000Z',
      '2026-11-20T07:00:00.000Z',
    );
    try {
      const s = statusView(src, AS_OF, REAL.toMillis());
      expect(s.problems).toEqual([
        { kind: 'job-failed', job: 'notify', lastRunAt: '2026-11-26T07:00:00.000Z', error: 'SMTP refused' },
        { kind: 'jobs-overdue', count: 1 },
      ]);
    } finally {
      app.db.prepare("DELETE FROM jobs WHERE name = 'notify'").run();
    }
  });
});

describe('the outbox, exemptions and audit views', () => {
  it('list the notices a dry run did not queue (none), then what notify queued, by state', async () => {
    const { src, odmon } = council();
    expect(outboxView(src).messages).toEqual([]);
    expect((await odmon(['notify'])).code).toBe(0);
    const v = outboxView(src, { all: true });
    expect(v.counts.pending + v.counts.sent + v.counts.failed + v.counts.sending).toBe(v.messages.length);
    expect(v.messages.every((m) => m.kind === 'notice')).toBe(true);
    expect(outboxView(src).messages.every((m) => m.status !== 'sent')).toBe(true);
  });

  it('give a suspension its review day in days, the register\'s own without one, and the snoozes that run', async () => {
    const { src, odmon } = council();
    expect((await odmon(['suspend', 'r835-lsg-19', '--basis', 'Постанова КМУ № 263', '--review-by', '2026-12-01'])).code).toBe(0);
    expect((await odmon(['snooze', '--steward', 'culture', '--until', '2026-12-15', '--reason', 'відпустки'])).code).toBe(0);
    const s = suspensionsView(src, AS_OF);
    expect(s.active.find((x) => x.datasetId === 'r835-lsg-19')).toMatchObject({ madeBy: 'command', stewardId: 'transport', daysToReview: 4, reviewDue: false });
    expect(suspensionsView(src, AS_OF.plus({ days: 6 })).active.find((x) => x.datasetId === 'r835-lsg-19')).toMatchObject({ daysToReview: -2, reviewDue: true });
    // The example register marks five datasets suspended in its own column: no review day.
    const marked = s.active.filter((x) => x.madeBy === 'register');
    expect(marked.map((x) => x.datasetId)).toEqual(['arch-orthophoto', 'housing-heat-network', 'r835-lsg-36', 'r835-lsg-54', 'r835-lsg-55']);
    expect(marked.every((x) => x.reviewBy === null && x.daysToReview === null && !x.reviewDue)).toBe(true);
    expect(snoozesView(src, AS_OF)).toMatchObject([{ finding: null, stewardId: 'culture', stewardName: 'Управління культури і туризму', until: '2026-12-15T22:00:00.000Z', reason: 'відпустки' }]);
    expect(auditLog(src).map((e) => e.action)).toEqual(['suspend', 'snooze']);
    expect(auditLog(src, { limit: 1 }).map((e) => e.action)).toEqual(['snooze']);
  });
});
