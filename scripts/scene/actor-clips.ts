/**
 * Real actors' speech for the accuracy check: the clips of ../shared/voices/effort/ (RAVDESS: calm, raised
 * and shouted renditions of one sentence per actor, levels as recorded; see that folder's README). They
 * are read where they lie, for evaluation only: nothing of them is copied into the project.
 *
 * Each clip is trimmed to its speech: it starts where its first 50 ms run within TRIM_ONSET_BELOW_PEAK_DB
 * of its loudest 10 ms begins (the breath or lip smack before a sentence is not speech) and ends, as the labelled calls' truth ends an
 * utterance, where its signal falls TRIM_BELOW_PEAK_DB under its loudest 10 ms (the trailing decay of the
 * last word is speech), never into the recording's own noise; and measured: its level (mean power of those frames, dB) and that level against the median of
 * the same actor's calm clips, which is what a clip's effort means here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bytesInput } from '../../src/source/byte-input.js';
import { probeAudio, readPlanar } from '../../src/source/audio-stream.js';
import type { Clip } from './clips.js';

export type Effort = 'calm' | 'raised' | 'loud';

export interface ActorClip extends Clip {
  /** e.g. `a05` (odd numbers men, even women) */
  actor: string;
  effort: Effort;
  /** Mean power of the clip's speech frames, dBFS. */
  levelDb: number;
  /** `levelDb` against the median of the same actor's calm clips, dB. */
  aboveCalmDb: number;
}

/** The shared clips, beside the project (../shared/voices/effort). */
export const SHARED_EFFORT_DIR = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../../../shared/voices/effort',
);

/** 10 ms frames for trimming. */
const TRIM_FRAME_SEC = 0.01;
/** Speech ends where the signal falls this far under the clip's loudest frame... */
const TRIM_BELOW_PEAK_DB = 42;
/** ...and starts at the first frame within this of it, dB. */
const TRIM_ONSET_BELOW_PEAK_DB = 30;
/** ...and this far over the recording's own noise (its 10th-percentile frame), dB. */
const TRIM_ABOVE_NOISE_DB = 20;
/** A word starts a run of at least this many 10 ms frames within TRIM_ONSET_BELOW_PEAK_DB of the loudest. */
const ONSET_RUN_FRAMES = 5;
/** The core of the sentence: frames within this of the loudest one; its end grows outward from it, dB. */
const CORE_BELOW_PEAK_DB = 30;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** Frame energies of a signal, dB. */
function frameDb(x: Float32Array, frame: number): number[] {
  const out: number[] = [];
  for (let i = 0; i + frame <= x.length; i += frame) {
    let e = 0;
    for (let j = i; j < i + frame; j++) e += (x[j] as number) ** 2;
    out.push(10 * Math.log10(e / frame + 1e-20));
  }
  return out;
}

/** The clip cut to its speech (see the header), with its level. */
export function trimToSpeech(x: Float32Array, rateHz: number): { samples: Float32Array; levelDb: number } {
  const frame = Math.round(TRIM_FRAME_SEC * rateHz);
  const db = frameDb(x, frame);
  const peak = Math.max(...db);
  const noise = [...db].sort((a, b) => a - b)[Math.floor(db.length / 10)] as number;
  const bar = Math.max(peak - TRIM_BELOW_PEAK_DB, noise + TRIM_ABOVE_NOISE_DB);
  // the first word: the first run of ONSET_RUN_FRAMES frames within TRIM_ONSET_BELOW_PEAK_DB of the loudest
  // (a lip smack or a breath before the sentence is a frame or two, then quiet)
  const onsetBar = Math.max(peak - TRIM_ONSET_BELOW_PEAK_DB, noise + TRIM_ABOVE_NOISE_DB);
  const first = db.findIndex((_, i) => db.slice(i, i + ONSET_RUN_FRAMES).every((d) => d >= onsetBar));
  let last = db.length - 1 - [...db].reverse().findIndex((d) => d >= peak - CORE_BELOW_PEAK_DB);
  while (last < db.length - 1 && (db[last + 1] as number) >= bar) last++;
  let power = 0;
  let n = 0;
  for (let i = first; i <= last; i++) {
    if ((db[i] as number) < bar) continue;
    power += 10 ** ((db[i] as number) / 10);
    n++;
  }
  return {
    samples: x.slice(first * frame, (last + 1) * frame),
    levelDb: 10 * Math.log10(power / Math.max(1, n)),
  };
}

