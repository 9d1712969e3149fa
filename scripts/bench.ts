/**
 * Benchmark of the CLI (npm run bench): speed on a 10-minute call and peak memory on a 60-minute one.
 * Creates bench-out/call-10min.wav and bench-out/call-60min.wav first if they are missing.
 *
 * - speed: `node bin/softspoken.js analyze bench-out/call-10min.wav ...` three times; the wall time of
 *   each child process (start-up included), the median, and audio seconds / median wall seconds
 *   against the target of at least 150x real time.
 * - memory: the 60-minute call once with --stats (the CLI prints `stats: {"maxRssBytes": N, ...}` on
 *   stderr), wrapped in `/usr/bin/time -f '%M'` (peak RSS in KB) if that exists; target <= 250 MB.
 *
 * - compressed: the 60-minute call as MP3, M4A (AAC, index at the end) and Ogg Opus, encoded once by
 *   ffmpeg when it is installed (skipped otherwise): wall time and peak RSS of each, against the same
 *   memory target (the decoders stream).
 *
 * It reports numbers and exits 0 even when a target is missed; it exits 1 if the CLI fails.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { calibrationMs, printTable } from './bench-common.js';
import { makeBenchCall } from './make-bench-call.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = path.join(ROOT, 'bench-out');
/** The CLI under test; BENCH_CLI overrides it (to try the bench itself against a stand-in). */
const CLI = process.env['BENCH_CLI'] ?? path.join(ROOT, 'bin', 'softspoken.js');
const TIME = '/usr/bin/time';
const SPEED_RUNS = 3;
const TARGET_X_REALTIME = 150;
const TARGET_RSS_MB = 250;

interface Run {
  code: number | null;
  wallSec: number;
  stderr: string;
}

function run(command: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallSec = Number(process.hrtime.bigint() - started) / 1e9;
      resolve({ code, wallSec, stderr });
    });
  });
}

function mustSucceed(what: string, r: Run): void {
  if (r.code === 0) return;
  process.stderr.write(r.stderr);
  console.error(`bench: ${what} failed (exit code ${r.code})`);
  process.exit(1);
}

function ensureCall(minutes: number): string {
  const file = path.join(OUT, `call-${minutes}min.wav`);
  if (!existsSync(file)) {
    console.log(`bench: creating ${path.relative(ROOT, file)} ...`);
    makeBenchCall({ minutes, out: file });
  }
  return file;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
};

/** The compressed versions of the 60-minute call: extension and ffmpeg's audio codec options. */
const COMPRESSED: [string, string[]][] = [
  ['mp3', ['-c:a', 'libmp3lame', '-b:a', '32k']],
  ['m4a', ['-c:a', 'aac', '-b:a', '32k']],
  ['opus', ['-c:a', 'libopus', '-b:a', '24k']],
];

/** `wav` encoded as `ext` beside it (made once), or null when ffmpeg is not installed. */
function compressedCall(wav: string, ext: string, codec: string[]): string | null {
  const file = wav.replace(/\.wav$/, `.${ext}`);
  if (existsSync(file)) return file;
  try {
    console.log(`bench: creating ${path.relative(ROOT, file)} with ffmpeg ...`);
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', wav, ...codec, file]);
    return file;
  } catch {
    return null;
  }
}

/** maxRssBytes from the CLI's `stats: {...}` line on stderr, in MB. */
function statsRssMb(stderr: string): number | undefined {
  const line = /^stats: (\{.*\})\s*$/m.exec(stderr)?.[1];
  if (!line) return undefined;
  const bytes = (JSON.parse(line) as { maxRssBytes?: unknown }).maxRssBytes;
  return typeof bytes === 'number' ? bytes / 2 ** 20 : undefined;
}

/** The last line of stderr, as written by `/usr/bin/time -f '%M'` (KB), in MB. */
function timeRssMb(stderr: string): number | undefined {
  const last = stderr.trim().split('\n').pop()?.trim() ?? '';
  return /^\d+$/.test(last) ? Number(last) / 1024 : undefined;
}

