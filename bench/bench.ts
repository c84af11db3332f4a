/**
 * `npm run bench`: odmon at the scale of the national portal. Generates a register in a temporary database
 * (100,000 datasets, 2,500 stewards, the seeded plan), then measures in this one process: the whole check
 * twice, the evaluation alone, json-rules-engine alone, and the floor (one SQL query, one plain loop); prints a
 * table with the ratios to the SQL floor and checks that every method found the same findings.
 *
 * Options: --datasets N (100000) --stewards N (2500) --seed N (154) --now ISO (2026-11-27T09:00, Kyiv)
 *          --runs N (3: the median is shown for the repeated phases) --keep (keep the database) --json FILE
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { checkInputs, openApp, runCheck } from '../src/app';
import { loadConfig } from '../src/config/config';
import type { Finding } from '../src/domain';
import { loadRules } from '../src/rules/load';
import { loopFloor, sqlFloor, FLOOR_RULES, findingKey, type FloorFinding } from './floor';
import { generateRegister } from './generate';
import { hasGc, mb, measure, measureMedian, type Measured } from './measure';
import { evaluateRegister } from './pipeline';

interface Args {
  datasets: number;
  stewards: number;
  seed: number;
  now: DateTime;
  runs: number;
  keep: boolean;
  json: string | null;
}

function parseArgs(argv: readonly string[]): Args {
  const a: Args = { datasets: 100_000, stewards: 2_500, seed: 154, now: DateTime.fromISO('2026-11-27T09:00', { zone: 'Europe/Kyiv' }), runs: 3, keep: false, json: null };
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
    else if (flag === '--keep') a.keep = true;
    else if (flag === '--json') a.json = value();
    else if (flag === '--now') {
      const v = value();
      a.now = DateTime.fromISO(v, { zone: 'Europe/Kyiv' });
      if (!a.now.isValid) throw new Error(`--now: "${v}" is not an ISO date or date-time`);
    } else throw new Error(`unknown option ${flag} (known: --datasets, --stewards, --seed, --now, --runs, --keep, --json)`);
  }
  return a;
}

const asFloor = (findings: readonly Finding[]): FloorFinding[] =>
  findings
    .filter((f) => FLOOR_RULES.includes(f.rule))
    .map((f) => ({ rule: f.rule as FloorFinding['rule'], id: f.subject.id, dueAt: f.dueAt, daysOverdue: f.daysOverdue }));

/** Null when both lists hold the same findings, else what differs (a few examples). */
function difference(a: readonly FloorFinding[], b: readonly FloorFinding[]): string | null {
  const ka = new Set(a.map(findingKey));
  const kb = new Set(b.map(findingKey));
  const onlyA = [...ka].filter((k) => !kb.has(k));
  const onlyB = [...kb].filter((k) => !ka.has(k));
  if (onlyA.length === 0 && onlyB.length === 0 && a.length === b.length) return null;
  return `${onlyA.length} only in the first (${onlyA.slice(0, 3).join('; ')}), ${onlyB.length} only in the second (${onlyB.slice(0, 3).join('; ')})`;
}

const fmtMs = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const fmtN = (n: number): string => n.toLocaleString('en-US');

