/**
 * One case of the decoder fuzz test (decoder-fuzz.test.ts): a codec fixture, mutated (mutate.ts), opened as
 * a call and read to its end. A case passes when the call reads (equal sides, finite samples within ±1,
 * one-line warnings) or is refused with an AudioInputError whose message is one line for the user. Runs in
 * a child process (fuzz-child.ts), so that a hang or a runaway allocation cannot take the test runner down.
 */
import { readFileSync } from 'node:fs';
import { bytesInput, type ByteInput } from '../../../src/source/byte-input.js';
import { AudioInputError, openStereoSource, openTwoSources } from '../../../src/source/call-source.js';
import { caseSeed, mulberry32, mutate, type Donor } from './mutate.js';

/** A fixture fuzzed as one format. */
export interface FuzzFormat {
  /** Names the format in keys and messages. */
  name: string;
  /** Which header fields mutate.ts knows how to break. */
  family: string;
  /** test/fixtures/codecs files: one two-channel call, or the agent and the customer mono files. */
  files: [string] | [string, string];
  /** Only this many bytes of the file (the head of a long call). */
  headBytes?: number;
  /** Cases per run: each reads the whole file once or twice, so the slower decoders get fewer. */
  cases: number;
}

/**
 * The formats and the run's budget: 1,100 cases, ~45 s of CPU time, ~25 s of the test file on a 2-core
 * machine (measured: ~35 ms a case with its checks, MP3 and Opus the slowest, WAV 3 ms).
 */
export const FUZZ_FORMATS: readonly FuzzFormat[] = [
  { name: 'wav', family: 'wav', files: ['excerpt.wav'], cases: 150 },
  { name: 'flac', family: 'flac', files: ['excerpt.flac'], cases: 90 },
  { name: 'ogg-vorbis', family: 'ogg', files: ['excerpt.ogg'], cases: 100 },
  { name: 'ogg-opus', family: 'ogg', files: ['call.opus'], headBytes: 24 * 1024, cases: 90 },
  { name: 'webm', family: 'webm', files: ['excerpt.webm'], cases: 90 },
  { name: 'm4a-faststart', family: 'mp4', files: ['excerpt-faststart.m4a'], cases: 120 },
  { name: 'm4a-fragmented', family: 'mp4', files: ['excerpt-fragmented.m4a'], cases: 120 },
  { name: 'm4a-index-last', family: 'mp4', files: ['call.m4a'], cases: 70 },
  { name: 'aac', family: 'aac', files: ['excerpt.aac'], cases: 90 },
  { name: 'mp3', family: 'mp3', files: ['excerpt-id3.mp3'], cases: 90 },
  { name: 'amr-pair', family: 'amr', files: ['excerpt-agent.amr', 'excerpt-customer.amr'], cases: 90 },
];

/** Tiny chunks on a big file only repeat themselves: at most this many chunks per file. */
const MAX_CHUNKS = 2048;
/** A mutated file may decode longer than the original (a copied range, a halved sample size), not unboundedly. */
const MAX_LENGTH_FACTOR = 16;

const FIXTURES = new URL('../../fixtures/codecs/', import.meta.url);

/** How one case went. `problems` is empty when it passed. */
export interface CaseReport {
  key: string;
  steps: string[];
  chunkBytes: number;
  sizeBytes: number;
  outcome: 'read' | 'refused';
  /** The refusal's message, or the warnings of a call that read. */
  message: string;
  frames: number;
  problems: string[];
  ms: number;
}

interface Prepared {
  format: FuzzFormat;
  index: number;
  inputs: ByteInput[];
  names: string[];
  steps: string[];
  chunkBytes: number;
  sizeBytes: number;
}

const fixtureCache = new Map<string, Uint8Array>();

function fixture(format: FuzzFormat, file: string): Uint8Array {
  let bytes = fixtureCache.get(file);
  if (bytes === undefined) {
    bytes = new Uint8Array(readFileSync(new URL(file, FIXTURES)));
    fixtureCache.set(file, bytes);
  }
  return format.headBytes === undefined ? bytes : bytes.subarray(0, format.headBytes);
}

/** The other formats' files, to splice their headers into this one's. */
function donors(format: FuzzFormat): Donor[] {
  return FUZZ_FORMATS.filter((other) => other.family !== format.family).map((other) => ({
    name: other.files[0],
    bytes: fixture(other, other.files[0]),
  }));
}

export function formatNamed(name: string): FuzzFormat {
  const format = FUZZ_FORMATS.find((f) => f.name === name);
  if (format === undefined) throw new Error(`no fuzz format ${name}`);
  return format;
}

/** The inputs of case `index` (of a pair, one side mutated and the other as it is). */
export function prepare(seed: number, format: FuzzFormat, index: number): Prepared {
  const random = mulberry32(caseSeed(seed, format.name, index));
  const mutatedSide = format.files.length === 2 && random() < 0.5 ? 1 : 0;
  const steps: string[] = [];
  let chunkBytes = 0;
  let sizeBytes = 0;
  const names: string[] = [];
  const inputs = format.files.map((file, side) => {
    const original = fixture(format, file);
    const name = `fuzz-${format.name}-${index}-${file}`;
    names.push(name);
    if (side !== mutatedSide) return bytesInput(name, original);
    const mutated = mutate(
      random,
      { family: format.family, donors: donors(format) },
      original,
      index,
      MAX_CHUNKS,
    );
    if (format.files.length === 2) steps.push(`${file}:`);
    steps.push(...mutated.steps);
    chunkBytes = mutated.chunkBytes;
    sizeBytes = mutated.bytes.length;
    return bytesInput(name, mutated.bytes, mutated.chunkBytes);
  });
  return { format, index, inputs, names, steps, chunkBytes, sizeBytes };
}

