/**
 * Decoder fuzz test: each codec fixture, damaged in a seeded, reproducible way (bits flipped, random runs,
 * cut short, ranges copied or removed, header fields set to extremes, read in chunks of 1 byte to 64 KiB:
 * fuzz/mutate.ts), is opened as a call and read to its end (fuzz/fuzz-case.ts). Every case must either read
 * (equal sides, finite samples within ±1) or be refused with an AudioInputError of one line naming the file;
 * never another error, a hang or a runaway allocation. The cases run in two child processes
 * (fuzz/fuzz-child.ts), so that a hang is killed after CASE_TIMEOUT_MS and named, and a runaway allocation
 * crashes a child, not the test runner.
 *
 * Reproduce a failure with the seed and case its message names:
 *   FUZZ_SEED=… FUZZ_ONLY=format:index npx vitest run test/source/decoder-fuzz.test.ts
 * FUZZ_CASES=N runs N cases per format instead of the budget (a longer hunt, not for CI).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUZZ_FORMATS, type CaseReport } from './fuzz/fuzz-case.js';

/** The run's seed: fixed, so CI runs the same cases every time (FUZZ_SEED explores others). */
const SEED = Number(process.env['FUZZ_SEED'] ?? 0x5eed);
/**
 * A case reads a ≤ 160 KiB file in at most 2048 chunks: ~30 ms, ~1 s at worst (measured: the M4A decoder joins
 * and walks all it has on every chunk until its index is complete). A hang is far beyond.
 */
const CASE_TIMEOUT_MS = 5000;
/** Child processes: the CI machine's two cores. */
const CHILDREN = 2;
/** A child's JavaScript heap: a table-size field that makes a decoder allocate gigabytes crashes the child. */
const CHILD_HEAP_MB = 512;
/** The peak resident memory of a child: Node with every decoder loaded is ~200 MB. */
const MAX_CHILD_RSS_MB = 768;
const CHILD = fileURLToPath(new URL('./fuzz/fuzz-child.ts', import.meta.url));

interface Done extends CaseReport {
  rssMb: number;
  /** The child's peak resident memory after the case, and how much the case raised it. */
  peakRssMb: number;
  peakRiseMb: number;
}

interface Started {
  key: string;
  steps: string[];
  chunkBytes: number;
  sizeBytes: number;
}

function caseKeys(): string[] {
  const only = process.env['FUZZ_ONLY'];
  if (only) return only.split(',');
  const perFormat = process.env['FUZZ_CASES'];
  const keys: string[] = [];
  const most = Math.max(...FUZZ_FORMATS.map((f) => f.cases));
  // interleaved, so that both children get a share of every format
  for (let index = 0; index < (perFormat ? Number(perFormat) : most); index++) {
    for (const format of FUZZ_FORMATS) {
      if (perFormat || index < format.cases) keys.push(`${format.name}:${index}`);
    }
  }
  return keys;
}

/** Runs the keys in one child after the other; a child that hangs is killed, one that dies is replaced. */
async function runLane(keys: string[], reports: Map<string, Done>): Promise<void> {
  let next = 0;
  while (next < keys.length) {
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${CHILD_HEAP_MB}`, '--import', 'tsx', CHILD, String(SEED), ...keys.slice(next)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr = (stderr + data.toString()).slice(-2000)));
    const exited = new Promise<string>((resolve) =>
      child.on('close', (code, signal) => resolve(signal ?? `exit code ${code}`)),
    );
    let current: Started | null = null;
    let timer: NodeJS.Timeout | undefined;
    let hung = false;
    let peak = 0;
    for await (const line of createInterface({ input: child.stdout })) {
      const message = JSON.parse(line) as ({ type: 'start' } & Started) | ({ type: 'done' } & Done);
      if (message.type === 'start') {
        current = message;
        clearTimeout(timer);
        timer = setTimeout(() => {
          hung = true;
          child.kill('SIGKILL');
        }, CASE_TIMEOUT_MS);
      } else {
        clearTimeout(timer);
        // the first case of a child also loads the decoders: its rise is not its own
        reports.set(message.key, { ...message, peakRiseMb: peak > 0 ? message.peakRssMb - peak : 0 });
        peak = message.peakRssMb;
        current = null;
        next++;
      }
    }
    clearTimeout(timer);
    const ending = await exited;
    if (current === null) {
      if (next < keys.length) throw new Error(`fuzz child ended (${ending}) between cases: ${stderr}`);
      continue;
    }
    // the case that was running hung or took the child down: it fails, the child starts again after it
    const problem = hung
      ? `no answer within ${CASE_TIMEOUT_MS} ms (killed)`
      : `the child process died (${ending}): ${stderr.replace(/\s+/g, ' ').slice(0, 600)}`;
    reports.set(current.key, {
      ...current,
      outcome: 'refused',
      message: '',
      frames: 0,
      problems: [problem],
      ms: hung ? CASE_TIMEOUT_MS : 0,
      rssMb: 0,
      peakRssMb: 0,
      peakRiseMb: 0,
    });
    next++;
  }
}

function describeFailure(report: Done): string {
  const [format, index] = report.key.split(':');
  return (
    `${format} case ${index} (seed ${SEED}): ${report.steps.join('; ') || 'unmutated'}, ${report.sizeBytes} bytes ` +
    `in ${report.chunkBytes}-byte chunks: ${report.problems.join('; ')}\n` +
    `  reproduce: FUZZ_SEED=${SEED} FUZZ_ONLY=${report.key} npx vitest run test/source/decoder-fuzz.test.ts`
  );
}

const reports = new Map<string, Done>();
const keys = caseKeys();
const formats = [...new Set(keys.map((key) => key.split(':')[0] as string))];

describe(`decoder fuzz (seed ${SEED}, ${keys.length} cases)`, () => {
  beforeAll(async () => {
    const lanes = Array.from({ length: CHILDREN }, (_, lane) => keys.filter((_, k) => k % CHILDREN === lane));
    await Promise.all(lanes.map((lane) => runLane(lane, reports)));
  }, 180_000);

  afterAll(() => {
    const all = [...reports.values()];
    const refused = all.filter((r) => r.outcome === 'refused').length;
    const slowest = all.reduce((a, b) => (b.ms > a.ms ? b : a));
    const peak = Math.max(...all.map((r) => r.peakRssMb));
    console.log(
      `decoder fuzz (seed ${SEED}): ${all.length} cases, ${refused} refused, ${all.length - refused} read; ` +
        `slowest ${slowest.key} ${slowest.ms.toFixed(0)} ms; peak memory of a child ${peak.toFixed(0)} MB`,
    );
  });

  it.each(formats)('%s: every damaged file reads or is refused in one line', (format) => {
    const ran = [...reports.values()].filter((r) => r.key.startsWith(`${format}:`));
    expect(ran.length).toBe(keys.filter((key) => key.startsWith(`${format}:`)).length);
    expect(ran.filter((r) => r.problems.length > 0).map(describeFailure)).toEqual([]);
    // the unmutated file reads, whatever the chunk size
    if (reports.has(`${format}:0`)) expect(reports.get(`${format}:0`)?.outcome).toBe('read');
  });

  it('no case makes a child process grow without bound', () => {
    const all = [...reports.values()];
    const rise = all.reduce((a, b) => (b.peakRiseMb > a.peakRiseMb ? b : a));
    const peak = Math.max(...all.map((r) => r.peakRssMb));
    expect(
      peak,
      `the largest rise: ${rise.peakRiseMb.toFixed(0)} MB in ${describeFailure(rise)}`,
    ).toBeLessThan(MAX_CHILD_RSS_MB);
  });
});
