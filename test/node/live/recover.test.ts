/**
 * `softspoken recover` on journals as a crash, a full disk, an old or newer version, or damage leave
 * them: the journal is never written over, a journal of a later format is refused naming it, damaged lines
 * are skipped and named (never "+NaN dB"), and a journal that cannot be read is bad input: exit 1 with one
 * line, never an internal error. The journals are written here line by line, so every expectation
 * follows from what was put in them.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/engine/settings.js';
import { JOURNAL_SCHEMA } from '../../../src/live/journal.js';
import type { Report } from '../../../src/report/schema.js';
import { expectBuilt, ROOT } from '../../helpers/cli.js';

const BIN = join(ROOT, 'bin/softspoken.js');
const RATE = 8000;
const dir = mkdtempSync(join(tmpdir(), 'softspoken-recover-'));
const data = join(dir, 'data');
const sessions = join(data, 'sessions');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => expectBuilt());

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function softspoken(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, SOFTSPOKEN_DATA_DIR: data } },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

const at = (sec: number): number => Math.round(sec * RATE);

/** A cut-off session of 10 s: a customer peak from 4 s to 7 s (8 dB over calm), speech, points every 0.1 s. */
function journalLines(schema: string | undefined = JOURNAL_SCHEMA): object[] {
  const lines: object[] = [
    {
      type: 'start',
      ...(schema !== undefined && { schema }),
      sessionId: 'x',
      startedAt: '2025-01-01T10:00:00.000Z',
      version: 'test',
      settings: DEFAULT_SETTINGS,
      source: {
        files: ['agent-mic', 'call-out.monitor'],
        codec: 'live capture, PCM 16-bit',
        sampleRateHz: 16000,
        channels: 2,
        agentChannel: 0,
      },
      agent: null,
      agentDevice: 'agent-mic',
      callDevice: 'call-out.monitor',
      recordingPath: null,
    },
  ];
  for (let i = 0; i <= 100; i++) {
    const t = i / 10;
    const customer = t >= 1 && t < 7 ? 2 : 0;
    lines.push({ type: 'point', p: [at(t), -30, -28, -30, -28, 0, t >= 4 && t < 7 ? 8 : 0, customer] });
    if (i === 30)
      lines.push({
        type: 'event',
        e: { type: 'speech', party: 'customer', startSample: at(1), endSample: at(2.8), levelDb: -28 },
      });
    if (i === 90) {
      lines.push({
        type: 'event',
        e: { type: 'speech', party: 'customer', startSample: at(4), endSample: at(7), levelDb: -20 },
      });
      lines.push({
        type: 'event',
        e: {
          type: 'customerPeak',
          startSample: at(4),
          endSample: at(7),
          levelAboveCalmDb: 8,
          brightnessRiseHz: null,
        },
      });
    }
  }
  return lines;
}

let n = 0;
/** Writes a journal into the sessions folder; returns its session id and path. */
function session(text: string): { id: string; path: string } {
  mkdirSync(sessions, { recursive: true });
  const id = `s${n++}`;
  const path = join(sessions, `${id}.jsonl`);
  writeFileSync(path, text);
  return { id, path };
}
const jsonl = (lines: object[]): string => lines.map((l) => `${JSON.stringify(l)}\n`).join('');
const stderrLines = (run: Run): string[] => run.stderr.split('\n').filter((l) => l !== '');

/** Never JavaScript's words, a stack trace or an internal error. */
function expectNoInternals(run: Run): void {
  expect(run.code).not.toBe(70);
  expect(run.stderr).not.toMatch(/internal error|Cannot read properties|\n\s+at /);
}

