/**
 * The softspoken command end to end: `node bin/softspoken.js` in a child process (the compiled CLI in
 * dist/, as users run it) on WAV files written to a temporary folder.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, type ExpectStatic, it } from 'vitest';
import { encodeWav } from '../../dsp/wav.js';
import { composeScene, type Scene, writeStereoWav } from '../../scripts/scene/compose.js';
import { DEFAULT_SETTINGS, SETTING_NAMES } from '../../src/engine/settings.js';
import type { Report } from '../../src/report/schema.js';
import { callWithPeak, cli, type CliRun, expectBuilt, ROOT } from '../helpers/cli.js';
import { fmtChunk, pcm16Header, wavFile } from '../helpers/wav-bytes.js';

const RATE = 16000;

const lines = (text: string): string[] =>
  text.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);

const dir = mkdtempSync(join(tmpdir(), 'softspoken-cli-'));
const path = (name: string): string => join(dir, name);

beforeAll(expectBuilt);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A short call: the agent greets, the customer answers, the agent replies. */
function smallCall(seconds = 9): Scene {
  return composeScene(
    [
      { party: 'agent', clip: 'a-kal16-calm-2', atSec: 0.5 },
      { party: 'customer', clip: 'c-slt-calm-2', atSec: 3.0 },
      { party: 'agent', clip: 'a-kal16-calm-3', atSec: 6.5 },
    ],
    { durationSec: seconds, sampleRateHz: RATE },
  );
}

const readReport = (file: string): Report => JSON.parse(readFileSync(file, 'utf8')) as Report;

/** Interleaved 16-bit PCM bytes of the scene (agent first), for the hand-built headers of wav-bytes.ts. */
function pcm16Data(scene: Scene): Uint8Array {
  const out = new Uint8Array(scene.agent.length * 4);
  const view = new DataView(out.buffer);
  const int = (x: number): number => Math.max(-32768, Math.min(32767, Math.round(x * 32768)));
  for (let i = 0; i < scene.agent.length; i++) {
    view.setInt16(4 * i, int(scene.agent[i] as number), true);
    view.setInt16(4 * i + 2, int(scene.customer[i] as number), true);
  }
  return out;
}

const STEREO_FMT = { formatTag: 1, channels: 2, sampleRateHz: RATE, bitsPerSample: 16 };

/** No stack trace: no line of a V8 trace ("    at fn (file:line:col)"). */
function expectNoStackTrace(expect: ExpectStatic, run: CliRun): void {
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stdout).not.toMatch(/^\s+at /m);
}

