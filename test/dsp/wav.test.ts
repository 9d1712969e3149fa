import { describe, expect, it } from 'vitest';
import { encodeWav, WavFormatError, WavStreamDecoder } from '../../dsp/wav.js';
import {
  ascii,
  chunk,
  concat,
  ds64Chunk,
  fmtChunk,
  fmtExtensibleChunk,
  int16Bytes,
  riffWave,
  subFormatGuid,
  u16le,
  u32le,
  wave64,
  wavFile,
  type FmtFields,
} from '../helpers/wav-bytes.js';

/** Pushes `bytes` in pieces of `pieceBytes` and collects copies of everything the decoder emits. */
function decode(bytes: Uint8Array, pieceBytes = bytes.length || 1, maxBlockFrames?: number) {
  const channels: number[][] = [];
  const blockSizes: number[] = [];
  const decoder = new WavStreamDecoder(
    {
      onFormat: (f) => channels.push(...Array.from({ length: f.channels }, (): number[] => [])),
      onSamples: (planes) => {
        blockSizes.push(planes[0]?.length ?? 0);
        planes.forEach((plane, c) => channels[c]?.push(...plane));
      },
    },
    maxBlockFrames === undefined ? undefined : { maxBlockFrames },
  );
  for (let at = 0; at < bytes.length; at += pieceBytes) decoder.push(bytes.subarray(at, at + pieceBytes));
  const { frames, warnings } = decoder.end();
  return { format: decoder.format, channels, frames, warnings, blockSizes };
}

