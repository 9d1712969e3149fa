import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AudioInputError,
  openStereoCall,
  openTwoFiles,
  type CallSource,
} from '../../src/node/audio-source.js';
import { fmtChunk, int16Bytes, pcm16Header, wavFile } from '../helpers/wav-bytes.js';
import { READABLE } from '../../src/source/formats.js';

const dir = mkdtempSync(join(tmpdir(), 'softspoken-audio-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a 16-bit PCM file whose channel c holds the integer samples values[c]. */
function writePcm16(name: string, values: number[][], sampleRateHz = 8000, dataSizeBytes?: number): string {
  const frames = values[0]?.length ?? 0;
  const interleaved = Array.from({ length: frames * values.length }, (_, i) => {
    return values[i % values.length]?.[Math.floor(i / values.length)] ?? 0;
  });
  const fmt = { formatTag: 1, channels: values.length, sampleRateHz, bitsPerSample: 16 };
  const path = join(dir, name);
  const data = int16Bytes(interleaved);
  writeFileSync(path, wavFile(dataSizeBytes === undefined ? { fmt, data } : { fmt, data, dataSizeBytes }));
  return path;
}

async function readAll(source: CallSource): Promise<{ agent: number[]; customer: number[] }> {
  const agent: number[] = [];
  const customer: number[] = [];
  for await (const block of source.blocks()) {
    expect(block.agent.length).toBe(block.customer.length);
    agent.push(...block.agent);
    customer.push(...block.customer);
  }
  return { agent, customer };
}

/** Expects an AudioInputError with exactly this message. */
async function rejectsWith(promise: Promise<unknown>, message: string): Promise<void> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AudioInputError);
  expect((error as Error).message).toBe(message);
}

const ramp = (n: number, scale: number): number[] => Array.from({ length: n }, (_, i) => i * scale);

describe('openStereoCall', () => {
  const stereo = writePcm16('stereo.wav', [ramp(5000, 1), ramp(5000, -2)]);

  it('takes the agent from the chosen channel and the customer from the other', async () => {
    const left = await openStereoCall(stereo, 0);
    expect(left.info).toEqual({
      files: [stereo],
      codecName: 'PCM 16-bit',
      formatTag: 1,
      sampleRateHz: 8000,
      channels: 2,
      bitsPerSample: 16,
    });
    const a = await readAll(left);
    expect(a.agent).toHaveLength(5000);
    expect([a.agent[0], a.agent[4999], a.customer[4999]]).toEqual([0, 4999 / 32768, -9998 / 32768]);
    const b = await readAll(await openStereoCall(stereo, 1));
    expect(b.agent).toEqual(a.customer);
    expect(b.customer).toEqual(a.agent);
    expect(left.warnings).toEqual([]);
  });

  it('prefixes decoder warnings with the file name', async () => {
    const streamed = writePcm16('streamed.wav', [[1], [2]], 8000, 0xffffffff);
    const source = await openStereoCall(streamed, 0);
    await readAll(source);
    expect(source.warnings).toEqual([
      `${streamed}: header gives no data size (streaming writer): analyzed to the end of the file`,
    ]);
  });

  it('rejects mono and multichannel files', async () => {
    const mono = writePcm16('mono.wav', [[1, 2, 3]]);
    await rejectsWith(
      openStereoCall(mono, 0),
      `${mono} is mono: a call needs two channels (agent and customer), or pass --agent and --customer files`,
    );
    const quad = writePcm16('quad.wav', [[1], [2], [3], [4]]);
    await rejectsWith(openStereoCall(quad, 0), `${quad} has 4 channels: expected 2 (agent and customer)`);
  });

  it('reports missing files, directories and files that are not audio', async () => {
    const missing = join(dir, 'missing.wav');
    await rejectsWith(openStereoCall(missing, 0), `cannot read ${missing}: no such file`);
    const folder = join(dir, 'folder.wav');
    mkdirSync(folder);
    await rejectsWith(openStereoCall(folder, 0), `cannot read ${folder}: it is a directory`);
    const text = join(dir, 'notes.wav');
    writeFileSync(text, 'these are call notes, not audio\n');
    await rejectsWith(
      openStereoCall(text, 0),
      `${text}: not an audio file SoftSpoken can read (it is text): it reads ${READABLE}`,
    );
    const empty = join(dir, 'empty.wav');
    writeFileSync(empty, '');
    await rejectsWith(openStereoCall(empty, 0), `${empty}: file is empty`);
    const headerOnly = join(dir, 'header-only.wav');
    writeFileSync(headerOnly, pcm16Header(2, 8000, 0));
    await rejectsWith(openStereoCall(headerOnly, 0), `${headerOnly}: file holds no audio`);
    const adpcm = join(dir, 'adpcm.wav');
    const fmt = fmtChunk({
      formatTag: 0x11,
      channels: 2,
      sampleRateHz: 8000,
      bitsPerSample: 4,
      blockAlign: 512,
    });
    writeFileSync(adpcm, wavFile({ fmt, data: new Uint8Array(512) }));
    await expect(openStereoCall(adpcm, 0)).rejects.toThrow(`${adpcm}: unsupported WAV encoding: IMA ADPCM`);
  });

  it('streams a 10-minute file in blocks with bounded memory', async () => {
    const frames = 10 * 60 * 8000;
    const path = join(dir, 'long.wav');
    const fd = openSync(path, 'w');
    writeSync(fd, pcm16Header(2, 8000, frames));
    const second = Buffer.alloc(8000 * 4);
    for (let start = 0; start < frames; start += 8000) {
      for (let i = 0; i < 8000; i++) {
        const n = start + i;
        second.writeInt16LE((n % 20000) - 10000, i * 4);
        second.writeInt16LE(((n * 7) % 30000) - 15000, i * 4 + 2);
      }
      writeSync(fd, second);
    }
    closeSync(fd);

    const source = await openStereoCall(path, 1);
    // Measure what stays reachable: collect garbage first (gc exposed at run time, as vitest forks run without it).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const memory = (): number => {
      gc();
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.arrayBuffers;
    };
    const baseline = memory();
    let peak = 0;
    let seen = 0;
    let largestBlock = 0;
    const checks = new Map<number, [number, number]>();
    for (const n of [0, 12_345, 2_400_000, frames - 1])
      checks.set(n, [(n % 20000) - 10000, ((n * 7) % 30000) - 15000]);
    for await (const { agent, customer } of source.blocks()) {
      for (const [n, [left, right]] of checks) {
        if (n >= seen && n < seen + agent.length) {
          expect(agent[n - seen]).toBe(right / 32768);
          expect(customer[n - seen]).toBe(left / 32768);
        }
      }
      seen += agent.length;
      largestBlock = Math.max(largestBlock, agent.length);
      if (seen % (100 * 4096) === 0) peak = Math.max(peak, memory() - baseline);
    }
    expect(seen).toBe(frames);
    expect(largestBlock).toBeLessThanOrEqual(4096);
    // Holding the decoded call would take 38 MB of floats (plus 19 MB of file bytes); streaming keeps well
    // under that (a few MB of heap noise, no growth with time).
    expect(peak).toBeLessThan(16 * 1024 * 1024);
    expect(source.warnings).toEqual([]);
  });
});

