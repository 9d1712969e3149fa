/**
 * The hosts' live parts without a browser: web mode's client over a fake fetch and EventSource (what it
 * sends, how it waits for the stream, how errors read), the Electron host over a fake bridge, and what the
 * live screens remember.
 */
import { describe, expect, it } from 'vitest';
import { createElectronHost } from '../../renderer/host/electron-host.js';
import { createWebLive, type EventSourceLike, type FetchLike } from '../../renderer/host/web-live.js';
import { LivePrefs, type StorageLike } from '../../renderer/live/live-prefs.js';
import type { IpcChannel, SoftspokenBridge } from '../../src/ipc/contract.js';
import type { LiveMessage } from '../../src/ipc/live.js';

class FakeStream implements EventSourceLike {
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {}
  close(): void {
    this.closed = true;
  }
}

function webRig(answer: (url: string, body: unknown) => { status: number; body: unknown }) {
  const sent: { url: string; method: string; headers?: Record<string, string>; body: unknown }[] = [];
  const streams: FakeStream[] = [];
  const fetch: FetchLike = async (url, init) => {
    const body = init.body === undefined ? undefined : (JSON.parse(init.body) as unknown);
    sent.push({ url, method: init.method, ...(init.headers && { headers: init.headers }), body });
    const reply = answer(url, body);
    return { ok: reply.status < 400, status: reply.status, json: async () => reply.body };
  };
  const live = createWebLive({
    fetch,
    openStream: (url) => {
      const stream = new FakeStream(url);
      streams.push(stream);
      return stream;
    },
    streamWaitMs: 50,
  });
  return { live, sent, streams };
}

describe('web mode live client', () => {
  it('posts JSON to the routes and reads the answers', async () => {
    const r = webRig((url) => ({ status: 200, body: url.endsWith('start') ? { sessionId: 's1' } : [] }));
    expect(await r.live.start({ agentDevice: 'a', callDevice: 'b', record: false })).toEqual({
      sessionId: 's1',
    });
    await r.live.action({ type: 'wrongCue', id: 4 });
    await r.live.recoverable();
    expect(r.sent.map((s) => [s.method, s.url, s.body])).toEqual([
      ['POST', '/api/live/start', { agentDevice: 'a', callDevice: 'b', record: false }],
      ['POST', '/api/live/action', { type: 'wrongCue', id: 4 }],
      ['GET', '/api/live/recoverable', undefined],
    ]);
    expect(r.sent[0]?.headers).toEqual({ 'Content-Type': 'application/json' });
  });

  it('rejects with the server’s message, and reads a 404 status as “not available” with its reason', async () => {
    const r = webRig((url) =>
      url.endsWith('status')
        ? { status: 404, body: { message: 'Live calls are not available here: no capture.' } }
        : { status: 409, body: { message: 'No live call is running.' } },
    );
    await expect(r.live.stop()).rejects.toThrow('No live call is running.');
    expect(await r.live.status()).toEqual({
      available: false,
      message: 'Live calls are not available here: no capture.',
    });
  });

  it('opens one event stream while anything listens, and waits for it before a start', async () => {
    const r = webRig(() => ({ status: 200, body: { sessionId: 's1' } }));
    const heard: LiveMessage[] = [];
    const off1 = r.live.subscribe((m) => heard.push(m));
    const off2 = r.live.subscribe(() => undefined);
    expect(r.streams.map((s) => s.url)).toEqual(['/api/live/events']);
    const starting = r.live.start({ agentDevice: 'a', callDevice: 'b', record: false });
    await new Promise((done) => setTimeout(done, 5));
    expect(r.sent).toEqual([]); // the stream is not open yet
    r.streams[0]?.onopen?.();
    await starting;
    expect(r.sent).toHaveLength(1);
    r.streams[0]?.onmessage?.({ data: JSON.stringify({ type: 'ended', sessionId: 's1' }) });
    r.streams[0]?.onmessage?.({ data: 'not json' });
    expect(heard).toEqual([{ type: 'ended', sessionId: 's1' }]);
    off1();
    expect(r.streams[0]?.closed).toBe(false);
    off2();
    expect(r.streams[0]?.closed).toBe(true);
  });

  it('goes ahead with a start when the stream does not open in time', async () => {
    const r = webRig(() => ({ status: 200, body: { sessionId: 's1' } }));
    r.live.subscribe(() => undefined);
    expect(await r.live.start({ agentDevice: 'a', callDevice: 'b', record: true })).toEqual({
      sessionId: 's1',
    });
  });
});

describe('Electron host live', () => {
  it('calls the live channels and listens through onLive', async () => {
    const sent: [IpcChannel, unknown][] = [];
    let pushed: ((m: LiveMessage) => void) | null = null;
    const bridge: SoftspokenBridge = {
      async invoke(channel, request) {
        sent.push([channel, request]);
        return (channel === 'live:testDevice' ? { peakDb: -20 } : null) as never;
      },
      pathForFile: () => '',
      onLive(listener) {
        pushed = listener;
        return () => (pushed = null);
      },
    };
    const host = createElectronHost(bridge);
    expect(await host.live.testDevice('mic', 3)).toEqual({ peakDb: -20 });
    await host.live.action({ type: 'snooze' });
    await host.live.recover('s-1');
    expect(sent).toEqual([
      ['live:testDevice', { device: 'mic', seconds: 3 }],
      ['live:action', { type: 'snooze' }],
      ['live:recover', { sessionId: 's-1' }],
    ]);
    const heard: LiveMessage[] = [];
    const off = host.live.subscribe((m) => heard.push(m));
    (pushed as ((m: LiveMessage) => void) | null)?.({ type: 'meter', device: 'mic', db: -9 });
    off();
    expect([heard, pushed]).toEqual([[{ type: 'meter', device: 'mic', db: -9 }], null]);
  });
});

describe('LivePrefs', () => {
  const memory = (): StorageLike & { data: Map<string, string> } => {
    const data = new Map<string, string>();
    return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
  };

  it('remembers the agent’s name, the devices and the dismissed sessions', () => {
    const storage = memory();
    const prefs = new LivePrefs(storage);
    expect([prefs.agent, prefs.devices, prefs.dismissed]).toEqual(['', { agent: null, call: null }, []]);
    prefs.agent = '  Sam  ';
    prefs.rememberDevices('mic', 'mon');
    prefs.dismiss('a');
    prefs.dismiss('b');
    prefs.dismiss('a');
    const again = new LivePrefs(storage);
    expect([again.agent, again.devices, again.dismissed]).toEqual([
      'Sam',
      { agent: 'mic', call: 'mon' },
      ['b', 'a'],
    ]);
  });

  it('remembers nothing, and fails nowhere, when storage refuses or holds rubbish', () => {
    const refusing: StorageLike = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    const prefs = new LivePrefs(refusing);
    prefs.agent = 'Sam';
    prefs.dismiss('x');
    expect([prefs.agent, prefs.dismissed]).toEqual(['', []]);
    const storage = memory();
    storage.data.set('softspoken.live.devices', '{broken');
    storage.data.set('softspoken.live.dismissed', '{"not":"a list"}');
    expect([new LivePrefs(storage).devices, new LivePrefs(storage).dismissed]).toEqual([
      { agent: null, call: null },
      [],
    ]);
    expect(new LivePrefs(null).agent).toBe('');
  });
});
