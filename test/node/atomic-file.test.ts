/** atomic-file.ts: a file written whole or not at all, a temporary name that fits, stale temporaries removed. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileWriteError, MAX_NAME_BYTES, tempName, writeFileAtomic } from '../../src/node/atomic-file.js';

const top = mkdtempSync(join(tmpdir(), 'softspoken-atomic-file-'));
afterAll(() => rmSync(top, { recursive: true, force: true }));
let folders = 0;
const folder = (): string => {
  const dir = join(top, String(folders++));
  execFileSync('mkdir', [dir]);
  return dir;
};

/** A PID no process has (above Linux's largest, 2^22). */
const DEAD_PID = 2 ** 31 - 2;

function failure(fn: () => void): FileWriteError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(FileWriteError);
    return error as FileWriteError;
  }
  throw new Error('nothing thrown');
}

describe('writeFileAtomic', () => {
  it('writes the text, replacing a file that was there, and leaves no temporary file', () => {
    const dir = folder();
    writeFileSync(join(dir, 'r.json'), 'old');
    writeFileAtomic(join(dir, 'r.json'), 'new');
    expect(readFileSync(join(dir, 'r.json'), 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['r.json']);
  });

  it('writes a file whose name is as long as the file system takes (the temporary name is cut to fit)', () => {
    const dir = folder();
    const name = `${'ü'.repeat(125)}.json`; // 255 bytes
    expect(Buffer.byteLength(name)).toBe(MAX_NAME_BYTES);
    expect(Buffer.byteLength(tempName(name, 4194304))).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(Buffer.byteLength(tempName(name, 4294967295))).toBeLessThanOrEqual(MAX_NAME_BYTES);
    writeFileAtomic(join(dir, name), 'x');
    expect(readdirSync(dir)).toEqual([name]);
  });

  it('removes the temporary files a killed run left for the same file, and only those', () => {
    const dir = folder();
    const long = `${'a'.repeat(250)}.json`;
    const stale = [tempName('r.json', DEAD_PID), tempName(long, DEAD_PID)];
    const kept = [tempName('r.json', process.ppid), tempName('other.json', DEAD_PID), 'r.json.notapid.tmp'];
    for (const name of [...stale, ...kept]) writeFileSync(join(dir, name), 'half a report');
    writeFileAtomic(join(dir, 'r.json'), 'x');
    writeFileAtomic(join(dir, long), 'x');
    expect(readdirSync(dir).sort()).toEqual([long, 'r.json', ...kept].sort());
  });

  it('refuses a FIFO, a folder or a name too long, leaving them as they were', () => {
    const dir = folder();
    const fifo = join(dir, 'reader');
    execFileSync('mkfifo', [fifo]);
    expect(failure(() => writeFileAtomic(fifo, 'x')).reason).toBe(
      'it is a FIFO (named pipe), not a regular file',
    );
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(failure(() => writeFileAtomic(dir, 'x')).reason).toBe('it is a folder, not a regular file');
    expect(failure(() => writeFileAtomic(join(dir, `${'b'.repeat(300)}.json`), 'x')).reason).toBe(
      'the name is too long (305 bytes; at most 255)',
    );
    expect(readdirSync(dir)).toEqual(['reader']);
  });

  it('says in plain words why a file in a missing folder, or under a file, cannot be written', () => {
    const dir = folder();
    writeFileSync(join(dir, 'a-file'), '');
    expect(failure(() => writeFileAtomic(join(dir, 'missing', 'r.json'), 'x')).reason).toBe(
      'its folder does not exist',
    );
    expect(failure(() => writeFileAtomic(join(dir, 'a-file', 'r.json'), 'x')).reason).toBe(
      'a part of its folder path is a file, not a folder',
    );
  });
});
