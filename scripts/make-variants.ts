/**
 * Variants of a labelled folder (NAME.wav + NAME.truth.json, ../shared/eval/TRUTH.md), for checking that
 * the analysis scores the same on quieter, normalised, noisier, resampled, recoded or swapped calls:
 *
 *   npx tsx scripts/make-variants.ts CALLS_DIR OUT_DIR [--only quiet24,zeros2]
 *
 * writes OUT_DIR/VARIANT/NAME.wav and NAME.truth.json for every call and variant (scripts/variants.ts lists
 * them), overwriting what is there. Each variant folder is a labelled folder the shared scorer reads.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { decodeWav } from '../dsp/wav.js';
import {
  encodeVariant,
  type Labelled,
  pickVariants,
  type Span,
  type Truth,
  type Variant,
  type VariantCall,
} from './variants.js';

const TRUTH_SUFFIX = '.truth.json';

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The names of the labelled calls in a folder (NAME.truth.json), sorted; throws when there are none. */
export function listCalls(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`no such folder: ${dir}`);
  const names = readdirSync(dir)
    .filter((f) => f.endsWith(TRUTH_SUFFIX))
    .map((f) => f.slice(0, -TRUTH_SUFFIX.length))
    .sort();
  if (names.length === 0) throw new Error(`${dir} holds no labelled calls (NAME.truth.json + NAME.wav)`);
  return names;
}

const isSpan = (s: unknown): s is Span =>
  Array.isArray(s) && s.length >= 2 && typeof s[0] === 'number' && typeof s[1] === 'number';

