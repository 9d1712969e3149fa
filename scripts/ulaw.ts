/**
 * A small G.711 u-law encoder for the scripts (the project itself only decodes G.711): each sample becomes
 * the u-law byte whose value, decoded by dsp/g711.ts, is nearest, so encoding a decoded u-law signal gives
 * the same bytes back and the error is at most half a u-law step. Also a canonical u-law WAV writer
 * (WAVE_FORMAT_MULAW, format tag 7, 8 bits per sample, with the `fact` chunk non-PCM files carry).
 */
import { mulawToLinear16 } from '../dsp/g711.js';
import { encodeWavHeader } from '../dsp/wav-header.js';

let encodeTable: Uint8Array | null = null;

/** For each 16-bit value v (index v + 32768), the u-law byte decoding nearest to v (0xFF for zero). */
function table(): Uint8Array {
  if (encodeTable) return encodeTable;
  // 0x7F decodes to -0: leave it out, so zero encodes as 0xFF as G.711 encoders do.
  const codes = Array.from({ length: 256 }, (_, b) => b).filter((b) => b !== 0x7f);
  const levels = codes.map((b) => ({ b, v: mulawToLinear16(b) })).sort((x, y) => x.v - y.v);
  const out = new Uint8Array(65536);
  let k = 0;
  for (let v = -32768; v <= 32767; v++) {
    // levels are ascending: move on while the next level is strictly nearer (ties go to the lower one)
    while (
      k + 1 < levels.length &&
      Math.abs((levels[k + 1]?.v ?? 0) - v) < Math.abs((levels[k]?.v ?? 0) - v)
    ) {
      k++;
    }
    out[v + 32768] = levels[k]?.b ?? 0xff;
  }
  encodeTable = out;
  return out;
}

/** u-law bytes of samples in [-1, 1] (16-bit scale, as the decoder's tables use); beyond ±1 clips, NaN is 0. */
export function encodeMulaw(samples: Float32Array): Uint8Array {
  const t = table();
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i] as number;
    const v = x >= 1 ? 32767 : x <= -1 ? -32768 : Math.round(x * 32768) || 0;
    out[i] = t[v + 32768] as number;
  }
  return out;
}

/** A u-law WAV of one or more channels (header from dsp's encodeWavHeader), interleaved bytes, pad byte. */
export function encodeMulawWav(channels: readonly Float32Array[], sampleRateHz: number): Uint8Array {
  const frames = channels[0]?.length ?? 0;
  if (channels.length === 0 || channels.some((c) => c.length !== frames)) {
    throw new RangeError('encodeMulawWav: needs at least one channel, all of the same length');
  }
  const count = channels.length;
  const header = encodeWavHeader(frames, count, sampleRateHz, 'mulaw');
  const dataBytes = frames * count;
  const out = new Uint8Array(header.length + dataBytes + (dataBytes & 1));
  out.set(header);
  const o = header.length;
  channels.forEach((channel, ch) => {
    const bytes = encodeMulaw(channel);
    for (let i = 0; i < frames; i++) out[o + i * count + ch] = bytes[i] as number;
  });
  return out;
}