interface Row {
  readonly phase: string;
  readonly m: Measured<unknown>;
  readonly findings: number | null;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odmon-bench-'));
  const configFile = path.join(dir, 'odmon.config.json');
  fs.writeFileSync(configFile, '{}');
  const config = loadConfig({ configFile, env: { ODMON_DB: path.join(dir, 'bench.sqlite') }, cwd: dir });
  const app = openApp(config, args.now);
  const floorOptions = { now: args.now, graceDays: config.graceDays, frequencies: app.frequencies };
  try {
    console.log(`odmon bench: ${fmtN(args.datasets)} datasets, ${fmtN(args.stewards)} stewards, seed ${args.seed}, as of ${args.now.toISO()}`);
    console.log(`node ${process.version}, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}; gc() before each phase: ${hasGc ? 'yes' : 'no (run with --expose-gc)'}`);
    const gen = await measure(() => generateRegister(app.db, { datasets: args.datasets, stewards: args.stewards, seed: args.seed, now: args.now, frequencies: app.frequencies }));
    console.log(`generated in ${fmtMs(gen.ms)}: ${fmtN(gen.value.publications)} publications; mix ${Object.entries(gen.value.mix).map(([k, n]) => `${k} ${fmtN(n)}`).join(', ')}`);
    console.log(`database ${fmtN(Math.round(mb(fs.statSync(config.db).size)))} MB; RSS after generating ${mb(process.memoryUsage.rss()).toFixed(0)} MB\n`);

    const rows: Row[] = [];
    const first = await measure(() => runCheck(app, args.now));
    rows.push({ phase: 'whole check, 1st (load, evaluate, record: opens every finding)', m: first, findings: first.value.findings.length });
    const second = await measure(() => runCheck(app, args.now));
    rows.push({ phase: 'whole check, 2nd (nothing changed)', m: second, findings: second.value.findings.length });

    const rules = loadRules(config.rulesDir).rules;
    const load = await measureMedian(args.runs, () => checkInputs(app, args.now));
    rows.push({ phase: 'load rows (stewards, datasets, plan, portal)', m: load, findings: null });
    const inputs = load.value;
    const evaluation = await measureMedian(args.runs, () => evaluateRegister(rules, inputs, true));
    rows.push({ phase: `evaluation alone (facts + ${rules.length} rules, compiled)`, m: evaluation, findings: evaluation.value.findings.length });
    const engine = await measure(() => evaluateRegister(rules, inputs, false));
    rows.push({ phase: 'evaluation by json-rules-engine runs (memoised)', m: engine, findings: engine.value.findings.length });
    const sql = await measureMedian(args.runs, () => sqlFloor(app.db, floorOptions));
    rows.push({ phase: 'floor: one SQL query (missing + stale)', m: sql, findings: sql.value.length });
    const loop = await measureMedian(args.runs, () => loopFloor(load.value.datasets, floorOptions));
    rows.push({ phase: 'floor: plain JS loop over the loaded rows', m: loop, findings: loop.value.length });

    const floorMs = sql.ms;
    console.log('| phase | time | × SQL floor | peak RSS | longest stall | findings |');
    console.log('|---|--:|--:|--:|--:|--:|');
    for (const r of rows) {
      console.log(`| ${r.phase} | ${fmtMs(r.m.ms)} | ${(r.m.ms / floorMs).toFixed(1)} | ${r.m.peakRssMb.toFixed(0)} MB | ${r.m.stallMs.toFixed(0)} ms | ${r.findings === null ? '' : fmtN(r.findings)} |`);
    }
    const loadPlusEval = load.ms + evaluation.ms;
    console.log(`\nload + evaluation: ${fmtMs(loadPlusEval)} = ${(loadPlusEval / floorMs).toFixed(1)} × the SQL floor; evaluation = ${(evaluation.ms / loop.ms).toFixed(1)} × the plain loop; json-rules-engine runs = ${(engine.ms / evaluation.ms).toFixed(1)} × the compiled evaluation`);
    console.log(`process peak RSS (getrusage, whole run including generation): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    console.log(`2nd check: opened ${second.value.outcome.opened}, resolved ${second.value.outcome.resolved}, open ${fmtN(second.value.outcome.open)}`);

    const stored = app.db
      .prepare(`SELECT rule, subject_id AS id, due_at AS dueAt, days_overdue AS daysOverdue FROM findings WHERE resolved_at IS NULL AND rule IN (${FLOOR_RULES.map(() => '?').join(', ')})`)
      .all(...FLOOR_RULES) as FloorFinding[];
    const reference = sql.value;
    const compared: [string, FloorFinding[]][] = [
      ['1st check', asFloor(first.value.findings)],
      ['2nd check', asFloor(second.value.findings)],
      ['stored open findings', stored],
      ['evaluation alone', asFloor(evaluation.value.findings)],
      ['json-rules-engine runs', asFloor(engine.value.findings)],
      ['plain loop', loop.value],
    ];
    const problems: string[] = [];
    for (const [name, list] of compared) {
      const diff = difference(list, reference);
      if (diff !== null) problems.push(`${name} differs from the SQL floor: ${diff}`);
    }
    // Every rule, not only the floor's two: the compiled evaluation and json-rules-engine must agree finding for finding.
    if (JSON.stringify(evaluation.value.findings) !== JSON.stringify(engine.value.findings)) problems.push('the compiled evaluation and json-rules-engine runs differ');
    if (JSON.stringify(evaluation.value.findings) !== JSON.stringify(first.value.findings)) problems.push('the evaluation alone and the 1st check differ');
    if (second.value.outcome.opened !== 0 || second.value.outcome.resolved !== 0) problems.push('the 2nd check opened or resolved findings');
    const byRule = new Map<string, number>();
    for (const f of first.value.findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
    console.log(`findings by rule: ${[...byRule].map(([r, n]) => `${r} ${fmtN(n)}`).join(', ')}`);
    console.log(problems.length === 0
      ? `findings agree: the checks, the stored findings, the evaluation, json-rules-engine, the SQL floor and the plain loop (${fmtN(reference.length)} missing + stale; all ${fmtN(first.value.findings.length)} findings between odmon's methods)`
      : `FINDINGS DISAGREE:\n  ${problems.join('\n  ')}`);

    const maxStall = Math.max(first.stallMs, second.stallMs);
    const peak = Math.max(first.peakRssMb, second.peakRssMb);
    const targets: [string, boolean, string][] = [
      ['evaluation within 5 × the SQL floor', evaluation.ms <= 5 * floorMs, `${(evaluation.ms / floorMs).toFixed(1)} ×`],
      ['whole check of the register under 5 s', first.ms < 5000 && second.ms < 5000, `${fmtMs(first.ms)} / ${fmtMs(second.ms)}`],
      ['peak RSS under 300 MB during the checks', peak < 300, `${peak.toFixed(0)} MB`],
      ['no event-loop stall over 100 ms during the checks', maxStall <= 100, `${maxStall.toFixed(0)} ms`],
    ];
    console.log('\ntargets:');
    for (const [what, ok, got] of targets) console.log(`  ${ok ? 'met    ' : 'MISSED '} ${what}: ${got}`);
    if (args.json !== null) {
      const summary = { args: { ...args, now: args.now.toISO() }, rows: rows.map((r) => ({ phase: r.phase, ms: r.m.ms, peakRssMb: r.m.peakRssMb, stallMs: r.m.stallMs, findings: r.findings })), problems };
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