async function decodeMono(file: string): Promise<{ samples: Float32Array; rateHz: number }> {
  const input = bytesInput(path.basename(file), readFileSync(file));
  const format = await probeAudio(input);
  const parts: Float32Array[] = [];
  for await (const planar of readPlanar(input, format, [])) parts.push(planar[0] as Float32Array);
  const samples = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    samples.set(p, at);
    at += p.length;
  }
  return { samples, rateHz: format.sampleRateHz };
}

const NAME = /^(a\d\d)_(calm|raised|loud)_(\d+)\.flac$/;

/** Every clip of the folder (`aNN_EFFORT_NNN.flac`), trimmed and measured; sorted by id. */
export async function loadActorClips(dir: string = SHARED_EFFORT_DIR): Promise<ActorClip[]> {
  const clips: Omit<ActorClip, 'aboveCalmDb'>[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = NAME.exec(file);
    if (!m) continue;
    const { samples, rateHz } = await decodeMono(path.join(dir, file));
    const trimmed = trimToSpeech(samples, rateHz);
    clips.push({
      id: `${m[1]}-${m[2]}-${Number(m[3])}`,
      samples: trimmed.samples,
      sampleRateHz: rateHz,
      style: m[2] as Effort,
      text: '',
      voice: `ravdess:${m[1]}`,
      actor: m[1] as string,
      effort: m[2] as Effort,
      levelDb: trimmed.levelDb,
    });
  }
  const calmMedian = new Map<string, number>();
  for (const actor of new Set(clips.map((c) => c.actor))) {
    calmMedian.set(
      actor,
      median(clips.filter((c) => c.actor === actor && c.effort === 'calm').map((c) => c.levelDb)),
    );
  }
  return clips.map((c) => ({ ...c, aboveCalmDb: c.levelDb - (calmMedian.get(c.actor) as number) }));
}

/** A copy of a clip scaled by `db`, under a new id. */
export function scaledClip<T extends Clip>(clip: T, db: number, id: string): T {
  const g = 10 ** (db / 20);
  return { ...clip, id, samples: clip.samples.map((x) => x * g) };
}

/** A word's onset: the first 10 ms within this of the clip's loudest, dB. */
const WORD_ONSET_BELOW_PEAK_DB = 20;

/**
 * The clip's first word: `seconds` from its first loud moment (the first 10 ms within
 * WORD_ONSET_BELOW_PEAK_DB of its loudest, less 50 ms), faded in and out over 20 ms, under a new id.
 */
export function wordOf<T extends Clip>(clip: T, seconds: number, id: string): T {
  const frame = Math.round(TRIM_FRAME_SEC * clip.sampleRateHz);
  const db = frameDb(clip.samples, frame);
  const peak = Math.max(...db);
  const onset = Math.max(
    0,
    db.findIndex((d) => d >= peak - WORD_ONSET_BELOW_PEAK_DB) * frame - 0.05 * clip.sampleRateHz,
  );
  const n = Math.min(clip.samples.length - onset, Math.round(seconds * clip.sampleRateHz));
  const samples = clip.samples.slice(onset, onset + n);
  const fade = Math.round(0.02 * clip.sampleRateHz);
  for (let i = 0; i < fade && i < n; i++) {
    samples[i] = (samples[i] as number) * (i / fade);
    samples[n - 1 - i] = (samples[n - 1 - i] as number) * (i / fade);
  }
  return { ...clip, id, samples };
}
