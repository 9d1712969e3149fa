/** A header claiming wider samples than its 16-bit data: read as the 16-bit call it is; genuine wide data as it is. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeWav } from '../../dsp/wav.js';
import { wavFile } from '../helpers/wav-bytes.js';

const CALL = decodeWav(
  new Uint8Array(readFileSync(new URL('../fixtures/calls/e2e-call.wav', import.meta.url))),
);
const RATE = CALL.format.sampleRateHz;
const [LEFT, RIGHT] = CALL.channels as [Float32Array, Float32Array];
/** The call's interleaved 16-bit frames, as the e2e WAV holds them. */
const PCM16 = new Uint8Array(LEFT.length * 4);
{
  const view = new DataView(PCM16.buffer);
  for (let i = 0; i < LEFT.length; i++) {
    view.setInt16(4 * i, Math.round((LEFT[i] as number) * 32768), true);
    view.setInt16(4 * i + 2, Math.round((RIGHT[i] as number) * 32768), true);
  }
}

/** The call in `bits`-bit samples: each 16-bit sample shifted up, the new low bits `lowBits(i)`. */
function widened(bits: 24 | 32, lowBits: (i: number) => number): Uint8Array {
  const width = bits / 8;
  const out = new Uint8Array(LEFT.length * 2 * width);
  let at = 0;
  for (let i = 0; i < LEFT.length; i++) {
    for (const channel of [LEFT, RIGHT]) {
      const value = Math.round((channel[i] as number) * 32768) * 2 ** (bits - 16) + lowBits(i);
      for (let k = 0; k < width; k++) out[at++] = Math.floor(value / 2 ** (8 * k)) & 0xff;
    }
  }
  return out;
}

/** A channel's samples as bytes, compared whole (a quick toEqual on 160,000 samples). */
const bytesOf = (x: Float32Array | undefined): Buffer => Buffer.from((x ?? new Float32Array(0)).buffer);

const header = (formatTag: number, bits: number) => ({
  formatTag,
  channels: 2,
  sampleRateHz: RATE,
  bitsPerSample: bits,
});

describe('16-bit data under a header claiming wider samples', () => {
  it.each([
    [1, 24, 'PCM 24-bit'],
    [1, 32, 'PCM 32-bit'],
    [3, 32, 'IEEE float 32-bit'],
  ])('format %i, %i-bit: read as 16-bit, the call whole, with a warning', (tag, bits, codec) => {
    const d = decodeWav(wavFile({ fmt: header(tag, bits), data: PCM16 }));
    expect(d.format).toMatchObject({
      codecName: 'PCM 16-bit',
      bitsPerSample: 16,
      blockAlignBytes: 4,
      claimedBitsPerSample: bits,
    });
    expect(d.channels.map((c, k) => Buffer.compare(bytesOf(c), bytesOf([LEFT, RIGHT][k])))).toEqual([0, 0]);
    expect(d.warnings).toEqual([
      `the header says ${codec} samples but the data is PCM 16-bit (the header is damaged): read as 16-bit`,
    ]);
  });

  it('reads genuine 24-bit and 32-bit data as it is, with or without low-order bits', () => {
    let seed = 3;
    const noise = (): number => (seed = (seed * 16807) % 2147483647) % 256;
    for (const bits of [24, 32] as const) {
      for (const low of [() => 0, () => noise()]) {
        const d = decodeWav(wavFile({ fmt: header(1, bits), data: widened(bits, low) }));
        expect(d.format?.bitsPerSample).toBe(bits);
        expect(d.format?.claimedBitsPerSample).toBeUndefined();
        expect(d.warnings).toEqual([]);
        expect(d.channels[1]?.length).toBe(RIGHT.length);
        // the same call, to within the low-order bits
        let worst = 0;
        (d.channels[1] as Float32Array).forEach((v, i) => {
          worst = Math.max(worst, Math.abs(v - (RIGHT[i] as number)));
        });
        expect(worst).toBeLessThan(1 / 32768);
      }
    }
  });
});
