import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav } from '../../../dsp/wav.js';
import type { CaptureState } from '../../../src/live/protocol.js';
import { CaptureError, SOX_MISSING } from '../../../src/node/live/capture-error.js';
import { DeviceCapture, testDevice } from '../../../src/node/live/capture.js';
import {
  ensurePulse,
  nullSink,
  playInto,
  PULSE_HELP,
  SETTLE_MS,
  type NullSink,
} from '../../helpers/pulse.js';
import { sine } from '../../helpers/signals.js';

/**
 * Real capture through sox from PulseAudio null sinks: what paplay plays into a sink must come out of
 * its monitor, at the level and frequency played. Sink names carry the process id: other tests and
 * other people's sessions may use the same PulseAudio server.
 */
const RATE_HZ = 16000;
const TONE_HZ = 997;
const TONE_AMPLITUDE = 0.5;
/** RMS of the tone in dB re full scale: 20 log10(0.5 / sqrt 2). */
const TONE_RMS_DB = 20 * Math.log10(TONE_AMPLITUDE / Math.SQRT2);
const TONE_SEC = 3;

const dir = mkdtempSync(join(tmpdir(), 'softspoken-capture-'));
const tonePath = join(dir, 'tone.wav');
const longTonePath = join(dir, 'tone-long.wav');
const sinks: NullSink[] = [];
const captures: DeviceCapture[] = [];
let n = 0;

