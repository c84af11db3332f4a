/**
 * `npm run bench`: odmon at the scale of the national portal. Generates a register in a temporary database
 * (100,000 datasets, 2,500 stewards, the seeded plan), then measures what users run — the built CLI's `check`
 * (twice) and `notify --dry-run` as their own processes on a copy of it, and `import` of a large register — and,
 * in this one process: the whole check (the first, the second with nothing changed, a full one, the next day's),
 * the evaluation alone, json-rules-engine alone, and the floor (one SQL query, one plain loop); prints tables,
 * checks that every method found the same findings, and says which targets were met.
 *
 * Options: --datasets N (100000) --stewards N (2500) --seed N (154) --now ISO (2026-11-27T09:00, Kyiv)
 *          --grace DAYS (0) --runs N (3: the median is shown for the repeated phases) --keep (keep the database)
 *          --json FILE (the figures as JSON) --import-rows N (200000; 0: no import) --no-cli (in-process only)
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { checkInputs, openApp, runCheck, type App, type CheckResult } from '../src/app';
import { loadConfig } from '../src/config/config';
import type { Evaluation } from '../src/rules/evaluate';
import { loadRules } from '../src/rules/load';
import { measureCheckCommands, measureImports, type CliPhase } from './cli-phases';
import { loopFloor, sqlFloor, FLOOR_RULES, type FloorFinding } from './floor';
import { generateRegister } from './generate';
import { hasGc, mb, measure, measureMedian, type Measured } from './measure';
import { evaluateAlone } from './pipeline';
import { benchWeb } from './web';
import { difference, floorKeys, fmtMs, fmtN, summarize, type Summary } from './summary';
import { readFlags } from './args';

interface Args {
  datasets: number;
  stewards: number;
  seed: number;
  now: DateTime;
  runs: number;
  grace: number;
  keep: boolean;
  json: string | null;
  importRows: number;
  cli: boolean;
  web: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const a: Args = { datasets: 100_000, stewards: 2_500, seed: 154, now: DateTime.fromISO('2026-11-27T09:00', { zone: 'Europe/Kyiv' }), runs: 3, grace: 0, keep: false, json: null, importRows: 200_000, cli: true, web: true };
  const known = ['--datasets', '--stewards', '--seed', '--now', '--grace', '--runs', '--keep', '--json', '--import-rows', '--no-cli', '--no-web'];
  readFlags(argv, known, (flag, read) => {
    if (flag === '--datasets') a.datasets = read.count(0);
    else if (flag === '--stewards') a.stewards = Math.max(1, read.count(0));
    else if (flag === '--seed') a.seed = read.count(0);
    else if (flag === '--runs') a.runs = Math.max(1, read.count(0));
    else if (flag === '--grace') a.grace = read.count(0);
    else if (flag === '--keep') a.keep = true;
    else if (flag === '--json') a.json = read.value();
    else if (flag === '--import-rows') a.importRows = read.count(0);
    else if (flag === '--no-cli') a.cli = false;
    else if (flag === '--no-web') a.web = false;
    else if (flag === '--now') a.now = read.kyiv();
    else return false;
    return true;
  });
  return a;
}

/** The processes' table: what a user waits for and how much memory the machine must have. */
function printProcesses(phases: readonly CliPhase[]): void {
  console.log('| command (own process) | wall time | CPU time | peak RSS | load avg | printed | what it said |');
  console.log('|---|--:|--:|--:|--:|--:|---|');
  for (const p of phases) {
    console.log(`| ${p.phase} | ${fmtMs(p.m.ms)} | ${fmtMs(p.m.cpuMs)} | ${p.m.peakRssMb.toFixed(0)} MB | ${p.load.toFixed(2)} | ${(p.printed / 1e6).toFixed(1)} MB | ${p.summary} |`);
  }
  const from = [...new Set(phases.map((p) => p.m.peakFrom))].join(', ');
  console.log(`(median of ${phases[0]?.runs ?? 0} run(s) each, highest peak RSS of them, from ${from === 'rusage' ? 'the kernel (GNU time)' : '/proc VmHWM polled every 5 ms'}; stdout went to a file)\n`);
}

interface Row {
  readonly phase: string;
  readonly m: Measured<unknown>;
  readonly findings: number | null;
  /** The 1-minute load average when the phase started. */
  readonly load: number;
}

