/**
 * Damaged compressed files, as the decoder fuzz test (decoder-fuzz.test.ts) found them: what the decoders
 * return or throw on them reaches the user as samples within ±1 and one-line AudioInputErrors.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { bytesInput } from '../../src/source/byte-input.js';
import {
  AudioInputError,
  openStereoSource,
  openTwoSources,
  type CallSource,
} from '../../src/source/call-source.js';
import { fixOggChecksums } from './fuzz/mutate.js';

/** A stand-in for the AMR decoder: what it returns and throws is set by each test. */
const fake = vi.hoisted(() => ({
  samples: [0] as number[],
  decode: null as null | ((data: Uint8Array) => unknown),
  freeThrows: false,
}));
vi.mock('@audio/decode-amr', () => ({
  decoder: () =>
    Promise.resolve({
      decode: (data: Uint8Array) =>
        fake.decode?.(data) ?? { channelData: [Float32Array.from(fake.samples)], sampleRate: 8000 },
      free: () => {
        if (fake.freeThrows) throw new TypeError("Cannot read properties of null (reading 'free')");
      },
    }),
}));

const FIXTURES = new URL('../fixtures/codecs/', import.meta.url);
const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, FIXTURES)));

async function readAll(source: CallSource): Promise<{ frames: number; peak: number; finite: boolean }> {
  let frames = 0;
  let peak = 0;
  let finite = true;
  for await (const block of source.blocks()) {
    frames += block.agent.length;
    for (const side of [block.agent, block.customer]) {
      for (const x of side) {
        finite &&= Number.isFinite(x);
        peak = Math.max(peak, Math.abs(x));
      }
    }
  }
  return { frames, peak, finite };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AudioInputError);
  return (error as Error).message;
}

/** `bytes` with `from..to` copied in at `into`. */
function copyRange(bytes: Uint8Array, from: number, to: number, into: number): Uint8Array {
  const out = new Uint8Array(bytes.length + to - from);
  out.set(bytes.subarray(0, into));
  out.set(bytes.subarray(from, to), into);
  out.set(bytes.subarray(into), into + to - from);
  return out;
}

describe('damaged compressed audio', () => {
  it('a Vorbis stream with a block of pages repeated decodes within ±1, warning of the garbled samples', async () => {
    // the decoder returns samples up to ±1000 where the pages do not follow on
    const damaged = copyRange(bytesOf('excerpt.ogg'), 97, 8152, 5599);
    const source = await openStereoSource(bytesInput('damaged.ogg', damaged), 0);
    const read = await readAll(source);
    expect(read.frames).toBeGreaterThan(0);
    expect(read.finite).toBe(true);
    expect(read.peak).toBeLessThanOrEqual(1);
    expect(source.warnings.filter((w) => /far beyond full scale \(clipped\)/.test(w))).toEqual([
      expect.stringMatching(
        /^damaged\.ogg: the Ogg Vorbis decoder returned \d+ samples far beyond full scale \(clipped\): the data is damaged there \(from near 0:00\.\d\)$/,
      ),
    ]);
  });

  it('the intact files read with no clipping warning', async () => {
    for (const name of ['excerpt.ogg', 'excerpt-id3.mp3', 'excerpt-faststart.m4a']) {
      const source = await openStereoSource(bytesInput(name, bytesOf(name)), 0);
      expect((await readAll(source)).peak).toBeLessThan(1);
      expect(source.warnings).toEqual([]);
    }
  });

  it('a damaged ADTS stream warns of the frames it skipped (not of the one FAAD2 holds back at the start)', async () => {
    const intact = await openStereoSource(bytesInput('intact.aac', bytesOf('excerpt.aac')), 0);
    await readAll(intact);
    expect(intact.warnings.filter((w) => w.includes('damaged'))).toEqual([]);
    const damaged = bytesOf('excerpt.aac');
    for (let at = 2000; at < 20000; at += 997) damaged[at] = (damaged[at] as number) ^ 0x55;
    const source = await openStereoSource(bytesInput('damaged.aac', damaged), 0);
    await readAll(source);
    expect(source.warnings).toContain(
      // FAAD2 counts the frames it skips, not where: the first is placed at the start of the block it came in
      'damaged.aac: 8 damaged AAC (ADTS) frames could not be decoded and were skipped (the first near 0:00.0): times after it may be early',
    );
  });

  it('an Opus header with an impossible channel count is refused without the decoder’s TypeError', async () => {
    const damaged = bytesOf('call.opus').slice(0, 24 * 1024);
    const head = damaged.indexOf(0x4f, 28); // 'OpusHead' follows the first page header
    expect(String.fromCharCode(...damaged.subarray(head, head + 8))).toBe('OpusHead');
    damaged[head + 9] = 13; // channels: 13, with mapping family 0 (mono or stereo only)
    fixOggChecksums(damaged);
    const message = await refusal(openStereoSource(bytesInput('damaged.opus', damaged), 0));
    expect(message).toBe('damaged.opus: the Ogg Opus data is damaged: the decoder failed on it');
  });
});