describe.concurrent('softspoken analyze', () => {
  it('analyzes a stereo call: a summary on stdout, a JSON report and an events CSV', async ({ expect }) => {
    const call = path('peak-call.wav');
    const scene = callWithPeak();
    writeStereoWav(call, scene);
    const json = path('peak-call.json');
    const csv = path('peak-call.csv');
    const run = await cli(['analyze', call, '--json', json, '--csv', csv]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const report = readReport(json);
    for (const key of ['schema', 'speech', 'events', 'summary', 'timeline'] as const) {
      expect(report).toHaveProperty(key);
    }
    expect(report.schema).toBe('softspoken.report/1');
    expect(report.source).toMatchObject({ files: [call], sampleRateHz: RATE, channels: 2, agentChannel: 0 });
    expect(report.source.durationSec).toBeCloseTo(18, 2);
    expect(Array.isArray(report.speech.agent) && Array.isArray(report.speech.customer)).toBe(true);
    expect(report.timeline.agentDb.length).toBeGreaterThan(0);

    const peaks = report.events.filter((e) => e.type === 'customerPeak');
    expect(run.stdout).toContain(call);
    expect(run.stdout).toContain('(18.0 s)');
    expect(peaks.length).toBeGreaterThan(0); // three angry sentences 8 dB above the calm ones
    expect(run.stdout).toMatch(new RegExp(`^customer peaks: ${peaks.length}$`, 'm'));
    // one line per peak: complied, NOT complied, or not judged (no reply)
    expect(
      run.stdout.match(/^ +\d+\. \d+:\d\d\.\d-\d+:\d\d\.\d .*(complied|no reply, not judged)/gm),
    ).toHaveLength(peaks.length);
    expect(run.stdout).toContain(`report: ${json}`);

    const rows = lines(readFileSync(csv, 'utf8'));
    const header = (rows[0] ?? '').split(',');
    expect(header.slice(0, 3)).toEqual(['type', 'start', 'end']);
    expect(header).toEqual(
      expect.arrayContaining(['atPeak', 'afterPeak', 'gapSec', 'complied', 'unanswered', 'reasons']),
    );
    expect(rows).toHaveLength(report.events.length + 1);
    rows.slice(1).forEach((row, i) => {
      const cells = row.split(',');
      expect(cells.length).toBeGreaterThanOrEqual(header.length);
      expect(cells[0]).toBe(report.events[i]?.type);
      expect(Number(cells[1])).toBe(report.events[i]?.start);
    });
  });

  it('takes the call as two mono files, and follows --agent-channel', async ({ expect }) => {
    const scene = smallCall();
    const agentFile = path('agent.wav');
    const customerFile = path('customer.wav');
    const stereo = path('two-party.wav');
    const swapped = path('two-party-swapped.wav');
    writeFileSync(agentFile, encodeWav([scene.agent], RATE));
    writeFileSync(customerFile, encodeWav([scene.customer], RATE));
    writeFileSync(stereo, encodeWav([scene.agent, scene.customer], RATE));
    writeFileSync(swapped, encodeWav([scene.customer, scene.agent], RATE));

    const twoJson = path('two-files.json');
    const two = await cli(['analyze', '--agent', agentFile, '--customer', customerFile, '--json', twoJson]);
    expect(two.stderr).toBe('');
    expect(two.code).toBe(0);
    expect(two.stdout).toContain('agent and customer files');
    const fromTwo = readReport(twoJson);
    expect(fromTwo.source).toMatchObject({
      files: [agentFile, customerFile],
      channels: 2,
      agentChannel: null,
    });
    expect(fromTwo.speech.agent.length).toBeGreaterThan(0);
    expect(fromTwo.speech.customer.length).toBeGreaterThan(0);

    // The same samples as one stereo file (agent left) give the same speech ...
    const leftJson = path('left.json');
    expect((await cli(['analyze', stereo, '--json', leftJson, '--quiet'])).code).toBe(0);
    expect(readReport(leftJson).speech).toEqual(fromTwo.speech);
    // ... and so do the channels swapped in the file with --agent-channel 1.
    const rightJson = path('right.json');
    const right = await cli(['analyze', swapped, '--agent-channel', '1', '--json', rightJson]);
    expect(right.code).toBe(0);
    expect(right.stdout).toContain('agent = channel 1');
    const fromRight = readReport(rightJson);
    expect(fromRight.source.agentChannel).toBe(1);
    expect(fromRight.speech).toEqual(fromTwo.speech);

    // Reading the unswapped file with --agent-channel 1 mirrors the parties.
    const mirrorJson = path('mirror.json');
    expect(
      (await cli(['analyze', stereo, '--agent-channel', '1', '--json', mirrorJson, '--quiet'])).code,
    ).toBe(0);
    const mirrored = readReport(mirrorJson).speech;
    for (const [mine, theirs] of [
      [mirrored.agent, fromTwo.speech.customer],
      [mirrored.customer, fromTwo.speech.agent],
    ] as const) {
      expect(mine).toHaveLength(theirs.length);
      mine.forEach(([s, e], i) => {
        expect(Math.abs(s - (theirs[i]?.[0] ?? NaN))).toBeLessThanOrEqual(0.05);
        expect(Math.abs(e - (theirs[i]?.[1] ?? NaN))).toBeLessThanOrEqual(0.05);
      });
    }
  });

  it('analyzes a folder of calls into --out-dir: NAME.json, .csv, .html, .labels.txt and .rttm per call and summary.csv', async ({
    expect,
  }) => {
    const calls = path('calls');
    const out = path('reports');
    mkdirSync(calls);
    writeStereoWav(join(calls, 'monday.wav'), smallCall(8));
    writeStereoWav(join(calls, 'tuesday.wav'), smallCall(10), 1);
    writeFileSync(join(calls, 'notes.txt'), 'not a call\n');
    const run = await cli(['analyze', calls, '--out-dir', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2 of 2 calls analyzed');
    expect(readdirSync(out).sort()).toEqual([
      'monday.csv',
      'monday.html',
      'monday.json',
      'monday.labels.txt',
      'monday.rttm',
      'summary.csv',
      'tuesday.csv',
      'tuesday.html',
      'tuesday.json',
      'tuesday.labels.txt',
      'tuesday.rttm',
    ]);
    expect(readReport(join(out, 'monday.json')).source.durationSec).toBeCloseTo(8, 2);
    expect(readReport(join(out, 'tuesday.json')).source.durationSec).toBeCloseTo(10, 2);
    const summary = lines(readFileSync(join(out, 'summary.csv'), 'utf8'));
    expect(summary).toHaveLength(3);
    expect(summary[0]?.split(',')[0]).toBe('file');
    expect(summary[0]?.split(',')).toEqual(
      expect.arrayContaining(['compliedPeaks', 'unansweredPeaks', 'compliance']),
    );
    expect(summary.slice(1).map((r) => r.split(',')[0])).toEqual(['monday.wav', 'tuesday.wav']);
    expect(summary.slice(1).map((r) => Number(r.split(',')[1]))).toEqual([8, 10]);
  });
});

describe.concurrent('bad input: a non-zero exit and one plain line on stderr', () => {
  const good = path('good.wav');
  const missing = path('missing.wav');
  const noWavs = path('no-wavs');
  const notWav = path('notes.wav');
  const adpcm = path('adpcm.wav');
  const mono = path('mono.wav');
  const empty = path('empty.wav');
  const headerOnly = path('header-only.wav');
  const outDir = path('bad-out');

  beforeAll(() => {
    writeStereoWav(good, smallCall(4));
    mkdirSync(noWavs);
    writeFileSync(join(noWavs, 'readme.txt'), 'calls go here\n');
    writeFileSync(notWav, 'Customer called about the bill; agent raised a refund.\n');
    const fmt = fmtChunk({
      formatTag: 0x0011,
      channels: 2,
      sampleRateHz: 8000,
      bitsPerSample: 4,
      blockAlign: 512,
    });
    writeFileSync(adpcm, wavFile({ fmt, data: new Uint8Array(2048) }));
    writeFileSync(mono, encodeWav([smallCall(4).customer], RATE));
    writeFileSync(empty, '');
    writeFileSync(headerOnly, pcm16Header(2, RATE, 0));
  });

  const inputErrors: [string, () => string[], RegExp, () => string][] = [
    ['a missing file', () => ['analyze', missing], /no such file/, () => missing],
    [
      'a folder with no audio files',
      () => ['analyze', noWavs, '--out-dir', outDir],
      /holds no audio files \(WAV, MP3, FLAC, Ogg, M4A…\)/,
      () => noWavs,
    ],
    ['a text file named .wav', () => ['analyze', notWav], /not an audio file/, () => notWav],
    [
      'an unsupported codec (IMA ADPCM)',
      () => ['analyze', adpcm],
      /unsupported WAV encoding: IMA ADPCM/,
      () => adpcm,
    ],
    ['a mono file as the call', () => ['analyze', mono], /is mono/, () => mono],
    ['an empty file', () => ['analyze', empty], /file is empty/, () => empty],
    ['a header with no audio frames', () => ['analyze', headerOnly], /holds no audio/, () => headerOnly],
  ];

  it.for(inputErrors)('%s', async ([, args, message, file], { expect }) => {
    const run = await cli(args());
    expect(run.code).toBe(1);
    expectNoStackTrace(expect, run);
    const err = lines(run.stderr);
    expect(err, run.stderr).toHaveLength(1);
    expect(err[0]).toMatch(/^softspoken: error: /);
    expect(err[0]).toMatch(message);
    expect(err[0]).toContain(file());
    expect(run.stdout).toBe('');
  });

  const usageErrors: [string, string[], RegExp][] = [
    ['--agent-channel 2', ['--agent-channel', '2'], /--agent-channel must be 0 or 1, not '2'/],
    ['an unknown option', ['--loudness-war'], /unknown option '--loudness-war'/i],
    ['--set peakDb=abc', ['--set', 'peakDb=abc'], /--set peakDb takes a number, not 'abc'/],
    ['--set unknownThing=1', ['--set', 'unknownThing=1'], /unknown setting 'unknownThing'/],
  ];

  it.for(usageErrors)('%s', async ([, extra, message], { expect }) => {
    const run = await cli(['analyze', good, ...extra]);
    expect(run.code).toBe(2);
    expectNoStackTrace(expect, run);
    const err = lines(run.stderr);
    expect(err, run.stderr).toHaveLength(2);
    expect(err[0]).toMatch(/^softspoken: /);
    expect(err[0]).not.toMatch(/^softspoken: (error|warning|internal error):/);
    expect(err[0]).toMatch(message);
    expect(err[1]).toBe("Try 'softspoken --help'.");
    expect(run.stdout).toBe('');
  });
});

describe.concurrent('warnings: analyzed anyway, exit 0', () => {
  /** Runs the CLI on `file` with a JSON report; expects success and only warning lines on stderr. */
  async function analyzeWithWarnings(
    expect: ExpectStatic,
    file: string,
  ): Promise<{ warnings: string[]; report: Report; run: CliRun }> {
    const json = `${file}.json`;
    const run = await cli(['analyze', file, '--json', json]);
    expect(run.code, run.stderr).toBe(0);
    expectNoStackTrace(expect, run);
    const warnings = lines(run.stderr);
    for (const w of warnings) expect(w).toMatch(/^softspoken: warning: /);
    expect(run.stdout).toContain('customer peaks:');
    return { warnings, report: readReport(json), run };
  }

  it('a header without a data size (streaming writer, 0xFFFFFFFF)', async ({ expect }) => {
    const file = path('streamed.wav');
    writeFileSync(
      file,
      wavFile({ fmt: STEREO_FMT, data: pcm16Data(smallCall(5)), dataSizeBytes: 0xffffffff }),
    );
    const { warnings, report } = await analyzeWithWarnings(expect, file);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(file);
    expect(warnings[0]).toMatch(/no data size \(streaming writer\)/);
    expect(report.source.durationSec).toBeCloseTo(5, 2);
    expect(report.warnings).toHaveLength(1);
  });

  it('a file cut short (the header declares more audio than there is)', async ({ expect }) => {
    const file = path('cut-short.wav');
    const data = pcm16Data(smallCall(5));
    writeFileSync(file, wavFile({ fmt: STEREO_FMT, data, dataSizeBytes: 2 * data.length }));
    const { warnings, report } = await analyzeWithWarnings(expect, file);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(file);
    expect(warnings[0]).toMatch(/cut short/);
    expect(warnings[0]).toMatch(/10\.0 s .* 5\.0 s/);
    expect(report.source.durationSec).toBeCloseTo(5, 2);
  });

  it('an all-zero call: a warning naming the silence and a report with no speech', async ({ expect }) => {
    const file = path('silent.wav');
    writeFileSync(file, encodeWav([new Float32Array(4 * RATE), new Float32Array(4 * RATE)], RATE));
    const { warnings, report } = await analyzeWithWarnings(expect, file);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/silent/);
    expect(report.speech).toEqual({ agent: [], customer: [] });
    expect(report.events).toEqual([]);
    expect(report.warnings).toEqual([expect.stringMatching(/silent/)]);
  });
});

describe.concurrent('help and settings', () => {
  it('--help lists every setting', async ({ expect }) => {
    for (const args of [['--help'], ['analyze', '--help']]) {
      const run = await cli(args);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^Usage:/m);
      for (const name of Object.keys(DEFAULT_SETTINGS))
        expect(run.stdout).toMatch(new RegExp(`^\\s+${name}\\s`, 'm'));
    }
    expect(SETTING_NAMES).toEqual(Object.keys(DEFAULT_SETTINGS));
  });

  it('`softspoken settings` prints the default settings as JSON', async ({ expect }) => {
    const run = await cli(['settings']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ ...DEFAULT_SETTINGS });
  });
});

