/**
 * Variants of a labelled call, for the accuracy check (scripts/eval.ts --variants, scripts/make-variants.ts):
 * the same call made quieter, normalised, with one party quieter, with line noise or digital silence in
 * front, at 16 kHz, recoded to u-law, or with its channels swapped; the truth moves with it where times or
 * channels change. The analysis should score (nearly) the same on every variant. Pure functions on
 * in-memory audio (planar float channels in [-1, 1]) and truth (the shared `softspoken.truth/1` format).
 */
import { encodeWav } from '../dsp/wav.js';
import { StreamingResampler } from '../dsp/resample.js';
import { dbToGain, mulberry32 } from './scene/compose.js';
import type { TruthEvent } from './scene/truth.js';
import { encodeMulawWav } from './ulaw.js';

export type Span = [number, number];

/** A truth file (see ../shared/eval/TRUTH.md); fields this module does not know are kept as they are. */
export interface Truth {
  durationSec: number;
  agentChannel: number;
  format?: string;
  speech: { agent: Span[]; customer: Span[] };
  events: TruthEvent[];
  [field: string]: unknown;
}

export interface Audio {
  sampleRateHz: number;
  channels: Float32Array[];
}

/** A call and its truth. */
export interface Labelled {
  audio: Audio;
  truth: Truth;
}

/** A variant of a call, and how its WAV is to be written. */
export interface VariantCall extends Labelled {
  encoding: 'pcm16' | 'mulaw';
}

export interface Variant {
  /** short id, used as the folder name */
  id: string;
  about: string;
  make(call: Labelled): VariantCall;
}

/** Line noise in front of the call (noise7): its length, RMS level (dBFS) and base seed. */
export const NOISE_PREFIX = { seconds: 7.3, rmsDb: -65, seed: 7 };
/** Digital silence in front of the call (zeros2). */
export const ZEROS_PREFIX_SEC = 2;
/** A shift of half a frame (late16ms). */
export const LATE_SEC = 0.016;
/** Where norm1 puts each channel's sample peak, in dBFS. */
export const NORM_PEAK_DB = -1;
/** The DC offset dc600 adds to both channels: +600 in 16-bit units (about -35 dBFS), as a cheap line or headset has. */
export const DC_OFFSET = 600 / 32768;
/** The gain clip4x applies before clipping at full scale: 4x (+12 dB), a call recorded far too loud. */
export const CLIP_GAIN = 4;

/** Every channel times its own gain in dB (`db[k]` for channel k, 0 when missing). */
export function scaleDb(audio: Audio, db: readonly number[]): Audio {
  return {
    sampleRateHz: audio.sampleRateHz,
    channels: audio.channels.map((c, k) => {
      const gain = dbToGain(db[k] ?? 0);
      return gain === 1 ? c.slice() : c.map((x) => x * gain);
    }),
  };
}

/** Largest |sample| of a channel. */
export function peakOf(channel: Float32Array): number {
  let peak = 0;
  for (const x of channel) peak = Math.max(peak, Math.abs(x));
  return peak;
}

/** Each channel scaled on its own so that its sample peak is at `peakDb` dBFS (silent channels stay as they are). */
export function normalizePeaks(audio: Audio, peakDb: number): Audio {
  const target = dbToGain(peakDb);
  return {
    sampleRateHz: audio.sampleRateHz,
    channels: audio.channels.map((c) => {
      const peak = peakOf(c);
      const gain = peak > 0 ? target / peak : 1;
      // float32 rounding may land a hair above the target: never above it, so the peak cannot clip
      return c.map((x) => Math.max(-target, Math.min(target, x * gain)));
    }),
  };
}

/** Every channel plus a constant `offset` (full scale 1), clipped at full scale as a recorder would. */
export function addOffset(audio: Audio, offset: number): Audio {
  return {
    sampleRateHz: audio.sampleRateHz,
    channels: audio.channels.map((c) => c.map((x) => Math.max(-1, Math.min(1, x + offset)))),
  };
}

/** Every channel times `gain`, clipped at full scale (±1) as an overdriven recorder clips it. */
export function clipped(audio: Audio, gain: number): Audio {
  return {
    sampleRateHz: audio.sampleRateHz,
    channels: audio.channels.map((c) => c.map((x) => Math.max(-1, Math.min(1, x * gain)))),
  };
}

/** A 32-bit FNV-1a hash of a string, for per-call seeds. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * `frames` samples of faint line noise: white noise through a pink-ish filter (Paul Kellet's economy
 * filter) and a 100 Hz high-pass, scaled to exactly `rmsDb` dBFS RMS. Deterministic for a given seed.
 */
