import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mulawToLinear16 } from '../../dsp/g711.js';
import { decodeWav, encodeWav } from '../../dsp/wav.js';
import { makeVariants, readTruth } from '../../scripts/make-variants.js';
import { encodeMulaw } from '../../scripts/ulaw.js';
import {
  encodeVariant,
  type Labelled,
  lineNoise,
  pickVariants,
  type Truth,
  type Variant,
  VARIANTS,
} from '../../scripts/variants.js';

const RATE = 8000;
const N = 3 * RATE;
const rms = (x: Float32Array): number => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
const db = (ratio: number): number => 20 * Math.log10(ratio);
const peak = (x: Float32Array): number => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** A tone from `fromSec` to `toSec` over faint hiss, so every sample of the channel is known and non-zero. */
function channel(fHz: number, amplitude: number, fromSec: number, toSec: number, seed: number): Float32Array {
  const hiss = lineNoise(N, RATE, -60, seed);
  return hiss.map(
    (h, i) =>
      h +
      (i >= fromSec * RATE && i < toSec * RATE ? amplitude * Math.sin((2 * Math.PI * fHz * i) / RATE) : 0),
  );
}

/** A 3 s call at 8 kHz: the customer (channel 0) talks from 0.5 to 1.5 s, the agent (channel 1) answers at 1.8 s. */
const TRUTH: Truth = {
  schema: 'softspoken.truth/1',
  file: 'tiny.wav',
  durationSec: 3,
  agentChannel: 1,
  format: 'pcm16_8k',
  speech: { agent: [[1.8, 2.8]], customer: [[0.5, 1.5]] },
  events: [
    { type: 'response', start: 1.5, end: 1.8, gapSec: 0.3, afterPeak: false },
    { type: 'raisedVoice', start: 1.8, end: 2.8 },
  ],
};
const CALL: Labelled = {
  audio: { sampleRateHz: RATE, channels: [channel(440, 0.5, 0.5, 1.5, 1), channel(700, 0.3, 1.8, 2.8, 2)] },
  truth: TRUTH,
};
const [CUSTOMER, AGENT] = CALL.audio.channels as [Float32Array, Float32Array];

const variant = (id: string): Variant => VARIANTS.find((v) => v.id === id) as Variant;
const make = (id: string): ReturnType<Variant['make']> => variant(id).make(CALL);
/** Writes and reads back the variant's WAV, as the analysis will. */
const roundTrip = (id: string): ReturnType<typeof decodeWav> => decodeWav(encodeVariant(make(id)));

