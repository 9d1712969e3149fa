/**
 * A QA team's folder runs, end to end (`node bin/softspoken.js analyze FOLDER --out-dir DIR`, the compiled
 * CLI): the calls analysed on several jobs give the same reports and summary as on one, in the folder's
 * order; a run again skips the calls whose reports are current and analyses only what is new or missing;
 * other settings analyse again; a bad --jobs is refused. The progress line is tested as words.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeScene, writeStereoWav } from '../../scripts/scene/compose.js';
import { progressLine } from '../../src/node/folder-run.js';
import type { Report } from '../../src/report/schema.js';
import { callWithPeak, cli, expectBuilt } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'softspoken-folder-run-'));
const path = (name: string): string => join(dir, name);
const calls = path('calls');

beforeAll(() => {
  expectBuilt();
  mkdirSync(calls);
  writeStereoWav(join(calls, 'a-peak.wav'), callWithPeak());
  for (const [name, atSec] of [
    ['b-short.wav', 0.5],
    ['c-late.wav', 2],
  ] as const) {
    const scene = composeScene(
      [
        { party: 'agent', clip: 'a-kal16-calm-2', atSec },
        { party: 'customer', clip: 'c-slt-calm-2', atSec: atSec + 2.5 },
      ],
      { durationSec: 9, sampleRateHz: 16000 },
    );
    writeStereoWav(join(calls, name), scene);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const summary = (out: string): string => readFileSync(join(out, 'summary.csv'), 'utf8');
const mtime = (file: string): number => statSync(file).mtimeMs;
/** The calls' summaries as printed, by the first line of each ("…/calls/a-peak.wav: 0:15.0 (15.0 s), …"). */
const printedOrder = (stdout: string): string[] =>
  [...stdout.matchAll(/^\S*\/([a-d]-[a-z]+\.wav): \d/gm)].map((m) => m[1] as string);

describe('softspoken analyze FOLDER', () => {
  it('gives the same reports on two jobs as on one, printed in the folder’s order', async () => {
    const one = await cli(['analyze', calls, '--out-dir', path('one'), '--jobs', '1']);
    const two = await cli(['analyze', calls, '--out-dir', path('two'), '--jobs', '2']);
    for (const run of [one, two]) {
      expect(run.stderr).toBe(''); // not a terminal: no progress line
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('3 of 3 calls analyzed; reports in');
      expect(printedOrder(run.stdout)).toEqual(['a-peak.wav', 'b-short.wav', 'c-late.wav']);
    }
    expect(summary(path('two'))).toBe(summary(path('one')));
    const events = (out: string): Report['events'] =>
      (JSON.parse(readFileSync(join(out, 'a-peak.json'), 'utf8')) as Report).events;
    expect(events(path('two'))).toEqual(events(path('one')));
    expect(events(path('one')).some((e) => e.type === 'customerPeak')).toBe(true);
  });

  it('skips the calls whose reports are current, and analyses only what is new, missing or changed', async () => {
    const out = path('again');
    const first = await cli(['analyze', calls, '--out-dir', out]);
    expect(first.code).toBe(0);
    const before = summary(out);
    const peakJson = join(out, 'a-peak.json');
    const written = mtime(peakJson);

    // nothing new: no call analysed, the same summary, the reports untouched
    const again = await cli(['analyze', calls, '--out-dir', out]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('3 of 3 calls analyzed, 3 skipped (their reports were current)');
    expect(printedOrder(again.stdout)).toEqual([]);
    expect(summary(out)).toBe(before);
    expect(mtime(peakJson)).toBe(written);

    // a new call arrives, and one call's reports were lost (a crash before they were all written)
    copyFileSync(join(calls, 'b-short.wav'), join(calls, 'd-copy.wav'));
    rmSync(join(out, 'c-late.html'));
    const more = await cli(['analyze', calls, '--out-dir', out]);
    expect(more.code).toBe(0);
    expect(more.stdout).toContain('4 of 4 calls analyzed, 2 skipped (their reports were current)');
    expect(printedOrder(more.stdout)).toEqual(['c-late.wav', 'd-copy.wav']);
    expect(mtime(peakJson)).toBe(written);
    expect(summary(out).trim().split('\n')).toHaveLength(5);

    // other settings: every report is out of date
    const changed = await cli(['analyze', calls, '--out-dir', out, '--set', 'minPauseSec=1.5']);
    expect(changed.code).toBe(0);
    expect(changed.stdout).toContain('4 of 4 calls analyzed; reports in');
    expect(mtime(peakJson)).toBeGreaterThan(written);
    rmSync(join(calls, 'd-copy.wav'));
  });

  it('refuses a --jobs that is not a whole number from 1 to 64, and --jobs with --agent-profile', async () => {
    for (const jobs of ['0', '1.5', 'many', '65']) {
      const run = await cli(['analyze', calls, '--out-dir', path('bad'), '--jobs', jobs]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--jobs takes a whole number of calls from 1 to 64, not '${jobs}'`);
    }
    const profile = await cli([
      'analyze',
      calls,
      '--out-dir',
      path('bad'),
      '--jobs',
      '2',
      '--agent-profile',
      path('anna.json'),
    ]);
    expect(profile.code).toBe(2);
    expect(profile.stderr).toMatch(/--agent-profile analyses the calls one at a time/);
  });
});

describe('the progress line', () => {
  it('says how many calls are done, skipped and failed, which run now, and the time left by bytes', () => {
    expect(
      progressLine({
        total: 200,
        finished: 50,
        skipped: 20,
        failed: 1,
        running: [
          { file: 'a.wav', secondsDone: 42 },
          { file: 'b.wav', secondsDone: 5 },
          { file: 'c.wav', secondsDone: 1 },
        ],
        elapsedSec: 60,
        share: 0.25,
      }),
    ).toBe(
      'softspoken: 50 of 200 calls · 20 current, skipped · 1 failed · analysing a.wav 0:42, b.wav 0:05 +1 · 1:00, about 3:00 left',
    );
    expect(
      progressLine({ total: 3, finished: 0, skipped: 0, failed: 0, running: [], elapsedSec: 2, share: null }),
    ).toBe('softspoken: 0 of 3 calls · 0:02');
  });
});
