/**
 * Benchmark of a QA team's folder run (npm run bench): `softspoken analyze FOLDER --out-dir DIR` over a
 * folder of 200 one-minute calls (bench-out/folder-200/, made once by make-bench-call.ts with a seed per
 * call), run three times as a user would:
 *
 * 1. on one core (`--jobs 1`, and pinned to one CPU with `taskset -c 0` where taskset exists: one job
 *    alone still hashes the next files and collects garbage on other threads), into a fresh output folder;
 * 2. on every core (`--jobs` left to its default), into another fresh output folder;
 * 3. the same again with nothing new: every report is current, so no call is analysed.
 *
 * Each run's wall time (a child process, start-up included), the speed-up of 2 over 1 against the target
 * of at least 1.8x on 2 cores, and the summary.csv of runs 1 and 2 compared (the same calls, the same
 * numbers). The run records go to a data folder of the bench's own (SOFTSPOKEN_DATA_DIR), emptied first.
 * Reports numbers and exits 0 even when a target is missed; exits 1 if the CLI fails.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { calibrationMs, printTable } from './bench-common.js';
import { makeBenchCall } from './make-bench-call.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = path.join(ROOT, 'bench-out');
const FOLDER = path.join(OUT, 'folder-200');
const DATA = path.join(OUT, 'folder-data');
const CLI = path.join(ROOT, 'bin', 'softspoken.js');
const CALLS = 200;
const CALL_MINUTES = 1;
const TARGET_SPEEDUP_2_CORES = 1.8;

function ensureFolder(): void {
  mkdirSync(FOLDER, { recursive: true });
  const have = new Set(readdirSync(FOLDER));
  const missing = Array.from(
    { length: CALLS },
    (_, i) => `call-${String(i + 1).padStart(3, '0')}.wav`,
  ).filter((name) => !have.has(name));
  if (missing.length === 0) return;
  console.log(
    `bench-folder: creating ${missing.length} one-minute calls in ${path.relative(ROOT, FOLDER)} ...`,
  );
  for (const name of missing) {
    makeBenchCall({
      minutes: CALL_MINUTES,
      out: path.join(FOLDER, name),
      seed: 1000 + Number(name.slice(5, 8)),
    });
  }
}

const TIME = '/usr/bin/time';
const TASKSET = '/usr/bin/taskset';

interface CliRun {
  code: number | null;
  wallSec: number;
  /** CPU time of the CLI and its worker processes (user + system), s; null without /usr/bin/time. */
  cpuSec: number | null;
  stderr: string;
}

function runCli(args: string[], oneCpu = false): Promise<CliRun> {
  const timed = existsSync(TIME);
  const pinned = oneCpu && existsSync(TASKSET) ? [TASKSET, '-c', '0'] : [];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const command = [...(timed ? [TIME, '-f', 'cpu %U %S'] : []), ...pinned, process.execPath];
    const child = spawn(command[0] as string, [...command.slice(1), CLI, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, SOFTSPOKEN_DATA_DIR: DATA },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const cpu = /^cpu ([\d.]+) ([\d.]+)\s*$/m.exec(stderr);
      resolve({
        code,
        wallSec: Number(process.hrtime.bigint() - started) / 1e9,
        cpuSec: cpu ? Number(cpu[1]) + Number(cpu[2]) : null,
        stderr,
      });
    });
  });
}

async function main(): Promise<void> {
  ensureFolder();
  rmSync(DATA, { recursive: true, force: true });
  const cores = availableParallelism();
  const calibration = calibrationMs();
  const runs: [string, string[]][] = [
    [`one core (--jobs 1${existsSync(TASKSET) ? ', taskset -c 0' : ''})`, ['--jobs', '1']],
    [`every core (${cores} jobs, the default)`, []],
    ['every core again, nothing new', []],
  ];
  const walls: number[] = [];
  const cpus: (number | null)[] = [];
  for (const [i, [label, extra]] of runs.entries()) {
    const outDir = path.join(OUT, i === 0 ? 'folder-reports-1' : 'folder-reports-all');
    if (i < 2) rmSync(outDir, { recursive: true, force: true });
    const r = await runCli(['analyze', FOLDER, '--out-dir', outDir, '--quiet', ...extra], i === 0);
    if (r.code !== 0) {
      process.stderr.write(r.stderr);
      console.error(`bench-folder: ${label} failed (exit code ${r.code})`);
      process.exit(1);
    }
    walls.push(r.wallSec);
    cpus.push(r.cpuSec);
    console.log(`bench-folder: ${label}: ${r.wallSec.toFixed(1)} s`);
  }
  const summary = (dir: string): string => readFileSync(path.join(OUT, dir, 'summary.csv'), 'utf8');
  const same =
    existsSync(path.join(OUT, 'folder-reports-1', 'summary.csv')) &&
    summary('folder-reports-1') === summary('folder-reports-all');
  const [one = NaN, all = NaN, again = NaN] = walls;
  const cpu = (k: number): string => {
    const c = cpus[k];
    return c === null || c === undefined ? '' : `, ${c.toFixed(1)} s of CPU`;
  };
  const audioSec = CALLS * CALL_MINUTES * 60;
  const speedup = one / all;
  const rows: string[][] = [
    ['measure', 'value', 'target'],
    [
      `${CALLS} calls of ${CALL_MINUTES} min, one core`,
      `${one.toFixed(1)} s (${(audioSec / one).toFixed(0)}x real time${cpu(0)})`,
      '',
    ],
    [
      `the same, ${cores} jobs`,
      `${all.toFixed(1)} s (${(audioSec / all).toFixed(0)}x real time${cpu(1)})`,
      '',
    ],
    [
      'speed-up',
      `${speedup.toFixed(2)}x on ${cores} cores`,
      cores === 2 ? `>= ${TARGET_SPEEDUP_2_CORES}x` : '',
    ],
    ['again, nothing new (every call current)', `${again.toFixed(1)} s${cpu(2)}`, ''],
    ['summary.csv, one core and every core', same ? 'identical' : 'DIFFERENT', 'identical'],
    ['machine speed now: fixed loop', `${calibration.toFixed(0)} ms`, '(lower is faster)'],
  ];
  printTable(rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
