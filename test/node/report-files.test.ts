/** report-files.ts: where reports go (no output over an input or another output; a name per call of a folder). */
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/node/cli-args.js';
import { checkOutputPaths, writeReports } from '../../src/node/report-files.js';
import { reportNames } from '../../src/source/formats.js';
import { threePeakCall } from '../report/make-report.js';

const dir = mkdtempSync(join(tmpdir(), 'softspoken-report-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const path = (name: string): string => join(dir, name);
const call = path('call.wav');
writeFileSync(call, 'RIFF');

/** The message of the UsageError `fn` throws. */
function usageMessage(fn: () => void): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('no UsageError thrown');
}

describe('checkOutputPaths', () => {
  const input = [{ what: 'the call', path: call }];

  it('refuses an output that is the input, however the path is spelled', () => {
    for (const spelled of [
      call,
      join(dir, '.', 'call.wav'),
      join(dir, '..', relative(join(dir, '..'), call)),
    ]) {
      expect(usageMessage(() => checkOutputPaths(input, [{ what: '--json', path: spelled }]))).toBe(
        `--json ${spelled} would overwrite the call ${call}`,
      );
    }
    const fromCwd = relative(process.cwd(), call);
    expect(usageMessage(() => checkOutputPaths(input, [{ what: '--csv', path: fromCwd }]))).toBe(
      `--csv ${fromCwd} would overwrite the call ${call}`,
    );
  });

  it('refuses the input under another name: a hard link or a symbolic link', () => {
    const hard = path('hard-link.json');
    const soft = path('soft-link.json');
    linkSync(call, hard);
    symlinkSync(call, soft);
    for (const p of [hard, soft])
      expect(usageMessage(() => checkOutputPaths(input, [{ what: '--json', path: p }]))).toBe(
        `--json ${p} would overwrite the call ${call}`,
      );
  });

  it('refuses two outputs naming one file', () => {
    const r = path('r.txt');
    expect(
      usageMessage(() =>
        checkOutputPaths(input, [
          { what: '--json', path: r },
          { what: '--csv', path: join(dir, '.', 'r.txt') },
        ]),
      ),
    ).toBe(`--json ${r} and --csv ${join(dir, 'r.txt')} are the same file: give each output its own path`);
  });

  it('refuses names that differ only in case (one file on Windows and macOS)', () => {
    const message = usageMessage(() =>
      checkOutputPaths(input, [
        { what: '--json', path: path('Report.txt') },
        { what: '--html', path: path('report.TXT') },
      ]),
    );
    expect(message).toBe(
      `--json ${path('Report.txt')} and --html ${path('report.TXT')} are the same file (names that differ only in case are one file on Windows and macOS): give each output its own path`,
    );
    expect(usageMessage(() => checkOutputPaths(input, [{ what: '--json', path: path('CALL.wav') }]))).toMatch(
      /would overwrite the call .* differ only in case/,
    );
  });

  it('refuses an output that is a folder', () => {
    mkdirSync(path('folder'));
    expect(usageMessage(() => checkOutputPaths(input, [{ what: '--html', path: path('folder') }]))).toBe(
      `--html ${path('folder')} is a folder, not a file`,
    );
  });

  it('lets distinct outputs through, existing or not, in a folder that is there or that the command makes', () => {
    writeFileSync(path('old.json'), '{}');
    mkdirSync(path('sub'));
    expect(() =>
      checkOutputPaths(input, [
        { what: '--json', path: path('old.json') },
        { what: '--csv', path: path('events.csv') },
        { what: '--labels', path: path('call.labels.txt') },
        { what: '--rttm', path: path('sub/call.rttm') },
        { what: 'the report', path: path('to-make/deeper/call.html'), makesFolder: true },
      ]),
    ).not.toThrow();
  });

  it('refuses an output that is a FIFO or a device, not a regular file', () => {
    const fifo = path('reader.fifo');
    execFileSync('mkfifo', [fifo]);
    for (const [p, kind] of [
      [fifo, 'a FIFO (named pipe)'],
      ['/dev/null', 'a device'],
    ] as const) {
      expect(usageMessage(() => checkOutputPaths(input, [{ what: '--json', path: p }]))).toBe(
        `--json ${p} is ${kind}, not a regular file: outputs are written to regular files only`,
      );
    }
  });

  it('refuses, in plain words, an output whose folder is missing or a file, or whose name is too long', () => {
    writeFileSync(path('a-file'), '');
    const refused = (p: string, makesFolder = false): string =>
      usageMessage(() => checkOutputPaths(input, [{ what: '--json', path: p, makesFolder }]));
    expect(refused(path('missing/r.json'))).toBe(
      `--json ${path('missing/r.json')}: the folder ${path('missing')} does not exist`,
    );
    expect(refused(path('a-file/r.json'))).toBe(
      `--json ${path('a-file/r.json')}: ${path('a-file')} is a file, not a folder`,
    );
    expect(refused(path('a-file/deeper/r.json'), true)).toBe(
      `--json ${path('a-file/deeper/r.json')}: ${path('a-file')} is a file, not a folder`,
    );
    const long = path(`${'é'.repeat(126)}.json`); // 252 + 5 bytes
    expect(refused(long)).toBe(`--json ${long}: the file name is too long (257 bytes; at most 255)`);
  });
});

describe('reportNames', () => {
  it('names each call by its file name without extension', () => {
    expect(reportNames(['monday.wav', 'tuesday.MP3', 'x.y.flac'])).toEqual(['monday', 'tuesday', 'x.y']);
  });

  it('keeps the extension when two calls share a name, and numbers names equal but for case', () => {
    expect(reportNames(['a.mp3', 'a.wav', 'b.wav'])).toEqual(['a.mp3', 'a.wav', 'b']);
    expect(reportNames(['A.wav', 'a.mp3'])).toEqual(['A.wav', 'a.mp3']);
    // a.wav and a.WAV are two files on Linux but one where names ignore case: the later one gets -2
    expect(reportNames(['a.WAV', 'a.wav'])).toEqual(['a.WAV', 'a.wav-2']);
    expect(reportNames(['a.WAV', 'a.Wav', 'a.wav'])).toEqual(['a.WAV', 'a.Wav-2', 'a.wav-3']);
  });

  it('never names a call `summary` (summary.csv is the folder’s own)', () => {
    expect(reportNames(['summary.wav', 'Summary.mp3'])).toEqual(['summary.wav', 'Summary.mp3']);
  });

  it('gives every call a distinct name, ignoring case, whatever the files', () => {
    const files = ['a.wav', 'a.WAV', 'a.wav.mp3', 'a.wav-2.wav', 'A.mp3', 'summary.flac', 'b.ogg'].sort();
    const names = reportNames(files).map((n) => n.toLowerCase());
    expect(new Set(names).size).toBe(files.length);
    expect(names).not.toContain('summary');
    expect(reportNames(files)).toEqual(reportNames([...files])); // deterministic
  });
});

describe('writeReports', () => {
  it('writes the label track and the RTTM file, with the file id given', () => {
    const labels = path('w.labels.txt');
    const rttm = path('w.rttm');
    const written = writeReports(threePeakCall(), { labels, rttm, rttmFileId: 'monday call' });
    expect(written).toEqual([labels, rttm]);
    expect(readFileSync(labels, 'utf8').split('\n')[0]).toBe(
      '6.000000\t6.400000\tReply – after 0.4 s of silence',
    );
    expect(readFileSync(rttm, 'utf8').split('\n')[0]).toBe(
      'SPEAKER monday_call 1 0.500 1.300 <NA> <NA> agent <NA> <NA>',
    );
  });
});