const mono = (formatTag: number, bitsPerSample: number, sampleRateHz = 8000): FmtFields => ({
  formatTag,
  channels: 1,
  sampleRateHz,
  bitsPerSample,
});
const f32 = (values: number[]): number[] => values.map(Math.fround);
const errorOf = (bytes: Uint8Array): string => {
  try {
    decode(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(WavFormatError);
    return (error as Error).message;
  }
  throw new Error('expected a WavFormatError');
};

describe('WavStreamDecoder sample values', () => {
  it('decodes 8-bit unsigned PCM around 0x80', () => {
    const d = decode(wavFile({ fmt: mono(1, 8), data: [0x80, 0xff, 0x00, 0x01] }));
    expect(d.channels[0]).toEqual(f32([0, 127 / 128, -1, -127 / 128]));
    expect(d.format?.codecName).toBe('PCM 8-bit');
  });

  it('decodes 16-bit signed PCM with full-scale negative at -1', () => {
    const d = decode(wavFile({ fmt: mono(1, 16), data: [0x00, 0x80, 0xff, 0x7f, 0x01, 0x00, 0xff, 0xff] }));
    expect(d.channels[0]).toEqual(f32([-1, 32767 / 32768, 1 / 32768, -1 / 32768]));
  });

  it('decodes 24-bit signed PCM', () => {
    const data = [0x00, 0x00, 0x80, 0xff, 0xff, 0x7f, 0x00, 0x01, 0x00, 0xff, 0xff, 0xff];
    const d = decode(wavFile({ fmt: mono(1, 24), data }));
    expect(d.channels[0]).toEqual(f32([-1, 8388607 / 8388608, 256 / 8388608, -1 / 8388608]));
  });

  it('decodes 32-bit signed PCM', () => {
    const data = [0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0xc0];
    const d = decode(wavFile({ fmt: mono(1, 32), data }));
    expect(d.channels[0]).toEqual(f32([-1, 65536 / 2147483648, -0.5]));
  });

  it('decodes IEEE float 32 and 64-bit, clipping beyond ±1 with a warning', () => {
    // 0.5 = 0x3F000000, -0.25 = 0xBE800000, 2.0 = 0x40000000
    const d32 = decode(wavFile({ fmt: mono(3, 32), data: [0, 0, 0, 0x3f, 0, 0, 0x80, 0xbe, 0, 0, 0, 0x40] }));
    expect(d32.channels[0]).toEqual([0.5, -0.25, 1]);
    expect(d32.format?.codecName).toBe('IEEE float 32-bit');
    expect(d32.warnings).toEqual(['1 float samples beyond ±1 were clipped']);
    // 0.5 = 0x3FE0000000000000, -1 = 0xBFF0000000000000
    const d64 = decode(
      wavFile({ fmt: mono(3, 64), data: [0, 0, 0, 0, 0, 0, 0xe0, 0x3f, 0, 0, 0, 0, 0, 0, 0xf0, 0xbf] }),
    );
    expect(d64.channels[0]).toEqual([0.5, -1]);
    expect(d64.warnings).toEqual([]);
  });

  it('reads NaN as 0 and infinities as ±1, counted apart from samples beyond ±1', () => {
    // NaN = 0x7FC00000, +Inf = 0x7F800000, -Inf = 0xFF800000, 2.0 = 0x40000000, 0.5 = 0x3F000000
    const data = [0, 0, 0xc0, 0x7f, 0, 0, 0x80, 0x7f, 0, 0, 0x80, 0xff, 0, 0, 0, 0x40, 0, 0, 0, 0x3f];
    const d = decode(wavFile({ fmt: mono(3, 32), data }));
    expect(d.channels[0]).toEqual([0, 1, -1, 1, 0.5]);
    expect(d.warnings).toEqual([
      '1 float samples beyond ±1 were clipped',
      '3 float samples were NaN or infinite: read as 0 (NaN) or ±1 (infinity)',
    ]);
  });

  it('refuses float data without one finite sample, at end()', () => {
    const nan = [0, 0, 0xc0, 0x7f];
    const inf = [0, 0, 0, 0, 0, 0, 0xf0, 0x7f]; // +Inf as a 64-bit float
    const stereo = { ...mono(3, 32), channels: 2 };
    for (const bytes of [
      wavFile({ fmt: mono(3, 32), data: Array.from({ length: 5000 }, () => nan).flat() }),
      wavFile({ fmt: mono(3, 64), data: [...inf, ...inf] }),
      wavFile({ fmt: stereo, data: [...nan, ...nan, ...nan, ...nan] }),
    ]) {
      expect(errorOf(bytes)).toBe('every sample is NaN or infinite: the float data is damaged');
    }
    // One finite sample (here 0.0, silence) is enough to read the file.
    const one = decode(wavFile({ fmt: stereo, data: [...nan, ...nan, ...nan, 0, 0, 0, 0] }));
    expect(one.channels).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(one.warnings).toEqual(['3 float samples were NaN or infinite: read as 0 (NaN) or ±1 (infinity)']);
  });

  it('decodes u-law per G.711', () => {
    // 0xFE is the smallest positive step: ~0xFE = 0x01 → segment 0, mantissa 1 → 8 in the 16-bit scale.
    const d = decode(wavFile({ fmt: mono(7, 8), data: [0xff, 0x80, 0x00, 0xfe] }));
    expect(d.channels[0]).toEqual(f32([0, 32124 / 32768, -32124 / 32768, 8 / 32768]));
    expect(d.format).toMatchObject({ encoding: 'mulaw', codecName: 'u-law', formatTag: 7 });
  });

  it('decodes A-law per G.711', () => {
    const d = decode(wavFile({ fmt: mono(6, 8), data: [0xd5, 0x55, 0xaa, 0x2a] }));
    expect(d.channels[0]).toEqual(f32([8 / 32768, -8 / 32768, 32256 / 32768, -32256 / 32768]));
    expect(d.format).toMatchObject({ encoding: 'alaw', codecName: 'A-law', formatTag: 6 });
  });

  it('de-interleaves stereo into planar channels', () => {
    const d = decode(
      wavFile({ fmt: { ...mono(1, 16), channels: 2 }, data: int16Bytes([16384, -16384, 8192, -8192]) }),
    );
    expect(d.channels).toEqual([
      [0.5, 0.25],
      [-0.5, -0.25],
    ]);
    expect(d.format?.blockAlignBytes).toBe(4);
  });
});

describe('WavStreamDecoder chunk walking', () => {
  it('reads WAVE_FORMAT_EXTENSIBLE with the PCM and float SubFormat GUIDs', () => {
    const stereo = { channels: 2, sampleRateHz: 16000, bitsPerSample: 16 };
    const pcm = decode(
      wavFile({ fmt: fmtExtensibleChunk(stereo, subFormatGuid(1)), data: int16Bytes([-32768, 16384]) }),
    );
    expect(pcm.format).toMatchObject({ formatTag: 1, extensible: true, encoding: 'pcm', channels: 2 });
    expect(pcm.channels).toEqual([[-1], [0.5]]);
    const floatFmt = fmtExtensibleChunk({ ...stereo, bitsPerSample: 32 }, subFormatGuid(3));
    const flt = decode(wavFile({ fmt: floatFmt, data: [0, 0, 0x80, 0x3e, 0, 0, 0x80, 0xbf] }));
    expect(flt.format).toMatchObject({ formatTag: 3, extensible: true, codecName: 'IEEE float 32-bit' });
    expect(flt.channels).toEqual([[0.25], [-1]]);
  });

  it('skips odd-sized chunks before and after fmt, honouring the pad byte', () => {
    const bytes = riffWave([
      chunk('LIST', ascii('abc')),
      fmtChunk(mono(1, 16)),
      chunk('junk', [1, 2, 3, 4, 5]),
      chunk('fact', u32le(2)),
      chunk('data', int16Bytes([16384, -8192])),
    ]);
    expect(decode(bytes).channels[0]).toEqual([0.5, -0.25]);
  });

  it('gives the same samples whatever the push size, in blocks of maxBlockFrames', () => {
    const values = Array.from({ length: 2 * 10_001 }, (_, i) => ((i * 7919) % 65536) - 32768);
    const bytes = wavFile({
      fmt: { ...mono(1, 16, 44100), channels: 2 },
      data: int16Bytes(values),
      before: [chunk('LIST', ascii('odd'))],
      after: [chunk('LIST', ascii('INFOtail'))],
    });
    const whole = decode(bytes, bytes.length, 4096);
    expect(whole.frames).toBe(10_001);
    expect(whole.blockSizes).toEqual([4096, 4096, 1809]);
    expect(whole.channels[0]?.[3]).toBe((values[6] ?? NaN) / 32768);
    expect(whole.channels[1]?.[3]).toBe((values[7] ?? NaN) / 32768);
    for (const piece of [1, 3, 7, 1000]) {
      const d = decode(bytes, piece, 4096);
      expect(d.channels).toEqual(whole.channels);
      expect(d.warnings).toEqual([]);
    }
  });

  it('reuses its output arrays between calls', () => {
    const seen: Float32Array[] = [];
    const decoder = new WavStreamDecoder(
      { onFormat: () => undefined, onSamples: (planes) => void seen.push(planes[0] ?? new Float32Array()) },
      { maxBlockFrames: 2 },
    );
    decoder.push(wavFile({ fmt: mono(1, 16), data: int16Bytes([1, 2, 3, 4, 5]) }));
    decoder.end();
    expect(seen).toHaveLength(3);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[2]?.buffer).toBe(seen[0]?.buffer);
  });

  it('reads every frame of a block align with padding, skipping the padding with one warning', () => {
    const frames = 3 * 8000; // 3 s of 2 × 16-bit in 6-byte blocks: samples i and -i, then 2 bytes of padding
    const data = new Uint8Array(frames * 6);
    for (let i = 0; i < frames; i++) data.set([...int16Bytes([i, -i]), 0xaa, 0x55], i * 6);
    const bytes = wavFile({ fmt: { ...mono(1, 16), channels: 2, blockAlign: 6 }, data });
    for (const piece of [7, bytes.length]) {
      const d = decode(bytes, piece, 1000);
      expect(d.frames).toBe(frames);
      expect(d.channels[0]?.[frames - 1]).toBe((frames - 1) / 32768);
      expect(d.channels[1]?.[frames - 1]).toBe(-(frames - 1) / 32768);
      expect(d.format?.blockAlignBytes).toBe(6);
      expect(d.warnings).toEqual(['block align 6 bytes for 4-byte frames: the extra bytes were skipped']);
    }
    const u8 = decode(wavFile({ fmt: { ...mono(1, 8), blockAlign: 2 }, data: [0xc0, 0x00, 0x40, 0xff] }));
    expect(u8.channels[0]).toEqual([0.5, -0.5]);
    expect(u8.warnings).toEqual(['block align 2 bytes for 1-byte frames: the extra bytes were skipped']);
  });

  it('refuses a block align that its own byte rate contradicts (a damaged header), not a short garbled call', () => {
    const packed = wavFile({ fmt: { ...mono(1, 16), channels: 2 }, data: int16Bytes([1, 2, 3, 4, 5, 6]) });
    packed.set(u16le(6), 12 + 8 + 12); // fmt body offset 12: block align, byte rate still 8000 × 4
    expect(errorOf(packed)).toBe(
      'invalid WAV header: block align 6 bytes disagrees with the byte rate ' +
        '(32000 bytes/s is 4-byte frames at 8000 Hz): the header is damaged',
    );
  });

  it('treats data size 0 and 0xFFFFFFFF as "to the end of the file", with a warning', () => {
    for (const size of [0, 0xffffffff]) {
      const d = decode(
        wavFile({ fmt: mono(1, 16), data: int16Bytes([16384, 8192]), dataSizeBytes: size }),
        3,
      );
      expect(d.channels[0]).toEqual([0.5, 0.25]);
      expect(d.format?.declaredDataBytes).toBeNull();
      expect(d.warnings).toEqual([
        'header gives no data size (streaming writer): analyzed to the end of the file',
      ]);
    }
  });

  it('warns when the file holds less audio than declared', () => {
    const data = new Uint8Array(7.5 * 8000 * 2);
    const d = decode(wavFile({ fmt: mono(1, 16), data, dataSizeBytes: 12 * 8000 * 2 }), 65536);
    expect(d.frames).toBe(60000);
    expect(d.warnings).toEqual([
      'header says 12.0 s of audio but the file holds 7.5 s (cut short?): analyzed what is there',
    ]);
  });

  it('reads on to the end when more audio follows the declared data (a data size that is short), with a warning', () => {
    // 20 s of a ramp whose data chunk declares 10 s: the second 10 s are not a chunk
    const frames = 20 * 8000;
    const values = Array.from({ length: frames }, (_, i) => (i % 2000) - 1000);
    const bytes = wavFile({ fmt: mono(1, 16), data: int16Bytes(values), dataSizeBytes: 10 * 8000 * 2 });
    for (const piece of [3, 65536]) {
      const d = decode(bytes, piece);
      expect(d.frames).toBe(frames);
      expect(d.channels[0]?.slice(-3)).toEqual(values.slice(-3).map((v) => v / 32768));
      expect(d.warnings).toEqual([
        'header says 10.0 s of audio but the file holds 20.0 s (its data size is wrong): read to the end of the file',
      ]);
    }
    // an odd declared size: its "pad byte" is audio too
    const odd = decode(
      wavFile({ fmt: mono(1, 8), data: new Uint8Array(8000).fill(0xc0), dataSizeBytes: 999 }),
    );
    expect(odd.frames).toBe(8000);
    expect(odd.channels[0]?.every((v) => v === 0.5)).toBe(true);
  });

  it('says what was not read when a chunk after the audio claims more than the file holds', () => {
    const d = decode(
      wavFile({ fmt: mono(1, 16), data: int16Bytes([1, 2]), after: [chunk('LIST', ascii('INFOxx'), 5000)] }),
    );
    expect(d.frames).toBe(2);
    expect(d.warnings).toEqual([
      'after 0.0 s of audio, the LIST chunk claims 5000 bytes but only 6 remain: the last 14 bytes of the file were not read',
    ]);
  });

  it('reads the chunk after odd-sized data whose writer left out the pad byte', () => {
    const noPad = concat(
      riffWave([fmtChunk(mono(1, 8))]),
      ascii('data'),
      u32le(3),
      [0xc0, 0x40, 0x80],
      chunk('LIST', ascii('INFO')),
    );
    const d = decode(noPad);
    expect(d.channels[0]).toEqual([0.5, -0.5, 0]);
    expect(d.warnings).toEqual([]);
  });

  it('decodes only the declared bytes when other chunks follow data', () => {
    const d = decode(
      wavFile({ fmt: mono(1, 16), data: int16Bytes([16384]), after: [chunk('LIST', ascii('INFOxx'))] }),
    );
    expect(d.channels[0]).toEqual([0.5]);
  });

  it('reads later data chunks as continued audio, in order, with a warning', () => {
    // 8-bit mono: the first chunk is odd-sized, so its pad byte must not be read as audio or as a chunk id.
    const bytes = riffWave([
      fmtChunk(mono(1, 8)),
      chunk('data', [0xc0, 0x40, 0x80]),
      chunk('LIST', ascii('INFO')),
      chunk('data', [0xa0]),
      chunk('data', []),
      chunk('data', [0x60, 0xe0]),
      chunk('JUNK', [0, 0, 0, 0]),
    ]);
    for (const piece of [1, 3, bytes.length]) {
      const d = decode(bytes, piece);
      expect(d.channels[0]).toEqual([0.5, -0.5, 0, 0.25, -0.25, 0.75]);
      expect(d.format?.declaredDataBytes).toBe(3);
      expect(d.warnings).toEqual(['the file has 4 data chunks: read them in order']);
    }
  });

  it('counts every data chunk when one after the first is cut short', () => {
    const second = concat(ascii('data'), u32le(8000 * 2), int16Bytes([3, 4]));
    const d = decode(concat(wavFile({ fmt: mono(1, 16), data: int16Bytes([1, 2]) }), second));
    expect(d.frames).toBe(4);
    expect(d.warnings).toEqual([
      'the file has 2 data chunks: read them in order',
      'header says 1.0 s of audio but the file holds 0.0 s (cut short?): analyzed what is there',
    ]);
  });

  it('drops a trailing partial frame with a warning', () => {
    const stereo = { ...mono(1, 16), channels: 2 };
    const d = decode(wavFile({ fmt: stereo, data: [...int16Bytes([1, 2, 3, 4]), 0x05, 0x00] }));
    expect(d.frames).toBe(2);
    expect(d.warnings).toEqual(['dropped 2 bytes of a partial frame at the end of the audio']);
  });

  it('round-trips encodeWav (pcm16 and float32)', () => {
    const left = Float32Array.from({ length: 300 }, (_, i) => Math.sin(i / 10));
    const right = Float32Array.from({ length: 300 }, (_, i) => -Math.cos(i / 7) / 2);
    const pcm = encodeWav([left, right], 16000);
    expect(pcm.length).toBe(44 + 300 * 4);
    const dp = decode(pcm, 17);
    expect(dp.format).toMatchObject({ sampleRateHz: 16000, channels: 2, codecName: 'PCM 16-bit' });
    // Within half a 16-bit step, a full one where +1 clamps to 32767.
    const worst = Math.max(...(dp.channels[0] ?? []).map((v, i) => Math.abs(v - (left[i] ?? NaN))));
    expect(worst).toBeLessThanOrEqual(1 / 32768);
    expect(dp.channels[1]?.[0]).toBe(-16384 / 32768);
    const flt = encodeWav([left, right], 16000, 'float32');
    expect(flt.length).toBe(58 + 300 * 8);
    expect(decode(flt, 5).channels).toEqual([Array.from(left), Array.from(right)]);
  });
});