describe.concurrent('--agent-profile', () => {
  const FIXTURE = join(ROOT, 'test/fixtures/calls/e2e-call.wav');
  const readProfile = (file: string): Record<string, unknown> =>
    JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

  it('is created by a first call and updated by the next with the level measured on each', async ({
    expect,
  }) => {
    const profile = path('profiles/anna.json'); // its folder is made too
    const json = path('profile-call.json');
    const first = await cli(['analyze', FIXTURE, '--agent-profile', profile, '--json', json]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const { baselines } = readReport(json);
    expect(baselines.agentNormalFrom).toBe('call');
    expect(typeof baselines.agentNormalDb).toBe('number');
    expect(first.stdout).toContain(`agent profile: ${profile} (`);
    const once = readProfile(profile);
    expect(once).toMatchObject({
      schema: 'softspoken.agent-profile/1',
      agent: null,
      agentNormalDb: baselines.agentNormalDb,
      calls: 1,
    });
    expect(readFileSync(profile, 'utf8')).toMatch(/^\{\n {2}"schema"[^]*\}\n$/);

    const second = await cli(['analyze', FIXTURE, '--agent-profile', profile, '--quiet']);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
    const twice = readProfile(profile);
    // the same call again: the mean of two equal levels
    expect(twice).toMatchObject({ agentNormalDb: baselines.agentNormalDb, calls: 2 });
    expect(Date.parse(twice['updated'] as string)).toBeGreaterThanOrEqual(
      Date.parse(once['updated'] as string),
    );
  });

  it("starts the agent's level from the profile where the call has too little agent speech", async ({
    expect,
  }) => {
    const profile = path('quiet-agent.json');
    const text = JSON.stringify({
      schema: 'softspoken.agent-profile/1',
      agent: 'Anna',
      agentNormalDb: -31.2,
      calls: 7,
      updated: '2026-11-01T09:00:00.000Z',
    });
    writeFileSync(profile, text);
    const call = path('no-agent.wav');
    writeFileSync(call, encodeWav([new Float32Array(4 * RATE), new Float32Array(4 * RATE)], RATE));
    const json = path('no-agent.json');
    const run = await cli(['analyze', call, '--agent-profile', profile, '--json', json]);
    expect(run.code).toBe(0);
    expect(readReport(json).baselines).toMatchObject({ agentNormalFrom: 'profile', agentNormalDb: -31.2 });
    const notUpdated = lines(run.stderr).filter((l) => !l.startsWith('softspoken: warning: '));
    expect(notUpdated).toEqual([
      `softspoken: agent profile ${profile} not updated: too little agent speech to measure their level on this call`,
    ]);
    expect(readFileSync(profile, 'utf8')).toBe(text);
  });

  it('a corrupt profile: exit 1 and one line naming the file', async ({ expect }) => {
    const profile = path('corrupt-profile.json');
    writeFileSync(profile, '{ "schema": "softspoken.agent-profile/1", ');
    const run = await cli(['analyze', FIXTURE, '--agent-profile', profile]);
    expect(run.code).toBe(1);
    expectNoStackTrace(expect, run);
    expect(lines(run.stderr)).toEqual([`softspoken: error: agent profile ${profile} is not valid JSON`]);
    expect(run.stdout).toBe('');
  });
});