describe('variants', () => {
  it('are the thirteen of the check, by id', () => {
    expect(VARIANTS.map((v) => v.id)).toEqual([
      'quiet24',
      'quiet12',
      'norm1',
      'agent-12',
      'customer-12',
      'noise7',
      'zeros2',
      'late16ms',
      'rate16k',
      'ulaw',
      'dc600',
      'clip4x',
      'swap',
    ]);
    expect(pickVariants('swap, quiet24').map((v) => v.id)).toEqual(['quiet24', 'swap']);
    expect(() => pickVariants('quiet24,loud')).toThrow(/unknown variant loud \(known: quiet24, /);
  });

  it.each([
    ['quiet24', -24, -24],
    ['quiet12', -12, -12],
    ['agent-12', 0, -12], // the agent is channel 1 here
    ['customer-12', -12, 0],
  ])('%s changes each channel by the right dB', (id, customerDb, agentDb) => {
    const v = make(id);
    const [c, a] = v.audio.channels as [Float32Array, Float32Array];
    expect(db(rms(c) / rms(CUSTOMER))).toBeCloseTo(customerDb, 5);
    expect(db(rms(a) / rms(AGENT))).toBeCloseTo(agentDb, 5);
    if (customerDb === 0) expect(c).toEqual(CUSTOMER);
    if (agentDb === 0) expect(a).toEqual(AGENT);
    expect(v.truth).toEqual(TRUTH);
    // and as written to PCM16
    const [wc, wa] = roundTrip(id).channels as [Float32Array, Float32Array];
    expect(db(rms(wc) / rms(CUSTOMER))).toBeCloseTo(customerDb, 2);
    expect(db(rms(wa) / rms(AGENT))).toBeCloseTo(agentDb, 2);
  });

  it('dc600 adds +600 (16-bit units) to every sample of both channels, the truth unchanged', () => {
    const v = make('dc600');
    v.audio.channels.forEach((c, k) => {
      const original = CALL.audio.channels[k] as Float32Array;
      c.forEach((x, i) => expect(x - (original[i] as number)).toBeCloseTo(600 / 32768, 6));
    });
    expect(v.truth).toEqual(TRUTH);
    // written to PCM16: the mean of the channel moved by 600
    const [wc] = roundTrip('dc600').channels as [Float32Array];
    expect(wc.reduce((sum, x) => sum + x, 0) / wc.length).toBeCloseTo(600 / 32768, 4);
  });

  it('clip4x makes both channels 4x louder and clips them at full scale', () => {
    const [c, a] = make('clip4x').audio.channels as [Float32Array, Float32Array];
    c.forEach((x, i) => expect(x).toBeCloseTo(Math.max(-1, Math.min(1, 4 * (CUSTOMER[i] as number))), 6));
    a.forEach((x, i) => expect(x).toBeCloseTo(Math.max(-1, Math.min(1, 4 * (AGENT[i] as number))), 6));
    // the customer's tone (amplitude 0.5 for 1 s), 4x, is clipped flat: two thirds of its samples at full scale
    expect(c.filter((x) => Math.abs(x) === 1).length / RATE).toBeGreaterThan(0.5);
    expect(make('clip4x').truth).toEqual(TRUTH);
  });

  it('norm1 puts each channel peak at -1 dBFS, and it does not clip when written', () => {
    for (const c of make('norm1').audio.channels) expect(db(peak(c))).toBeCloseTo(-1, 5);
    const written = roundTrip('norm1');
    expect(written.format).toMatchObject({ encoding: 'pcm', bitsPerSample: 16, sampleRateHz: RATE });
    for (const c of written.channels) expect(Math.abs(peak(c) - 10 ** (-1 / 20))).toBeLessThan(1 / 32768);
  });

  it('noise7 puts 7.3 s of faint, independent, repeatable line noise in front and moves the truth', () => {
    const v = make('noise7');
    const front = 7.3 * RATE;
    expect(v.audio.channels.map((c) => c.length)).toEqual([N + front, N + front]);
    const [n0, n1] = v.audio.channels.map((c) => c.subarray(0, front)) as [Float32Array, Float32Array];
    expect(db(rms(n0))).toBeCloseTo(-65, 6);
    expect(db(rms(n1))).toBeCloseTo(-65, 6);
    const correlation = n0.reduce((s, x, i) => s + x * (n1[i] as number), 0) / (rms(n0) * rms(n1) * front);
    expect(Math.abs(correlation)).toBeLessThan(0.05);
    expect(v.audio.channels[0]?.subarray(front)).toEqual(CUSTOMER);
    expect(v.audio.channels[1]?.subarray(front)).toEqual(AGENT);
    expect(make('noise7').audio.channels).toEqual(v.audio.channels);
    expect(v.truth).toEqual({
      ...TRUTH,
      durationSec: 10.3,
      speech: { agent: [[9.1, 10.1]], customer: [[7.8, 8.8]] },
      events: [
        { type: 'response', start: 8.8, end: 9.1, gapSec: 0.3, afterPeak: false },
        { type: 'raisedVoice', start: 9.1, end: 10.1 },
      ],
    });
  });

  it('zeros2 puts 2 s of exact zeros in front and moves the truth', () => {
    const written = roundTrip('zeros2');
    const front = 2 * RATE;
    for (const [k, c] of written.channels.entries()) {
      expect(c.length).toBe(N + front);
      expect(c.subarray(0, front).every((x) => x === 0)).toBe(true);
      const original = CALL.audio.channels[k] as Float32Array;
      const err = c
        .subarray(front)
        .reduce((m, x, i) => Math.max(m, Math.abs(x - (original[i] as number))), 0);
      expect(err).toBeLessThanOrEqual(0.5 / 32768 + 1e-9);
    }
    const truth = make('zeros2').truth;
    expect(truth.durationSec).toBe(5);
    expect(truth.speech).toEqual({ agent: [[3.8, 4.8]], customer: [[2.5, 3.5]] });
    expect(truth.events.map((e) => [e.start, e.end, e['gapSec']])).toEqual([
      [3.5, 3.8, 0.3],
      [3.8, 4.8, undefined],
    ]);
  });

  it('swap swaps the channels and flips agentChannel', () => {
    const v = make('swap');
    expect(v.audio.channels).toEqual([AGENT, CUSTOMER]);
    expect(v.truth).toEqual({ ...TRUTH, agentChannel: 0 });
  });

  it('ulaw is 8 kHz u-law that decodes to within half a u-law step of the input', () => {
    const written = roundTrip('ulaw');
    expect(written.format).toMatchObject({
      formatTag: 7,
      encoding: 'mulaw',
      sampleRateHz: RATE,
      channels: 2,
    });
    expect(make('ulaw').truth).toEqual({ ...TRUTH, format: 'ulaw_8k' });
    for (const [k, c] of written.channels.entries()) {
      const x = CALL.audio.channels[k] as Float32Array;
      expect(c.length).toBe(N);
      // half a step of the segment holding |x|: (|x| * 32768 + 132) / 32 in 16-bit units, plus the rounding
      for (let i = 0; i < N; i++) {
        const bound = ((Math.abs(x[i] as number) * 32768 + 132) / 32 + 0.5) / 32768;
        if (Math.abs((c[i] as number) - (x[i] as number)) > bound) expect.fail(`sample ${i} of channel ${k}`);
      }
    }
  });

  it('the u-law encoder gives every code back from its decoded value', () => {
    const codes = Array.from({ length: 256 }, (_, b) => b).filter((b) => b !== 0x7f); // 0x7f is -0
    const decoded = Float32Array.from(codes, (b) => mulawToLinear16(b) / 32768);
    expect([...encodeMulaw(decoded)]).toEqual(codes);
    expect([...encodeMulaw(Float32Array.of(2, -2, NaN))]).toEqual([0x80, 0x00, 0xff]);
  });

  it('rate16k is PCM16 at 16 kHz, twice as long, with the tones at their level', () => {
    const written = roundTrip('rate16k');
    expect(written.format).toMatchObject({ encoding: 'pcm', bitsPerSample: 16, sampleRateHz: 16000 });
    expect(written.channels.map((c) => c.length)).toEqual([2 * N, 2 * N]);
    const tone = (c: Float32Array, rate: number, from: number, to: number): number =>
      rms(c.subarray(from * rate, to * rate));
    const [c, a] = written.channels as [Float32Array, Float32Array];
    expect(db(tone(c, 16000, 0.6, 1.4) / tone(CUSTOMER, RATE, 0.6, 1.4))).toBeCloseTo(0, 2);
    expect(db(tone(a, 16000, 1.9, 2.7) / tone(AGENT, RATE, 1.9, 2.7))).toBeCloseTo(0, 2);
    expect(make('rate16k').truth).toEqual({ ...TRUTH, format: 'pcm16_16k' });
  });
});

describe('makeVariants', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'variants-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every variant of every call of a labelled folder, as labelled folders', () => {
    const out = path.join(dir, 'out');
    expect(() => makeVariants({ callsDir: dir, outDir: out, variants: VARIANTS })).toThrow(
      /holds no labelled calls/,
    );
    writeFileSync(path.join(dir, 'tiny.wav'), encodeWav(CALL.audio.channels, RATE));
    writeFileSync(path.join(dir, 'tiny.truth.json'), JSON.stringify(TRUTH));
    const { calls: names } = makeVariants({ callsDir: dir, outDir: out, variants: VARIANTS });
    expect(names).toEqual(['tiny']);
    expect(readdirSync(out).sort()).toEqual(VARIANTS.map((v) => v.id).sort());
    for (const v of VARIANTS) {
      const folder = path.join(out, v.id);
      expect(readdirSync(folder).sort()).toEqual(['tiny.truth.json', 'tiny.wav']);
      const wav = decodeWav(readFileSync(path.join(folder, 'tiny.wav')));
      const truth = readTruth(path.join(folder, 'tiny.truth.json'));
      expect(truth).toEqual({ ...make(v.id).truth, file: 'tiny.wav' });
      expect(wav.format.sampleRateHz / 1000).toBe(Number(/_(\d+)k$/.exec(truth.format ?? '')?.[1]));
    }
  });

  it('gives a call whose WAV cannot be read its truth alone, and names it', () => {
    const calls = path.join(dir, 'broken');
    const out = path.join(dir, 'broken-out');
    mkdirSync(calls);
    writeFileSync(path.join(calls, 'bad.wav'), 'not a wav');
    writeFileSync(path.join(calls, 'bad.truth.json'), JSON.stringify(TRUTH));
    const { problems } = makeVariants({ callsDir: calls, outDir: out, variants: [variant('zeros2')] });
    expect(problems).toEqual([expect.stringMatching(/^bad: cannot read .*bad\.wav: not a WAV file/)]);
    expect(readdirSync(path.join(out, 'zeros2'))).toEqual(['bad.truth.json']);
    expect(() => makeVariants({ callsDir: path.join(dir, 'nope'), outDir: out, variants: VARIANTS })).toThrow(
      /no such folder/,
    );
  });
});