beforeAll(async () => {
  expect(await ensurePulse(), PULSE_HELP).toBe(true);
  writeFileSync(tonePath, encodeWav([sine(TONE_SEC * RATE_HZ, RATE_HZ, TONE_HZ, TONE_AMPLITUDE)], RATE_HZ));
  writeFileSync(longTonePath, encodeWav([sine(30 * RATE_HZ, RATE_HZ, TONE_HZ, TONE_AMPLITUDE)], RATE_HZ));
});
afterEach(async () => {
  for (const c of captures.splice(0)) await c.stop();
  for (const s of sinks.splice(0)) await s.unload();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sink(): Promise<NullSink> {
  const s = await nullSink(`ss_test_capture_${process.pid}_${n++}`);
  sinks.push(s);
  return s;
}

/** A capture of `device` with everything it reports kept. */
function recorder(device: string) {
  const capture = new DeviceCapture(device, { system: 'pulseaudio' });
  captures.push(capture);
  const got = { blocks: [] as Float32Array[], statuses: [] as [CaptureState, string | null][] };
  capture.on('data', (samples) => got.blocks.push(samples));
  capture.on('status', (state, message) => got.statuses.push([state, message]));
  const samples = (): Float32Array => {
    const out = new Float32Array(got.blocks.reduce((k, b) => k + b.length, 0));
    got.blocks.reduce((at, b) => (out.set(b, at), at + b.length), 0);
    return out;
  };
  return { capture, got, samples };
}

/** Waits until `ok()` holds, polling; fails naming `what` after `timeoutMs` (a bound on waiting, not a speed test). */
async function until(ok: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  for (let waited = 0; !ok(); waited += 50) {
    if (waited >= timeoutMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The stretch of `x` where the tone plays (well above silence), less 0.2 s at each end. */
function toneStretch(x: Float32Array): { stretch: Float32Array; heardSec: number } {
  const loud = (v: number): boolean => Math.abs(v) > TONE_AMPLITUDE / 2;
  const first = x.findIndex(loud);
  let last = x.length - 1;
  while (last > first && !loud(x[last] as number)) last--;
  const trim = 0.2 * RATE_HZ;
  return { stretch: x.subarray(first + trim, last - trim), heardSec: (last - first) / RATE_HZ };
}

const rmsDb = (x: Float32Array): number => 10 * Math.log10(x.reduce((s, v) => s + v * v, 0) / x.length);

/** Frequency from upward zero crossings. */
function zeroCrossingHz(x: Float32Array): number {
  let crossings = 0;
  for (let i = 1; i < x.length; i++) if ((x[i - 1] as number) < 0 && (x[i] as number) >= 0) crossings++;
  return (crossings * RATE_HZ) / x.length;
}

describe('capturing a null sink monitor', () => {
  it('gets the tone paplay plays into the sink: its length, level and frequency, in small blocks', async () => {
    const s = await sink();
    const { capture, got, samples } = recorder(s.monitor);
    await capture.start();
    await until(() => got.statuses.some(([state]) => state === 'running'), "status 'running'");
    await playInto(s.sink, tonePath).finished;
    await until(() => toneStretch(samples()).heardSec > TONE_SEC - 0.1, 'the whole tone');
    await capture.stop();

    expect(got.statuses[0]).toEqual(['starting', null]);
    expect(got.statuses.map(([state]) => state)).not.toContain('retrying');
    const { stretch, heardSec } = toneStretch(samples());
    expect(heardSec).toBeGreaterThan(TONE_SEC - 0.1);
    expect(heardSec).toBeLessThan(TONE_SEC + 0.05);
    expect(rmsDb(stretch)).toBeCloseTo(TONE_RMS_DB, 0); // within 0.5 dB
    expect(zeroCrossingHz(stretch)).toBeGreaterThan(TONE_HZ - 3);
    expect(zeroCrossingHz(stretch)).toBeLessThan(TONE_HZ + 3);
    // sox's stdout is unbuffered (libstdbuf): blocks of ~30 ms, not the 2048 samples of a 4 KiB stdio buffer
    const sizes = got.blocks.map((b) => b.length).sort((a, b) => a - b);
    expect(sizes[sizes.length >> 1]).toBeLessThan(1024);
  });

  it('the device test reports the level of what plays, and its peak', async () => {
    const s = await sink();
    const levels: number[] = [];
    const playback = playInto(s.sink, longTonePath);
    try {
      // let the monitor settle, as a user tests a device that is already playing
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const result = await testDevice(s.monitor, 2, (db) => levels.push(db), { system: 'pulseaudio' });
      expect(result.samples).toBeGreaterThan(0);
      // the sound server's resampler can overshoot the tone's peak by up to about 0.7 dB (seen under load)
      expect(Math.abs(result.peakDb - 20 * Math.log10(TONE_AMPLITUDE))).toBeLessThan(1);
      expect(levels.length).toBeGreaterThan(5);
      expect(levels.filter((db) => Math.abs(db - TONE_RMS_DB) < 1).length).toBeGreaterThan(3);
    } finally {
      playback.process.kill();
      await playback.finished;
    }
  });
});

describe('capture problems', () => {
  it('sox missing: a typed error saying how to install it, status failed', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'softspoken-nosox-'));
    const saved = process.env['PATH'];
    process.env['PATH'] = empty;
    try {
      const { capture, got } = recorder('any-device');
      const error = await capture.start().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CaptureError);
      expect((error as Error).message).toBe(SOX_MISSING);
      expect(SOX_MISSING).toMatch(
        /^sox is not installed: install it \(Debian\/Ubuntu: apt-get install sox; macOS: brew install sox/,
      );
      expect(got.statuses).toEqual([
        ['starting', null],
        ['failed', SOX_MISSING],
      ]);
      await expect(testDevice('any-device', 1, () => undefined)).rejects.toThrow(SOX_MISSING);
    } finally {
      process.env['PATH'] = saved;
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("a device that does not exist: retries, with sox's reason, waiting longer each time", async () => {
    const absent = `ss_test_absent_${process.pid}`;
    const { capture, got } = recorder(absent);
    await capture.start();
    await until(() => got.statuses.filter(([state]) => state === 'retrying').length >= 2, 'two retries');
    await capture.stop();
    const retries = got.statuses.filter(([state]) => state === 'retrying').map(([, message]) => message);
    const reason = `cannot open '${absent}': sox FAIL formats: can't open input \`${absent}'`;
    expect(retries[0]).toMatch(new RegExp(`^${reason}: .+ \\(trying again in 0\\.5 s\\)$`));
    expect(retries[1]).toMatch(new RegExp(`^${reason}: .+ \\(trying again in 1\\.0 s\\)$`));
    expect(got.blocks).toHaveLength(0);
    const error = await testDevice(absent, 1, () => undefined, { system: 'pulseaudio' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CaptureError);
    expect((error as Error).message).toMatch(new RegExp(`^${reason}`));
  });

  it('a device removed mid-capture: retrying with the reason, then capture resumes when it is back', async () => {
    const s = await sink();
    const { capture, got, samples } = recorder(s.monitor);
    await capture.start();
    let playback = playInto(s.sink, longTonePath);
    await until(() => toneStretch(samples()).heardSec > 1, 'a second of tone');
    // stop playing first: PulseAudio would move paplay to the default sink, someone else's perhaps
    playback.process.kill();
    await playback.finished;
    await s.unload();
    const retries = (): (string | null)[] =>
      got.statuses.filter(([state]) => state === 'retrying').map(([, m]) => m);
    await until(() => retries().length >= 2, 'two retries while the device is gone');
    expect(retries()[0]).toBe(
      `capture of '${s.monitor}' stopped: the device was removed (trying again in 0.5 s)`,
    );
    expect(retries()[1]).toMatch(
      new RegExp(
        `^capture of '${s.monitor}' stopped: sox FAIL formats: can't open input .+ \\(trying again in 1\\.0 s\\)$`,
      ),
    );

    const again = await nullSink(s.sink);
    sinks.push(again);
    const before = got.blocks.length;
    playback = playInto(again.sink, longTonePath);
    try {
      await until(() => got.statuses.at(-1)?.[0] === 'running', "status 'running' again");
      const since = (): Float32Array => new Float32Array(got.blocks.slice(before).flatMap((b) => [...b]));
      await until(() => toneStretch(since()).heardSec > 1, 'a second of tone after the device came back');
      expect(rmsDb(toneStretch(since()).stretch)).toBeCloseTo(TONE_RMS_DB, 0);
      expect(got.statuses.at(-1)).toEqual(['running', null]);
    } finally {
      playback.process.kill();
      await playback.finished;
    }
  });
});