interface Read {
  outcome: CaseReport['outcome'];
  message: string;
  frames: number;
  seconds: number;
  /** Sum of the samples' magnitudes: a fingerprint of what was read. */
  sum: number;
  problems: string[];
}

/** Opens the call and reads all of it; the problems found, and a fingerprint of what was read. */
async function readCall(prepared: Prepared, maxSeconds = Infinity): Promise<Read> {
  const { inputs, names } = prepared;
  const problems: string[] = [];
  let frames = 0;
  let sum = 0;
  let rateHz = 0;
  let warnings: string[] = [];
  try {
    const source =
      inputs.length === 2
        ? await openTwoSources(inputs[0] as ByteInput, inputs[1] as ByteInput)
        : await openStereoSource(inputs[0] as ByteInput, 0);
    rateHz = source.info.sampleRateHz;
    let nonFinite = 0;
    let beyond = 0;
    let peak = 0;
    for await (const block of source.blocks()) {
      if (block.agent.length !== block.customer.length) {
        problems.push(`a block of ${block.agent.length} agent and ${block.customer.length} customer frames`);
      }
      if (block.agent.length === 0) problems.push('an empty block');
      for (const side of [block.agent, block.customer]) {
        for (const x of side) {
          if (!Number.isFinite(x)) nonFinite++;
          else if (Math.abs(x) > 1) {
            beyond++;
            peak = Math.max(peak, Math.abs(x));
          } else sum += Math.abs(x);
        }
      }
      frames += block.agent.length;
    }
    if (nonFinite > 0) problems.push(`${nonFinite} samples are NaN or infinite`);
    if (beyond > 0) problems.push(`${beyond} samples beyond ±1 (peak ${peak.toFixed(3)})`);
    warnings = source.warnings;
  } catch (error) {
    const problems = refusalProblems(error, names);
    return { outcome: 'refused', message: messageOf(error), frames, seconds: 0, sum, problems };
  }
  for (const warning of warnings) problems.push(...lineProblems('a warning', warning));
  const seconds = rateHz > 0 ? frames / rateHz : 0;
  if (seconds > maxSeconds)
    problems.push(`${seconds.toFixed(1)} s of audio from ${prepared.sizeBytes} bytes`);
  return { outcome: 'read', message: warnings.join(' | '), frames, seconds, sum, problems };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What a user would see wrong in a line of ours. */
function lineProblems(what: string, line: string): string[] {
  const problems: string[] = [];
  if (line.includes('\n')) problems.push(`${what} has several lines`);
  if (/\bundefined\b|\[object|\bNaN\b|\bnull\b/.test(line))
    problems.push(`${what} shows a program value: ${line}`);
  if (/\bat \S+ \(|\.(js|ts|mjs):\d+|wasm-function/.test(line)) problems.push(`${what} holds a stack trace`);
  if (line.length > 400) problems.push(`${what} is ${line.length} characters long`);
  return problems;
}

function refusalProblems(error: unknown, names: string[]): string[] {
  if (!(error instanceof AudioInputError)) {
    const kind = error instanceof Error ? error.name : typeof error;
    const stack = error instanceof Error ? (error.stack?.split('\n')[1]?.trim() ?? '') : '';
    return [`threw ${kind} (${messageOf(error).split('\n')[0]}) ${stack}, not an AudioInputError`];
  }
  const problems = lineProblems('the message', error.message);
  if (!names.some((name) => error.message.includes(name))) {
    problems.push(`the message does not name the file: ${error.message}`);
  }
  return problems;
}

/** What the intact fixture reads as, to see that a damaged file left the decoder fit for the next one. */
const clean = new Map<string, Read>();

const cleanRead = (seed: number, format: FuzzFormat): Promise<Read> => readCall(prepare(seed, format, 0));

export async function runCase(seed: number, key: string): Promise<CaseReport> {
  const [name, index] = key.split(':') as [string, string];
  const format = formatNamed(name);
  let before = clean.get(format.name);
  if (before === undefined) clean.set(format.name, (before = await cleanRead(seed, format)));
  const prepared = prepare(seed, format, Number(index));
  const started = performance.now();
  const result = await readCall(prepared, MAX_LENGTH_FACTOR * before.seconds);
  const ms = performance.now() - started;
  if (result.outcome === 'refused' && /cannot be decoded|decoder failed/.test(result.message)) {
    // a decoder that threw (a WebAssembly trap) may leave its shared module broken for the next file
    const after = await cleanRead(seed, format);
    if (after.frames !== before.frames || Math.abs(after.sum - before.sum) > 1e-6 * before.sum) {
      result.problems.push(
        `after it, the intact file reads ${after.frames} frames (sum ${after.sum.toFixed(3)}), ` +
          `not ${before.frames} (sum ${before.sum.toFixed(3)}) ${after.problems.join('; ')}`,
      );
    }
  }
  const { steps, chunkBytes, sizeBytes } = prepared;
  return { key, steps, chunkBytes, sizeBytes, ms, ...result };
}

/** The case's mutation in words, for "start" lines (a hang is named by it). */
export function describeCase(
  seed: number,
  key: string,
): { steps: string[]; chunkBytes: number; sizeBytes: number } {
  const [name, index] = key.split(':') as [string, string];
  const { steps, chunkBytes, sizeBytes } = prepare(seed, formatNamed(name), Number(index));
  return { steps, chunkBytes, sizeBytes };
}