describe('softspoken recover', () => {
  it('rebuilds a cut-off session (its last line torn by the kill) and marks it recovered', async () => {
    const { id, path } = session(`${jsonl(journalLines())}{"type":"poi`);
    const out = join(dir, 'ok.json');
    const run = await softspoken(['recover', id, '--json', out, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    expectNoInternals(run);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(report.live?.recovered).toBe(true);
    expect(report.events.filter((e) => e.type === 'customerPeak')).toHaveLength(1);
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toMatch(/stopped unexpectedly at 10\.0 s/);
    // marked: not offered again, and a second recovery reads the same (the torn line is not damage)
    expect(readFileSync(path, 'utf8')).toMatch(/"recovered":true}\n$/);
    expect((await softspoken(['recover'])).stdout).not.toContain(`${id} `);
    const again = await softspoken(['recover', id, '--json', join(dir, 'ok2.json'), '--quiet']);
    expect(again.code, again.stderr).toBe(0);
  });

  it('refuses an output that names the journal (or its recording) before anything is read or written', async () => {
    const { id, path } = session(jsonl(journalLines()));
    const before = readFileSync(path, 'utf8');
    for (const target of [path, join(sessions, `${id}.wav`), join(sessions, '.', `${id}.jsonl`)]) {
      const run = await softspoken(['recover', id, '--json', target]);
      expect(run.code).toBe(2);
      expect(stderrLines(run)[0]).toBe(
        `softspoken: --json ${target} would overwrite the session ${target.endsWith('.wav') ? 'recording' : 'journal'} ${target.endsWith('.wav') ? join(sessions, `${id}.wav`) : path}`,
      );
    }
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(existsSync(join(sessions, `${id}.wav`))).toBe(false);
  });

  it('refuses a journal of a newer format, naming the format, and writes nothing', async () => {
    const { id, path } = session(jsonl(journalLines('softspoken.live-session/2')));
    const out = join(dir, 'newer.html');
    const run = await softspoken(['recover', id, '--html', out]);
    expect(run.code).toBe(1);
    expectNoInternals(run);
    expect(stderrLines(run)).toEqual([
      `softspoken: error: the session journal ${path}: it was written by a newer SoftSpoken (journal format ` +
        `softspoken.live-session/2; this version reads ${JOURNAL_SCHEMA}): update SoftSpoken to recover it; ` +
        'nothing was recovered',
    ]);
    expect(existsSync(out)).toBe(false);
    expect(readFileSync(path, 'utf8')).not.toContain('"recovered"');
  });

  it('reads a journal written before the format was named in it', async () => {
    const { id } = session(jsonl(journalLines(undefined)));
    const run = await softspoken(['recover', id, '--json', join(dir, 'old.json'), '--quiet']);
    expect(run.code, run.stderr).toBe(0);
  });

  it('skips damaged lines, names how many and the first, writes what the rest recovered, exits 1', async () => {
    const lines = journalLines();
    // a peak without its level (the journal of issue 16 showed "+NaN dB"), a point cut short, an unknown kind
    const peak = lines.findIndex((l) => JSON.stringify(l).includes('"customerPeak"'));
    lines[peak] = { type: 'event', e: { type: 'customerPeak', startSample: at(4), endSample: at(7) } };
    lines[5] = { type: 'point', p: [at(0.4)] };
    lines.splice(20, 0, { type: 'hologram', at: 3 });
    const { id, path } = session(jsonl(lines));
    const json = join(dir, 'damaged.json');
    const html = join(dir, 'damaged.html');
    const run = await softspoken(['recover', id, '--json', json, '--html', html]);
    expect(run.code).toBe(1);
    expectNoInternals(run);
    const total = lines.length;
    const warning =
      `3 of the ${total} lines of the session journal were damaged and skipped (line 6: a point line: ` +
      'p not a timeline point): what they held is missing from this report';
    expect(stderrLines(run)).toEqual([
      'softspoken: warning: the live session stopped unexpectedly at 10.0 s: this report was recovered from ' +
        'its journal, without what was still undecided then (the last seconds of speech)',
      `softspoken: error: the session journal ${path} is damaged: ${warning}; the report holds what the ` +
        `other ${total - 3} lines recovered: written ${json}, ${html}`,
    ]);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    expect(report.warnings).toContain(warning);
    expect(report.events.filter((e) => e.type === 'customerPeak')).toHaveLength(0);
    expect(report.timeline.agentDb).toHaveLength(100); // 101 points, one damaged
    for (const text of [run.stdout, readFileSync(json, 'utf8'), readFileSync(html, 'utf8')])
      expect(text).not.toMatch(/NaN/);
  });

  it('names the problem of a journal nothing can be recovered from: exit 1, one line', async () => {
    const folder = join(sessions, 'folder.jsonl');
    mkdirSync(folder, { recursive: true });
    const notOurs = session('{"hello":"world"}\n');
    const torn = session('{"type":"sta');
    const badStart = session(jsonl([{ ...(journalLines()[0] as object), source: 'a file' }]));
    const cases: [string, string][] = [
      ['folder', `the session journal ${folder} is a folder, not a file; nothing was recovered`],
      [
        notOurs.id,
        `the session journal ${notOurs.path}: it is not a SoftSpoken live session journal (it does not begin with the session start); nothing was recovered`,
      ],
      [
        torn.id,
        `the session journal ${torn.path}: it is not a SoftSpoken live session journal (it does not begin with the session start); nothing was recovered`,
      ],
      [
        badStart.id,
        `the session journal ${badStart.path}: its start line is damaged (a start line: source not an object); nothing was recovered`,
      ],
      ['nothing-here', `no live call 'nothing-here' in ${sessions}`],
    ];
    for (const [id, message] of cases) {
      const out = join(dir, `${id}.json`);
      const run = await softspoken(['recover', id, '--json', out]);
      expect(run.code, id).toBe(1);
      expectNoInternals(run);
      expect(stderrLines(run)).toEqual([`softspoken: error: ${message}`]);
      expect(existsSync(out)).toBe(false);
    }
    // the folder is not offered as a cut-off call either
    expect((await softspoken(['recover'])).stdout).not.toContain('folder');
  });
});
