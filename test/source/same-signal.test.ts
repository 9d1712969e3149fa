/**
 * Two-party analysis refuses a call whose two sides are one signal (a dual-mono export, one file given for
 * both parties), and only such a call: two voices, line echo and a silent side are analysed as before.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SileroInfer } from '../../dsp/silero.js';
import { encodeWav } from '../../dsp/wav.js';
import { resolveSettings } from '../../src/engine/settings.js';
import { analyzeSource } from '../../src/node/analyze.js';
import { createNodeSileroInfer } from '../../src/node/onnx-vad.js';
import { bytesInput } from '../../src/source/byte-input.js';
import { AudioInputError, openStereoSource, openTwoSources } from '../../src/source/call-source.js';
import { SameSignalCheck } from '../../src/source/same-signal.js';

const NEED = 'two-party analysis needs the agent and the customer each on their own channel';

/** The e2e fixture call's two channels (a real two-party call: agent left, customer right). */
function fixtureCall(): [Float32Array, Float32Array] {
  const bytes = readFileSync(new URL('../fixtures/codecs/excerpt.wav', import.meta.url));
  const pcm = new Int16Array(bytes.buffer.slice(bytes.byteOffset + 44, bytes.byteOffset + bytes.length));
  const frames = pcm.length / 2;
  const left = Float32Array.from({ length: frames }, (_, i) => (pcm[2 * i] as number) / 32768);
  const right = Float32Array.from({ length: frames }, (_, i) => (pcm[2 * i + 1] as number) / 32768);
  return [left, right];
}

describe('SameSignalCheck', () => {
  const [agent, customer] = fixtureCall();
  const verdict = (a: Float32Array, c: Float32Array): boolean => {
    const check = new SameSignalCheck();
    for (let at = 0; at < a.length; at += 1000)
      check.push(a.subarray(at, at + 1000), c.subarray(at, at + 1000));
    return check.sameSignal;
  };
  const mix = agent.map((v, i) => 0.5 * (v + (customer[i] as number)));

  it('calls one signal on both sides one signal, at any gain, with coding noise', () => {
    expect(verdict(mix, mix)).toBe(true);
    expect(
      verdict(
        mix,
        mix.map((v) => v * 0.25),
      ),
    ).toBe(true); // one side 12 dB down
    let seed = 7;
    const noisy = mix.map((v) => v + ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.01);
    expect(verdict(mix, noisy)).toBe(true);
  });

  it('calls an inverted copy, a copy up to 3 samples late and a copy with a DC offset of its own one signal', () => {
    expect(
      verdict(
        mix,
        mix.map((v) => -v),
      ),
    ).toBe(true);
    for (const lag of [1, 2, 3]) {
      const late = new Float32Array(mix.length);
      late.set(mix.subarray(0, mix.length - lag), lag);
      expect(verdict(mix, late), `${lag} late`).toBe(true);
      expect(verdict(late, mix), `${lag} early`).toBe(true);
    }
    expect(
      verdict(
        mix,
        mix.map((v) => v + 0.18),
      ),
    ).toBe(true);
  });

  it('does not call two parties one signal when both carry the same DC offset', () => {
    const dc = 600 / 32768;
    expect(
      verdict(
        agent.map((v) => v + dc),
        customer.map((v) => v + dc),
      ),
    ).toBe(false);
    expect(
      verdict(
        agent.map((v) => v + 0.18),
        customer,
      ),
    ).toBe(false);
  });

  it('does not call two parties one signal, with a loud undelayed echo of the customer, or a silent side', () => {
    expect(verdict(agent, customer)).toBe(false);
    const echo = agent.map((v, i) => v + 0.3 * (customer[i] as number));
    expect(verdict(echo, customer)).toBe(false);
    expect(verdict(new Float32Array(agent.length), customer)).toBe(false);
    expect(verdict(new Float32Array(agent.length), new Float32Array(agent.length))).toBe(false);
  });
});

describe('analysing a call whose two sides are one signal', () => {
  let infer: SileroInfer;
  const settings = resolveSettings({});
  beforeAll(async () => {
    infer = await createNodeSileroInfer();
  });
  const [agent, customer] = fixtureCall();
  const mix = agent.map((v, i) => 0.5 * (v + (customer[i] as number)));

  it('refuses a dual-mono stereo file, before the analysis', async () => {
    const source = await openStereoSource(bytesInput('dual.wav', encodeWav([mix, mix], 8000)), 0);
    const error = await analyzeSource(source, { settings, agentChannel: 0, infer }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AudioInputError);
    expect((error as Error).message).toBe(
      `dual.wav: both channels hold the same signal (a mono recording saved as stereo?): ${NEED}`,
    );
  });

  it('refuses one file given for both parties, and two files holding the same audio, also without a first pass', async () => {
    const mono = encodeWav([mix], 8000);
    const twice = await openTwoSources(bytesInput('call.wav', mono), bytesInput('call.wav', mono));
    await expect(analyzeSource(twice, { settings, agentChannel: null, infer })).rejects.toThrow(
      `call.wav was given for both parties: ${NEED}`,
    );
    const copies = await openTwoSources(bytesInput('a.wav', mono), bytesInput('b.wav', mono));
    await expect(
      analyzeSource(copies, { settings, agentChannel: null, infer, firstPass: false }),
    ).rejects.toThrow(`a.wav and b.wav hold the same audio: ${NEED}`);
  });

  it('analyses the real two-party call', async () => {
    const source = await openStereoSource(bytesInput('call.wav', encodeWav([agent, customer], 8000)), 0);
    const report = await analyzeSource(source, { settings, agentChannel: 0, infer });
    expect(report.speech.agent.length).toBeGreaterThan(0);
  });
});
