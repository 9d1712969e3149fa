/**
 * The queue's cache key and runner, without a browser: the content digest is SHA-256 over each chunk's
 * SHA-256 (checked against node:crypto), the key changes with the bytes, the settings and the version and
 * with nothing else; the runner keeps to its worker count, runs the call the coach opens at once, takes a
 * cached report without analysing, misses on other settings or another version, swaps the sides when
 * the guess is sure of the other side, and calls a side unsure only when the file names did not decide it.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ByteSource, CallInput } from '../../renderer/host/host.js';
import {
  CallQueue,
  progressPercent,
  workerCount,
  type Analyzer,
  type Progress,
  type RunningAnalysis,
} from '../../renderer/queue/call-queue.js';
import { memoryReportCache, type ReportCache } from '../../renderer/queue/report-cache.js';
import { cacheKey, contentDigest } from '../../src/report/report-key.js';
import { DEFAULT_SETTINGS } from '../../src/engine/settings.js';
import type { SideGuess, WorkerMessage } from '../../src/ipc/worker-protocol.js';
import { threePeakCall } from '../report/make-report.js';

type AnalysisResult = Extract<WorkerMessage, { type: 'done' }>;

const sha = (bytes: Uint8Array): Buffer => createHash('sha256').update(bytes).digest();
const bytesOf = (n: number, seed: number): Uint8Array =>
  Uint8Array.from({ length: n }, (_, i) => (i * seed) % 251);

describe('the content digest and the cache key', () => {
  it('is SHA-256 over the SHA-256 of each chunk, in order', async () => {
    const bytes = bytesOf(2500, 7);
    const expected = sha(
      Buffer.concat([
        sha(bytes.subarray(0, 1000)),
        sha(bytes.subarray(1000, 2000)),
        sha(bytes.subarray(2000)),
      ]),
    ).toString('hex');
    expect(await contentDigest(new Blob([bytes]), 1000)).toBe(expected);
    // an empty file is one empty chunk
    expect(await contentDigest(new Blob([]), 1000)).toBe(sha(sha(new Uint8Array(0))).toString('hex'));
    await expect(contentDigest(new Blob([bytes]), 0)).rejects.toThrow(RangeError);
  });

  it('depends on the bytes only: the same bytes in another Blob agree, one changed byte does not', async () => {
    const bytes = bytesOf(5000, 13);
    const same = await contentDigest(new Blob([bytes.subarray(0, 1234), bytes.subarray(1234)]), 1024);
    expect(same).toBe(await contentDigest(new Blob([bytes]), 1024));
    const changed = bytes.slice();
    changed[4321] = (changed[4321] ?? 0) ^ 1;
    expect(await contentDigest(new Blob([changed]), 1024)).not.toBe(same);
  });

  it('changes with the settings and the version, not with the order of the settings', async () => {
    const key = await cacheKey('abc', DEFAULT_SETTINGS, '1.0.0');
    expect(key.startsWith('abc:')).toBe(true);
    const reordered = Object.fromEntries(Object.entries(DEFAULT_SETTINGS).reverse());
    expect(await cacheKey('abc', reordered, '1.0.0')).toBe(key);
    expect(await cacheKey('abc', { ...DEFAULT_SETTINGS, minPauseSec: 1.5 }, '1.0.0')).not.toBe(key);
    expect(await cacheKey('abc', DEFAULT_SETTINGS, '1.0.1')).not.toBe(key);
    expect(await cacheKey('abd', DEFAULT_SETTINGS, '1.0.0')).not.toBe(key);
  });
});

/** A fake worker: each analysis waits until the test settles it. */
class FakeAnalyzers {
  readonly started: {
    name: string;
    side: 0 | 1;
    progress: (p: Progress) => void;
    settle: (r: AnalysisResult | Error) => void;
  }[] = [];
  running = 0;
  maxRunning = 0;
  made = 0;
  closed = 0;
  guess: SideGuess = { agentSide: 0, confidence: 'high', reasons: [] };

  /** The analysis of `name` (the last one started); the order two calls start in is their hashing's. */
  of(name: string) {
    const run = this.started.filter((s) => s.name === name).at(-1);
    if (run === undefined) throw new Error(`${name} was not started`);
    return run;
  }

  make = (): Analyzer => {
    this.made += 1;
    return {
      analyze: (parts: ByteSource[], side: 0 | 1, onProgress: (p: Progress) => void): RunningAnalysis => {
        this.running += 1;
        this.maxRunning = Math.max(this.maxRunning, this.running);
        let settle: (r: AnalysisResult | Error) => void = () => undefined;
        const result = new Promise<AnalysisResult>((resolve, reject) => {
          settle = (r) => {
            this.running -= 1;
            if (r instanceof Error) reject(r);
            else resolve(r);
          };
        });
        this.started.push({ name: parts[0]?.name ?? '', side, progress: onProgress, settle });
        return { result, cancel: () => settle(new Error('cancelled')) };
      },
      close: () => void (this.closed += 1),
    };
  };

