/**
 * The accuracy check (npm run eval): analyzes every labelled call with the CLI and scores the reports with
 * the shared scorer, as ../shared/eval/run.sh does, two analyses at a time.
 *
 *   npm run eval                                   the dev calls (../shared/calls/dev): the scorer's report
 *   npm run eval -- --variants                     also every variant (scripts/variants.ts), and one table
 *   npm run eval -- --variants --only quiet24,swap some variants only (--only implies --variants)
 *   npm run eval -- --calls DIR --json FILE        another labelled folder; the table saved as JSON
 *   npm run eval -- --no-actors                    the dev calls without the real actors' calls
 *   npm run eval -- --actors-only                  the real actors' calls alone (CI's check)
 *   npm run eval -- --actors-only --voices DIR     the actors' clips taken from DIR
 *   npm run eval -- --no-first-pass                every call judged as a live call is (analyze --no-first-pass)
 *
 * With the dev calls (no --calls) come, where the actors' clips are (../shared/voices/effort, or --voices
 * DIR), calls made of real actors' speech (scripts/make-actor-calls.ts, made into bench-out/actors/ and
 * reused while the clips and the code that makes them are the same): `actors` (venting and raised voices, clean and hard lines) scored like the
 * dev calls, and `calm` (ordinary conversations: nobody vents or shouts), where every peak and every second
 * of raised voice found is wrong: the table shows how many.
 *
 * Variants are made into bench-out/variants/ (reused while the input and the code that makes them are the
 * same), reports go to a temp folder (printed at the end). A call the CLI fails on is named with the CLI's
 * last stderr line and scored as missing (all misses). Exit code 0; 1 when a call failed to analyze or
 * something else went wrong; 2 on bad arguments. Run `npm run build` first (npm run eval does).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatTable, rowFromScore, runScorer, type Row } from './eval-score.js';
import { ensureVariants, listCalls, readTruth } from './make-variants.js';
import { pickVariants, type Variant } from './variants.js';
import { makeActorCalls } from './make-actor-calls.js';
import { SHARED_EFFORT_DIR } from './scene/actor-clips.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'softspoken.js');
const CLI_ENTRY = path.join(ROOT, 'dist', 'src', 'node', 'cli.js');
const SCORER = path.join(ROOT, '..', 'shared', 'eval', 'score.mjs');
const DEFAULT_CALLS = path.join(ROOT, '..', 'shared', 'calls', 'dev');
const VARIANTS_ROOT = path.join(ROOT, 'bench-out', 'variants');
const ACTORS_ROOT = path.join(ROOT, 'bench-out', 'actors');
/** What makes the actors' calls: when any of it changes, they are made again. */
const ACTOR_CALL_SOURCES = [
  'make-actor-calls.ts',
  'scene/actor-clips.ts',
  'scene/compose.ts',
  'scene/truth.ts',
];
/** Analyses run at once (the machine has two cores). */
const PARALLEL = 2;
/** An analysis taking longer than this is stopped and counted as failed. */
const ANALYZE_TIMEOUT_MS = 10 * 60_000;

class UsageError extends Error {}

/** A labelled folder to score: the original calls or one variant of them. */
interface LabelledSet {
  id: string;
  truthDir: string;
  reportDir: string;
}

interface Job {
  set: LabelledSet;
  name: string;
  agentChannel: number;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Runs the CLI on one call (`extra`: more of its options); resolves with null on success, else the CLI's last stderr line. */
function analyze(job: Job, extra: readonly string[]): Promise<string | null> {
  const wav = path.join(job.set.truthDir, `${job.name}.wav`);
  const report = path.join(job.set.reportDir, `${job.name}.json`);
  const args = [
    BIN,
    'analyze',
    wav,
    '--agent-channel',
    String(job.agentChannel),
    '--json',
    report,
    '--quiet',
    ...extra,
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: ANALYZE_TIMEOUT_MS,
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-8192)));
    child.on('error', (error) => resolve(`cannot run the CLI: ${error.message}`));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(null);
      rmSync(report, { force: true }); // a failed call is scored as missing, whatever it left behind
      const last = stderr.trim().split('\n').pop()?.trim();
      resolve(last || (signal ? `stopped by ${signal}` : `exit code ${code}`));
    });
  });
}

/** Analyzes every job, `PARALLEL` at a time; returns the failed calls per set id. */
async function analyzeAll(jobs: readonly Job[], extra: readonly string[]): Promise<Map<string, string[]>> {
  const failed = new Map<string, string[]>();
  const progress = process.stderr.isTTY;
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next++] as Job;
      const error = await analyze(job, extra);
      done++;
      if (progress) process.stderr.write(`\ranalyzed ${done}/${jobs.length}`);
      if (error !== null) {
        if (progress) process.stderr.write('\n');
        const label = job.set.id === 'original' ? job.name : `${job.set.id}/${job.name}`;
        console.log(`${label}: analyze failed: ${error}`);
        failed.set(job.set.id, [...(failed.get(job.set.id) ?? []), job.name]);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, jobs.length) }, worker));
  if (progress && jobs.length > 0) process.stderr.write('\n');
  return failed;
}

