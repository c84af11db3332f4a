/**
 * `npm run bench`: odmon at the scale of the national portal. Generates a register in a temporary database
 * (100,000 datasets, 2,500 stewards, the seeded plan), then measures what users run — the built CLI's `check`
 * (twice) and `notify --dry-run` as their own processes on a copy of it, and `import` of a large register — and,
 * in this one process: the whole check twice, the evaluation alone, json-rules-engine alone, and the floor (one
 * SQL query, one plain loop); prints a table and checks that every method found the same findings.
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
import { checkInputs, openApp, runCheck, type CheckResult } from '../src/app';
import { loadConfig } from '../src/config/config';
import type { Finding } from '../src/domain';
import type { Evaluation } from '../src/rules/evaluate';
import { loadRules } from '../src/rules/load';
import { measureCheckCommands, measureImports, type CliPhase } from './cli-phases';
import { loopFloor, sqlFloor, FLOOR_RULES, findingKey, type FloorFinding } from './floor';
import { generateRegister } from './generate';
import { hasGc, mb, measure, measureMedian, type Measured } from './measure';
import { evaluateAlone } from './pipeline';

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
}

function parseArgs(argv: readonly string[]): Args {
  const a: Args = { datasets: 100_000, stewards: 2_500, seed: 154, now: DateTime.fromISO('2026-11-27T09:00', { zone: 'Europe/Kyiv' }), runs: 3, grace: 0, keep: false, json: null, importRows: 200_000, cli: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const count = (): number => {
      const v = value();
      const n = Number(v.replace(/_/g, ''));
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag}: "${v}" is not a whole number`);
      return n;
    };
    if (flag === '--datasets') a.datasets = count();
    else if (flag === '--stewards') a.stewards = Math.max(1, count());
    else if (flag === '--seed') a.seed = count();
    else if (flag === '--runs') a.runs = Math.max(1, count());
    else if (flag === '--grace') a.grace = count();
    else if (flag === '--keep') a.keep = true;
    else if (flag === '--json') a.json = value();
    else if (flag === '--import-rows') a.importRows = count();
    else if (flag === '--no-cli') a.cli = false;
    else if (flag === '--now') {
      const v = value();
      a.now = DateTime.fromISO(v, { zone: 'Europe/Kyiv' });
      if (!a.now.isValid) throw new Error(`--now: "${v}" is not an ISO date or date-time`);
    } else throw new Error(`unknown option ${flag} (known: --datasets, --stewards, --seed, --now, --grace, --runs, --keep, --json, --import-rows, --no-cli)`);
  }
  return a;
}

/** The missing and late findings of a list, as sorted keys: what every method must agree on. */
const floorKeys = (list: readonly FloorFinding[]): string[] => list.map(findingKey).sort();

/** What the bench keeps of a list of findings once its phase is measured: little, so phases do not weigh on each other. */
interface Summary {
  readonly count: number;
  /** floorKeys of its missing and late findings. */
  readonly floor: readonly string[];
  /** SHA-256 of the findings as JSON, in order. */
  readonly digest: string;
  readonly byRule: ReadonlyMap<string, number>;
}

