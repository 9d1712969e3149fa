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
  decode: null as null | (() => unknown),
  freeThrows: false,
}));
vi.mock('@audio/decode-amr', () => ({
  decoder: () =>
    Promise.resolve({
      decode: () => fake.decode?.() ?? { channelData: [Float32Array.from(fake.samples)], sampleRate: 8000 },
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
        /^damaged\.ogg: the Ogg Vorbis decoder returned \d+ samples far beyond full scale \(clipped\): the data is damaged there$/,
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
      'damaged.aac: 8 damaged AAC (ADTS) frames could not be decoded and were skipped: times after them may be early',
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
      'agent.amr: the AMR decoder returned 2 samples far beyond full scale (clipped): the data is damaged there',
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
});
