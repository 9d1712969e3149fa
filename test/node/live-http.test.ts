/**
 * Web mode's live routes over real HTTP, against a scripted controller: the calls a page makes, the event
 * stream, and what a page of another origin (or a rebound host name) gets: nothing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveMessage, LiveOpened } from '../../src/ipc/live.js';
import type { LiveCue } from '../../src/live/protocol.js';
import { startWebServer, type WebServer } from '../../src/node/web-server.js';
import { FakeLiveController } from '../helpers/fake-live-controller.js';
import { threePeakCall } from '../report/make-report.js';
import { talkOverCue } from '../helpers/live-cue.js';

const dir = mkdtempSync(join(tmpdir(), 'softspoken-live-http-'));
const root = join(dir, 'app');
const recording = join(dir, 'call.wav');
const wavBytes = Uint8Array.from({ length: 400 }, (_, i) => i % 200);
let server: WebServer;
let bare: WebServer;
let fake: FakeLiveController;
let origin: string;
let host: string;

beforeAll(async () => {
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(recording, wavBytes);
  fake = new FakeLiveController({
    report: threePeakCall,
    recordingPath: recording,
    recoverable: [{ sessionId: 'old-1', startedAt: '2025-01-01T10:00:00Z', agent: null, seconds: 120 }],
  });
  server = await startWebServer({ root, port: 0, live: fake });
  bare = await startWebServer({ root, port: 0 });
  origin = server.url.replace(/\/$/, '');
  host = new URL(server.url).host;
});
afterAll(async () => {
  await server.close();
  await bare.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
  json: () => unknown;
}

/** One request; `body` goes out as given (a string) with the headers as given, nothing added. */
function call(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
  to: WebServer = server,
): Promise<Reply> {
  const url = new URL(to.url);
  return new Promise((done, fail) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path, method, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const all = Buffer.concat(chunks);
          done({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: all,
            json: () => JSON.parse(all.toString()) as unknown,
          });
        });
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

/** A POST as the page's fetch sends it: same origin, JSON. */
const post = (path: string, value: unknown, extra: Record<string, string> = {}) =>
  call('POST', path, { Origin: origin, 'Content-Type': 'application/json', ...extra }, JSON.stringify(value));
/** A GET as the page sends it. */
const get = (path: string, extra: Record<string, string> = {}) =>
  call('GET', path, { 'Sec-Fetch-Site': 'same-origin', ...extra });

/** An open event stream: every message received, and a way to wait for one. */
async function events(): Promise<{
  seen: LiveMessage[];
  next(test: (m: LiveMessage) => boolean): Promise<LiveMessage>;
  close(): void;
}> {
  const url = new URL(server.url);
  const seen: LiveMessage[] = [];
  const waiting: { test: (m: LiveMessage) => boolean; done: (m: LiveMessage) => void }[] = [];
  const req = httpRequest({
    host: url.hostname,
    port: url.port,
    path: '/api/live/events',
    headers: { Accept: 'text/event-stream', 'Sec-Fetch-Site': 'same-origin' },
    agent: false,
  });
  const res = await new Promise<IncomingMessage>((done, fail) => {
    req.on('response', done);
    req.on('error', fail);
    req.end();
  });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
  let buffer = '';
  res.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame.split('\n').find((line) => line.startsWith('data: '));
      if (!data) continue;
      const message = JSON.parse(data.slice(6)) as LiveMessage;
      seen.push(message);
      for (const w of waiting.splice(0)) {
        if (w.test(message)) w.done(message);
        else waiting.push(w);
      }
    }
  });
  return {
    seen,
    next: (test) =>
      new Promise((done) => {
        const found = seen.find(test);
        if (found) done(found);
        else waiting.push({ test, done });
      }),
    close: () => req.destroy(),
  };
}

const cue = (id: number, over: Partial<LiveCue> = {}): LiveCue => talkOverCue({ id, atSec: 3, ...over });