function summarize(findings: readonly Finding[]): Summary {
  const byRule = new Map<string, number>();
  for (const f of findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  const floor = floorKeys(
    findings
      .filter((f) => FLOOR_RULES.includes(f.rule))
      .map((f) => ({ rule: f.rule as FloorFinding['rule'], id: f.subject.id, dueAt: f.dueAt, daysOverdue: f.daysOverdue })),
  );
  const hash = createHash('sha256');
  for (const f of findings) hash.update(JSON.stringify(f)).update('\n');
  return { count: findings.length, floor, digest: hash.digest('hex'), byRule };
}

/** Null when both lists hold the same keys, else what differs (a few examples). */
function difference(a: readonly string[], b: readonly string[]): string | null {
  const ka = new Set(a);
  const kb = new Set(b);
  const onlyA = [...ka].filter((k) => !kb.has(k));
  const onlyB = [...kb].filter((k) => !ka.has(k));
  if (onlyA.length === 0 && onlyB.length === 0 && a.length === b.length) return null;
  return `${onlyA.length} only in the first (${onlyA.slice(0, 3).join('; ')}), ${onlyB.length} only in the second (${onlyB.slice(0, 3).join('; ')})`;
}

const fmtMs = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const fmtN = (n: number): string => n.toLocaleString('en-US');

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
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const loadAtStart = os.loadavg().map((l) => l.toFixed(2)).join(', ');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odmon-bench-'));
  const configFile = path.join(dir, 'odmon.config.json');
  fs.writeFileSync(configFile, JSON.stringify({ graceDays: args.grace }));
  const config = loadConfig({ configFile, env: { ODMON_DB: path.join(dir, 'bench.sqlite') }, cwd: dir });
  const app = openApp(config, args.now);
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
    const checked = (r: CheckResult): { summary: Summary; outcome: CheckResult['outcome'] } => ({ summary: summarize(r.findings), outcome: r.outcome });
    const first = await measure(() => runCheck(app, args.now), checked);
    rows.push({ phase: 'whole check, 1st (load, evaluate, record: opens every finding)', m: first, findings: first.value.summary.count });
    const second = await measure(() => runCheck(app, args.now), checked);
    rows.push({ phase: 'whole check, 2nd (nothing changed)', m: second, findings: second.value.summary.count });

    const rules = loadRules(config.rulesDir).rules;
    const load = await measureMedian(args.runs, () => checkInputs(app, args.now), () => null);
    rows.push({ phase: 'load rows (stewards, datasets, plan, portal)', m: load, findings: null });
    const inputs = await checkInputs(app, args.now);
    const evaluated = (e: Evaluation): Summary => summarize(e.findings);
    const evaluation = await measureMedian(args.runs, () => evaluateAlone(rules, inputs, true), evaluated);
    rows.push({ phase: `evaluation alone (facts + ${rules.length} rules, compiled)`, m: evaluation, findings: evaluation.value.count });
    const engine = await measure(() => evaluateAlone(rules, inputs, false), evaluated);
    rows.push({ phase: 'evaluation by json-rules-engine runs (memoised)', m: engine, findings: engine.value.count });
    const sql = await measureMedian(args.runs, () => sqlFloor(app.db, floorOptions), floorKeys);
    rows.push({ phase: 'floor: one SQL query (missing + stale)', m: sql, findings: sql.value.length });
    const loop = await measureMedian(args.runs, () => loopFloor(inputs.datasets, floorOptions), floorKeys);
    rows.push({ phase: 'floor: plain JS loop over the loaded rows', m: loop, findings: loop.value.length });

    const floorMs = sql.ms;
    console.log('| phase | time | × SQL floor | CPU time | peak RSS | longest stall | findings |');
    console.log('|---|--:|--:|--:|--:|--:|--:|');
    for (const r of rows) {
      const stall = `${r.m.stallMs.toFixed(0)} ms (${r.m.histogramMaxMs.toFixed(0)})`;
      console.log(`| ${r.phase} | ${fmtMs(r.m.ms)} | ${(r.m.ms / floorMs).toFixed(1)} | ${fmtMs(r.m.cpuMs)} | ${r.m.peakRssMb.toFixed(0)} MB | ${stall} | ${r.findings === null ? '' : fmtN(r.findings)} |`);
    }
    console.log('(longest stall: how late a 10 ms interval timer fired at worst; in brackets the same from perf_hooks\' monitorEventLoopDelay: its maximum less its 10 ms resolution)');
    const loadPlusEval = load.ms + evaluation.ms;
    console.log(`\nload + evaluation: ${fmtMs(loadPlusEval)} = ${(loadPlusEval / floorMs).toFixed(1)} × the SQL floor; evaluation = ${(evaluation.ms / loop.ms).toFixed(1)} × the plain loop; json-rules-engine runs = ${(engine.ms / evaluation.ms).toFixed(1)} × the compiled evaluation`);
    console.log(`process peak RSS (getrusage, whole run including generation): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    console.log(`load average (1, 5, 15 min) at the start: ${loadAtStart}; now: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')} — other processes slow every figure down`);
    console.log(`2nd check: opened ${second.value.outcome.opened}, resolved ${second.value.outcome.resolved}, open ${fmtN(second.value.outcome.open)}`);

    const stored = floorKeys(
      app.db
        .prepare(`SELECT rule, subject_id AS id, due_at AS dueAt, days_overdue AS daysOverdue FROM findings WHERE resolved_at IS NULL AND rule IN (${FLOOR_RULES.map(() => '?').join(', ')})`)
        .all(...FLOOR_RULES) as FloorFinding[],
    );
    const reference = sql.value;
    const compared: [string, readonly string[]][] = [
      ['1st check', first.value.summary.floor],
      ['2nd check', second.value.summary.floor],
      ['stored open findings', stored],
      ['evaluation alone', evaluation.value.floor],
      ['json-rules-engine runs', engine.value.floor],
      ['plain loop', loop.value],
    ];
    const problems: string[] = [];
    for (const [name, list] of compared) {
      const diff = difference(list, reference);
      if (diff !== null) problems.push(`${name} differs from the SQL floor: ${diff}`);
    }
    // Every rule, not only the floor's two: the findings, in order, must be the same text for every method.
    if (evaluation.value.digest !== engine.value.digest) problems.push('the compiled evaluation and json-rules-engine runs differ');
    if (evaluation.value.digest !== first.value.summary.digest) problems.push('the evaluation alone and the 1st check differ');
    if (second.value.summary.digest !== first.value.summary.digest) problems.push('the 2nd check found other findings than the 1st');
    if (second.value.outcome.opened !== 0 || second.value.outcome.resolved !== 0) problems.push('the 2nd check opened or resolved findings');
    console.log(`findings by rule: ${[...first.value.summary.byRule].map(([r, n]) => `${r} ${fmtN(n)}`).join(', ')}`);
    console.log(problems.length === 0
      ? `findings agree: the checks, the stored findings, the evaluation, json-rules-engine, the SQL floor and the plain loop (${fmtN(reference.length)} missing + stale; all ${fmtN(first.value.summary.count)} findings between odmon's methods)`
      : `FINDINGS DISAGREE:\n  ${problems.join('\n  ')}`);

    const maxStall = Math.max(first.stallMs, second.stallMs, first.histogramMaxMs, second.histogramMaxMs);
    const peak = Math.max(first.peakRssMb, second.peakRssMb);
    const targets: [string, boolean, string][] = [
      ['evaluation within 5 × the SQL floor', evaluation.ms <= 5 * floorMs, `${(evaluation.ms / floorMs).toFixed(1)} ×`],
      ['whole check of the register under 5 s', first.ms < 5000 && second.ms < 5000, `${fmtMs(first.ms)} / ${fmtMs(second.ms)}`],
      ['peak RSS under 300 MB during the checks', peak < 300, `${peak.toFixed(0)} MB`],
      ['no event-loop stall over 100 ms during the checks', maxStall <= 100, `${maxStall.toFixed(0)} ms`],
    ];
    console.log('\ntargets:');
    for (const [what, ok, got] of targets) console.log(`  ${ok ? 'met    ' : 'MISSED '} ${what}: ${got}`);
    const imports = args.importRows > 0 ? await measureImports(dir, args.importRows, configFile, args.now) : [];
    if (imports.length > 0) {
      console.log('');
      printProcesses(imports);
    }
    if (args.json !== null) {
      const summary = {
        args: { ...args, now: args.now.toISO() },
        rows: rows.map((r) => ({ phase: r.phase, ms: r.m.ms, cpuMs: r.m.cpuMs, peakRssMb: r.m.peakRssMb, stallMs: r.m.stallMs, findings: r.findings })),
        processes: [...cli, ...imports].map((p) => ({ phase: p.phase, ms: p.m.ms, cpuMs: p.m.cpuMs, peakRssMb: p.m.peakRssMb, load: p.load })),
        problems,
      };
      fs.writeFileSync(args.json, JSON.stringify(summary, null, 2));
    }
    if (problems.length > 0) process.exitCode = 1;
  } finally {
    app.close();
    if (args.keep) console.log(`\ndatabase kept: ${config.db}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exitCode = 2;
});

