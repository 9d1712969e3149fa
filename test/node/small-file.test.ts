/** small-file.ts: a settings file or a profile is read only when it is a regular file of a sane size. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSmallFile, SmallFileError } from '../../src/node/small-file.js';

const dir = mkdtempSync(join(tmpdir(), 'softspoken-small-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(path: string, maxBytes?: number): SmallFileError {
  try {
    readSmallFile(path, maxBytes);
  } catch (error) {
    expect(error).toBeInstanceOf(SmallFileError);
    return error as SmallFileError;
  }
  throw new Error('nothing thrown');
}

describe('readSmallFile', () => {
  it('reads a regular file as UTF-8', () => {
    writeFileSync(join(dir, 's.json'), '{"minPauseSec": 1.5, "note": "é"}');
    expect(readSmallFile(join(dir, 's.json'))).toBe('{"minPauseSec": 1.5, "note": "é"}');
  });

  it('refuses a file larger than the limit, before reading it', () => {
    writeFileSync(join(dir, 'big.json'), 'x'.repeat(101));
    expect(refusal(join(dir, 'big.json'), 100).reason).toBe('too large (101 bytes; at most 100)');
    expect(readSmallFile(join(dir, 'big.json'), 101)).toHaveLength(101);
  });

  it('refuses endless devices and a FIFO at once, without reading or waiting', () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    for (const path of ['/dev/zero', '/dev/urandom', fifo])
      expect(refusal(path).reason).toBe('not a regular file (a device, FIFO or socket)');
  });

  it('says a missing file is missing, and a folder is a folder', () => {
    const missing = refusal(join(dir, 'nothing.json'));
    expect([missing.reason, missing.missing]).toEqual(['no such file', true]);
    expect(refusal(dir).reason).toBe('it is a folder');
  });
});