describe('WavStreamDecoder RF64 and BW64', () => {
  const pcm16 = mono(1, 16);
  const audio = int16Bytes([16384, -8192, 4096]);
  const ds64 = (dataSizeBytes: number): Uint8Array =>
    ds64Chunk({ riffSizeBytes: 0, dataSizeBytes, sampleCount: dataSizeBytes / 2 });

  it('reads RF64 and BW64, taking the data size from ds64 where the data chunk says 0xFFFFFFFF', () => {
    for (const id of ['RF64', 'BW64'] as const) {
      // The chunk after data would decode as audio if the ds64 size were not honoured.
      const bytes = wave64(id, [
        ds64(audio.length),
        fmtChunk(pcm16),
        chunk('data', audio, 0xffffffff),
        chunk('LIST', ascii('INFOtail')),
      ]);
      for (const piece of [1, 5, bytes.length]) {
        const d = decode(bytes, piece);
        expect(d.channels[0]).toEqual([0.5, -0.25, 0.125]);
        expect(d.format).toMatchObject({ codecName: 'PCM 16-bit', container: id, declaredDataBytes: 6 });
        expect(d.warnings).toEqual([]);
      }
    }
  });

  it('reads the whole data when a ds64 declares less of it (1000 bytes of 5 s), with a warning', () => {
    const values = Array.from({ length: 5 * 8000 }, (_, i) => (i % 100) * 300);
    const d = decode(
      wave64('RF64', [ds64(1000), fmtChunk(pcm16), chunk('data', int16Bytes(values), 0xffffffff)]),
    );
    expect(d.frames).toBe(values.length);
    expect(d.warnings).toEqual([
      'header says 0.1 s of audio but the file holds 5.0 s (its data size is wrong): read to the end of the file',
    ]);
  });

  it('reads a 64-bit ds64 data size (lo + hi × 2^32) and a ds64 table', () => {
    const dataSizeBytes = 3 * 0x100000000 + 10; // 12 GB and 10 bytes
    const table = [{ id: 'LIST', sizeBytes: 5 * 0x100000000 }];
    const decoder = new WavStreamDecoder({ onFormat: () => undefined, onSamples: () => undefined });
    decoder.push(
      wave64('BW64', [
        ds64Chunk({ riffSizeBytes: dataSizeBytes + 100, dataSizeBytes, sampleCount: 0, table }),
        fmtChunk(pcm16),
        ascii('data'),
        u32le(0xffffffff),
      ]),
    );
    expect(decoder.format).toMatchObject({ container: 'BW64', declaredDataBytes: dataSizeBytes });
  });

  it('uses a real 32-bit data size, and reads to the end without a ds64 size', () => {
    const sized = decode(
      wave64('RF64', [ds64(0), fmtChunk(pcm16), chunk('data', audio), chunk('JUNK', [0, 0])]),
    );
    expect(sized.format?.declaredDataBytes).toBe(6);
    expect(sized.frames).toBe(3);
    for (const before of [[], [ds64(0)]]) {
      const d = decode(wave64('RF64', [...before, fmtChunk(pcm16), chunk('data', audio, 0xffffffff)]), 3);
      expect(d.channels[0]).toEqual([0.5, -0.25, 0.125]);
      expect(d.format?.declaredDataBytes).toBeNull();
      expect(d.warnings).toEqual([
        'header gives no data size (streaming writer): analyzed to the end of the file',
      ]);
    }
  });

  it('keeps skipping a JUNK placeholder in a RIFF file, and marks it RIFF', () => {
    const d = decode(riffWave([chunk('JUNK', new Uint8Array(28)), fmtChunk(pcm16), chunk('data', audio)]));
    expect(d.channels[0]).toEqual([0.5, -0.25, 0.125]);
    expect(d.format?.container).toBe('RIFF');
  });

  it('names a short or cut-short ds64 chunk, for every truncation of the file', () => {
    expect(errorOf(wave64('RF64', [chunk('ds64', new Uint8Array(16)), fmtChunk(pcm16)]))).toBe(
      'truncated header: ds64 chunk is 16 bytes, expected at least 24',
    );
    expect(errorOf(wave64('RF64', [ds64(6).subarray(0, 20)]))).toBe(
      'truncated header: the ds64 chunk is cut short',
    );
    expect(errorOf(concat(ascii('BW6')))).toBe('truncated header: the file ends after 3 bytes');
    const whole = wave64('RF64', [ds64(6), fmtChunk(pcm16), chunk('data', audio, 0xffffffff)]);
    for (let n = 1; n < whole.length; n++) {
      // Every prefix either decodes what is there or fails with a WavFormatError: never another error or a hang.
      try {
        decode(whole.subarray(0, n), 1);
      } catch (error) {
        expect(error).toBeInstanceOf(WavFormatError);
      }
    }
  });

  it('survives an absurd ds64 data size', () => {
    const absurd = chunk('ds64', new Uint8Array(28).fill(0xff));
    const d = decode(wave64('RF64', [absurd, fmtChunk(pcm16), chunk('data', audio, 0xffffffff)]));
    expect(d.frames).toBe(3);
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toMatch(/^header says .* s of audio but the file holds 0\.0 s \(cut short\?\)/);
  });
});

