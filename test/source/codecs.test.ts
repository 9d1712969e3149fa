/**
 * Compressed recordings against their WAV originals (test/fixtures/codecs, made by
 * scripts/make-codec-fixtures.sh with ffmpeg and sox): each decodes to the same samples at the same times,
 * with the codec's start padding trimmed, and a call analysed from MP3, M4A or Opus gives the WAV's events.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SileroInfer } from '../../dsp/silero.js';
import { resolveSettings } from '../../src/engine/settings.js';
import { analyzeSource } from '../../src/node/analyze.js';
import { createNodeSileroInfer } from '../../src/node/onnx-vad.js';
import type { Report } from '../../src/report/schema.js';
import { bytesInput, type ByteInput } from '../../src/source/byte-input.js';
import {
  declaredFrames,
  openStereoSource,
  openTwoSources,
  probeAudio,
  type CallSource,
} from '../../src/source/call-source.js';

const FIXTURES = new URL('../fixtures/codecs/', import.meta.url);
const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, FIXTURES)));
const input = (name: string, chunkBytes?: number): ByteInput => bytesInput(name, bytesOf(name), chunkBytes);

async function readAll(source: CallSource): Promise<[Float32Array, Float32Array]> {
  const agent: Float32Array[] = [];
  const customer: Float32Array[] = [];
  for await (const block of source.blocks()) {
    expect(block.agent.length).toBe(block.customer.length);
    agent.push(block.agent);
    customer.push(block.customer);
  }
  const join = (parts: Float32Array[]): Float32Array => {
    const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
    return out;
  };
  return [join(agent), join(customer)];
}

/**
 * The shift (ms) of `decoded` (at `rateHz`) against the 8 kHz original that best lines them up, searched
 * over ±200 ms, and how well they then match (normalised correlation).
 */
function alignment(original: Float32Array, decoded: Float32Array, rateHz: number): { ms: number; r: number } {
  const ratio = rateHz / 8000;
  let best = { ms: Infinity, r: -Infinity };
  for (let lagMs = -200; lagMs <= 200; lagMs += 0.125) {
    const lag = Math.round((lagMs / 1000) * rateHz);
    let cross = 0;
    let oo = 0;
    let dd = 0;
    for (let i = 0; i < original.length; i += 2) {
      const j = Math.round(i * ratio) + lag;
      const d = decoded[j];
      if (d === undefined) continue;
      const o = original[i] as number;
      cross += o * d;
      oo += o * o;
      dd += d * d;
    }
    const r = cross / Math.sqrt(oo * dd || 1);
    if (r > best.r) best = { ms: lagMs, r };
  }
  return best;
}

