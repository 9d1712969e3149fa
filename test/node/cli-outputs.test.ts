/**
 * Where `softspoken analyze` writes (the compiled CLI in dist/, as users run it): the Audacity label track
 * and the RTTM turns; outputs checked against the inputs and each other before anything is analyzed; a
 * folder's calls each under their own name; a summary.csv no spreadsheet runs as formulas.
 */
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, type ExpectStatic, it } from 'vitest';
import { composeScene, type Scene, writeStereoWav } from '../../scripts/scene/compose.js';
import { labelTrack } from '../../src/report/labels.js';
import { rttm } from '../../src/report/rttm.js';
import type { Report } from '../../src/report/schema.js';
import { callWithPeak, cli, type CliRun, ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'softspoken-outputs-'));
const path = (name: string): string => join(dir, name);
beforeAll(() => {
  for (const built of ['dist/src/report/labels.js', 'dist/src/report/rttm.js'])
    if (!existsSync(join(ROOT, built))) throw new Error(`dist/ has no ${built}: build first`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const readReport = (file: string): Report => JSON.parse(readFileSync(file, 'utf8')) as Report;
const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

/** A short call: the agent greets, the customer answers, the agent replies. */
function smallCall(seconds: number): Scene {
  return composeScene(
    [
      { party: 'agent', clip: 'a-kal16-calm-2', atSec: 0.5 },
      { party: 'customer', clip: 'c-slt-calm-2', atSec: 3.0 },
      { party: 'agent', clip: 'a-kal16-calm-3', atSec: 6.5 },
    ],
    { durationSec: seconds, sampleRateHz: 16000 },
  );
}

/** A usage error: exit 2, the message and the hint on stderr, nothing on stdout. */
function expectUsageError(expect: ExpectStatic, run: CliRun, message: string): void {
  expect(run.code).toBe(2);
  expect(lines(run.stderr)).toEqual([`softspoken: ${message}`, "Try 'softspoken --help'."]);
  expect(run.stdout).toBe('');
}

describe.concurrent('--labels and --rttm', () => {
  it('writes the events as an Audacity label track and the turns as RTTM', async ({ expect }) => {
    const call = path('peak call.wav');
    writeStereoWav(call, callWithPeak());
    const json = path('peak.json');
    const labels = path('peak.labels.txt');
    const turns = path('peak.rttm');
    const run = await cli(['analyze', call, '--json', json, '--labels', labels, '--rttm', turns, '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = readReport(json);
    const track = readFileSync(labels, 'utf8');
    expect(track).toBe(labelTrack(report));
    const rows = lines(track);
    expect(rows).toHaveLength(report.events.length);
    for (const row of rows) expect(row).toMatch(/^\d+\.\d{6}\t\d+\.\d{6}\t[^\t]+$/);
    expect(rows.some((r) => /\tP1 Customer peak: /.test(r))).toBe(true); // the scene's angry sentences
    const text = readFileSync(turns, 'utf8');
    expect(text).toBe(rttm(report));
    const speakers = lines(text).map((r) => r.split(' '));
    expect(speakers).toHaveLength(report.speech.agent.length + report.speech.customer.length);
    for (const f of speakers) {
      expect(f).toHaveLength(10);
      expect(f[1]).toBe('peak_call'); // the file's name without extension or spaces
    }
    expect(new Set(speakers.map((f) => f[7]))).toEqual(new Set(['agent', 'customer']));
  });

  it('lists --labels and --rttm in the help', async ({ expect }) => {
    const run = await cli(['analyze', '--help']);
    expect(run.stdout).toMatch(/^\s+--labels FILE\s/m);
    expect(run.stdout).toMatch(/^\s+--rttm FILE\s/m);
    expect(run.stdout).toMatch(/^\s+softspoken analyze CALL \[/m);
  });
});

describe.concurrent('outputs are checked before anything is analyzed or written', () => {
  const call = path('keep.wav');
  beforeAll(() => writeStereoWav(call, smallCall(4)));

  it('refuses an output that is the call, and leaves the recording as it was', async ({ expect }) => {
    const before = readFileSync(call);
    for (const option of ['--json', '--csv', '--html', '--labels', '--rttm']) {
      const run = await cli(['analyze', call, option, call]);
      expectUsageError(expect, run, `${option} ${call} would overwrite the call ${call}`);
    }
    const spelled = join(dir, '.', 'keep.wav');
    const run = await cli(['analyze', call, '--json', spelled]);
    expectUsageError(expect, run, `--json ${spelled} would overwrite the call ${call}`);
    const link = path('keep-link.json');
    linkSync(call, link);
    const linked = await cli(['analyze', call, '--html', link]);
    expectUsageError(expect, linked, `--html ${link} would overwrite the call ${call}`);
    const profile = await cli(['analyze', call, '--agent-profile', call]);
    expectUsageError(expect, profile, `--agent-profile ${call} would overwrite the call ${call}`);
    expect(readFileSync(call).equals(before)).toBe(true);
  });

  it('refuses an output that is one of two mono files, or the settings file', async ({ expect }) => {
    const agent = path('mono-agent.wav');
    const customer = path('mono-customer.wav');
    const scene = smallCall(4);
    writeStereoWav(agent, scene); // any file will do: the check comes before reading it
    writeStereoWav(customer, scene);
    const run = await cli(['analyze', '--agent', agent, '--customer', customer, '--csv', customer]);
    expectUsageError(expect, run, `--csv ${customer} would overwrite the customer file ${customer}`);
    const settings = path('settings.json');
    writeFileSync(settings, '{}');
    const set = await cli(['analyze', call, '--settings', settings, '--json', settings]);
    expectUsageError(expect, set, `--json ${settings} would overwrite the settings file ${settings}`);
    expect(readFileSync(settings, 'utf8')).toBe('{}');
  });

  it('refuses two outputs naming the same file, and writes neither', async ({ expect }) => {
    const r = path('r.txt');
    const run = await cli(['analyze', call, '--json', r, '--csv', r]);
    expectUsageError(
      expect,
      run,
      `--json ${r} and --csv ${r} are the same file: give each output its own path`,
    );
    expect(existsSync(r)).toBe(false);
  });

  it('live and recover check their outputs too, before any capture', async ({ expect }) => {
    const rec = path('live-call.wav');
    const live = await cli([
      'live',
      '--agent-device',
      'mic',
      '--call-device',
      'monitor',
      '--record',
      rec,
      '--labels',
      rec,
    ]);
    expectUsageError(
      expect,
      live,
      `--record ${rec} and --labels ${rec} are the same file: give each output its own path`,
    );
    const r = path('recovered.txt');
    const recover = await cli(['recover', 'no-such-session', '--rttm', r, '--json', r]);
    expectUsageError(
      expect,
      recover,
      `--json ${r} and --rttm ${r} are the same file: give each output its own path`,
    );
  });

  it('a report whose folder is missing: refused before the call is read, in plain words', async ({
    expect,
  }) => {
    const nowhere = path('no-such-folder/report.json');
    const run = await cli(['analyze', call, '--json', nowhere, '--quiet']);
    expectUsageError(expect, run, `--json ${nowhere}: the folder ${path('no-such-folder')} does not exist`);
  });

  it('refuses an --out-dir that is a file', async ({ expect }) => {
    const calls = path('calls-for-file-out');
    mkdirSync(calls);
    writeStereoWav(join(calls, 'one.wav'), smallCall(4));
    const run = await cli(['analyze', calls, '--out-dir', call]);
    expectUsageError(expect, run, `--out-dir ${call} is a file, not a folder`);
  });
});

describe.concurrent('a folder of calls', () => {
  it('gives two calls that differ only in case their own reports, and says which is which', async ({
    expect,
  }) => {
    const calls = path('cased');
    const out = path('cased-reports');
    mkdirSync(calls);
    writeStereoWav(join(calls, 'a.wav'), smallCall(8));
    writeStereoWav(join(calls, 'a.WAV'), smallCall(10));
    const run = await cli(['analyze', calls, '--out-dir', out, '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // 'a.WAV' sorts first; 'a.wav' would be the same name where names ignore case, so it gets -2
    expect(readdirSync(out).sort()).toEqual(
      [
        ...['json', 'csv', 'html', 'labels.txt', 'rttm'].flatMap((ext) => [`a.WAV.${ext}`, `a.wav-2.${ext}`]),
        'summary.csv',
      ].sort(),
    );
    const upper = readReport(join(out, 'a.WAV.json'));
    const lower = readReport(join(out, 'a.wav-2.json'));
    expect(upper.source.files).toEqual([join(calls, 'a.WAV')]);
    expect(upper.source.durationSec).toBeCloseTo(10, 2);
    expect(lower.source.files).toEqual([join(calls, 'a.wav')]);
    expect(lower.source.durationSec).toBeCloseTo(8, 2);
    expect(readFileSync(join(out, 'a.wav-2.rttm'), 'utf8')).toMatch(/^SPEAKER a\.wav-2 1 /);
    const summary = lines(readFileSync(join(out, 'summary.csv'), 'utf8')).map((r) => r.split(','));
    const header = summary[0] ?? [];
    const col = (name: string): number => header.indexOf(name);
    expect(
      summary.slice(1).map((r) => [r[col('file')], r[col('reportName')], Number(r[col('durationSec')])]),
    ).toEqual([
      ['a.WAV', 'a.WAV', 10],
      ['a.wav', 'a.wav-2', 8],
    ]);
  });

  it('writes a file name that would be a spreadsheet formula harmlessly in summary.csv', async ({
    expect,
  }) => {
    const calls = path('formulas');
    const out = path('formula-reports');
    mkdirSync(calls);
    const evil = '=HYPERLINK("evil.example")&"x".wav';
    writeStereoWav(join(calls, evil), smallCall(4));
    const run = await cli(['analyze', calls, '--out-dir', out, '--quiet']);
    expect(run.code).toBe(0);
    const summary = lines(readFileSync(join(out, 'summary.csv'), 'utf8'));
    expect(summary[1]).toMatch(/^"'=HYPERLINK\(""evil\.example""\)&""x""\.wav",/);
    for (const line of summary) expect(line).not.toMatch(/(^|,)[=+\-@\t\r]/);
    expect(existsSync(join(out, '=HYPERLINK("evil.example")&"x".json'))).toBe(true);
  });

  it('tries every audio file: one that cannot be read fails on its own and the others go on', async ({
    expect,
  }) => {
    const calls = path('mixed');
    const out = path('mixed-reports');
    mkdirSync(calls);
    writeStereoWav(join(calls, 'good.wav'), smallCall(4));
    writeFileSync(join(calls, 'junk.mp3'), 'not audio at all, just some text in a file named .mp3\n');
    writeFileSync(join(calls, 'notes.txt'), 'not a call\n');
    mkdirSync(join(calls, 'older.wav')); // a folder, whatever its name: not a call
    const run = await cli(['analyze', calls, '--out-dir', out, '--quiet']);
    expect(run.code).toBe(1);
    const errors = lines(run.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^softspoken: error: .*junk\.mp3/);
    expect(readdirSync(out)).toContain('good.json');
    const summary = lines(readFileSync(join(out, 'summary.csv'), 'utf8')).map((r) => r.split(','));
    expect(summary.slice(1).map((r) => r[0])).toEqual(['good.wav', 'junk.mp3']);
  });

  it('says what audio it looks for when a folder holds none', async ({ expect }) => {
    const empty = path('no-audio');
    mkdirSync(empty);
    writeFileSync(join(empty, 'readme.txt'), 'calls go here\n');
    const run = await cli(['analyze', empty, '--out-dir', path('no-audio-out')]);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      `softspoken: error: ${empty} holds no audio files (WAV, MP3, FLAC, Ogg, M4A…)`,
    ]);
  });
});