/** Reads and checks a truth file; throws one line naming the file and what is wrong. */
export function readTruth(file: string): Truth {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot read the truth file: ${message(error)}`);
  }
  const t = raw as Partial<Truth> | null;
  const bad = (what: string): never => {
    throw new Error(`${file}: not a truth file (${what}; see ../shared/eval/TRUTH.md)`);
  };
  if (typeof t !== 'object' || t === null) return bad('not a JSON object');
  if (t.agentChannel !== 0 && t.agentChannel !== 1) bad('agentChannel must be 0 or 1');
  if (typeof t.durationSec !== 'number') bad('no durationSec');
  for (const party of ['agent', 'customer'] as const) {
    const spans: unknown = t.speech?.[party];
    if (!Array.isArray(spans) || !spans.every(isSpan)) bad(`speech.${party} must be [start, end] pairs`);
  }
  const events: unknown = t.events;
  if (!Array.isArray(events)) return bad('no events list');
  for (const e of events as unknown[]) {
    const ev = e as { type?: unknown; start?: unknown; end?: unknown } | null;
    if (typeof ev?.type !== 'string' || typeof ev.start !== 'number' || typeof ev.end !== 'number') {
      bad('every event needs type, start and end');
    }
  }
  return t as Truth;
}

/** Reads and decodes a call's NAME.wav. */
function readAudio(dir: string, name: string): Labelled['audio'] {
  const wav = path.join(dir, `${name}.wav`);
  if (!existsSync(wav)) throw new Error(`${wav} is missing (every NAME.truth.json needs its NAME.wav)`);
  try {
    const { format, channels } = decodeWav(readFileSync(wav));
    return { sampleRateHz: format.sampleRateHz, channels };
  } catch (error) {
    throw new Error(`cannot read ${wav}: ${message(error)}`);
  }
}

/**
 * Writes every variant of every call in `callsDir` to `outDir/ID/` and returns the calls and the problems,
 * one line each. A call whose WAV cannot be read, or a variant that cannot be made of it, gets its truth
 * (unchanged) but no WAV in that variant folder, so the scorer counts it as all misses. An unreadable
 * truth file throws.
 */
export function makeVariants(options: { callsDir: string; outDir: string; variants: readonly Variant[] }): {
  calls: string[];
  problems: string[];
} {
  const { callsDir, outDir, variants } = options;
  const calls = listCalls(callsDir);
  const problems: string[] = [];
  for (const v of variants) mkdirSync(path.join(outDir, v.id), { recursive: true });
  for (const name of calls) {
    const truth = readTruth(path.join(callsDir, name + TRUTH_SUFFIX));
    let call: Labelled | null = null;
    try {
      call = { audio: readAudio(callsDir, name), truth };
    } catch (error) {
      problems.push(`${name}: ${message(error)}`);
    }
    for (const v of variants) {
      let made: VariantCall | null = null;
      try {
        made = call && v.make(call);
      } catch (error) {
        problems.push(`${name}: variant ${v.id}: ${message(error)}`);
      }
      const wav = path.join(outDir, v.id, `${name}.wav`);
      if (made) writeFileSync(wav, encodeVariant(made));
      else rmSync(wav, { force: true });
      const written = { ...(made?.truth ?? truth), file: `${name}.wav` };
      writeFileSync(path.join(outDir, v.id, name + TRUTH_SUFFIX), JSON.stringify(written, null, 1) + '\n');
    }
  }
  return { calls, problems };
}

/** Truth files in `outDir/ID/` not made from this input: the scorer would read them too. */
export function strayCalls(outDir: string, variants: readonly Variant[], calls: readonly string[]): string[] {
  return variants.flatMap((v) =>
    listCalls(path.join(outDir, v.id))
      .filter((name) => !calls.includes(name))
      .map((name) => `${v.id}/${name}`),
  );
}

/** What the variants are made from: this code, and the input's files (name, size, time). */
function fingerprint(callsDir: string): string {
  const hash = createHash('sha1');
  for (const source of SOURCES) {
    const url = new URL(source, import.meta.url);
    hash.update(existsSync(url) ? readFileSync(url) : source);
  }
  hash.update(realpathSync(callsDir));
  for (const f of readdirSync(callsDir).sort()) {
    if (!f.endsWith('.wav') && !f.endsWith(TRUTH_SUFFIX)) continue;
    const s = statSync(path.join(callsDir, f));
    hash.update(`\n${f} ${s.size} ${s.mtimeMs}`);
  }
  return hash.digest('hex');
}
const SOURCES = [
  './make-variants.ts',
  './variants.ts',
  './ulaw.ts',
  './scene/compose.ts',
  '../dsp/wav.ts',
  '../dsp/wav-header.ts',
  '../dsp/g711.ts',
  '../dsp/resample.ts',
];
const STAMP = '.made.json';

/**
 * The variants of `callsDir` in `cacheDir/ID/` (a folder this script owns: stale variant folders in it are
 * deleted), made again only when the input or the code that makes them changed since (a stamp in each).
 */
export function ensureVariants(
  callsDir: string,
  cacheDir: string,
  variants: readonly Variant[],
): { made: string[]; reused: string[]; problems: string[] } {
  const stamp = fingerprint(callsDir);
  const stampOf = (id: string): string | null => {
    try {
      return (
        (JSON.parse(readFileSync(path.join(cacheDir, id, STAMP), 'utf8')) as { stamp?: string }).stamp ?? null
      );
    } catch {
      return null;
    }
  };
  const stale = variants.filter((v) => stampOf(v.id) !== stamp);
  for (const v of stale) rmSync(path.join(cacheDir, v.id), { recursive: true, force: true });
  const { problems } =
    stale.length > 0 ? makeVariants({ callsDir, outDir: cacheDir, variants: stale }) : { problems: [] };
  for (const v of stale) writeFileSync(path.join(cacheDir, v.id, STAMP), JSON.stringify({ stamp }) + '\n');
  const made = stale.map((v) => v.id);
  return { made, reused: variants.map((v) => v.id).filter((id) => !made.includes(id)), problems };
}

function main(): void {
  const { values, positionals } = parseArgs({
    options: { only: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help || positionals.length !== 2) {
    const ids = pickVariants().map((v) => `  ${v.id.padEnd(12)} ${v.about}`);
    const usage = ['usage: npx tsx scripts/make-variants.ts CALLS_DIR OUT_DIR [--only a,b]', ...ids].join(
      '\n',
    );
    if (values.help) console.log(usage);
    else console.error(usage);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const [callsDir, outDir] = positionals as [string, string];
  const variants = pickVariants(values.only);
  const started = Date.now();
  const { calls, problems } = makeVariants({ callsDir, outDir, variants });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`${outDir}: ${variants.length} variants of ${calls.length} calls in ${seconds} s`);
  const stray = strayCalls(outDir, variants, calls);
  if (stray.length > 0) console.warn(`warning: other calls in the variant folders: ${stray.join(', ')}`);
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) {
    console.error(`make-variants: ${problems.length} problem(s): those variants hold the truth but no WAV`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  try {
    main();
  } catch (error) {
    console.error(`make-variants: ${message(error)}`);
    process.exitCode = 1;
  }
}
