import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { decodeWav } from '../../../dsp/wav.js';
import { RecordingError, WavRecorder } from '../../../src/node/live/wav-recorder.js';
import { knownBlock, knownSample } from './children/known-signal.js';

/** writeSync passes through until `failAfter` more calls have been made; then it fails as a dying process would. */
const writes = vi.hoisted(() => ({ failAfter: Infinity }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writeSync = (...args: Parameters<typeof fs.writeSync>): number => {
    if (writes.failAfter-- <= 0) throw Object.assign(new Error('i/o error'), { code: 'EIO' });
    return (fs.writeSync as (...a: unknown[]) => number)(...args);
  };
  return { ...fs, default: { ...fs, writeSync }, writeSync };
});
afterEach(() => {
  writes.failAfter = Infinity;
});

const dir = mkdtempSync(join(tmpdir(), 'softspoken-wav-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(dir, `call-${n++}.wav`);

/** Checks that `channels` hold the known signal from frame 0 on; returns the first mismatch or -1. */
function firstMismatch(channels: Float32Array[]): number {
  const [agent, customer] = channels as [Float32Array, Float32Array];
  for (let i = 0; i < agent.length; i++) {
    if (agent[i] !== knownSample(0, i) || customer[i] !== knownSample(1, i)) return i;
  }
  return -1;
}

describe('WavRecorder', () => {
  it('a flushed recording that was never closed decodes to exactly what was written', () => {
    const path = fresh();
    const recorder = new WavRecorder(path, 16000);
    for (let at = 0; at < 8000; at += 500) recorder.write(...knownBlock(at, 500));
    recorder.flush();
    const flushed = decodeWav(readFileSync(path));
    expect(flushed.format).toMatchObject({ channels: 2, sampleRateHz: 16000, codecName: 'PCM 16-bit' });
    expect(flushed.warnings).toEqual([]);
    expect(flushed.channels[0]).toHaveLength(8000);
    expect(firstMismatch(flushed.channels)).toBe(-1);

    // written but not flushed: the file still reads cleanly, as far as the last flush
    recorder.write(...knownBlock(8000, 700));
    const later = decodeWav(readFileSync(path));
    expect([later.channels[0]?.length, later.warnings]).toEqual([8000, []]);

    recorder.close();
    const closed = decodeWav(readFileSync(path));
    expect([closed.channels[0]?.length, closed.warnings]).toEqual([8700, []]);
    expect(firstMismatch(closed.channels)).toBe(-1);
    expect(readFileSync(path).length).toBe(44 + 8700 * 4);
  });

  it('dying between the audio and the header leaves a file that decodes whole, its short header named', () => {
    const path = fresh();
    const recorder = new WavRecorder(path, 16000);
    recorder.write(...knownBlock(0, 8000));
    recorder.flush();
    recorder.write(...knownBlock(8000, 4000));
    writes.failAfter = 1; // the audio is appended, the header's sizes are not rewritten
    expect(() => recorder.flush()).toThrow(`cannot write the recording ${path}: i/o error`);
    expect(readFileSync(path).length).toBe(44 + 12000 * 4);
    // the WAV reader reads on past the header's data size, to the audio appended after the last flush
    const { channels, warnings } = decodeWav(readFileSync(path));
    expect([channels[0]?.length, warnings]).toEqual([
      12000,
      [
        'header says 0.5 s of audio but the file holds 0.8 s (its data size is wrong): read to the end of the file',
      ],
    ]);
    expect(firstMismatch(channels)).toBe(-1);
    // the recording stopped there; the call goes on
    expect(recorder.failure).toBeInstanceOf(RecordingError);
    expect(() => recorder.write(...knownBlock(12000, 100))).not.toThrow();
  });

  it('flushes by itself once 2 s of audio are queued', () => {
    const recorder = new WavRecorder(fresh(), 8000);
    for (let at = 0; at < 15_000; at += 1000) recorder.write(...knownBlock(at, 1000));
    expect(recorder.framesFlushed).toBe(0);
    recorder.write(...knownBlock(15_000, 1000));
    expect(recorder.framesFlushed).toBe(16_000);
    recorder.close();
  });

  it('rejects blocks of different lengths, and writing after close', () => {
    const recorder = new WavRecorder(fresh(), 16000);
    expect(() => recorder.write(new Float32Array(10), new Float32Array(9))).toThrow(RangeError);
    recorder.close();
    expect(() => recorder.write(new Float32Array(1), new Float32Array(1))).toThrow(/after close/);
  });

  it('a folder it cannot create is a RecordingError naming the file', () => {
    const blocker = fresh();
    new WavRecorder(blocker, 16000).close(); // a file where the folder should be
    expect(() => new WavRecorder(join(blocker, 'call.wav'), 16000)).toThrow(RecordingError);
    expect(() => new WavRecorder(join(blocker, 'call.wav'), 16000)).toThrow(
      `cannot write the recording ${join(blocker, 'call.wav')}: `,
    );
  });

  it('a recorder killed mid-write leaves a file that decodes without warnings up to its last flush', async () => {
    const path = fresh();
    const script = fileURLToPath(new URL('./children/wav-writer.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, path], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.on('close', resolve));
    let lastReport = 0;
    let reports = 0;
    for await (const line of createInterface({ input: child.stdout })) {
      lastReport = Number(/^flushed (\d+)$/.exec(line)?.[1]);
      if (++reports === 3) break;
    }
    // it writes all the time: the kill lands mid-write, often between the audio and the header
    child.kill('SIGKILL');
    await exited;
    const { channels, warnings } = decodeWav(readFileSync(path));
    expect(warnings).toEqual([]);
    expect(channels[0]?.length).toBeGreaterThanOrEqual(lastReport);
    expect(channels[0]?.length).toBeGreaterThanOrEqual(3 * 32000); // three flushes of 2 s at 16 kHz
    expect(firstMismatch(channels)).toBe(-1);
  });
});