export function lineNoise(frames: number, sampleRateHz: number, rmsDb: number, seed: number): Float32Array {
  const rng = mulberry32(seed);
  const warmUp = 4096;
  const out = new Float32Array(frames);
  const r = Math.exp((-2 * Math.PI * 100) / sampleRateHz);
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let lastIn = 0;
  let lastOut = 0;
  let energy = 0;
  for (let i = -warmUp; i < frames; i++) {
    const white = 2 * rng() - 1;
    b0 = 0.99765 * b0 + white * 0.099046;
    b1 = 0.963 * b1 + white * 0.2965164;
    b2 = 0.57 * b2 + white * 1.0526913;
    const pink = b0 + b1 + b2 + white * 0.1848;
    lastOut = pink - lastIn + r * lastOut;
    lastIn = pink;
    if (i >= 0) {
      out[i] = lastOut;
      energy += lastOut * lastOut;
    }
  }
  const rms = Math.sqrt(energy / Math.max(1, frames));
  const gain = rms > 0 ? dbToGain(rmsDb) / rms : 0;
  for (let i = 0; i < frames; i++) out[i] = (out[i] as number) * gain;
  return out;
}

/** The audio with `prefix[k]` in front of channel k (all prefixes of the same length). */
export function prepend(audio: Audio, prefix: readonly Float32Array[]): Audio {
  return {
    sampleRateHz: audio.sampleRateHz,
    channels: audio.channels.map((c, k) => {
      const head = prefix[k] ?? new Float32Array(prefix[0]?.length ?? 0);
      const out = new Float32Array(head.length + c.length);
      out.set(head);
      out.set(c, head.length);
      return out;
    }),
  };
}

/** Seconds moved by `shift`, without float noise (to the microsecond). */
const moved = (t: number, shift: number): number => Math.round((t + shift) * 1e6) / 1e6;

/** The truth with every time (speech spans, event start/end, durationSec) moved `shiftSec` later. */
export function shiftTruth(truth: Truth, shiftSec: number): Truth {
  const spans = (s: Span[]): Span[] => s.map(([a, b]) => [moved(a, shiftSec), moved(b, shiftSec)]);
  return {
    ...truth,
    durationSec: moved(truth.durationSec, shiftSec),
    speech: { ...truth.speech, agent: spans(truth.speech.agent), customer: spans(truth.speech.customer) },
    events: truth.events.map((e) => ({ ...e, start: moved(e.start, shiftSec), end: moved(e.end, shiftSec) })),
  };
}

/**
 * `seconds` of line noise (independent per channel, seeded from the call's file name) or of exact zeros
 * in front of the call; the truth moves by the length actually added (a whole number of samples).
 */
export function withPrefix(call: Labelled, seconds: number, fill: 'noise' | 'zeros'): Labelled {
  const { sampleRateHz, channels } = call.audio;
  const frames = Math.round(seconds * sampleRateHz);
  const name = typeof call.truth['file'] === 'string' ? call.truth['file'] : '';
  const prefix = channels.map((_, k) =>
    fill === 'zeros'
      ? new Float32Array(frames)
      : lineNoise(frames, sampleRateHz, NOISE_PREFIX.rmsDb, (hash(name) + NOISE_PREFIX.seed * (k + 1)) >>> 0),
  );
  return { audio: prepend(call.audio, prefix), truth: shiftTruth(call.truth, frames / sampleRateHz) };
}

/** Every channel resampled (band-limited, dsp/resample.ts 'good') to `toHz`: round(n * toHz / fromHz) frames. */
export function resampleAudio(audio: Audio, toHz: number): Audio {
  if (audio.sampleRateHz === toHz)
    return { sampleRateHz: toHz, channels: audio.channels.map((c) => c.slice()) };
  const channels = audio.channels.map((c) => {
    const resampler = new StreamingResampler({ fromHz: audio.sampleRateHz, toHz, quality: 'good' });
    const head = resampler.process(c).slice(); // a view into the resampler's buffer, which flush() reuses
    const tail = resampler.flush();
    const out = new Float32Array(head.length + tail.length);
    out.set(head);
    out.set(tail, head.length);
    return out;
  });
  return { sampleRateHz: toHz, channels };
}

function needTwoChannels(call: Labelled, what: string): void {
  const n = call.audio.channels.length;
  if (n !== 2) throw new Error(`${what} needs a two-channel call, this one has ${n} channel(s)`);
  if (call.truth.agentChannel !== 0 && call.truth.agentChannel !== 1) {
    throw new Error(`${what}: the truth's agentChannel must be 0 or 1`);
  }
}

/** The two channels swapped, and the truth's agentChannel with them. */
export function swapChannels(call: Labelled): Labelled {
  needTwoChannels(call, 'swap');
  const [a, b] = call.audio.channels as [Float32Array, Float32Array];
  return {
    audio: { sampleRateHz: call.audio.sampleRateHz, channels: [b.slice(), a.slice()] },
    truth: { ...call.truth, agentChannel: 1 - call.truth.agentChannel },
  };
}