/** The offset of the first `type` box's body in an MP4 file (after its size and type). */
function boxBody(bytes: Uint8Array, type: string): number {
  const at = Buffer.from(bytes).indexOf(type);
  expect(at).toBeGreaterThan(4);
  return at + 4;
}

/** A big-endian 32-bit field set. */
function setU32(bytes: Uint8Array, at: number, value: number): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(at, value);
  return bytes;
}

describe('a damaged M4A index', () => {
  // a count the decoder would loop over, and allocate for, a few billion times (it ran out of memory)
  it.each([
    ['excerpt-faststart.m4a', 'stts', 4, 'its stts table counts 2147483647 entries in 32 bytes'],
    ['excerpt-faststart.m4a', 'stsz', 8, 'its stsz table counts 2147483647 entries in 120 bytes'],
    ['excerpt-faststart.m4a', 'elst', 4, 'its elst table counts 2147483647 entries in 28 bytes'],
    ['excerpt-fragmented.m4a', 'stco', 4, 'its stco table counts 2147483647 entries in 16 bytes'],
    ['excerpt-fragmented.m4a', 'trun', 4, 'its trun table counts 2147483647 entries in 36 bytes'],
    // the index after the audio, read ahead of it
    ['call.m4a', 'stsc', 4, 'its stsc table counts 2147483647 entries in 28 bytes'],
  ])('%s with a huge %s count is refused at once, naming the table', async (file, type, field, damage) => {
    const bytes = bytesOf(file);
    setU32(bytes, boxBody(bytes, type) + field, 0x7fffffff);
    for (const chunkBytes of [7, 65536]) {
      const started = performance.now();
      const message = await refusal(openStereoSource(bytesInput('damaged.m4a', bytes, chunkBytes), 0));
      expect(message).toBe(`damaged.m4a: the M4A/AAC index is damaged: ${damage}`);
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });

  it.each(['excerpt-faststart.m4a', 'excerpt-fragmented.m4a', 'call.m4a'])(
    '%s reads the same in chunks of any size, its index checked across them',
    async (file) => {
      const bytes = bytesOf(file);
      const sums: number[] = [];
      for (const chunkBytes of [1, 3, 16, 4095, 65536]) {
        const source = await openStereoSource(bytesInput(file, bytes, chunkBytes), 0);
        const read = await readAll(source);
        sums.push(read.frames, read.peak);
      }
      expect(new Set(sums).size).toBe(2);
    },
  );

  it('a constant sample size over more samples than a file can hold is refused', async () => {
    const bytes = bytesOf('excerpt-faststart.m4a');
    const stsz = boxBody(bytes, 'stsz');
    setU32(setU32(bytes, stsz + 4, 1), stsz + 8, 0x7fffffff);
    expect(await refusal(openStereoSource(bytesInput('damaged.m4a', bytes), 0))).toBe(
      'damaged.m4a: the M4A/AAC index is damaged: its stsz table counts 2147483647 samples, more than the file can hold',
    );
    // a stream of unknown size: the count alone is bounded
    setU32(bytes, stsz + 8, 2 ** 23 + 1);
    const unsized = { ...bytesInput('damaged.m4a', bytes), sizeBytes: null };
    expect(await refusal(openStereoSource(unsized, 0))).toBe(
      'damaged.m4a: the M4A/AAC index is damaged: its stsz table counts 8388609 samples, more than SoftSpoken reads (8388608)',
    );
  });

  it('an index box without a size, or larger than any audio index, is refused', async () => {
    const bytes = bytesOf('excerpt-faststart.m4a');
    const moov = boxBody(bytes, 'moov') - 8;
    setU32(bytes, moov, 0);
    expect(await refusal(openStereoSource(bytesInput('damaged.m4a', bytes), 0))).toBe(
      'damaged.m4a: the M4A/AAC index is damaged: its moov box has no size',
    );
    setU32(bytes, moov, 0xfffffff0);
    expect(await refusal(openStereoSource(bytesInput('damaged.m4a', bytes), 0))).toBe(
      'damaged.m4a: the M4A/AAC index is damaged: its moov box claims 4294967280 bytes',
    );
  });
});

describe('what a decoder returns or throws', () => {
  const amrCall = (): Promise<CallSource> =>
    openTwoSources(
      bytesInput('agent.amr', new TextEncoder().encode('#!AMR\n')),
      bytesInput('customer.amr', new TextEncoder().encode('#!AMR\n')),
    );

  it('NaN and infinite samples are read as 0 and ±1, samples beyond ±1 clipped, each kind counted', async () => {
    fake.samples = [NaN, Infinity, -Infinity, 1.5, -1.2, 3, -40, 0.25];
    const source = await amrCall();
    const agent: number[] = [];
    for await (const block of source.blocks()) agent.push(...block.agent);
    expect(agent).toEqual([0, 1, -1, 1, -1, 1, -1, 0.25]);
    expect(source.warnings.filter((w) => w.startsWith('agent.amr'))).toEqual([
      'agent.amr: the AMR decoder returned 3 NaN or infinite samples: read as 0 or ±1',
      'agent.amr: the AMR decoder returned 2 samples far beyond full scale (clipped): the data is damaged there (from near 0:00.0)',
    ]);
  });

  it('a failure of the decoder’s code is not shown; its own message (sync, async or a string) is', async () => {
    fake.samples = [0.5];
    const cases: [() => unknown, string][] = [
      [
        () => {
          throw new TypeError("Cannot read properties of undefined (reading 'samples')");
        },
        'agent.amr: the AMR data is damaged: the decoder failed on it',
      ],
      [
        () => Promise.reject(new RangeError('Array buffer allocation failed')),
        'agent.amr: the AMR data is damaged: the decoder failed on it',
      ],
      [
        () => Promise.reject(new Error('bad frame\nat line 2')),
        'agent.amr: the AMR data cannot be decoded (bad frame)',
      ],
      [
        () => {
          throw 'no sync'; // as some decoders do
        },
        'agent.amr: the AMR data cannot be decoded (no sync)',
      ],
    ];
    for (const [decode, message] of cases) {
      fake.decode = decode;
      fake.freeThrows = true; // a decoder that failed may refuse to be freed too: that is not the user's error
      expect(await refusal(amrCall())).toBe(message);
    }
    fake.decode = null;
    fake.freeThrows = false;
  });

  it('a few seconds that a damaged header turns into another format become silence of the same length', async () => {
    // three pushes (the decoder is given 8 KiB at a time): 1 s, then 0.5 s that claims 16 kHz, then 1 s
    const bytes = new Uint8Array(20 * 1024);
    bytes.set(new TextEncoder().encode('#!AMR\n'));
    const blocks = [
      { channelData: [new Float32Array(8000).fill(0.5)], sampleRate: 8000 },
      { channelData: [new Float32Array(8000).fill(0.9)], sampleRate: 16000 },
      { channelData: [new Float32Array(8000).fill(0.5)], sampleRate: 8000 },
    ];
    // which block by which push: the first 8 KiB (with the magic), the second (8 KiB of zeros), the rest
    fake.decode = (data) => blocks[data[0] === 0x23 ? 0 : data.length === 8192 ? 1 : 2];
    const source = await openTwoSources(bytesInput('agent.amr', bytes), bytesInput('customer.amr', bytes));
    const agent: number[] = [];
    for await (const block of source.blocks()) agent.push(...block.agent);
    expect(agent).toHaveLength(8000 + 4000 + 8000);
    expect(agent.slice(7999, 8001)).toEqual([0.5, 0]);
    expect(agent.slice(11999, 12001)).toEqual([0, 0.5]);
    expect(source.warnings).toContain(
      'agent.amr: 0.5 s of damaged AMR audio changed format part-way: replaced by silence',
    );
    // a long stretch in another format is another recording: refused
    blocks[1] = { channelData: [new Float32Array(16000 * 6)], sampleRate: 16000 };
    const long = await openTwoSources(bytesInput('agent.amr', bytes), bytesInput('customer.amr', bytes));
    const error = await readAll(long).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AudioInputError);
    expect((error as Error).message).toBe(
      'agent.amr: the AMR stream changes format part-way (1 channels at 16000 Hz after 1 at 8000 Hz): ' +
        'SoftSpoken reads one format per file',
    );
    fake.decode = null;
  });
});

