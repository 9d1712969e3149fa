/** Which paths make a call: checked as untrusted input, then two mono files put agent first by name. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callKey, checkCallPaths, orderCallFiles, type CallFs } from '../../electron/call-files.js';

const dir = mkdtempSync(join(tmpdir(), 'softspoken-files-'));
const file = (name: string, bytes = 44): string => {
  const path = join(dir, name);
  writeFileSync(path, new Uint8Array(bytes));
  return path;
};
const stereo = file('call.wav', 100);
const agent = file('call7-agent.wav');
const customer = file('call7-customer.WAV');
const left = file('left.wav');
const right = file('right.wav');
const text = file('notes.txt');
mkdirSync(join(dir, 'folder.wav'));
symlinkSync(stereo, join(dir, 'link.wav'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const names = async (paths: unknown): Promise<string[]> =>
  orderCallFiles(await checkCallPaths(paths)).map((f) => f.name);

describe('checkCallPaths', () => {
  it('takes one or two existing .wav files, with their sizes', async () => {
    expect(await checkCallPaths([stereo])).toEqual([{ path: stereo, name: 'call.wav', sizeBytes: 100 }]);
    expect((await checkCallPaths([left, right])).map((f) => f.name)).toEqual(['left.wav', 'right.wav']);
    expect((await checkCallPaths([join(dir, 'link.wav')]))[0]?.sizeBytes).toBe(100);
  });

  it('refuses anything else in one line that says what is wrong', async () => {
    const refusal = async (paths: unknown): Promise<string> => {
      const error: unknown = await checkCallPaths(paths).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, JSON.stringify(paths)).toBeInstanceOf(Error);
      return (error as Error).message;
    };
    expect(await refusal([])).toMatch(/one two-channel recording, or two mono recordings/);
    expect(await refusal([stereo, left, right])).toMatch(/3 files were given/);
    expect(await refusal('not a list')).toMatch(/one two-channel/);
    expect(await refusal([text])).toBe(
      'notes.txt is not an audio file: SoftSpoken reads WAV, MP3, FLAC, Ogg Opus, Ogg Vorbis, M4A/AAC, AMR or WebM.',
    );
    expect(await refusal([join(dir, 'gone.wav')])).toMatch(/^gone\.wav was not found/);
    expect(await refusal([join(dir, 'folder.wav')])).toBe('folder.wav is not a file.');
    expect(await refusal([stereo, stereo])).toBe('call.wav was given twice.');
    expect(await refusal([stereo, join(dir, '.', 'call.wav')])).toBe('call.wav was given twice.');
    expect(await refusal(['relative/call.wav'])).toMatch(/could not be located/);
    expect(await refusal([''])).toMatch(/could not be located/);
    expect(await refusal([42])).toMatch(/could not be located/);
    expect(await refusal([`${stereo}\0.wav`])).toMatch(/could not be located/);
    for (const message of [await refusal([text]), await refusal([join(dir, 'gone.wav')])]) {
      expect(message).not.toContain('\n');
    }
  });

  it('says permission denied without a stack, through an injected file system', async () => {
    const denied: CallFs = {
      stat: () => Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })),
    };
    await expect(checkCallPaths(['/calls/x.wav'], denied)).rejects.toThrow(
      'x.wav cannot be read: permission denied.',
    );
  });
});

describe('orderCallFiles', () => {
  it('puts the agent first by name, else keeps the chosen order', async () => {
    expect(await names([customer, agent])).toEqual(['call7-agent.wav', 'call7-customer.WAV']);
    expect(await names([agent, customer])).toEqual(['call7-agent.wav', 'call7-customer.WAV']);
    expect(await names([right, left])).toEqual(['right.wav', 'left.wav']);
    expect(await names([stereo])).toEqual(['call.wav']);
  });

  it('keys a call by its paths in call order', async () => {
    const files = orderCallFiles(await checkCallPaths([customer, agent]));
    expect(callKey(files)).toBe(`${agent}\n${customer}`);
  });
});
