/**
 * The WAV decoder's sample kernels: one channel of interleaved frames, in any of the codings the reader
 * takes, into floats in [-1, 1]. The hot loop of reading a WAV; no allocation.
 */
import { ALAW_TO_FLOAT, MULAW_TO_FLOAT } from './g711.js';
import type { WavFormat } from './wav-header.js';

/** How one sample is coded in the data chunk. */
export type Kernel = 'u8' | 's16' | 's24' | 's32' | 'f32' | 'f64' | 'mulaw' | 'alaw';

/** Float samples that were not in [-1, 1]: beyond it (clipped), or NaN or infinite (read as 0 or ±1). */
export interface OddSamples {
  clipped: number;
  nonFinite: number;
}

export function kernelFor(encoding: WavFormat['encoding'], bits: number): Kernel {
  if (encoding === 'float') return bits === 64 ? 'f64' : 'f32';
  if (encoding !== 'pcm') return encoding;
  return bits === 8 ? 'u8' : bits === 16 ? 's16' : bits === 24 ? 's24' : 's32';
}

const scratch = new DataView(new ArrayBuffer(8));

/**
 * `n` samples of one channel from `src[start]`, one every `stride` bytes, into `out[at..]`. Floats outside
 * [-1, 1] are clipped (NaN read as 0) and counted in `odd`.
 */
export function decodeChannel(
  kernel: Kernel,
  src: Uint8Array,
  start: number,
  stride: number,
  out: Float32Array,
  at: number,
  n: number,
  odd: OddSamples,
): void {
  const end = at + n;
  let p = start;
  let i = at;
  // Typed-array reads are `number | undefined` under noUncheckedIndexedAccess; p stays in range by construction.
  switch (kernel) {
    case 'u8':
      for (; i < end; i++, p += stride) out[i] = ((src[p] as number) - 128) / 128;
      break;
    case 's16':
      for (; i < end; i++, p += stride) {
        out[i] = ((((src[p] as number) | ((src[p + 1] as number) << 8)) << 16) >> 16) / 32768;
      }
      break;
    case 's24':
      for (; i < end; i++, p += stride) {
        const u = (src[p] as number) | ((src[p + 1] as number) << 8) | ((src[p + 2] as number) << 16);
        out[i] = ((u << 8) >> 8) / 8388608;
      }
      break;
    case 's32':
      for (; i < end; i++, p += stride) {
        const lo = (src[p] as number) | ((src[p + 1] as number) << 8) | ((src[p + 2] as number) << 16);
        out[i] = (lo | ((src[p + 3] as number) << 24)) / 2147483648;
      }
      break;
    case 'mulaw':
      for (; i < end; i++, p += stride) out[i] = MULAW_TO_FLOAT[src[p] as number] as number;
      break;
    case 'alaw':
      for (; i < end; i++, p += stride) out[i] = ALAW_TO_FLOAT[src[p] as number] as number;
      break;
    default: {
      // Floats may sit at any byte offset: copy through an aligned scratch view (little-endian, platform-proof).
      const width = kernel === 'f64' ? 8 : 4;
      for (; i < end; i++, p += stride) {
        for (let k = 0; k < width; k++) scratch.setUint8(k, src[p + k] as number);
        let v = width === 4 ? scratch.getFloat32(0, true) : scratch.getFloat64(0, true);
        if (!(v >= -1 && v <= 1)) {
          if (Number.isFinite(v)) odd.clipped++;
          else odd.nonFinite++;
          v = v > 1 ? 1 : v < -1 ? -1 : 0;
        }
        out[i] = v;
      }
    }
  }
}