describe('WavStreamDecoder errors', () => {
  const pcm16 = mono(1, 16);
  const someAudio = int16Bytes([1, 2]);
  const withFmt = (fmt: Partial<FmtFields>): Uint8Array =>
    wavFile({ fmt: { ...pcm16, ...fmt }, data: someAudio });

  it('names the problem in one line', () => {
    expect(errorOf(new Uint8Array(0))).toBe('file is empty');
    expect(errorOf(concat(ascii('ID3'), new Uint8Array(100)))).toBe('not a WAV file (no RIFF/WAVE header)');
    expect(errorOf(concat(ascii('RIFF'), u32le(100), ascii('AVI '), new Uint8Array(20)))).toBe(
      'not a WAV file (no RIFF/WAVE header)',
    );
    expect(errorOf(concat(ascii('RIFX'), u32le(100), ascii('WAVE')))).toBe('unsupported: big-endian RIFX');
    expect(errorOf(withFmt({ formatTag: 0x11, bitsPerSample: 4, blockAlign: 256 }))).toBe(
      'unsupported WAV encoding: IMA ADPCM (format tag 0x0011); ' +
        'supported: PCM 8/16/24/32-bit, IEEE float 32/64-bit, u-law, A-law',
    );
    expect(errorOf(withFmt({ formatTag: 0x55 }))).toMatch(
      /^unsupported WAV encoding: MPEG Layer 3 \(format tag 0x0055\)/,
    );
    expect(errorOf(withFmt({ formatTag: 0x1234 }))).toMatch(
      /^unsupported WAV encoding: unknown \(format tag 0x1234\)/,
    );
    expect(errorOf(withFmt({ bitsPerSample: 12, blockAlign: 2 }))).toBe(
      'unsupported bit depth: 12-bit PCM (supported: 8/16/24/32-bit)',
    );
    expect(errorOf(withFmt({ formatTag: 3, bitsPerSample: 16 }))).toMatch(/16-bit IEEE float/);
    expect(errorOf(withFmt({ formatTag: 7, bitsPerSample: 16 }))).toMatch(/16-bit u-law/);
    expect(errorOf(withFmt({ sampleRateHz: 96000 }))).toBe(
      'sample rate 96000 Hz is not supported (8000 to 48000 Hz)',
    );
    expect(errorOf(withFmt({ sampleRateHz: 4000 }))).toMatch(/^sample rate 4000 Hz/);
    expect(errorOf(withFmt({ channels: 0, blockAlign: 2 }))).toBe('WAV header gives 0 channels');
    expect(errorOf(withFmt({ channels: 2, blockAlign: 3 }))).toBe(
      'invalid WAV header: block align 3 bytes is smaller than a 4-byte frame (2 × 16-bit)',
    );
  });

  it('rejects an unknown extensible SubFormat', () => {
    const guid = subFormatGuid(1).map((b, i) => (i === 15 ? b ^ 1 : b));
    const fmt = fmtExtensibleChunk({ channels: 1, sampleRateHz: 8000, bitsPerSample: 16 }, guid);
    expect(errorOf(wavFile({ fmt, data: someAudio }))).toMatch(/unknown WAVE_FORMAT_EXTENSIBLE sub-format/);
  });

  it('reports files without audio and truncated headers', () => {
    expect(errorOf(riffWave([fmtChunk(pcm16)]))).toBe('file holds no audio (no data chunk)');
    expect(errorOf(wavFile({ fmt: pcm16, data: [] }))).toBe('file holds no audio');
    expect(errorOf(wavFile({ fmt: pcm16, data: [], dataSizeBytes: 16000 }))).toBe(
      'file holds no audio: the header says 1.0 s, but the file ends where the audio should start (cut short?)',
    );
    expect(errorOf(concat(ascii('RIFF'), [1, 2]))).toBe('truncated header: the file ends after 6 bytes');
    expect(errorOf(riffWave([]))).toBe('truncated header: no fmt chunk');
    expect(errorOf(riffWave([fmtChunk(pcm16).subarray(0, 14)]))).toBe(
      'truncated header: the fmt chunk is cut short',
    );
    expect(errorOf(riffWave([chunk('fmt ', [1, 0, 1, 0])]))).toMatch(
      /^truncated header: fmt chunk is 4 bytes/,
    );
    expect(errorOf(riffWave([chunk('data', someAudio), fmtChunk(pcm16)]))).toMatch(/data chunk comes before/);
  });

  it('names a chunk whose size runs past the end of the file, rather than "no data chunk"', () => {
    const fmt = fmtChunk(pcm16);
    const audio = chunk('data', someAudio); // 12 bytes, hidden inside the LIST chunk's claimed size
    expect(errorOf(riffWave([fmt, chunk('LIST', ascii('INFOabcd'), 1000), audio]))).toBe(
      'the LIST chunk claims 1000 bytes but only 20 remain: bad chunk size (the file is damaged)',
    );
    expect(errorOf(riffWave([chunk('LIST', ascii('INFO'), 0x7fffffff), fmt, audio]))).toBe(
      'the LIST chunk claims 2147483647 bytes but only 40 remain: bad chunk size (the file is damaged)',
    );
    expect(errorOf(riffWave([chunk('fmt ', [...fmt.subarray(8), ...new Uint8Array(30)], 1000), audio]))).toBe(
      'the fmt chunk claims 1000 bytes but only 58 remain: bad chunk size (the file is damaged)',
    );
    expect(errorOf(riffWave([fmt, concat([0, 1, 0xff, 3], u32le(500), [1, 2])]))).toBe(
      'the chunk with id 0x0001FF03 claims 500 bytes but only 2 remain: bad chunk size (the file is damaged)',
    );
    // A chunk that ends with the file (only its pad byte missing) is whole: the file just has no data chunk.
    expect(errorOf(riffWave([fmt, concat(ascii('LIST'), u32le(3), ascii('abc'))]))).toBe(
      'file holds no audio (no data chunk)',
    );
  });

  it('keeps failing after an error', () => {
    const decoder = new WavStreamDecoder({ onFormat: () => undefined, onSamples: () => undefined });
    expect(() => decoder.push(concat(ascii('OggS'), new Uint8Array(20)))).toThrow(WavFormatError);
    expect(() => decoder.push(new Uint8Array(1))).toThrow('not a WAV file');
    expect(() => decoder.end()).toThrow('not a WAV file');
  });
});