/** One party's channel alone times `db` (the agent's is the truth's agentChannel). */
export function scaleParty(call: Labelled, party: 'agent' | 'customer', db: number): Audio {
  needTwoChannels(call, `${party}${db}`);
  const channel = party === 'agent' ? call.truth.agentChannel : 1 - call.truth.agentChannel;
  return scaleDb(call.audio, channel === 0 ? [db, 0] : [0, db]);
}

/** The variant as it is written: the truth's `format` says the encoding and rate of the new WAV. */
function output(audio: Audio, truth: Truth, encoding: VariantCall['encoding'] = 'pcm16'): VariantCall {
  const format = `${encoding === 'mulaw' ? 'ulaw' : 'pcm16'}_${audio.sampleRateHz / 1000}k`;
  return { audio, truth: { ...truth, format }, encoding };
}

const both = (call: Labelled, db: number): Audio => scaleDb(call.audio, [db, db]);

export const VARIANTS: readonly Variant[] = [
  { id: 'quiet24', about: 'both channels -24 dB', make: (c) => output(both(c, -24), c.truth) },
  { id: 'quiet12', about: 'both channels -12 dB', make: (c) => output(both(c, -12), c.truth) },
  {
    id: 'norm1',
    about: `each channel peak-normalised to ${NORM_PEAK_DB} dBFS`,
    make: (c) => output(normalizePeaks(c.audio, NORM_PEAK_DB), c.truth),
  },
  {
    id: 'agent-12',
    about: 'agent channel -12 dB',
    make: (c) => output(scaleParty(c, 'agent', -12), c.truth),
  },
  {
    id: 'customer-12',
    about: 'customer channel -12 dB',
    make: (c) => output(scaleParty(c, 'customer', -12), c.truth),
  },
  {
    id: 'noise7',
    about: `${NOISE_PREFIX.seconds} s of line noise (${NOISE_PREFIX.rmsDb} dBFS RMS) in front`,
    make: (c) => {
      const v = withPrefix(c, NOISE_PREFIX.seconds, 'noise');
      return output(v.audio, v.truth);
    },
  },
  {
    id: 'zeros2',
    about: `${ZEROS_PREFIX_SEC} s of digital silence in front`,
    make: (c) => {
      const v = withPrefix(c, ZEROS_PREFIX_SEC, 'zeros');
      return output(v.audio, v.truth);
    },
  },
  {
    // frames fall 16 ms later: what the same audio scores when only the 32 ms frame grid moves (the
    // noise of the measure itself; every other variant moves it too)
    id: 'late16ms',
    about: `${LATE_SEC * 1000} ms of digital silence in front`,
    make: (c) => {
      const v = withPrefix(c, LATE_SEC, 'zeros');
      return output(v.audio, v.truth);
    },
  },
  {
    id: 'rate16k',
    about: 'resampled to 16 kHz',
    make: (c) => output(resampleAudio(c.audio, 16000), c.truth),
  },
  { id: 'ulaw', about: '8 kHz u-law', make: (c) => output(resampleAudio(c.audio, 8000), c.truth, 'mulaw') },
  {
    id: 'dc600',
    about: `a DC offset of +${Math.round(DC_OFFSET * 32768)} (16-bit units) on both channels`,
    make: (c) => output(addOffset(c.audio, DC_OFFSET), c.truth),
  },
  {
    id: 'clip4x',
    about: `both channels ${CLIP_GAIN}x louder, clipped at full scale`,
    make: (c) => output(clipped(c.audio, CLIP_GAIN), c.truth),
  },
  {
    id: 'swap',
    about: 'channels swapped',
    make: (c) => {
      const v = swapChannels(c);
      return output(v.audio, v.truth);
    },
  },
];

/** The variants named in a comma-separated list (all of them without one); throws naming an unknown id. */
export function pickVariants(only?: string): Variant[] {
  if (only === undefined) return [...VARIANTS];
  const ids = only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const known = VARIANTS.map((v) => v.id);
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length > 0)
    throw new Error(`unknown variant ${unknown.join(', ')} (known: ${known.join(', ')})`);
  if (ids.length === 0) throw new Error(`no variant named (known: ${known.join(', ')})`);
  return VARIANTS.filter((v) => ids.includes(v.id));
}

/** The WAV bytes of a variant: PCM16 (clipped to full scale) or u-law. */
export function encodeVariant(v: VariantCall): Uint8Array {
  const { channels, sampleRateHz } = v.audio;
  return v.encoding === 'mulaw' ? encodeMulawWav(channels, sampleRateHz) : encodeWav(channels, sampleRateHz);
}
