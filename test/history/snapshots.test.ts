/**
 * Quarterly history: one snapshot per steward at every quarter's end (Kyiv), rebuilt from the history, taken
 * once — also when the daemon was stopped over the quarter's end and catches up weeks later.
 */
import fs from 'node:fs';
import { runDigest, runNotify } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { Daemon } from '../../src/daemon/daemon';
import { jsonLogger } from '../../src/log';
import { listClosedQuarters, listSnapshots } from '../../src/store/snapshots';
import { CONFIG_FILE } from '../notify/register';
import { IT_HEAD, NOW, importRows, kyiv, mailDuring, textOf, useWorlds, type World } from '../exemptions/world';
import { FakeClock } from '../helpers/clock';

jest.setTimeout(60_000);

const worlds = useWorlds('history');

/** Counts of one steward's snapshot of one quarter. */
function snapshot(w: World, quarter: string, steward: string): Record<string, unknown> | undefined {
  const s = listSnapshots(w.app.db).find((x) => x.quarter === quarter && x.stewardId === steward);
  if (!s) return undefined;
  const { required, published, onTime, late, neverPublished, suspended, score, source } = s;
  return { required, published, onTime, late, neverPublished, suspended, score, source };
}

/** Runs the real daemon from `start` (its jobs seen for the first time are scheduled), waking it at each of `wakes`. */
async function daemonRun(w: World, start: string, wakes: readonly string[]): Promise<string[]> {
  const config = loadConfig({ env: w.s.env, cwd: w.s.cwd });
  const clock = new FakeClock(kyiv(start));
  const lines: string[] = [];
  const daemon = new Daemon({ config, clock, log: jsonLogger((l) => lines.push(l)) });
  await daemon.start();
  for (const at of wakes) {
    clock.at = kyiv(at);
    await daemon.wake();
  }
  expect(await daemon.stop('SIGTERM')).toBe(0);
  return lines;
}