/** When the build in dist/ was last written (the newest file's time): a build during the run mixes builds. */
function buildTime(): number {
  let newest = 0;
  for (const dir of ['src', 'dsp'].map((d) => path.join(ROOT, 'dist', d))) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      newest = Math.max(newest, statSync(path.join(dir, f)).mtimeMs);
    }
  }
  return newest;
}

/** A user's path, relative to where they ran the command (npm run moves to the project's root). */
const userPath = (p: string): string => path.resolve(process.env['INIT_CWD'] ?? process.cwd(), p);

function parse(): {
  calls: string;
  variants: boolean;
  actors: boolean;
  actorsOnly: boolean;
  /** The actors' clips (default ../shared/voices/effort). */
  voices: string;
  firstPass: boolean;
  only?: string;
  json?: string;
} {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        variants: { type: 'boolean', default: false },
        calls: { type: 'string' },
        only: { type: 'string' },
        json: { type: 'string' },
        'no-actors': { type: 'boolean', default: false },
        'actors-only': { type: 'boolean', default: false },
        voices: { type: 'string' },
        'no-first-pass': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(message(error));
  }
  if (values.help) {
    const ids = pickVariants().map((v) => `      ${v.id.padEnd(12)} ${v.about}`);
    console.log(
      [
        'usage: npm run eval -- [--variants] [--only a,b] [--calls DIR] [--json FILE]',
        `  --calls DIR   labelled folder, NAME.wav + NAME.truth.json (default ${path.relative(ROOT, DEFAULT_CALLS)})`,
        '  --variants    also score every variant of the calls and print one table',
        '  --only a,b    these variants only (implies --variants):',
        ...ids,
        '  --json FILE   save the table as JSON',
        "  --no-actors   without the real actors' calls (made only with the dev calls, from ../shared/voices/effort)",
        "  --actors-only the real actors' calls alone (fails when their clips are missing)",
        `  --voices DIR  the actors' clips (default ${path.relative(ROOT, SHARED_EFFORT_DIR)})`,
        '  --no-first-pass  judge every call as a live call is: each level learned from the first words',
      ].join('\n'),
    );
    process.exit(0);
  }
  const voices = values.voices === undefined ? SHARED_EFFORT_DIR : userPath(values.voices);
  // said before anything is built or made: the actors' calls are made from these clips
  if (values['actors-only'] && !existsSync(voices)) {
    throw new Error(`--actors-only: the actors' clips are not there (${voices})`);
  }
  return {
    calls: values.calls === undefined ? DEFAULT_CALLS : userPath(values.calls),
    variants: values.variants || values.only !== undefined,
    actors:
      values['actors-only'] || (values.calls === undefined && !values['no-actors'] && existsSync(voices)),
    actorsOnly: values['actors-only'],
    voices,
    firstPass: !values['no-first-pass'],
    ...(values.only === undefined ? {} : { only: values.only }),
    ...(values.json === undefined ? {} : { json: userPath(values.json) }),
  };
}

