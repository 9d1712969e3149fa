import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  appendJournalLine,
  JournalFileError,
  JournalWriter,
  readJournal,
} from '../../../src/node/live/journal-file.js';
import { dataDir, findUnfinishedSessions, sessionsDir } from '../../../src/node/live/session-files.js';

const dir = mkdtempSync(join(tmpdir(), 'softspoken-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(dir, `session-${n++}.jsonl`);
const jsonl = (lines: object[]): string => lines.map((l) => `${JSON.stringify(l)}\n`).join('');

describe('JournalWriter', () => {
  it('writes the appended lines as JSON lines on flush and close, creating the folder', async () => {
    const path = join(dir, 'new-folder', 'a.jsonl');
    const journal = JournalWriter.open(path);
    journal.append({ type: 'start', n: 1 });
    journal.append({ type: 'event', text: 'naïve “quotes”\nand a newline' });
    expect(readFileSync(path, 'utf8')).toBe(''); // buffered
    await journal.flush();
    expect(readJournal(path)).toMatchObject({
      lines: [
        { type: 'start', n: 1 },
        { type: 'event', text: 'naïve “quotes”\nand a newline' },
      ],
      truncated: false,
    });
    journal.append({ type: 'end', atSec: 3 });
    await journal.close();
    expect(readJournal(path).lines).toHaveLength(3);
    expect(() => journal.append({})).toThrow(/after close/);
  });

  it('a killed writer loses at most the last 2 s: every line up to then is read back, in order', async () => {
    const path = fresh();
    const script = fileURLToPath(new URL('./children/journal-writer.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, path], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.on('close', resolve));
    for await (const line of createInterface({ input: child.stdout })) if (line === 'ready') break;
    await new Promise((resolve) => setTimeout(resolve, 3500));
    child.kill('SIGKILL');
    const killedAt = Date.now();
    await exited;
    const { lines } = readJournal(path);
    const ticks = lines as { i: number; at: number }[];
    expect(ticks.length).toBeGreaterThan(0);
    expect(ticks.map((t) => t.i)).toEqual(ticks.map((_, k) => k)); // nothing lost or doubled before the end
    expect((ticks.at(-1) as { at: number }).at).toBeGreaterThanOrEqual(killedAt - 2000);
  });

  it.runIf(existsSync('/dev/full'))(
    'a full disk: one error reported, the lines kept and retried, close rejects',
    async () => {
      const errors: JournalFileError[] = [];
      const journal = JournalWriter.open('/dev/full', { onError: (e) => errors.push(e) });
      journal.append({ type: 'start' });
      await expect(journal.flush()).rejects.toThrow(
        'cannot write the session journal /dev/full: the disk is full',
      );
      await expect(journal.flush()).rejects.toBeInstanceOf(JournalFileError);
      expect(errors).toHaveLength(1);
      await expect(journal.close()).rejects.toBeInstanceOf(JournalFileError);
    },
  );
});

describe('reading a journal', () => {
  it('skips a torn last line and says the journal was truncated', () => {
    const path = fresh();
    writeFileSync(path, `${jsonl([{ type: 'start' }, { type: 'point', p: [8000] }])}{"type":"poi`);
    expect(readJournal(path)).toMatchObject({
      lines: [{ type: 'start' }, { type: 'point', p: [8000] }],
      truncated: true,
    });
    // each line keeps its number, the torn one too
    expect(readJournal(path).entries.map((e) => [e.line, e.json])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
  });

  it('a line written after a torn one starts on its own line, by the writer and by appendJournalLine', async () => {
    const path = fresh();
    writeFileSync(path, `${jsonl([{ type: 'start' }])}{"type":"poi`);
    const journal = JournalWriter.open(path);
    journal.append({ type: 'event' });
    await journal.close();
    appendJournalLine(path, { type: 'end', atSec: 1 });
    expect(readJournal(path)).toMatchObject({
      lines: [{ type: 'start' }, { type: 'event' }, { type: 'end', atSec: 1 }],
      truncated: true,
    });
  });

  it('a folder or a device is no journal: refused without reading it', () => {
    const folder = join(dir, 'folder.jsonl');
    mkdirSync(folder);
    expect(() => readJournal(folder)).toThrow(`the session journal ${folder} is a folder, not a file`);
    expect(() => readJournal('/dev/zero')).toThrow('the session journal /dev/zero is not a regular file');
  });

  it('a missing journal is a JournalFileError naming it', () => {
    expect(() => readJournal(join(dir, 'nope.jsonl'))).toThrow(
      `cannot read the session journal ${join(dir, 'nope.jsonl')}: no such file`,
    );
  });
});

describe('sessions', () => {
  it('live in the app data folder of each system, or SOFTSPOKEN_DATA_DIR', () => {
    const home = '/home/anna';
    expect(sessionsDir({}, 'linux', home)).toBe('/home/anna/.local/state/softspoken/sessions');
    expect(sessionsDir({ XDG_STATE_HOME: '/xdg/state' }, 'linux', home)).toBe(
      '/xdg/state/softspoken/sessions',
    );
    expect(sessionsDir({ XDG_STATE_HOME: 'relative' }, 'linux', home)).toBe(
      '/home/anna/.local/state/softspoken/sessions',
    );
    expect(sessionsDir({}, 'darwin', '/Users/anna')).toBe(
      '/Users/anna/Library/Application Support/SoftSpoken/sessions',
    );
    expect(sessionsDir({ APPDATA: 'C:\\Users\\anna\\AppData\\Roaming' }, 'win32', 'C:\\Users\\anna')).toBe(
      'C:\\Users\\anna\\AppData\\Roaming\\SoftSpoken\\sessions',
    );
    expect(sessionsDir({}, 'win32', 'C:\\Users\\anna')).toBe(
      'C:\\Users\\anna\\AppData\\Roaming\\SoftSpoken\\sessions',
    );
    expect(sessionsDir({ SOFTSPOKEN_DATA_DIR: '/tmp/ss' }, 'linux', home)).toBe('/tmp/ss/sessions');
    expect(dataDir({ SOFTSPOKEN_DATA_DIR: '/tmp/ss', XDG_STATE_HOME: '/x' }, 'darwin', home)).toBe('/tmp/ss');
  });

  it('unfinished ones are those whose last line is not the end line, newest first', () => {
    const folder = join(dir, 'sessions');
    mkdirSync(folder);
    const start = (id: string) => ({
      type: 'start',
      sessionId: id,
      startedAt: `2026-11-27T10:0${id}`,
      agent: 'Anna',
    });
    const write = (id: string, text: string, mtimeSec: number): void => {
      writeFileSync(join(folder, `${id}.jsonl`), text);
      utimesSync(join(folder, `${id}.jsonl`), mtimeSec, mtimeSec);
    };
    write('1', jsonl([start('1'), { type: 'point', p: [16000, 0] }, { type: 'end', atSec: 2 }]), 1000);
    write('2', jsonl([start('2'), { type: 'point', p: [80000, 0] }, { type: 'event' }]), 2000);
    write('3', `${jsonl([start('3'), { type: 'device', atSec: 4.5 }])}{"type":"end","at`, 3000);
    write('4', jsonl([{ type: 'start', startedAt: 7 }]), 500);
    writeFileSync(join(folder, 'notes.txt'), 'not a journal');
    const found = findUnfinishedSessions(folder);
    expect(found.map((s) => [s.sessionId, s.startedAt, s.agent, s.seconds])).toEqual([
      ['3', '2026-11-27T10:03', 'Anna', 4.5], // torn while writing its end line: unfinished
      ['2', '2026-11-27T10:02', 'Anna', 10], // 80000 samples at the engine's 8 kHz
      ['4', null, null, 0],
    ]);
    expect(found[0]?.path).toBe(join(folder, '3.jsonl'));
    expect(findUnfinishedSessions(join(dir, 'no-such-folder'))).toEqual([]);
  });
});