describe('openTwoFiles', () => {
  it('aligns the two files and pads the shorter one with silence', async () => {
    const agent = writePcm16('agent.wav', [ramp(8000, 1)]);
    const customer = writePcm16('customer.wav', [ramp(4000, -1)]);
    const source = await openTwoFiles(agent, customer);
    expect(source.info).toMatchObject({ files: [agent, customer], sampleRateHz: 8000, channels: 2 });
    const all = await readAll(source);
    expect(all.agent).toEqual(ramp(8000, 1 / 32768));
    expect(all.customer.slice(0, 4000)).toEqual(ramp(4000, -1 / 32768).map((v) => v + 0)); // + 0 turns -0 into 0
    expect(all.customer.slice(4000)).toEqual(new Array(4000).fill(0));
    expect(source.warnings).toEqual([`${customer} is 0.50 s shorter than ${agent}: padded with silence`]);
    const swapped = await openTwoFiles(customer, agent);
    expect((await readAll(swapped)).agent.slice(3999, 4001)).toEqual([-3999 / 32768, 0]);
    expect(swapped.warnings).toEqual([`${customer} is 0.50 s shorter than ${agent}: padded with silence`]);
  });

  it('rejects stereo files and different sample rates', async () => {
    const mono8k = writePcm16('mono8k.wav', [[1, 2]]);
    const mono16k = writePcm16('mono16k.wav', [[1, 2]], 16000);
    const stereo = writePcm16('two.wav', [[1], [2]]);
    await rejectsWith(
      openTwoFiles(mono8k, stereo),
      `${stereo} has 2 channels: each of --agent/--customer must be a mono file`,
    );
    await rejectsWith(
      openTwoFiles(mono8k, mono16k),
      `${mono8k} is 8000 Hz but ${mono16k} is 16000 Hz: both files need the same sample rate`,
    );
    await rejectsWith(
      openTwoFiles(mono8k, join(dir, 'nope.wav')),
      `cannot read ${join(dir, 'nope.wav')}: no such file`,
    );
  });
});
