import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../../src/node/live/capture.js';
import { Pcm16Decoder } from '../../../src/node/live/pcm.js';
import { soxEnvironment, soxReason, withEnvironment } from '../../../src/node/live/sox.js';

/** Little-endian int16 bytes of `values`. */
function int16Bytes(values: number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 2);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setInt16(i * 2, v, true));
  return bytes;
}

describe('Pcm16Decoder', () => {
  const values = [0, 1, -1, 32767, -32768, 12345, -23456];
  const expected = values.map((v) => v / 32768);

  it('turns little-endian int16 into floats (full scale -32768 reads -1)', () => {
    expect([...new Pcm16Decoder().push(int16Bytes(values))]).toEqual(expected);
  });

  it('gives the same samples however a pipe splits the bytes, odd splits included', () => {
    const bytes = int16Bytes(values);
    for (const cuts of [[1], [3, 4], [1, 2, 3, 5, 9, 13], [13]]) {
      const decoder = new Pcm16Decoder();
      const out: number[] = [];
      let from = 0;
      for (const to of [...cuts, bytes.length]) {
        out.push(...decoder.push(bytes.subarray(from, to)));
        from = to;
      }
      expect(out, `cut at ${cuts.join(',')}`).toEqual(expected);
    }
  });

  it('an empty or single-byte chunk gives no sample', () => {
    const decoder = new Pcm16Decoder();
    expect(decoder.push(new Uint8Array(0))).toHaveLength(0);
    expect(decoder.push(Uint8Array.of(0x01))).toHaveLength(0);
    expect([...decoder.push(Uint8Array.of(0x80))]).toEqual([-32767 / 32768]);
  });
});

describe('sox', () => {
  it("reports sox's FAIL line, tidied, for a device it cannot open", () => {
    const stderr =
      'ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM nope\n' +
      "sox FAIL formats: can't open input  `nope': snd_pcm_open error: No such file or directory\n";
    expect(soxReason(stderr)).toBe(
      "sox FAIL formats: can't open input `nope': snd_pcm_open error: No such file or directory",
    );
    expect(soxReason('  something else went wrong \n\n')).toBe('something else went wrong');
    expect(soxReason('')).toBeNull();
  });

  it('sets the driver, the latency and the buffer, keeping what the user set', () => {
    const none = (): boolean => false;
    expect(soxEnvironment('pulseaudio', {}, none)).toEqual({
      AUDIODRIVER: 'pulseaudio',
      PULSE_LATENCY_MSEC: '20',
      SOX_OPTS: '--buffer 640',
    });
    expect(soxEnvironment(undefined, { PULSE_LATENCY_MSEC: '40', SOX_OPTS: '-V1' }, none)).toEqual({});
    expect(soxEnvironment('alsa', { AUDIODRIVER: 'pulseaudio' }, none)['AUDIODRIVER']).toBe('alsa');
  });

  it.runIf(process.platform === 'linux')('unbuffers sox output with libstdbuf where coreutils has it', () => {
    const lib = '/usr/libexec/coreutils/libstdbuf.so';
    const at = (p: string): boolean => p === lib;
    expect(soxEnvironment(undefined, {}, at)).toMatchObject({ _STDBUF_O: '0', LD_PRELOAD: lib });
    expect(soxEnvironment(undefined, { LD_PRELOAD: '/x.so' }, at)['LD_PRELOAD']).toBe(`/x.so:${lib}`);
    expect(soxEnvironment(undefined, { _STDBUF_O: 'L' }, at)).not.toHaveProperty('LD_PRELOAD');
  });

  it('sets the environment for one call only', () => {
    const key = 'SOFTSPOKEN_TEST_VAR';
    const seen = withEnvironment({ [key]: 'during', PATH: '/nowhere' }, () => [
      process.env[key],
      process.env['PATH'],
    ]);
    expect(seen).toEqual(['during', '/nowhere']);
    expect(process.env[key]).toBeUndefined();
    expect(process.env['PATH']).not.toBe('/nowhere');
  });

  it('waits 0.5 s, 1 s, 2 s, 4 s, then 5 s between attempts', () => {
    expect([0, 1, 2, 3, 4, 5, 20].map(retryDelayMs)).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });
});