describe('audio lost to damage or a cut is said: how much, and from where', () => {
  /** The source's warnings for `bytes`, and the seconds it read. */
  async function read(name: string, bytes: Uint8Array): Promise<{ seconds: number; warnings: string[] }> {
    const source = await openStereoSource(bytesInput(name, bytes), 0);
    const { frames } = await readAll(source);
    return { seconds: frames / source.info.sampleRateHz, warnings: source.warnings };
  }

  it.each([
    ['excerpt.flac', 3.0],
    ['excerpt-id3.mp3', 3.2], // the Xing frame count, the encoder's padding included
    ['excerpt.webm', 3.0],
    ['excerpt-faststart.m4a', 3.0],
  ])(
    '%s cut to half its bytes: the length it declares, less what it holds, is missing at the end',
    async (name, declared) => {
      const whole = bytesOf(name);
      const { seconds, warnings } = await read(`half-${name}`, whole.slice(0, whole.length >> 1));
      expect(seconds).toBeGreaterThan(1);
      expect(seconds).toBeLessThan(2);
      const missing = (declared - Number(seconds.toFixed(1))).toFixed(1);
      expect(warnings).toContain(
        `half-${name}: the file holds ${seconds.toFixed(1)} s of audio but declares ${declared.toFixed(1)} s: ` +
          `${missing} s of the call are missing at the end (cut short?)`,
      );
    },
  );

  it.each(['excerpt.ogg', 'call.opus', 'excerpt.aac'])(
    '%s cut to half its bytes (no length declared): said to end before its stream does',
    async (name) => {
      const whole = bytesOf(name);
      const { seconds, warnings } = await read(`half-${name}`, whole.slice(0, whole.length >> 1));
      expect(warnings).toContain(
        `half-${name}: the file ends before its audio stream does (cut short?): the call stops at ` +
          `0:${seconds.toFixed(1).padStart(4, '0')}; whatever followed is missing`,
      );
    },
  );

  it('an M4A cut before its index (written after the audio) is refused, saying so', async () => {
    const whole = bytesOf('call.m4a');
    const message = await refusal(
      openStereoSource(bytesInput('cut.m4a', whole.slice(0, whole.length >> 1)), 0),
    );
    expect(message).toBe(
      'cut.m4a: the M4A file is cut short: its index (the moov box, written after the audio) is missing, so none of it can be decoded',
    );
  });

  it('a FLAC with 16 bytes flipped: where the decoder gave up, and how much of the call that lost', async () => {
    // the FLAC parser searches up to 512 KiB for a frame that checks out after damage: the rest of this file
    const damaged = bytesOf('excerpt.flac');
    const at = Math.round(damaged.length * 0.3);
    for (let k = at; k < at + 16; k++) damaged[k] = (damaged[k] as number) ^ 0xff;
    const { seconds, warnings } = await read('flipped.flac', damaged);
    expect(seconds).toBeLessThan(1);
    const share = warnings[0]?.match(/\((\d+) % of its bytes, about (\d) s of the call\)/);
    expect(warnings).toEqual([
      `flipped.flac: the FLAC data is damaged at 0:0${seconds.toFixed(1)}: the decoder could not read the rest of the file ` +
        `(${share?.[1]} % of its bytes, about ${share?.[2]} s of the call), so the call ends there`,
    ]);
    expect(Number(share?.[1])).toBeGreaterThan(50);
    // the file declares 3 s: the rest is what the warning says
    expect(Number(share?.[2])).toBe(Math.round(3 - seconds));
  });

  it('intact files say nothing of missing audio', async () => {
    for (const name of [
      'excerpt.flac',
      'excerpt-id3.mp3',
      'excerpt.webm',
      'excerpt.ogg',
      'call.opus',
      'call.m4a',
    ]) {
      const { warnings } = await read(name, bytesOf(name));
      expect(warnings, name).toEqual([]);
    }
  });
});
