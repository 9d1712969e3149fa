/**
 * A WAV header that claims wider samples than its data holds: 16-bit data under a header saying 24-bit,
 * 32-bit or float (a header edited or written by a broken tool, sizes made to agree). Read as the header
 * says, the call would be noise, or each channel half of one party's samples; read as 16-bit, it is the
 * call. Portable: no Node or DOM APIs.
 *
 * The test: sound is smooth from one sample to the next (its lag-1 autocorrelation is high, 0.8 to 0.99
 * for speech at 8 to 48 kHz), noise is not. Genuine 24-bit, 32-bit or float data read as 16-bit words
 * mixes low-order bytes into every channel and comes out as noise (autocorrelation near 0, measured on every
 * dev call padded to 24 and 32 bits); 16-bit data read as 16-bit is smooth, and smoother than read as the
 * header says (which takes every other sample, or noise).
 */
import { decodeChannel, kernelFor, type OddSamples } from './wav-samples.js';
import type { WavFormat } from './wav-header.js';

/** Read as 16-bit, the data's channels are this smooth at least (mean lag-1 autocorrelation) when it is 16-bit. */
const SMOOTH_16_BIT = 0.5;
/** A channel quieter than this (RMS, full scale 1; -60 dBFS) says nothing either way and is left out. */
const QUIET_RMS = 1e-3;
/** Fewer frames than this (0.125 s at 8 kHz) say too little: the header is taken as it is. */
const MIN_FRAMES = 1000;
/** The bytes of data the test reads: the first 4 s of the call as the header describes it. */
export const DEPTH_CHECK_SEC = 4;

/** Whether the test applies: a header claiming samples wider than 16 bits, packed (no padding in a block). */
export function claimsWideSamples(format: WavFormat): boolean {
  const wide =
    (format.encoding === 'pcm' && format.bitsPerSample > 16) ||
    (format.encoding === 'float' && format.bitsPerSample >= 32);
  return wide && format.blockAlignBytes === (format.channels * format.bitsPerSample) / 8;
}

/**
 * Mean over the channels that are not quiet of the lag-1 autocorrelation of `data` read as `channels`
 * channels of `bits`-bit `encoding`; null when every channel is quiet or there are fewer than MIN_FRAMES.
 */
function smoothness(
  data: Uint8Array,
  channels: number,
  bits: number,
  encoding: WavFormat['encoding'],
): number | null {
  const stride = (channels * bits) / 8;
  const frames = Math.floor(data.length / stride);
  if (frames < MIN_FRAMES) return null;
  const samples = new Float32Array(frames);
  const odd: OddSamples = { clipped: 0, nonFinite: 0 };
  let sum = 0;
  let used = 0;
  for (let ch = 0; ch < channels; ch++) {
    decodeChannel(kernelFor(encoding, bits), data, (ch * bits) / 8, stride, samples, 0, frames, odd);
    let mean = 0;
    for (const v of samples) mean += v;
    mean /= frames;
    let energy = 0;
    let lagged = 0;
    for (let i = 0; i < frames; i++) {
      const v = (samples[i] as number) - mean;
      energy += v * v;
      if (i > 0) lagged += v * ((samples[i - 1] as number) - mean);
    }
    if (energy / frames < QUIET_RMS * QUIET_RMS) continue;
    sum += lagged / energy;
    used++;
  }
  return used === 0 ? null : sum / used;
}

/**
 * Whether `data` (the first bytes of the data chunk, whole frames or not) is 16-bit PCM under a header that
 * says `format` (claimsWideSamples): it is smooth read as 16-bit and less smooth read as the header says.
 */
export function holds16BitData(data: Uint8Array, format: WavFormat): boolean {
  if (!claimsWideSamples(format)) return false;
  const as16 = smoothness(data, format.channels, 16, 'pcm');
  if (as16 === null || as16 < SMOOTH_16_BIT) return false;
  const claimed = smoothness(data, format.channels, format.bitsPerSample, format.encoding);
  return claimed === null || claimed < as16;
}
