/**
 * A small G.711 u-law encoder for the scripts (the project itself only decodes G.711): each sample becomes
 * the u-law byte whose value, decoded by dsp/g711.ts, is nearest, so encoding a decoded u-law signal gives
 * the same bytes back and the error is at most half a u-law step. Also a canonical u-law WAV writer
 * (WAVE_FORMAT_MULAW, format tag 7, 8 bits per sample, with the `fact` chunk non-PCM files carry).
 */
import { mulawToLinear16 } from '../dsp/g711.js';

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

/** A two-or-more-channel u-law WAV: 58-byte header (fmt of 18 bytes, fact), interleaved bytes, pad byte. */
export function encodeMulawWav(channels: readonly Float32Array[], sampleRateHz: number): Uint8Array {
  const frames = channels[0]?.length ?? 0;
  if (channels.length === 0 || channels.some((c) => c.length !== frames)) {
    throw new RangeError('encodeMulawWav: needs at least one channel, all of the same length');
  }
  const count = channels.length;
  const dataBytes = frames * count;
  const pad = dataBytes & 1;
  const out = new Uint8Array(58 + dataBytes + pad);
  const view = new DataView(out.buffer);
  let o = 0;
  const id = (s: string): void => {
    for (const c of s) view.setUint8(o++, c.charCodeAt(0));
  };
  const le = (bytes: 2 | 4, value: number): void => {
    if (bytes === 2) view.setUint16(o, value, true);
    else view.setUint32(o, value, true);
    o += bytes;
  };
  id('RIFF');
  le(4, out.length - 8);
  id('WAVEfmt ');
  le(4, 18);
  le(2, 7); // WAVE_FORMAT_MULAW
  le(2, count);
  le(4, sampleRateHz);
  le(4, sampleRateHz * count);
  le(2, count); // block align: one byte per sample
  le(2, 8);
  le(2, 0); // cbSize
  id('fact');
  le(4, 4);
  le(4, frames);
  id('data');
  le(4, dataBytes);
  channels.forEach((channel, ch) => {
    const bytes = encodeMulaw(channel);
    for (let i = 0; i < frames; i++) out[o + i * count + ch] = bytes[i] as number;
  });
  return out;
}
