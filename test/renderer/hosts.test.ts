/**
 * The hosts' DOM-free parts: the Electron host over a fake bridge, and web mode's recent-call rules and
 * in-memory store (IndexedDB and the file input need a browser).
 */
import { describe, expect, it } from 'vitest';
import { createElectronHost } from '../../renderer/host/electron-host.js';
import {
  MAX_WEB_RECENT_BYTES,
  MAX_WEB_RECENT_CALLS,
  memoryRecents,
  planRecents,
  type StoredCall,
  type StoredCallInfo,
} from '../../renderer/host/recents-store.js';
import type { IpcChannel, IpcRequest, OpenedCall, SoftspokenBridge } from '../../src/ipc/contract.js';

const opened: OpenedCall = {
  key: '/c/a.wav\n/c/b.wav',
  name: 'a.wav + b.wav',
  parts: [
    { name: 'a.wav', path: '/c/a.wav', sizeBytes: 10, url: 'app://softspoken/call/aa' },
    { name: 'b.wav', path: '/c/b.wav', sizeBytes: 20, url: 'app://softspoken/call/bb' },
  ],
  rememberedAgentSide: 1,
};

function fakeBridge(paths: Record<string, string>): {
  bridge: SoftspokenBridge;
  sent: [IpcChannel, unknown][];
} {
  const sent: [IpcChannel, unknown][] = [];
  const replies: { [C in IpcChannel]?: unknown } = {
    'call:openDialog': opened,
    'call:openPaths': opened,
    'recent:open': opened,
    'recent:list': [],
    'recent:forget': null,
    'prefs:setAgentSide': null,
    'export:save': { path: '/c/out.json' },
  };
  const bridge: SoftspokenBridge = {
    async invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>) {
      sent.push([channel, request]);
      return replies[channel] as never;
    },
    pathForFile: (file) => paths[(file as File).name] ?? '',
    onLive: () => () => undefined,
  };
  return { bridge, sent };
}

describe('the Electron host', () => {
  it('turns opened calls into inputs read from their app:// URLs', async () => {
    const { bridge, sent } = fakeBridge({});
    const host = createElectronHost(bridge);
    expect(host.mode).toBe('electron');
    expect(await host.pickCall()).toEqual({
      key: opened.key,
      name: opened.name,
      parts: [
        { name: 'a.wav', sizeBytes: 10, url: 'app://softspoken/call/aa' },
        { name: 'b.wav', sizeBytes: 20, url: 'app://softspoken/call/bb' },
      ],
      rememberedAgentSide: 1,
    });
    expect(await host.save('r.json', 'json', '{}')).toBe('/c/out.json');
    await host.rememberAgentSide('k', 0);
    expect(sent.at(-1)).toEqual(['prefs:setAgentSide', { key: 'k', agentSide: 0 }]);
  });

  it('sends dropped files by their paths, and refuses items that are not files on disk', async () => {
    const { bridge, sent } = fakeBridge({ 'a.wav': '/c/a.wav', 'b.wav': '/c/b.wav' });
    const host = createElectronHost(bridge);
    const a = new File([new Uint8Array(10)], 'a.wav');
    const b = new File([new Uint8Array(20)], 'b.wav');
    await host.openDropped([b, a]);
    expect(sent.at(-1)).toEqual(['call:openPaths', { paths: ['/c/b.wav', '/c/a.wav'] }]);
    await expect(host.openDropped([new File([], 'pasted.wav')])).rejects.toThrow(
      /not a file on this computer/,
    );
    await expect(host.openDropped([])).rejects.toThrow(/Nothing was dropped/);
  });
});

const MB = 1024 ** 2;
const info = (key: string, minute: number, ...sizesMb: number[]): StoredCallInfo => ({
  key,
  name: key,
  openedAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
  files: sizesMb.map((mb, i) => ({
    name: `${key}-${i}.wav`,
    type: 'audio/wav',
    lastModified: 0,
    sizeBytes: mb * MB,
  })),
});

describe('web recents', () => {
  it('keeps the newest 8 calls', () => {
    const calls = Array.from({ length: 10 }, (_, i) => info(`c${i}`, i, 1));
    const { keep, drop } = planRecents(calls);
    expect(keep).toEqual(['c9', 'c8', 'c7', 'c6', 'c5', 'c4', 'c3', 'c2']);
    expect(keep).toHaveLength(MAX_WEB_RECENT_CALLS);
    expect(drop).toEqual(['c1', 'c0']);
  });

  it('keeps at most 1 GiB, dropping the oldest; never keeps a call bigger than that alone', () => {
    expect(MAX_WEB_RECENT_BYTES).toBe(1024 * MB);
    const calls = [info('old', 1, 100), info('mid', 2, 300, 300), info('new', 3, 500), info('huge', 4, 1100)];
    expect(planRecents(calls)).toEqual({ keep: ['new'], drop: ['huge', 'mid', 'old'] });
    expect(planRecents(calls.slice(0, 3), { maxCalls: 8, maxBytes: 1300 * MB })).toEqual({
      keep: ['new', 'mid', 'old'],
      drop: [],
    });
  });

  it('stores calls with their bytes in memory, newest first, and sides per key', async () => {
    const store = memoryRecents();
    const call = (key: string, minute: number): StoredCall => ({
      ...info(key, minute, 1),
      blobs: [new Blob(['x'])],
    });
    for (let i = 0; i < 10; i++) await store.add(call(`c${i}`, i));
    expect((await store.list()).map((c) => c.key)).toEqual(['c9', 'c8', 'c7', 'c6', 'c5', 'c4', 'c3', 'c2']);
    expect(await store.get('c0')).toBeNull();
    await store.touch('c2', new Date(Date.UTC(2026, 0, 2)).toISOString());
    expect((await store.list())[0]?.key).toBe('c2');
    expect(await (await store.get('c2'))?.blobs[0]?.text()).toBe('x');

    await store.setSide('c2', 1, '2026-01-02T00:00:00.000Z');
    expect(await store.side('c2')).toBe(1);
    await store.remove('c2');
    expect(await store.side('c2')).toBeNull();
    expect(await store.get('c2')).toBeNull();
  });

  it('keeps the recent folders apart from the calls, with their files, at most 3', async () => {
    const store = memoryRecents();
    const folder = (key: string, minute: number): StoredCall => ({
      ...info(key, minute, 1),
      blobs: [new Blob(['y'])],
    });
    for (let i = 0; i < 5; i++) await store.addFolder(folder(`f${i}`, i));
    expect((await store.folders()).map((f) => f.key)).toEqual(['f4', 'f3', 'f2']);
    expect(await store.list()).toEqual([]);
    expect(await (await store.folder('f3'))?.blobs[0]?.text()).toBe('y');
    await store.removeFolder('f3');
    expect(await store.folder('f3')).toBeNull();
    expect((await store.folders()).map((f) => f.key)).toEqual(['f4', 'f2']);
  });
});
