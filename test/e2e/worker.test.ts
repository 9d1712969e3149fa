/**
 * The analysis worker in Chromium (web mode): the same call gives the same events as the Node CLI, the
 * playback is what the UI can play, bad input comes back as one line, and nothing leaves the app's origin.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWav, encodeWav, encodeWavFrames } from '../../dsp/wav.js';
import { wavFile } from '../helpers/wav-bytes.js';
import type { Report } from '../../src/report/schema.js';
import type { SideGuess, WorkerMessage } from '../../src/ipc/worker-protocol.js';
import { e2eReady, offOrigin, openApp, type AppSession } from '../../scripts/app-harness.js';
import { E2E_CALL } from './make-e2e-call.js';
import type { PageGlobals } from '../../scripts/page-globals.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');
const CODECS = join(REPO, 'test/fixtures/codecs');

/** A part as the page builds it: fetched by the worker from a URL of the app, or a Blob made from bytes. */
type PartSpec = { name: string; url: string; sizeBytes: number } | { name: string; base64: string };

interface WorkerRun {
  outcome: { type: 'done'; report: Report; guess: SideGuess } | { type: 'error' | 'crash'; message: string };
  playback: { type: string; size: number; sha256: string; base64: string | null } | null;
  progress: { phase: 'levels' | 'analysis'; secondsDone: number; secondsTotal: number | null }[];
  ms: number;
}

/** Runs one analysis in a fresh worker of the page; returns the outcome and (a digest of) the playback. */
async function runWorker(
  session: AppSession,
  parts: PartSpec[],
  agentSide: 0 | 1,
  keepPlayback = false,
): Promise<WorkerRun> {
  return session.page.evaluate(
    async ({ parts, agentSide, keepPlayback }) => {
      const page = globalThis as unknown as PageGlobals;
      const toPart = (p: PartSpec): unknown => {
        if ('url' in p)
          return { name: p.name, sizeBytes: p.sizeBytes, url: new URL(p.url, page.location.href).href };
        const bytes = Uint8Array.from(atob(p.base64), (c) => c.charCodeAt(0));
        const blob = new Blob([bytes], { type: 'audio/wav' });
        return { name: p.name, sizeBytes: blob.size, blob };
      };
      const worker = new page.Worker('worker.js', { type: 'module' });
      const started = performance.now();
      const progress: WorkerRun['progress'] = [];
      const message = await new Promise<WorkerMessage | { type: 'crash'; message: string }>((resolve) => {
        worker.onmessage = (event) => {
          if (event.data.type === 'progress') progress.push(event.data);
          else resolve(event.data);
        };
        worker.onerror = (event) => resolve({ type: 'crash', message: event.message });
        worker.postMessage({ type: 'analyze', parts: parts.map(toPart), agentSide });
      });
      const ms = performance.now() - started;
      worker.terminate();
      if (message.type !== 'done') return { outcome: message, playback: null, progress, ms } as WorkerRun;
      const bytes = new Uint8Array(await message.playback.arrayBuffer());
      const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
      let base64: string | null = null;
      if (keepPlayback) {
        let text = '';
        for (let at = 0; at < bytes.length; at += 0x8000) {
          text += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
        }
        base64 = btoa(text);
      }
      return {
        outcome: { type: 'done', report: message.report, guess: message.guess },
        playback: {
          type: message.playback.type,
          size: message.playback.size,
          sha256: Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join(''),
          base64,
        },
        progress,
        ms,
      } as WorkerRun;
    },
    { parts, agentSide, keepPlayback },
  );
}

