/**
 * The bench's phases run the way users run odmon: the built CLI as its own process, on a copy of the generated
 * register — `odmon check` twice (the first opens every finding, the second finds nothing changed) and
 * `odmon notify --dry-run` — and `odmon import` of a large register written as councils send it (Excel's CSV and a
 * workbook). Each reports wall time, CPU time and the process's peak RSS (process.ts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DateTime } from 'luxon';
import { runProcess, type ProcessRun } from './process';
import { writeRegisterFiles } from './register-files';

/** The CLI as `npm run bench` builds it: dist/src/cli/main.js beside this file's dist/bench. */
export const CLI = path.join(__dirname, '..', 'src', 'cli', 'main.js');

export interface CliPhase {
  readonly phase: string;
  /** The run with the median wall time; peakRssMb is the highest of all runs. */
  readonly m: ProcessRun;
  readonly runs: number;
  /** The 1-minute load average when the phase (its first run) started. */
  readonly load: number;
  /** What the command said it found (its stderr summary), when it says. */
  readonly summary: string;
  /** Bytes the command printed on stdout. */
  readonly printed: number;
}

/** The environment without odmon's own settings, so the bench's --config and --db are all that count. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ODMON_')));
}

function median(list: readonly ProcessRun[]): ProcessRun {
  const sorted = [...list].sort((a, b) => a.ms - b.ms);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)], peakRssMb: Math.max(...list.map((r) => r.peakRssMb)) };
}

interface Step {
  readonly phase: string;
  readonly args: (db: string) => string[];
}

async function measureSteps(dir: string, steps: readonly Step[], runs: number, prepare: (run: number) => string): Promise<CliPhase[]> {
  const results = steps.map(() => ({ all: [] as ProcessRun[], load: 0, summary: '', printed: 0 }));
  for (let run = 0; run < runs; run++) {
    const db = prepare(run);
    for (const [i, step] of steps.entries()) {
      const stdout = path.join(dir, `out-${i}.txt`);
      const stderr = path.join(dir, `err-${i}.txt`);
      if (run === 0) results[i].load = os.loadavg()[0];
      const r = await runProcess({ args: [CLI, ...step.args(db)], cwd: dir, env: cleanEnv(), stdout, stderr });
      const err = fs.readFileSync(stderr, 'utf8');
      if (r.code !== 0) throw new Error(`odmon ${step.args(db).join(' ')} exited with ${r.code}:\n${err.slice(-2000)}`);
      results[i].all.push(r);
      results[i].summary = err.trim().split('\n').filter((l) => !l.startsWith('warning:')).join(' ').slice(0, 300);
      results[i].printed = fs.statSync(stdout).size;
    }
  }
  return steps.map((s, i) => ({ phase: s.phase, m: median(results[i].all), runs: runs, load: results[i].load, summary: results[i].summary, printed: results[i].printed }));
}

export interface CheckPhasesOptions {
  /** A database holding the generated register and nothing recorded yet (WAL checkpointed into it). */
  readonly freshDb: string;
  readonly configFile: string;
  readonly now: DateTime;
  readonly runs: number;
}

/** odmon check (1st and 2nd) and odmon notify --dry-run, each run on a fresh copy of the register. */
export function measureCheckCommands(o: CheckPhasesOptions): Promise<CliPhase[]> {
  const dir = fs.mkdtempSync(path.join(path.dirname(o.freshDb), 'cli-'));
  const now = o.now.toISO({ includeOffset: false, suppressMilliseconds: true, suppressSeconds: true }) as string;
  const common = (db: string): string[] => ['--now', now, '--config', o.configFile, '--db', db];
  const steps: Step[] = [
    { phase: 'CLI `odmon check`, 1st (opens every finding, prints them all)', args: (db) => ['check', ...common(db)] },
    { phase: 'CLI `odmon check`, 2nd (nothing changed, prints them all)', args: (db) => ['check', ...common(db)] },
    { phase: 'CLI `odmon notify --dry-run` (after the checks)', args: (db) => ['notify', '--dry-run', ...common(db)] },
  ];
  return measureSteps(dir, steps, o.runs, () => {
    const db = path.join(dir, 'cli.sqlite');
    for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
    fs.copyFileSync(o.freshDb, db);
    return db;
  });
}

/** odmon import of `rows` datasets from Excel's CSV and from a workbook, each into a new database. */
export async function measureImports(root: string, rows: number, configFile: string, now: DateTime): Promise<CliPhase[]> {
  const dir = path.join(root, 'import');
  const files = await writeRegisterFiles(dir, rows);
  const at = now.toISO({ includeOffset: false, suppressMilliseconds: true, suppressSeconds: true }) as string;
  const phases: CliPhase[] = [];
  for (const [what, file] of [['Excel CSV (;, Windows-1251)', files.csv], ['workbook (.xlsx)', files.xlsx]] as const) {
    const init = (db: string): string[] => ['init', '--now', at, '--config', configFile, '--db', db];
    const steps: Step[] = [{ phase: `CLI \`odmon import datasets\` of ${rows.toLocaleString('en-US')} rows, ${what}`, args: (db) => ['import', 'datasets', file, '--now', at, '--config', configFile, '--db', db] }];
    phases.push(
      ...(await measureSteps(dir, steps, 1, () => {
        const db = path.join(dir, `import-${path.extname(file).slice(1)}.sqlite`);
        for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
        const r = spawnSync(process.execPath, [CLI, ...init(db)], { cwd: dir, env: cleanEnv() });
        if (r.status !== 0) throw new Error(`odmon init failed: ${String(r.stderr)}`);
        return db;
      })),
    );
  }
  return phases;
}