  result(version = '1.0.0'): AnalysisResult {
    const report = threePeakCall();
    report.analyzer.version = version;
    return { type: 'done', report, playback: new Blob([]), guess: this.guess };
  }
}

const call = (name: string, seed: number): CallInput => ({
  key: name,
  name,
  parts: [{ name, sizeBytes: 3000, blob: new Blob([bytesOf(3000, seed)]) }],
  rememberedAgentSide: null,
});
const calls = [call('a.wav', 3), call('b.wav', 5), call('c.wav', 7), call('d.wav', 11)];
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await tick();
  expect(check()).toBe(true);
}

function queueOf(
  fakes: FakeAnalyzers,
  cache: ReportCache,
  options: { workers?: number; version?: string; settings?: object; stallMs?: number } = {},
) {
  return new CallQueue(calls, {
    newAnalyzer: fakes.make,
    cache,
    settings: options.settings ?? DEFAULT_SETTINGS,
    version: options.version ?? '1.0.0',
    workers: options.workers ?? 2,
    ...(options.stallMs !== undefined && { stallMs: options.stallMs }),
  });
}

describe('the queue runner', () => {
  it('runs one worker per core, from 1 to 4', () => {
    expect([undefined, 0, 1, 2, 3, 4, 16].map((n) => workerCount(n))).toEqual([1, 1, 1, 2, 3, 4, 4]);
    expect(progressPercent({ phase: 'levels', secondsDone: 10, secondsTotal: 20 })).toBe(8);
    expect(progressPercent({ phase: 'analysis', secondsDone: 20, secondsTotal: 20 })).toBe(100);
    expect(progressPercent({ phase: 'analysis', secondsDone: 5, secondsTotal: null })).toBeNull();
  });

  it('keeps to its workers, runs an opened call at once, and shows each call’s progress', async () => {
    const fakes = new FakeAnalyzers();
    const queue = queueOf(fakes, memoryReportCache());
    queue.start();
    await until(() => fakes.started.length === 2);
    expect(fakes.started.map((s) => s.name).sort()).toEqual(['a.wav', 'b.wav']);
    fakes.of('a.wav').progress({ phase: 'analysis', secondsDone: 5, secondsTotal: 20 }); // 15 % + 85 % × 1/4
    expect(queue.entry('q0')?.status).toEqual({ state: 'analyzing', percent: 36, again: false });
    expect(queue.entry('q3')?.status).toEqual({ state: 'queued' });
    // the coach opens d.wav: it starts now, before c.wav, beyond the two workers
    queue.runNow('q3');
    await until(() => fakes.started.length === 3);
    expect(fakes.started[2]?.name).toBe('d.wav');
    fakes.of('d.wav').settle(fakes.result());
    expect((await queue.settled('q3')).status).toEqual({ state: 'done', cached: false });
    fakes.of('a.wav').settle(new Error('a.wav: the recording is mono\nat worker'));
    await until(() => fakes.started.length === 4);
    expect(queue.entry('q0')?.status).toEqual({ state: 'failed', reason: 'the recording is mono' });
    expect(fakes.started[3]?.name).toBe('c.wav');
    fakes.of('b.wav').settle(fakes.result());
    fakes.of('c.wav').settle(fakes.result());
    await Promise.all(queue.entries.map((e) => queue.settled(e.id)));
    expect(fakes.maxRunning).toBe(3);
    expect(queue.analysesRun).toBe(4);
    // all analysed: every worker is let go
    await until(() => fakes.closed === fakes.made);
    expect(fakes.made).toBe(3);
    expect(queue.rows().find((r) => r.id === 'q1')?.summary?.problems).toMatch(/^2 of 3 peaks not complied/);
    queue.close();
  });

  it('opens analysed calls from the cache; other settings or another version miss it', async () => {
    const cache = memoryReportCache();
    const first = new FakeAnalyzers();
    const queue = queueOf(first, cache, { workers: 4 });
    queue.start();
    await until(() => first.started.length === 4);
    for (const s of first.started) s.settle(first.result());
    await Promise.all(queue.entries.map((e) => queue.settled(e.id)));

    const again = new FakeAnalyzers();
    const cached = queueOf(again, cache);
    cached.start();
    await Promise.all(cached.entries.map((e) => cached.settled(e.id)));
    expect(cached.analysesRun).toBe(0);
    expect(again.started).toEqual([]);
    expect(cached.entries.map((e) => e.status)).toEqual(calls.map(() => ({ state: 'done', cached: true })));
    expect(cached.entries[0]?.result?.playback).toBeNull(); // no audio in the cache

    for (const options of [{ settings: { ...DEFAULT_SETTINGS, peakDb: 8 } }, { version: '1.0.1' }]) {
      const other = new FakeAnalyzers();
      const missed = queueOf(other, cache, options);
      missed.start();
      await until(() => other.started.length === 2);
      expect(missed.analysesRun).toBe(2);
      missed.close();
    }
  });

  it('analyses again with the sides swapped when the guess is sure of the other side', async () => {
    const fakes = new FakeAnalyzers();
    fakes.guess = { agentSide: 1, confidence: 'medium', reasons: [] };
    const queue = queueOf(fakes, memoryReportCache(), { workers: 1 });
    queue.start();
    await until(() => fakes.started.length === 1);
    fakes.started[0]?.settle(fakes.result());
    await until(() => fakes.started.length === 2);
    expect(fakes.started.map((s) => s.side)).toEqual([0, 1]);
    fakes.started[1]?.progress({ phase: 'levels', secondsDone: 0, secondsTotal: 20 });
    expect(queue.entry('q0')?.status).toEqual({ state: 'analyzing', percent: 0, again: true });
    fakes.started[1]?.settle(fakes.result());
    expect((await queue.settled('q0')).result?.side).toBe(1);
    queue.close();
  });

  it('flags an unsure side only when the file names did not decide it, as the review page does', async () => {
    const fakes = new FakeAnalyzers();
    fakes.guess = { agentSide: 0, confidence: 'low', reasons: [] };
    const mono = (name: string, seed: number): ByteSource => ({
      name,
      sizeBytes: 3000,
      blob: new Blob([bytesOf(3000, seed)]),
    });
    const pair = (names: [string, string]): CallInput => ({
      key: names.join('+'),
      name: names.join(' + '),
      parts: [mono(names[0], 3), mono(names[1], 5)],
      rememberedAgentSide: null,
    });
    const queue = new CallQueue(
      [pair(['call-customer.wav', 'call-agent.wav']), pair(['left.wav', 'right.wav']), call('a.wav', 7)],
      {
        newAnalyzer: fakes.make,
        cache: memoryReportCache(),
        settings: DEFAULT_SETTINGS,
        version: '1.0.0',
        workers: 3,
      },
    );
    queue.start();
    await until(() => fakes.started.length === 3);
    for (const s of fakes.started) s.settle(fakes.result());
    await Promise.all(queue.entries.map((e) => queue.settled(e.id)));
    // the names put the agent in the second file: taken at their word, not guessed again
    expect(fakes.of('call-customer.wav').side).toBe(1);
    expect(queue.rows().map((r) => r.sideUnsure)).toEqual([false, true, true]);
    queue.close();
  });

  it('stops an analysis that sends no progress, fails its call with a reason, and goes on with the next', async () => {
    const fakes = new FakeAnalyzers();
    const queue = queueOf(fakes, memoryReportCache(), { workers: 1, stallMs: 150 });
    queue.start();
    await until(() => fakes.started.length === 1);
    // progress keeps an analysis alive past the stall time...
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 60));
      fakes.of('a.wav').progress({ phase: 'analysis', secondsDone: i, secondsTotal: 20 });
    }
    expect(queue.entry('q0')?.status.state).toBe('analyzing');
    // ...silence stops it: the call fails, the next one starts
    await until(() => queue.entry('q0')?.status.state === 'failed');
    expect(queue.entry('q0')?.status).toEqual({
      state: 'failed',
      reason: expect.stringMatching(
        /^the analysis stopped: no progress for \d+ s \(open the call to try again\)$/,
      ),
    });
    await until(() => fakes.started.length === 2);
    fakes.of('b.wav').settle(fakes.result());
    queue.close();
  });

  it('exports summary rows under the report names the command line gives the same files', async () => {
    const fakes = new FakeAnalyzers();
    const named = [call('mon/a.wav', 3), call('tue/a.MP3', 5), call('b.wav', 7), call('summary.wav', 11)];
    const queue = new CallQueue(named, {
      newAnalyzer: fakes.make,
      cache: memoryReportCache(),
      settings: DEFAULT_SETTINGS,
      version: '1.0.0',
      workers: 4,
    });
    queue.start();
    await until(() => fakes.started.length === 4);
    fakes.of('mon/a.wav').settle(fakes.result());
    fakes.of('tue/a.MP3').settle(new Error('tue/a.MP3: not audio'));
    fakes.of('summary.wav').settle(fakes.result());
    await Promise.all(['q0', 'q1', 'q3'].map((id) => queue.settled(id)));
    // b.wav not scored yet: left out; the failed one keeps its reason; the names are the CLI's (a.wav, not a)
    expect(
      queue.summaryRows().map((r) => [r.file, r.reportName, r.report === null ? r.error : 'scored']),
    ).toEqual([
      ['mon/a.wav', 'a.wav', 'scored'],
      ['tue/a.MP3', 'a.MP3', 'not audio'],
      ['summary.wav', 'summary.wav', 'scored'],
    ]);
    fakes.of('b.wav').settle(fakes.result());
    queue.close();
  });
});