type Checked = { summary: Summary; outcome: CheckResult['outcome']; judged: CheckResult['judged'] };
const checked = (r: CheckResult): Checked => ({ summary: summarize(r.findings), outcome: r.outcome, judged: r.judged });
const judgedText = (c: Checked): string => (c.judged === undefined ? '' : c.judged.how === 'incremental' ? `judged ${fmtN(c.judged.datasets ?? 0)} datasets` : `judged all (${c.judged.how})`);

/** The stored findings, every column, as one digest: two databases that recorded alike have the same. */
function storedDigest(app: App): string {
  return createHash('sha256').update(JSON.stringify(app.db.prepare('SELECT * FROM findings ORDER BY id').raw().all())).digest('hex');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const loadAtStart = os.loadavg().map((l) => l.toFixed(2)).join(', ');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odmon-bench-'));
  const configFile = path.join(dir, 'odmon.config.json');
  fs.writeFileSync(configFile, JSON.stringify({ graceDays: args.grace }));
  const openAt = (file: string): App => openApp(loadConfig({ configFile, env: { ODMON_DB: file }, cwd: dir }), args.now);
  const app = openAt(path.join(dir, 'bench.sqlite'));
  const config = app.config;
  let other: App | null = null;
  const floorOptions = { now: args.now, graceDays: config.graceDays, frequencies: app.frequencies };
  try {
    console.log(`odmon bench: ${fmtN(args.datasets)} datasets, ${fmtN(args.stewards)} stewards, seed ${args.seed}, as of ${args.now.toISO()}, grace ${args.grace} days`);
    console.log(`node ${process.version}, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}; gc() before each phase: ${hasGc ? 'yes' : 'no (run with --expose-gc)'}`);
    const gen = await measure(() => generateRegister(app.db, { datasets: args.datasets, stewards: args.stewards, seed: args.seed, now: args.now, frequencies: app.frequencies }));
    console.log(`generated in ${fmtMs(gen.ms)}: ${fmtN(gen.value.publications)} publications; mix ${Object.entries(gen.value.mix).map(([k, n]) => `${k} ${fmtN(n)}`).join(', ')}`);
    console.log(`database ${fmtN(Math.round(mb(fs.statSync(config.db).size)))} MB; RSS after generating ${mb(process.memoryUsage.rss()).toFixed(0)} MB\n`);

    let cli: CliPhase[] = [];
    if (args.cli) {
      // The commands run on copies of the register as generated, nothing recorded yet.
      const fresh = path.join(dir, 'fresh.sqlite');
      await app.db.backup(fresh);
      if (args.now > DateTime.now()) console.log('warning: --now is later than the real clock, so every CLI check is a trial that records nothing');
      cli = await measureCheckCommands({ freshDb: fresh, configFile, now: args.now, runs: args.runs });
      printProcesses(cli);
    }

    const rows: Row[] = [];
    const phase = async <T, K>(name: string, fn: () => Promise<T> | T, keep: (v: T) => K, count: (k: K) => number | null, runs = 1): Promise<Measured<K>> => {
      const load = os.loadavg()[0];
      const m = runs === 1 ? await measure(fn, keep) : await measureMedian(runs, fn, keep);
      rows.push({ phase: name, m, findings: count(m.value), load });
      return m;
    };
    const count = (c: Checked): number => c.summary.count;
    const first = await phase('whole check, 1st (load, judge every dataset, record: opens every finding)', () => runCheck(app, args.now), checked, count);
    const second = await phase('whole check, 2nd (nothing changed: builds on the 1st)', () => runCheck(app, args.now), checked, count, args.runs);
    const full = await phase('whole check, full (nothing changed, every dataset judged again)', () => runCheck(app, args.now, undefined, { full: true }), checked, count);
    // The next day, on the database as it is and on a copy judged in full: the daily run of the daemon.
    const copy = path.join(dir, 'copy.sqlite');
    await app.db.backup(copy);
    other = openAt(copy);
    const tomorrow = args.now.plus({ days: 1 });
    const nextDay = await phase('whole check, next day (builds on the last: what changed overnight, and time)', () => runCheck(app, tomorrow), checked, count);
    const nextDayFull = await phase('whole check, next day, every dataset judged (on a copy)', () => runCheck(other as App, tomorrow, undefined, { full: true }), checked, count);
    const nextDayStored = [storedDigest(app), storedDigest(other)];
    other.close();
    other = null;

    const rules = loadRules(config.rulesDir).rules;
    await phase('load rows (stewards, datasets, plan, portal)', () => checkInputs(app, args.now), () => null, () => null, args.runs);
    const inputs = await checkInputs(app, args.now);
    const evaluated = (e: Evaluation): Summary => summarize(e.findings);
    const evaluation = await phase(`evaluation alone (facts + ${rules.length} rules, compiled, findings worst first)`, () => evaluateAlone(rules, inputs, true), evaluated, (v) => v.count, args.runs);
    const engine = await phase('evaluation by json-rules-engine runs (memoised)', () => evaluateAlone(rules, inputs, false), evaluated, (v) => v.count);
    const sql = await phase('floor: one SQL query (missing + stale)', () => sqlFloor(app.db, floorOptions), floorKeys, (v) => v.length, args.runs);
    const loop = await phase('floor: plain JS loop over the loaded rows', () => loopFloor(inputs.datasets, floorOptions), floorKeys, (v) => v.length, args.runs);

    console.log('| phase | time | × loop floor | CPU time | peak RSS | longest stall | load avg | findings | judged |');
    console.log('|---|--:|--:|--:|--:|--:|--:|--:|---|');
    for (const r of rows) {
      const stall = `${r.m.stallMs.toFixed(0)} ms (${r.m.histogramMaxMs.toFixed(0)})`;
      const v = r.m.value as Partial<Checked> | null;
      const how = v !== null && typeof v === 'object' && 'judged' in v ? judgedText(v as Checked) : '';
      console.log(`| ${r.phase} | ${fmtMs(r.m.ms)} | ${(r.m.ms / loop.ms).toFixed(1)} | ${fmtMs(r.m.cpuMs)} | ${r.m.peakRssMb.toFixed(0)} MB | ${stall} | ${r.load.toFixed(2)} | ${r.findings === null ? '' : fmtN(r.findings)} | ${how} |`);
    }
    console.log(`(median of ${args.runs} run(s) for the 2nd check, the load, the evaluation and the floors; longest stall: how late a 10 ms interval timer fired at worst, in brackets the same from perf_hooks' monitorEventLoopDelay less its 10 ms resolution)`);
    console.log(`\nevaluation = ${(evaluation.ms / loop.ms).toFixed(1)} × the plain loop (CPU ${(evaluation.cpuMs / loop.cpuMs).toFixed(1)} ×); json-rules-engine runs = ${(engine.ms / evaluation.ms).toFixed(1)} × the compiled evaluation; SQL floor ${fmtMs(sql.ms)}`);
    console.log(`2nd check = ${(100 * second.ms / first.ms).toFixed(0)} % of the 1st (CPU ${(100 * second.cpuMs / first.cpuMs).toFixed(0)} %); next day = ${(100 * nextDay.ms / nextDayFull.ms).toFixed(0)} % of a full check that day`);
    console.log(`process peak RSS (getrusage, whole run including generation): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    console.log(`load average (1, 5, 15 min) at the start: ${loadAtStart}; now: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')} — other processes slow every figure down`);
    console.log(`2nd check: opened ${second.value.outcome.opened}, resolved ${second.value.outcome.resolved}, open ${fmtN(second.value.outcome.open)}; next day: opened ${fmtN(nextDay.value.outcome.opened)}, resolved ${fmtN(nextDay.value.outcome.resolved)}, open ${fmtN(nextDay.value.outcome.open)}`);

    const stored = floorKeys(
      app.db
        .prepare(`SELECT rule, subject_id AS id, due_at AS dueAt, days_overdue AS daysOverdue FROM findings WHERE resolved_at IS NULL AND rule IN (${FLOOR_RULES.map(() => '?').join(', ')})`)
        .all(...FLOOR_RULES) as FloorFinding[],
    );
    const problems: string[] = [];
    const compared: [string, readonly string[]][] = [
      ['1st check', first.value.summary.floor],
      ['2nd check', second.value.summary.floor],
      ['full check', full.value.summary.floor],
      ['evaluation alone', evaluation.value.floor],
      ['json-rules-engine runs', engine.value.floor],
      ['plain loop', loop.value],
    ];
    for (const [name, list] of compared) {
      const diff = difference(list, sql.value);
      if (diff !== null) problems.push(`${name} differs from the SQL floor: ${diff}`);
    }
    const storedDiff = difference(stored, nextDay.value.summary.floor);
    if (storedDiff !== null) problems.push(`the stored open findings differ from the next day's check: ${storedDiff}`);
    // Every rule, not only the floor's two: the findings, in order, must be the same text for every method.
    if (evaluation.value.digest !== engine.value.digest) problems.push('the compiled evaluation and json-rules-engine runs differ');
    if (evaluation.value.digest !== first.value.summary.digest) problems.push('the evaluation alone and the 1st check differ');
    if (second.value.summary.digest !== first.value.summary.digest) problems.push('the 2nd check found other findings than the 1st');
    if (full.value.summary.digest !== first.value.summary.digest) problems.push('the full check found other findings than the 1st');
    if (second.value.outcome.opened + second.value.outcome.resolved + full.value.outcome.opened + full.value.outcome.resolved !== 0) problems.push('a check with nothing changed opened or resolved findings');
    if (nextDay.value.summary.digest !== nextDayFull.value.summary.digest) problems.push('the next day\'s check found other findings than a full check that day');
    if (nextDayStored[0] !== nextDayStored[1]) problems.push('the next day\'s check recorded other findings than a full check that day');
    console.log(`findings by rule: ${[...first.value.summary.byRule].map(([r, n]) => `${r} ${fmtN(n)}`).join(', ')}`);
    console.log(problems.length === 0
      ? `findings agree: the checks (incremental and full, also the next day, as listed and as stored), the evaluation, json-rules-engine, the SQL floor and the plain loop (${fmtN(sql.value.length)} missing + stale; all ${fmtN(first.value.summary.count)} findings between odmon's methods)`
      : `FINDINGS DISAGREE:\n  ${problems.join('\n  ')}`);

    const imports = args.importRows > 0 ? await measureImports(dir, args.importRows, configFile, args.now) : [];
    if (imports.length > 0) {
      console.log('');
      printProcesses(imports);
    }
    const checks = [first, second, full, nextDay];
    const maxStall = Math.max(...checks.flatMap((c) => [c.stallMs, c.histogramMaxMs]));
    const cliCheck = cli.find((p) => p.phase.includes('1st'));
    const importPeak = Math.max(0, ...imports.map((p) => p.m.peakRssMb));
    const targets: [string, boolean | null, string][] = [
      ['CLI check ≤ 1.5 s wall', cliCheck === undefined ? null : cliCheck.m.ms <= 1500, cliCheck === undefined ? 'not run' : fmtMs(cliCheck.m.ms)],
      ['CLI check < 300 MB peak RSS', cliCheck === undefined ? null : cliCheck.m.peakRssMb < 300, cliCheck === undefined ? 'not run' : `${cliCheck.m.peakRssMb.toFixed(0)} MB`],
      ['a 2nd check with nothing changed ≤ 25 % of the 1st', second.ms <= 0.25 * first.ms, `${(100 * second.ms / first.ms).toFixed(0)} % (${fmtMs(second.ms)} of ${fmtMs(first.ms)})`],
      ['evaluation ≤ 3 × the plain-loop floor', evaluation.ms <= 3 * loop.ms, `${(evaluation.ms / loop.ms).toFixed(1)} × (${fmtMs(evaluation.ms)} / ${fmtMs(loop.ms)})`],
      ['no event-loop stall over 50 ms during the checks', maxStall <= 50, `${maxStall.toFixed(0)} ms`],
      [`a ${fmtN(args.importRows)}-row import under 500 MB`, imports.length === 0 ? null : importPeak < 500, imports.length === 0 ? 'not run' : `${importPeak.toFixed(0)} MB`],
    ];
    console.log('\ntargets:');
    for (const [what, ok, got] of targets) console.log(`  ${ok === null ? 'skipped' : ok ? 'met    ' : 'MISSED '} ${what}: ${got}`);
    // The web dashboard on the register just checked (bench/web.ts; alone: npm run bench:web).
    if (args.web) problems.push(...(await benchWeb({ db: config.db, seconds: 5, connections: 4 })).problems);
    if (args.json !== null) {
      const summary = {
        args: { ...args, now: args.now.toISO() },
        rows: rows.map((r) => ({ phase: r.phase, ms: r.m.ms, cpuMs: r.m.cpuMs, peakRssMb: r.m.peakRssMb, stallMs: r.m.stallMs, findings: r.findings, load: r.load })),
        processes: [...cli, ...imports].map((p) => ({ phase: p.phase, ms: p.m.ms, cpuMs: p.m.cpuMs, peakRssMb: p.m.peakRssMb, load: p.load })),
        targets: targets.map(([what, ok, got]) => ({ what, ok, got })),
        problems,
      };
      fs.writeFileSync(args.json, JSON.stringify(summary, null, 2));
    }
    if (problems.length > 0) process.exitCode = 1;
  } finally {
    other?.close();
    app.close();
    if (args.keep) console.log(`\ndatabase kept: ${config.db}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exitCode = 2;
});