describe('quarterly snapshots', () => {
  it('are taken once, from the history, when the daemon was stopped over the end of the quarter', async () => {
    const w = worlds.open();
    // A heartbeat that never comes during the test: only the wakes below run anything.
    fs.writeFileSync(w.s.env.ODMON_CONFIG, JSON.stringify({ ...CONFIG_FILE, schedule: { heartbeat: '0 0 1 1 *' } }));
    // Monday 23.09.2019: the daemon runs notify and the digest at 09:00, and is stopped the next day.
    await daemonRun(w, '2019-09-23T08:59:59', ['2019-09-23T09:00']);
    await w.odmon(['suspend', 'shelters', '--basis', 'Постанова КМУ № 263 від 12.03.2022', '--review-by', '2019-12-31'], kyiv('2019-09-24T10:00'));
    // While it is down: the quarter ends; a publication of 25.09 is recorded late; the suspension is lifted.
    importRows(w.app, 'publications', ['dataset_id', 'published_at'], [['budget', '2019-09-25']], kyiv('2019-10-10T12:00'));
    await w.odmon(['resume', 'shelters', '--reason', 'обмеження знято'], kyiv('2019-10-15T10:00'));
    expect(listClosedQuarters(w.app.db)).toEqual([]);

    // Monday 21.10.2019: started again, it catches up (notify, digest) once, and a day later runs notify as usual.
    const mail = await mailDuring(w.server, () => daemonRun(w, '2019-10-21T08:59', ['2019-10-22T09:00']));
    expect(listClosedQuarters(w.app.db).map((q) => [q.quarter, q.source, q.endsAt])).toEqual([['2019-Q3', 'reconstructed', '2019-09-30T21:00:00.000Z']]);
    // The quarter before the first run (II кв. 2019) is not invented.
    expect(listSnapshots(w.app.db).map((s) => s.quarter).filter((q) => q !== '2019-Q3')).toEqual([]);
    // As of 30.09.2019: budget updated on 25.09 (recorded weeks later) is on time; shelters was suspended then.
    expect(snapshot(w, '2019-Q3', 'finance')).toEqual({ required: 1, published: 1, onTime: 1, late: 0, neverPublished: 0, suspended: 0, score: 1, source: 'reconstructed' });
    expect(snapshot(w, '2019-Q3', 'cp')).toEqual({ required: 2, published: 1, onTime: 0, late: 1, neverPublished: 0, suspended: 1, score: 0, source: 'reconstructed' });
    expect(snapshot(w, '2019-Q3', '*')).toMatchObject({ required: 5, suspended: 1, score: 0.25 });
    const takenAt = listSnapshots(w.app.db).map((s) => s.takenAt);
    expect(new Set(takenAt).size).toBe(1);

    // The digest of the catch-up shows the quarter.
    const digest = mail.find((m) => m.envelopeTo.includes(IT_HEAD));
    expect(textOf(digest)).toContain('Оцінка міської ради: 20,0 % (−5,0 п. п. від III кв. 2019); вчасно 1 з 5 обов\'язкових.');
    expect(textOf(digest)).toContain("№ | розпорядник | оцінка | зміна від III кв. 2019, п. п. | вчасно з обов'язкових без призупинених | відкритих пунктів\n");
    expect(textOf(digest)).toMatch(/\n\d \| Фінансове управління \| 100,0 % \| 0,0 \| 1 з 1 \| \d+\n/);
    expect(String(digest?.parsed.html)).toContain('alt="Оцінка міської ради за кварталами: ');
    expect(String(digest?.parsed.html)).toContain('III кв. 2019 — 25,0 %; IV кв. 2019 — 20,0 %.');

    // Later runs take it no more.
    await runNotify(w.app, kyiv('2019-11-04T09:00'));
    expect(listSnapshots(w.app.db).map((s) => s.takenAt).every((t) => t === takenAt[0])).toBe(true);
    expect(listClosedQuarters(w.app.db)).toHaveLength(1);
  });

  it('are live when taken within a week of the quarter end, and each missed quarter is taken once in one run', async () => {
    const w = worlds.open();
    await runNotify(w.app, NOW); // the first evaluation, 01.07.2019
    await runNotify(w.app, kyiv('2019-10-02T09:00'));
    expect(listClosedQuarters(w.app.db).map((q) => [q.quarter, q.source])).toEqual([['2019-Q3', 'live']]);
    await runDigest(w.app, kyiv('2020-02-03T09:00'));
    expect(listClosedQuarters(w.app.db).map((q) => [q.quarter, q.source])).toEqual([
      ['2019-Q3', 'live'],
      ['2019-Q4', 'reconstructed'],
    ]);
  });

  it('show the change since the previous quarter in the digest', async () => {
    const w = worlds.open();
    await runNotify(w.app, NOW);
    await runNotify(w.app, kyiv('2019-10-02T09:00')); // III кв.: budget late since 27.06
    importRows(w.app, 'publications', ['dataset_id', 'published_at'], [['budget', '2019-12-20']], kyiv('2019-12-20T12:00'));
    const mail = await mailDuring(w.server, () => runDigest(w.app, kyiv('2020-01-06T09:00')));
    const text = textOf(mail[0]);
    // The chart: the council by quarter, III and IV from their snapshots; the table: each steward now and its change.
    expect(String(mail[0].parsed.html)).toMatch(/alt="Оцінка міської ради за кварталами: [^"]*III кв\. 2019 — [\d,]+ %; IV кв\. 2019 — [\d,]+ %; I кв\. 2020 — [\d,]+ %\./);
    expect(text).toContain("зміна від IV кв. 2019, п. п.");
    expect(text).toMatch(/\n\d \| Фінансове управління \| 100,0 % \| 0,0 \| 1 з 1 \| \d+\n/);
  });

  it('are listed by odmon history', async () => {
    const w = worlds.open();
    await runNotify(w.app, NOW);
    const r = await w.odmon(['history', '--steward', 'finance'], kyiv('2019-10-02T09:00'));
    expect(r.out).toBe('III кв. 2019 finance         0,0 % · обов’язкових 1: оприлюднено 1 (вчасно 0, із запізненням 1), не оприлюднено 0, призупинено 0 · знімок 02.10.2019\n');
  });
});