describe('web mode /api/live/', () => {
  it('lists devices and recoverable sessions, and says whether a call runs', async () => {
    expect((await get('/api/live/status')).json()).toEqual({ available: true, running: false });
    const devices = await get('/api/live/devices');
    expect(devices.status).toBe(200);
    expect(devices.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(devices.headers['content-security-policy']).toContain("connect-src 'self'");
    expect((devices.json() as { guess: string | null }[]).map((d) => d.guess)).toEqual([
      'agent',
      'call',
      null,
    ]);
    expect((await get('/api/live/recoverable')).json()).toEqual([
      { sessionId: 'old-1', startedAt: '2025-01-01T10:00:00Z', agent: null, seconds: 120 },
    ]);
  });

  it('starts a call, streams its updates, takes an action, and stops with the report and its recording', async () => {
    const stream = await events();
    const start = await post('/api/live/start', {
      agentDevice: 'alsa_input.usb-Headset.mono',
      callDevice: 'alsa_output.pci-Speakers.monitor',
      agent: ' Sam ',
      record: true,
    });
    expect(start.status).toBe(200);
    expect(start.json()).toEqual({ sessionId: 'fake-1' });
    expect(fake.starts.at(-1)).toEqual({
      agentDevice: 'alsa_input.usb-Headset.mono',
      callDevice: 'alsa_output.pci-Speakers.monitor',
      agent: 'Sam',
      record: true,
    });
    expect(await stream.next((m) => m.type === 'started')).toMatchObject({
      sessionId: 'fake-1',
      recording: true,
    });
    fake.emit({ type: 'cue', cue: cue(1) });
    expect(await stream.next((m) => m.type === 'cue')).toMatchObject({ cue: { id: 1, provisional: true } });

    expect((await post('/api/live/action', { type: 'wrongCue', id: 1 })).json()).toEqual({ ok: true });
    expect(fake.actions.at(-1)).toEqual({ type: 'wrongCue', id: 1 });
    expect(await stream.next((m) => m.type === 'cue' && m.cue.wrong)).toMatchObject({ cue: { id: 1 } });
    expect((await post('/api/live/action', { type: 'mute', kind: 'nonsense' })).status).toBe(400);

    const stop = await post('/api/live/stop', {});
    expect(stop.status).toBe(200);
    const opened = stop.json() as LiveOpened;
    expect(opened.recordingUrl).toBe('/api/live/recording/fake-1');
    expect(opened.report.live?.cues.map((c) => [c.id, c.wrong, c.outcome])).toEqual([[1, true, 'callEnded']]);
    await stream.next((m) => m.type === 'ended');
    stream.close();

    const part = await get('/api/live/recording/fake-1', { Range: 'bytes=10-19' });
    expect(part.status).toBe(206);
    expect(part.headers['content-type']).toBe('audio/wav');
    expect(part.headers['content-range']).toBe(`bytes 10-19/${wavBytes.length}`);
    expect([...part.body]).toEqual([...wavBytes.slice(10, 20)]);
    expect((await get('/api/live/recording/fake-2')).status).toBe(404);
    expect((await post('/api/live/stop', {})).status).toBe(409);
  });

  it('tests a device: the meter on the event stream, then its peak', async () => {
    const stream = await events();
    const reply = await post('/api/live/test-device', { device: 'alsa_input.usb-Headset.mono', seconds: 3 });
    expect(reply.json()).toEqual({ peakDb: -24 });
    await stream.next((m) => m.type === 'meter' && m.db === -40); // the stream is another connection
    const meters = stream.seen.filter((m) => m.type === 'meter');
    expect(meters).toEqual(
      [-30, -24, -40].map((db) => ({ type: 'meter', device: 'alsa_input.usb-Headset.mono', db })),
    );
    expect((await post('/api/live/test-device', { device: 'x', seconds: 60 })).status).toBe(400);
    stream.close();
  });

  it('recovers a session cut off earlier, once', async () => {
    const reply = await post('/api/live/recover', { sessionId: 'old-1' });
    expect(reply.status).toBe(200);
    const opened = reply.json() as LiveOpened;
    expect([opened.sessionId, opened.report.live?.recovered, opened.recordingUrl]).toEqual([
      'old-1',
      true,
      null,
    ]);
    const again = await post('/api/live/recover', { sessionId: 'old-1' });
    expect(again.status).toBe(500);
    expect(again.json()).toEqual({ message: 'That session cannot be recovered.' });
    expect((await post('/api/live/recover', { sessionId: '../etc/passwd' })).status).toBe(400);
  });

  it('refuses a POST from another origin, or without one, and starts nothing', async () => {
    const before = fake.starts.length;
    const body = { agentDevice: 'a', callDevice: 'b', record: false };
    const other = await post('/api/live/start', body, { Origin: 'http://evil.example' });
    expect(other.status).toBe(403);
    expect((other.json() as { message: string }).message).toMatch(/another origin/);
    const none = await call(
      'POST',
      '/api/live/start',
      { 'Content-Type': 'application/json' },
      JSON.stringify(body),
    );
    expect(none.status).toBe(403);
    const sameHostOtherPort = await post('/api/live/start', body, { Origin: 'http://127.0.0.1:1' });
    expect(sameHostOtherPort.status).toBe(403);
    expect(fake.starts.length).toBe(before);
  });

  it('refuses a GET from another site or origin (the event stream, a recording)', async () => {
    expect((await get('/api/live/events', { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await get('/api/live/devices', { 'Sec-Fetch-Site': 'same-site' })).status).toBe(403);
    expect((await get('/api/live/devices', { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await call('GET', '/api/live/status', { 'Sec-Fetch-Site': 'none' })).status).toBe(200);
    expect((await get('/api/live/status', { Origin: origin })).status).toBe(200);
  });

  it('refuses a wrong Host (DNS rebinding) before anything else', async () => {
    const reply = await call(
      'POST',
      '/api/live/start',
      {
        Host: `evil.example:${new URL(server.url).port}`,
        Origin: `http://evil.example:${new URL(server.url).port}`,
        'Content-Type': 'application/json',
      },
      '{}',
    );
    expect(reply.status).toBe(421);
    expect((await call('GET', '/api/live/devices', { Host: 'evil.example' })).status).toBe(421);
    expect(host).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('refuses a body that is not declared JSON, is not JSON, or is over 64 KiB', async () => {
    const body = JSON.stringify({ type: 'snooze' });
    const untyped = await call('POST', '/api/live/action', { Origin: origin }, body);
    expect(untyped.status).toBe(415);
    const form = await call(
      'POST',
      '/api/live/action',
      { Origin: origin, 'Content-Type': 'text/plain' },
      body,
    );
    expect(form.status).toBe(415);
    const broken = await call(
      'POST',
      '/api/live/recover',
      { Origin: origin, 'Content-Type': 'application/json' },
      '{',
    );
    expect(broken.status).toBe(400);
    expect(broken.json()).toEqual({ message: 'Invalid request: the body is not JSON.' });
    const big = JSON.stringify({ sessionId: 'x'.repeat(70 * 1024) });
    const tooBig = await post('/api/live/recover', JSON.parse(big) as unknown);
    expect(tooBig.status).toBe(413);
    expect((tooBig.json() as { message: string }).message).toMatch(/over 65536 bytes/);
    const chunked = await call(
      'POST',
      '/api/live/recover',
      {
        Origin: origin,
        'Content-Type': 'application/json',
        'Transfer-Encoding': 'chunked',
      },
      big,
    );
    expect(chunked.status).toBe(413);
  });

  it('answers a wrong method or route with JSON errors', async () => {
    expect((await get('/api/live/start')).status).toBe(405);
    expect((await post('/api/live/devices', {})).status).toBe(405);
    expect((await get('/api/live/nothing')).status).toBe(404);
    const other = await get('/api/other');
    expect([other.status, other.json()]).toEqual([404, { message: 'Not found.' }]);
  });

  it('answers 404 with a message when the server has no live capture, and says so on status', async () => {
    const reply = await call('GET', '/api/live/devices', {}, undefined, bare);
    expect(reply.status).toBe(404);
    expect((reply.json() as { message: string }).message).toMatch(/Live calls are not available here/);
    const status = await call('GET', '/api/live/status', {}, undefined, bare);
    expect(status.status).toBe(200);
    expect(status.json()).toMatchObject({
      available: false,
      message: expect.stringMatching(/not available/),
    });
    const start = await call(
      'POST',
      '/api/live/start',
      { Origin: bare.url.replace(/\/$/, ''), 'Content-Type': 'application/json' },
      '{}',
      bare,
    );
    expect(start.status).toBe(404);
    const page = await call('GET', '/', {}, undefined, bare);
    expect(page.status).toBe(200);
  });
});