describe('compressed recordings decode like their WAV original', () => {
  let original: [Float32Array, Float32Array];
  beforeAll(async () => {
    original = await readAll(await openStereoSource(input('excerpt.wav'), 0));
  });

  it('reads FLAC losslessly: the very samples of the WAV', async () => {
    const source = await openStereoSource(input('excerpt.flac', 4096), 0);
    expect(source.info).toMatchObject({ codecName: 'FLAC', sampleRateHz: 8000, channels: 2 });
    const [left, right] = await readAll(source);
    // the FLAC decoder scales 16-bit samples by 1/32767, the WAV reader by 1/32768: the integers are the same
    const ints = (x: Float32Array, scale: number): number[] => Array.from(x, (v) => Math.round(v * scale));
    expect(ints(left, 32767)).toEqual(ints(original[0], 32768));
    expect(ints(right, 32767)).toEqual(ints(original[1], 32768));
  });

  const lossy: [file: string, codec: string, rateHz: number][] = [
    ['excerpt-id3.mp3', 'MP3', 8000],
    ['excerpt.ogg', 'Ogg Vorbis', 8000],
    ['excerpt.webm', 'WebM', 48000],
    ['excerpt-faststart.m4a', 'M4A/AAC', 8000],
    ['excerpt-fragmented.m4a', 'M4A/AAC', 8000],
  ];
  it.each(lossy)('%s: no shift (start padding trimmed), same signal', async (file, codec, rate) => {
    // odd chunk sizes: the decoders must not depend on where the reads fall
    const source = await openStereoSource(input(file, 1000), 0);
    expect(source.info).toMatchObject({ codecName: codec, sampleRateHz: rate });
    const [left, right] = await readAll(source);
    // a fragmented M4A keeps its last frame's padding at the end (72 ms here): harmless silence after the call
    expect(Math.abs(left.length / rate - 3)).toBeLessThan(0.1);
    for (const [decoded, side] of [
      [left, original[0]],
      [right, original[1]],
    ] as const) {
      const { ms, r } = alignment(side, decoded, rate);
      expect(Math.abs(ms), `${file}: shifted by ${ms} ms`).toBeLessThanOrEqual(1);
      expect(r).toBeGreaterThan(0.9);
    }
    expect(source.warnings).toEqual([]);
  });

  it('reads a bare AAC stream (ADTS), saying its timing is approximate', async () => {
    const source = await openStereoSource(input('excerpt.aac'), 0);
    expect(source.info.codecName).toBe('AAC (ADTS)');
    const [left] = await readAll(source);
    const { ms, r } = alignment(original[0], left, source.info.sampleRateHz);
    expect(Math.abs(ms)).toBeLessThanOrEqual(100);
    expect(r).toBeGreaterThan(0.9);
    expect(source.warnings).toEqual([
      'excerpt.aac: a bare AAC stream (ADTS) does not say its encoder delay: times may be up to 0.1 s late',
    ]);
  });

  it('reads a call recorded as two mono AMR files, aligned', async () => {
    const source = await openTwoSources(input('excerpt-agent.amr'), input('excerpt-customer.amr'));
    expect(source.info).toMatchObject({ codecName: 'AMR', sampleRateHz: 8000 });
    const [agent, customer] = await readAll(source);
    // AMR's own algorithmic delay is about 4 ms
    expect(Math.abs(alignment(original[0], agent, 8000).ms)).toBeLessThanOrEqual(5);
    expect(Math.abs(alignment(original[1], customer, 8000).ms)).toBeLessThanOrEqual(5);
  });

  it('reads a call recorded as two mono MP3 files (the decoder returns two channels for each), aligned', async () => {
    // with a 1-byte first read, the frame header is found across reads
    const source = await openTwoSources(input('excerpt-agent.mp3', 1), input('excerpt-customer.mp3', 777));
    expect(source.info).toMatchObject({ codecName: 'MP3', sampleRateHz: 8000, channels: 2 });
    expect(source.formats.map((f) => f.channels)).toEqual([1, 1]);
    const [agent, customer] = await readAll(source);
    for (const [decoded, side] of [
      [agent, original[0]],
      [customer, original[1]],
    ] as const) {
      const { ms, r } = alignment(side, decoded, 8000);
      expect(Math.abs(ms)).toBeLessThanOrEqual(1);
      expect(r).toBeGreaterThan(0.9);
    }
  });

  it('refuses one mono MP3 as the call as mono, not as one signal on two channels', async () => {
    const error = await openStereoSource(input('excerpt-agent.mp3'), 0).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'excerpt-agent.mp3 is mono: a call needs two channels (agent and customer), or open the agent and the customer files together',
    );
  });

  it('streams an M4A whose index comes after the audio: samples flow before the file is read to its end', async () => {
    const bytes = bytesOf('call.m4a');
    let readBytes = 0;
    const counting: ByteInput = {
      name: 'call.m4a',
      sizeBytes: bytes.length,
      async *read(fromByte = 0) {
        for (let at = fromByte; at < bytes.length; at += 8192) {
          readBytes += Math.min(8192, bytes.length - at);
          yield bytes.subarray(at, at + 8192);
        }
      },
    };
    const format = await probeAudio(counting);
    expect(format).toMatchObject({ kind: 'mp4', channels: 2, sampleRateHz: 8000 });
    const source = await openStereoSource(counting, 0);
    const blocks = source.blocks();
    readBytes = 0;
    const first = await blocks.next();
    expect(first.done).toBe(false);
    // the box headers and the index, then the first frames: not the whole file held until its end
    expect(readBytes).toBeLessThan(bytes.length / 2);
    await blocks.return(undefined);
  });
});

describe('the length of a compressed call, for progress', () => {
  it.each(['call.mp3', 'call.m4a', 'call.opus'])(
    '%s: estimated from its size within 5 %% before it is decoded',
    async (name) => {
      const source = await openStereoSource(input(name), 0);
      const seconds = (declaredFrames(source) ?? 0) / source.info.sampleRateHz;
      expect(Math.abs(seconds - 20) / 20).toBeLessThan(0.05);
      expect(source.formats[0]?.declaredFrames).toBeNull(); // an estimate, never taken for a declared size
    },
  );
});

describe('a call analysed from a compressed recording', () => {
  let infer: SileroInfer;
  let wavReport: Report;
  const settings = resolveSettings({});
  const analyze = async (name: string): Promise<Report> => {
    const bytes =
      name === 'e2e-call.wav'
        ? new Uint8Array(readFileSync(new URL('../fixtures/calls/e2e-call.wav', import.meta.url)))
        : bytesOf(name);
    const source = await openStereoSource(bytesInput(name, bytes), 0);
    return analyzeSource(source, { settings, agentChannel: 0, infer });
  };
  beforeAll(async () => {
    infer = await createNodeSileroInfer();
    wavReport = await analyze('e2e-call.wav');
    expect(wavReport.events.length).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it.each(['call.mp3', 'call.m4a', 'call.opus'])(
    '%s gives the events of the WAV, each onset within 50 ms',
    async (name) => {
      const report = await analyze(name);
      expect(report.events.map((e) => e.type)).toEqual(wavReport.events.map((e) => e.type));
      report.events.forEach((event, k) => {
        const onset = wavReport.events[k]?.start ?? NaN;
        expect(Math.abs(event.start - onset), `${name}: ${event.type} at ${event.start}`).toBeLessThanOrEqual(
          0.05,
        );
      });
      expect(Math.abs(report.source.durationSec - wavReport.source.durationSec)).toBeLessThan(0.05);
    },
    60_000,
  );
});