async function main(): Promise<void> {
  const calibrationBefore = calibrationMs();
  const call10 = ensureCall(10);
  const call60 = ensureCall(60);
  const audioSec = 10 * 60;

  const walls: number[] = [];
  for (let i = 0; i < SPEED_RUNS; i++) {
    const json = path.join(OUT, 'report-10min.json');
    const r = await run(process.execPath, [CLI, 'analyze', call10, '--agent-channel', '0', '--json', json]);
    mustSucceed('analyze (10-minute call)', r);
    walls.push(r.wallSec);
    console.log(`bench: 10-minute call, run ${i + 1}: ${r.wallSec.toFixed(2)} s`);
  }
  const wall = median(walls);
  const xRealtime = audioSec / wall;

  const cliArgs = [
    CLI,
    'analyze',
    call60,
    '--agent-channel',
    '0',
    '--json',
    path.join(OUT, 'report-60min.json'),
  ];
  const haveTime = existsSync(TIME);
  const mem = haveTime
    ? await run(TIME, ['-f', '%M', process.execPath, ...cliArgs, '--stats'])
    : await run(process.execPath, [...cliArgs, '--stats']);
  mustSucceed('analyze --stats (60-minute call)', mem);
  console.log(`bench: 60-minute call: ${mem.wallSec.toFixed(2)} s`);
  const calibration = (calibrationBefore + calibrationMs()) / 2;
  const rssStats = statsRssMb(mem.stderr);
  const rssTime = haveTime ? timeRssMb(mem.stderr) : undefined;

  const verdict = (ok: boolean | undefined): string => (ok === undefined ? 'n/a' : ok ? 'met' : 'MISSED');
  const mb = (x: number | undefined): string => (x === undefined ? 'n/a' : `${x.toFixed(1)} MB`);
  const rows: [string, string, string, string][] = [
    ['measure', 'value', 'target', 'verdict'],
    ['10-min call, median wall time', `${wall.toFixed(2)} s`, '', ''],
    [
      'speed (audio s / wall s)',
      `${xRealtime.toFixed(0)}x`,
      `>= ${TARGET_X_REALTIME}x`,
      verdict(xRealtime >= TARGET_X_REALTIME),
    ],
    [
      '60-min call, wall time (x real time)',
      `${mem.wallSec.toFixed(2)} s (${(3600 / mem.wallSec).toFixed(0)}x)`,
      '',
      '',
    ],
    ['machine speed now: fixed loop', `${calibration.toFixed(0)} ms`, '(lower is faster)', ''],
    [
      '60-min call, peak RSS (--stats)',
      mb(rssStats),
      `<= ${TARGET_RSS_MB} MB`,
      verdict(rssStats === undefined ? undefined : rssStats <= TARGET_RSS_MB),
    ],
    [
      '60-min call, peak RSS (/usr/bin/time)',
      haveTime ? mb(rssTime) : 'no /usr/bin/time',
      `<= ${TARGET_RSS_MB} MB`,
      verdict(rssTime === undefined ? undefined : rssTime <= TARGET_RSS_MB),
    ],
  ];
  for (const [ext, codec] of COMPRESSED) {
    const file = compressedCall(call60, ext, codec);
    if (file === null) {
      rows.push([`60-min call as ${ext}`, 'skipped: no ffmpeg to make it', '', '']);
      continue;
    }
    const args = [CLI, 'analyze', file, '--json', path.join(OUT, `report-60min-${ext}.json`), '--stats'];
    const r = haveTime
      ? await run(TIME, ['-f', '%M', process.execPath, ...args])
      : await run(process.execPath, args);
    mustSucceed(`analyze (60-minute ${ext})`, r);
    const rss = haveTime ? timeRssMb(r.stderr) : statsRssMb(r.stderr);
    console.log(`bench: 60-minute call as ${ext}: ${r.wallSec.toFixed(2)} s`);
    rows.push([
      `60-min call as ${ext}: wall (x real time), peak RSS`,
      `${r.wallSec.toFixed(1)} s (${(3600 / r.wallSec).toFixed(0)}x), ${mb(rss)}`,
      `<= ${TARGET_RSS_MB} MB`,
      verdict(rss === undefined ? undefined : rss <= TARGET_RSS_MB),
    ]);
  }
  printTable(rows);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