/** The Node CLI's report of `file` (run from dist/, as a user runs it). */
function cliReport(file: string, agentChannel: 0 | 1): Report {
  const dir = mkdtempSync(join(tmpdir(), 'softspoken-e2e-cli-'));
  try {
    const out = join(dir, 'report.json');
    execFileSync(
      process.execPath,
      [
        join(REPO, 'bin/softspoken.js'),
        'analyze',
        file,
        '--agent-channel',
        String(agentChannel),
        '--json',
        out,
        '--quiet',
      ],
      { stdio: 'pipe' },
    );
    return JSON.parse(readFileSync(out, 'utf8')) as Report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Same event types and counts; each event's start and end within 0.05 s of the other's. */
function expectSameEvents(actual: Report, expected: Report): void {
  const summary = (r: Report): string[] => r.events.map((e) => e.type).sort();
  expect(summary(actual)).toEqual(summary(expected));
  expect(expected.events.length).toBeGreaterThan(2);
  for (const type of new Set(expected.events.map((e) => e.type))) {
    const a = actual.events.filter((e) => e.type === type);
    const b = expected.events.filter((e) => e.type === type);
    a.forEach((e, k) => {
      expect(Math.abs(e.start - (b[k]?.start ?? NaN))).toBeLessThanOrEqual(0.05);
      expect(Math.abs(e.end - (b[k]?.end ?? NaN))).toBeLessThanOrEqual(0.05);
    });
  }
}

const sha256 = async (bytes: Uint8Array): Promise<string> => {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(bytes).digest('hex');
};

const ready = e2eReady();

describe.skipIf(!ready)('the analysis worker in Chromium', () => {
  let session: AppSession;
  let cli: Report;
  const callBytes = new Uint8Array(readFileSync(E2E_CALL));

  beforeAll(async () => {
    session = await openApp('e2e-blank.html', {
      'calls/e2e-call.wav': E2E_CALL,
      'calls/call.mp3': join(CODECS, 'call.mp3'),
      'calls/call.m4a': join(CODECS, 'call.m4a'),
    });
    cli = cliReport(E2E_CALL, 1);
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it('analyzes a call fetched from the app like the CLI does, and plays the original file back', async () => {
    const url = { name: 'e2e-call.wav', url: 'calls/e2e-call.wav', sizeBytes: statSync(E2E_CALL).size };
    const run = await runWorker(session, [url], 1);
    if (run.outcome.type !== 'done') throw new Error(`the worker failed: ${run.outcome.message}`);
    const { report, guess } = run.outcome;
    expectSameEvents(report, cli);
    expect(report.source).toEqual({ ...cli.source, files: ['e2e-call.wav'] });
    expect(report.warnings).toEqual(cli.warnings);
    expect(report.analyzer).toEqual(cli.analyzer);
    // the agent is on the right channel and opens the call
    expect(guess.agentSide).toBe(1);
    expect(guess.reasons[0]).toMatch(/^the right channel speaks first/);
    // a 16-bit PCM stereo WAV plays as it is: the very bytes that were fetched
    expect(run.playback).toMatchObject({
      type: 'audio/wav',
      size: callBytes.length,
      sha256: await sha256(callBytes),
    });
    expect(run.progress[0]).toMatchObject({ phase: 'levels', secondsDone: 0 });
    expect(run.progress[0]?.secondsTotal).toBeCloseTo(20, 3);
  }, 60_000);

  it('analyzes two mono files given as Blobs, and plays back a 16-bit WAV with the agent on the left', async () => {
    const { channels } = decodeWav(callBytes);
    const [left, right] = channels as [Float32Array, Float32Array];
    const base64 = (x: Float32Array): string => Buffer.from(encodeWav([x], 8000)).toString('base64');
    // the customer file first and the agent second, as on the stereo call's channels
    const parts = [
      { name: 'customer.wav', base64: base64(left) },
      { name: 'agent.wav', base64: base64(right) },
    ];
    const run = await runWorker(session, parts, 1, true);
    if (run.outcome.type !== 'done') throw new Error(`the worker failed: ${run.outcome.message}`);
    expectSameEvents(run.outcome.report, cli);
    expect(run.outcome.report.source).toMatchObject({
      files: ['agent.wav', 'customer.wav'],
      agentChannel: null,
    });
    expect(run.outcome.guess.agentSide).toBe(1);
    expect(run.outcome.guess.reasons[0]).toMatch(/^agent\.wav speaks first/);
    const played = decodeWav(Buffer.from(run.playback?.base64 ?? '', 'base64'));
    expect(run.playback?.type).toBe('audio/wav');
    expect(played.format).toMatchObject({ codecName: 'PCM 16-bit', channels: 2, sampleRateHz: 8000 });
    expect(played.channels[0]).toEqual(right);
    expect(played.channels[1]).toEqual(left);
  }, 60_000);

  it('reads 16-bit data under a 32-bit header as the CLI does, and plays back what was analysed, not the file', async () => {
    const { channels } = decodeWav(callBytes);
    const [left, right] = channels as [Float32Array, Float32Array];
    const lie = wavFile({
      fmt: { formatTag: 1, channels: 2, sampleRateHz: 8000, bitsPerSample: 32 },
      data: encodeWavFrames([left, right]),
    });
    const run = await runWorker(
      session,
      [{ name: 'lie.wav', base64: Buffer.from(lie).toString('base64') }],
      1,
      true,
    );
    if (run.outcome.type !== 'done') throw new Error(`the worker failed: ${run.outcome.message}`);
    expectSameEvents(run.outcome.report, cli);
    expect(run.outcome.report.warnings).toEqual([
      'lie.wav: the header says PCM 32-bit samples but the data is PCM 16-bit (the header is damaged): read as 16-bit',
    ]);
    // the browser would read the file's header and play noise: a WAV of the samples analysed instead
    const played = decodeWav(Buffer.from(run.playback?.base64 ?? '', 'base64'));
    expect(played.format).toMatchObject({ codecName: 'PCM 16-bit', channels: 2, sampleRateHz: 8000 });
    expect(played.channels[0]).toEqual(left);
    expect(played.channels[1]).toEqual(right);
  }, 60_000);

  it('decodes compressed calls in the worker like the CLI, and plays MP3 and M4A as they are', async () => {
    for (const [name, type] of [
      ['call.mp3', 'audio/mpeg'],
      ['call.m4a', 'audio/mp4'],
    ] as const) {
      const file = join(CODECS, name);
      const part = { name, url: `calls/${name}`, sizeBytes: statSync(file).size };
      const run = await runWorker(session, [part], 0);
      if (run.outcome.type !== 'done') throw new Error(`${name}: the worker failed: ${run.outcome.message}`);
      const node = cliReport(file, 0);
      expectSameEvents(run.outcome.report, node);
      expect(run.outcome.report.source).toEqual({ ...node.source, files: [name] });
      expect(run.playback).toMatchObject({ type, size: statSync(file).size });
      // the browser plays the original: it knows the call's length from the file
      const seconds = await session.page.evaluate(async (url) => {
        interface Player {
          duration: number;
          error: { message: string } | null;
          onloadedmetadata: (() => void) | null;
          onerror: (() => void) | null;
        }
        const page = globalThis as unknown as { Audio: new (src: string) => Player };
        const audio = new page.Audio(url);
        await new Promise((resolve, reject) => {
          audio.onloadedmetadata = () => resolve(null);
          audio.onerror = () => reject(new Error(`cannot play ${url}: ${audio.error?.message ?? '?'}`));
        });
        return audio.duration;
      }, `calls/${name}`);
      expect(Math.abs(seconds - 20)).toBeLessThan(0.1);
    }
    // a decoder is loaded only when a call needs one: each is a chunk of its own
    const paths = session.requests.map((url) => url.replace(session.origin, ''));
    expect(paths.filter((p) => /^\/chunks\/decode-(mp3|mp4|aac)-/.test(p)).length).toBe(3);
    expect(paths.some((p) => /^\/chunks\/decode-(flac|opus|vorbis|amr|webm)-/.test(p))).toBe(false);
  }, 120_000);

  it('plays a call of two mono AMR files (which browsers cannot play) as a WAV of what was analysed', async () => {
    const parts = ['excerpt-agent.amr', 'excerpt-customer.amr'].map((name) => ({
      name,
      base64: readFileSync(join(CODECS, name)).toString('base64'),
    }));
    const run = await runWorker(session, parts, 0, true);
    if (run.outcome.type !== 'done') throw new Error(`the worker failed: ${run.outcome.message}`);
    expect(run.outcome.report.source).toMatchObject({ codec: 'AMR', sampleRateHz: 8000, agentChannel: null });
    const played = decodeWav(Buffer.from(run.playback?.base64 ?? '', 'base64'));
    expect(played.format).toMatchObject({ codecName: 'PCM 16-bit', channels: 2, sampleRateHz: 8000 });
    expect(Math.abs((played.channels[0]?.length ?? 0) / 8000 - 3)).toBeLessThan(0.05);
  }, 60_000);

  it('answers bad input with the engine’s one-line message', async () => {
    const mono = Buffer.from(encodeWav([new Float32Array(800)], 8000)).toString('base64');
    const cases: [PartSpec[], string][] = [
      [
        [{ name: 'notes.wav', base64: Buffer.from('these are call notes').toString('base64') }],
        'notes.wav: not an audio file SoftSpoken can read (it is text): it reads WAV, MP3, FLAC, Ogg Opus, Ogg Vorbis, M4A/AAC, AMR or WebM',
      ],
      [
        [{ name: 'mono.wav', base64: mono }],
        'mono.wav is mono: a call needs two channels (agent and customer), or open the agent and the customer files together',
      ],
      [[{ name: 'gone.wav', url: 'calls/gone.wav', sizeBytes: 10 }], 'cannot read gone.wav: no such file'],
    ];
    for (const [parts, message] of cases) {
      const run = await runWorker(session, parts, 0);
      expect(run.outcome).toEqual({ type: 'error', message });
    }
  }, 60_000);

  it('fetched only its own files: the worker, the runtime and the model, all from its origin', () => {
    const paths = session.requests.map((url) => url.replace(session.origin, ''));
    expect(paths).toEqual(
      expect.arrayContaining(['/worker.js', '/ort/ort-wasm-simd-threaded.wasm', '/model/silero_vad_v5.onnx']),
    );
    expect(offOrigin(session)).toEqual([]);
    // the one error is the missing file asked for above
    expect(paths).toContain('/calls/gone.wav');
    expect(session.errors).toEqual([
      'Failed to load resource: the server responded with a status of 404 (Not Found)',
    ]);
  });
});

describe.skipIf(!ready)('the app page in Chromium', () => {
  it('loads with its fonts and styles and makes no request outside its origin', async () => {
    const session = await openApp('');
    try {
      await session.page.waitForLoadState('networkidle');
      expect(offOrigin(session)).toEqual([]);
      expect(session.errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
    } finally {
      await session.close();
    }
  }, 60_000);
});