/** Makes (or reuses) the actors' calls in bench-out/actors/HASH/{mixed,calm}; returns the two folders. */
async function prepareActorCalls(voices: string): Promise<{ mixed: string; calm: string }> {
  const hash = createHash('sha1');
  for (const f of ACTOR_CALL_SOURCES) hash.update(readFileSync(path.join(ROOT, 'scripts', f)));
  for (const f of readdirSync(voices).sort()) hash.update(`${f}:${statSync(path.join(voices, f)).size}`);
  const dir = path.join(ACTORS_ROOT, hash.digest('hex').slice(0, 10));
  const mixed = path.join(dir, 'mixed');
  const calm = path.join(dir, 'calm');
  if (!existsSync(path.join(dir, 'done'))) {
    const started = Date.now();
    rmSync(dir, { recursive: true, force: true });
    await makeActorCalls(dir, voices);
    writeFileSync(path.join(dir, 'done'), '');
    console.log(
      `actors' calls made in ${path.relative(ROOT, dir)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } else console.log(`actors' calls reused from ${path.relative(ROOT, dir)}`);
  return { mixed, calm };
}

/** What a calm-only folder's reports found that none of its calls holds: peaks, and seconds of raised voice. */
function calmFindings(reportDir: string): { calls: number; peaks: number; raisedSec: number } {
  let calls = 0;
  let peaks = 0;
  let raisedSec = 0;
  for (const f of readdirSync(reportDir).filter((x) => x.endsWith('.json'))) {
    const report = JSON.parse(readFileSync(path.join(reportDir, f), 'utf8')) as {
      events: { type: string; start: number; end: number }[];
    };
    calls++;
    for (const e of report.events) {
      if (e.type === 'customerPeak') peaks++;
      if (e.type === 'raisedVoice') raisedSec += e.end - e.start;
    }
  }
  return { calls, peaks, raisedSec };
}

/** Makes (or reuses) the variants of `calls` in bench-out/variants/NAME-HASH/; returns that folder. */
function prepareVariants(calls: string, variants: readonly Variant[]): string {
  const real = realpathSync(calls);
  const key = `${path.basename(real)}-${createHash('sha1').update(real).digest('hex').slice(0, 8)}`;
  const cache = path.join(VARIANTS_ROOT, key);
  const started = Date.now();
  const { made, reused, problems } = ensureVariants(calls, cache, variants);
  const took = ((Date.now() - started) / 1000).toFixed(1);
  const what = [
    made.length ? `made ${made.join(', ')} in ${took} s` : '',
    reused.length ? `reused ${reused.join(', ')}` : '',
  ];
  console.log(`variants in ${path.relative(ROOT, cache)}: ${what.filter(Boolean).join('; ')}`);
  for (const problem of problems) console.log(`${problem} (no variant made: scored as missing)`);
  return cache;
}

async function main(): Promise<number> {
  const options = parse();
  let variants: Variant[] = [];
  try {
    if (options.variants) variants = pickVariants(options.only);
  } catch (error) {
    throw new UsageError(message(error));
  }
  if (!existsSync(CLI_ENTRY)) {
    throw new Error("the CLI is not built (no dist/src/node/cli.js): run 'npm run build'");
  }
  if (!existsSync(SCORER)) throw new Error(`the shared scorer is missing: ${SCORER}`);

  const reports = mkdtempSync(path.join(os.tmpdir(), 'softspoken-eval-'));
  const cache = variants.length > 0 ? prepareVariants(options.calls, variants) : null;
  const actors = options.actors ? await prepareActorCalls(options.voices) : null;
  const several = cache !== null || actors !== null;
  const original: LabelledSet = {
    id: 'original',
    truthDir: options.calls,
    reportDir: several ? path.join(reports, 'original') : reports,
  };
  const sets: LabelledSet[] = [
    ...(options.actorsOnly ? [] : [original]),
    ...variants.map((v) => ({
      id: v.id,
      truthDir: path.join(cache ?? '', v.id),
      reportDir: path.join(reports, v.id),
    })),
    ...(actors
      ? [
          { id: 'actors', truthDir: actors.mixed, reportDir: path.join(reports, 'actors') },
          { id: 'calm', truthDir: actors.calm, reportDir: path.join(reports, 'calm') },
        ]
      : []),
  ];
  for (const set of sets) mkdirSync(set.reportDir, { recursive: true });

  // a variant's truth may flip the agent's channel (swap)
  const jobs = sets.flatMap((set) =>
    listCalls(set.truthDir).map((name) => ({
      set,
      name,
      agentChannel: readTruth(path.join(set.truthDir, `${name}.truth.json`)).agentChannel,
    })),
  );
  const how = options.firstPass ? '' : ', each judged as a live call is (no first pass)';
  console.log(`analyzing ${jobs.length} calls in ${sets.length} set(s), ${PARALLEL} at a time${how}`);
  const built = buildTime();
  const failed = await analyzeAll(jobs, options.firstPass ? [] : ['--no-first-pass']);
  if (buildTime() !== built) {
    console.log('warning: dist/ was rebuilt during the run: these scores mix two builds of the analyzer');
  }

  const first = sets[0] as LabelledSet;
  process.stdout.write(runScorer(SCORER, first.truthDir, first.reportDir, false));
  const rows: Row[] = sets.map((set) =>
    rowFromScore(set.id, runScorer(SCORER, set.truthDir, set.reportDir, true), failed.get(set.id) ?? []),
  );
  const calm = sets.find((set) => set.id === 'calm');
  const calmFound = calm ? calmFindings(calm.reportDir) : null;
  if (several) {
    console.log(
      `\nF1 per set (overall: mean of the five event F1s)\n${formatTable(rows.filter((r) => r.set !== 'calm'))}`,
    );
  }
  if (calmFound) {
    console.log(
      `calm-only conversations (${calmFound.calls} calls): ${calmFound.peaks} peak(s), ` +
        `${calmFound.raisedSec.toFixed(1)} s of raised voice found (none is there)`,
    );
  }
  if (options.json) {
    mkdirSync(path.dirname(options.json), { recursive: true });
    const table = { calls: options.calls, reports, rows, ...(calmFound ? { calm: calmFound } : {}) };
    writeFileSync(options.json, JSON.stringify(table, null, 2) + '\n');
    console.log(`table saved to ${options.json}`);
  }
  console.log(`reports in ${reports}`);
  const failures = [...failed.values()].reduce((n, names) => n + names.length, 0);
  if (failures > 0) console.log(`${failures} call(s) failed to analyze`);
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`eval: ${message(error)}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
