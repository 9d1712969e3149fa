/**
 * The IPC path end to end without Electron: the preload's bridge → a fake ipcRenderer/ipcMain pair → the
 * sender check → main's handlers (fake dialogs, real temporary files, an in-memory recent store).
 */
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createBridge } from '../../electron/bridge.js';
import { CallRegistry } from '../../electron/call-registry.js';
import type { FrameLike, SenderEventLike } from '../../electron/guards.js';
import { createIpcHandlers, safeExportName, type DialogPort } from '../../electron/ipc-handlers.js';
import { registerIpcHandlers, type IpcMainLike } from '../../electron/ipc-register.js';
import { createLiveHost } from '../../electron/live-handlers.js';
import { RecentStore } from '../../electron/recent-store.js';
import { IPC_CHANNELS, type SoftspokenBridge } from '../../src/ipc/contract.js';

const dir = mkdtempSync(join(tmpdir(), 'softspoken-ipc-'));
const file = (name: string, bytes = 44): string => {
  const path = join(dir, name);
  writeFileSync(path, new Uint8Array(bytes));
  return path;
};
const stereo = file('call.wav', 120);
const agent = file('7-agent.wav', 50);
const customer = file('7-customer.wav', 60);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const mainFrame: FrameLike = { url: 'app://softspoken/', processId: 3, routingId: 1 };
const TRUSTED: SenderEventLike = { sender: { id: 1 }, senderFrame: mainFrame };

interface Rig {
  bridge: SoftspokenBridge;
  /** The bridge as seen from another sender (a different window or frame). */
  bridgeFrom(event: SenderEventLike): SoftspokenBridge;
  registered: string[];
  calls: CallRegistry;
  dialog: {
    open: string[] | null | Error;
    save: string | null;
    opened: number;
    savedAt: string[];
    /** What the folder dialog returns, and where it started. */
    folder: string | null;
    folderFrom: string[];
  };
  written: Map<string, string>;
  log: string[];
}

function rig(): Rig {
  const listeners = new Map<string, (event: SenderEventLike, request: unknown) => Promise<unknown>>();
  const ipcMain: IpcMainLike = { handle: (channel, listener) => listeners.set(channel, listener) };
  const state: Rig['dialog'] = {
    open: null,
    save: null,
    opened: 0,
    savedAt: [],
    folder: null,
    folderFrom: [],
  };
  const dialog: DialogPort = {
    async chooseWavFiles() {
      state.opened += 1;
      if (state.open instanceof Error) throw state.open;
      return state.open;
    },
    async chooseSavePath(defaultPath) {
      state.savedAt.push(defaultPath);
      return state.save;
    },
    async chooseFolder(defaultDir) {
      state.folderFrom.push(defaultDir);
      return state.folder;
    },
  };
  const written = new Map<string, string>();
  const memory = new Map<string, string>();
  const store = new RecentStore('/user-data/recent-calls.json', {
    read: async (p) => memory.get(p) ?? null,
    write: async (p, t) => void memory.set(p, t),
  });
  const calls = new CallRegistry();
  const log: string[] = [];
  const handlers = createIpcHandlers({
    dialog,
    calls,
    store,
    documentsDir: '/home/coach/Documents',
    writeText: async (p, t) => void written.set(p, t),
  });
  const live = createLiveHost({
    load: async () => {
      throw new Error('no capture in this test');
    },
    window: { enter: () => undefined, leave: () => undefined },
    recordingUrl: () => '',
    exists: async () => false,
    push: () => undefined,
  });
  registerIpcHandlers(
    ipcMain,
    { ...handlers, ...live.handlers },
    () => ({ contentsId: 1, mainFrame }),
    (m) => log.push(m),
  );
  const bridgeFrom = (event: SenderEventLike): SoftspokenBridge =>
    createBridge(
      {
        invoke: async (channel, request) => {
          const listener = listeners.get(channel);
          if (!listener) throw new Error(`No handler registered for '${channel}'`);
          return listener(event, request);
        },
        on: () => undefined,
        removeListener: () => undefined,
      },
      (f) => (f as { path: string }).path,
    );
  return {
    bridge: bridgeFrom(TRUSTED),
    bridgeFrom,
    registered: [...listeners.keys()],
    calls,
    dialog: state,
    written,
    log,
  };
}

let r: Rig;
beforeEach(() => {
  r = rig();
});

describe('the queue: a folder, or many files', () => {
  const folder = join(dir, 'week 12');
  mkdirSync(join(folder, 'old.wav'), { recursive: true }); // a folder named like a recording
  writeFileSync(join(folder, 'call 10.mp3'), new Uint8Array(30));
  writeFileSync(join(folder, 'call 9.wav'), new Uint8Array(20));
  writeFileSync(join(folder, 'notes.txt'), 'not a call');

  it('lists the folder’s audio files, each one call served at once, in name order, not as recent calls', async () => {
    r.dialog.folder = folder;
    const calls = await r.bridge.invoke('call:openFolder', null);
    expect(r.dialog.folderFrom).toEqual(['/home/coach/Documents']);
    expect(calls?.map((c) => c.name)).toEqual(['call 9.wav', 'call 10.mp3']);
    for (const call of calls ?? []) {
      expect(call.parts).toHaveLength(1);
      expect(call.key).toBe(call.parts[0]?.path);
      expect(call.rememberedAgentSide).toBeNull();
      const token = call.parts[0]?.url.split('/').pop() ?? '';
      expect(r.calls.pathFor(token)).toBe(call.parts[0]?.path);
    }
    expect(calls?.[1]?.parts[0]?.sizeBytes).toBe(30);
    expect(await r.bridge.invoke('recent:list', null)).toEqual([]);
  });

  it('keeps the folder as a recent folder, and opens it again as it is now (a new call arrived)', async () => {
    r.dialog.folder = folder;
    await r.bridge.invoke('call:openFolder', null);
    const recent = await r.bridge.invoke('recent:folders', null);
    expect(recent.map((f) => [f.key, f.name, f.path, f.calls])).toEqual([[folder, 'week 12', folder, 2]]);
    writeFileSync(join(folder, 'call 11.wav'), new Uint8Array(25));
    try {
      const again = await r.bridge.invoke('recent:openFolder', { key: folder });
      expect(again.map((c) => c.name)).toEqual(['call 9.wav', 'call 10.mp3', 'call 11.wav']);
      expect((await r.bridge.invoke('recent:folders', null))[0]?.calls).toBe(3);
    } finally {
      rmSync(join(folder, 'call 11.wav'));
    }
    // many files dropped together: kept as such, their files checked again when reopened
    const dropped = [join(folder, 'call 9.wav'), join(folder, 'call 10.mp3')];
    await r.bridge.invoke('call:openMany', { paths: dropped });
    const [set] = await r.bridge.invoke('recent:folders', null);
    expect(set).toMatchObject({ name: '2 files dropped together', path: '', calls: 2 });
    expect((await r.bridge.invoke('recent:openFolder', { key: set?.key ?? '' })).map((c) => c.name)).toEqual([
      'call 9.wav',
      'call 10.mp3',
    ]);
    await r.bridge.invoke('recent:forgetFolder', { key: folder });
    expect((await r.bridge.invoke('recent:folders', null)).map((f) => f.name)).toEqual([
      '2 files dropped together',
    ]);
    await expect(r.bridge.invoke('recent:openFolder', { key: folder })).rejects.toThrow(
      'That folder is no longer in the recent list.',
    );
  });

  it('returns null when the folder dialog is cancelled, and says when a folder holds no audio', async () => {
    r.dialog.folder = null;
    expect(await r.bridge.invoke('call:openFolder', null)).toBeNull();
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    r.dialog.folder = empty;
    await expect(r.bridge.invoke('call:openFolder', null)).rejects.toThrow(/^No audio files were found/);
    r.dialog.folder = join(dir, 'gone');
    await expect(r.bridge.invoke('call:openFolder', null)).rejects.toThrow(/The folder gone cannot be read/);
  });

  it('opens many dropped files as a queue, leaving out what is not a call', async () => {
    const calls = await r.bridge.invoke('call:openMany', {
      paths: [
        join(folder, 'notes.txt'),
        join(folder, 'call 9.wav'),
        stereo,
        join(folder, 'old.wav'),
        'relative.wav',
      ],
    });
    expect(calls.map((c) => c.name)).toEqual(['call 9.wav', 'call.wav']);
    await expect(r.bridge.invoke('call:openMany', { paths: [join(folder, 'notes.txt')] })).rejects.toThrow(
      /^No audio files were found/,
    );
    await expect(r.bridge.invoke('call:openMany', { paths: 'x' } as never)).rejects.toThrow(/no files/);
  });
});

describe('IPC', () => {
  it('registers a handler for every channel of the contract', () => {
    expect(r.registered.sort()).toEqual([...IPC_CHANNELS].sort());
  });

  it('refuses, without handling, anything but the app window main frame', async () => {
    r.dialog.open = [stereo];
    const others: SenderEventLike[] = [
      { sender: { id: 2 }, senderFrame: mainFrame },
      { sender: { id: 1 }, senderFrame: { ...mainFrame, routingId: 9 } },
      { sender: { id: 1 }, senderFrame: { ...mainFrame, url: 'https://example.com/' } },
      { sender: { id: 1 }, senderFrame: null },
    ];
    for (const event of others) {
      await expect(r.bridgeFrom(event).invoke('call:openDialog', null)).rejects.toThrow();
    }
    expect(r.dialog.opened).toBe(0);
    expect(r.log).toHaveLength(others.length);
  });

  it('refuses channels outside the contract before they reach IPC', async () => {
    const bridge = r.bridge as unknown as { invoke(channel: string, request: unknown): Promise<unknown> };
    await expect(bridge.invoke('fs:readFile', { path: '/etc/passwd' })).rejects.toThrow(
      "Unknown request 'fs:readFile'.",
    );
  });

  it('opens the chosen call: agent first, served by token, listed as recent', async () => {
    expect(await r.bridge.invoke('call:openDialog', null)).toBeNull();
    r.dialog.open = [customer, agent];
    const call = await r.bridge.invoke('call:openDialog', null);
    expect(call?.key).toBe(`${agent}\n${customer}`);
    expect(call?.name).toBe('7-agent.wav + 7-customer.wav');
    expect(call?.rememberedAgentSide).toBeNull();
    expect(call?.parts.map((p) => [p.name, p.path, p.sizeBytes])).toEqual([
      ['7-agent.wav', agent, 50],
      ['7-customer.wav', customer, 60],
    ]);
    const tokens = call?.parts.map((p) => p.url.replace('app://softspoken/call/', '')) ?? [];
    expect(tokens.map((t) => r.calls.pathFor(t))).toEqual([agent, customer]);
    expect((await r.bridge.invoke('recent:list', null)).map((c) => c.key)).toEqual([call?.key]);
  });

  it('opens dropped paths, remembers the side, reopens from the recent list', async () => {
    const first = await r.bridge.invoke('call:openPaths', { paths: [stereo] });
    await r.bridge.invoke('prefs:setAgentSide', { key: first.key, agentSide: 1 });
    const again = await r.bridge.invoke('call:openPaths', { paths: [stereo] });
    expect(again.rememberedAgentSide).toBe(1);
    expect(again.parts[0]?.url).not.toBe(first.parts[0]?.url);

    await r.bridge.invoke('call:openPaths', { paths: [agent, customer] });
    const recent = await r.bridge.invoke('recent:list', null);
    expect(recent.map((c) => [c.key, c.agentSide])).toEqual([
      [`${agent}\n${customer}`, null],
      [stereo, 1],
    ]);
    const reopened = await r.bridge.invoke('recent:open', { key: stereo });
    expect(reopened.parts.map((p) => p.path)).toEqual([stereo]);
    expect((await r.bridge.invoke('recent:list', null))[0]?.key).toBe(stereo);

    await r.bridge.invoke('recent:forget', { key: stereo });
    expect((await r.bridge.invoke('recent:list', null)).map((c) => c.key)).toEqual([`${agent}\n${customer}`]);
    await expect(r.bridge.invoke('recent:open', { key: stereo })).rejects.toThrow(
      'That call is no longer in the recent list.',
    );
  });

  it('sends errors as one plain line, and keeps unexpected ones in the log', async () => {
    await expect(r.bridge.invoke('call:openPaths', { paths: [join(dir, 'gone.wav')] })).rejects.toThrow(
      /^gone\.wav was not found: was it moved or deleted\?/,
    );
    await expect(r.bridge.invoke('prefs:setAgentSide', { key: 'k', agentSide: 2 as 0 })).rejects.toThrow(
      'Invalid request: the agent side must be 0 or 1.',
    );
    const moved = file('moved.wav');
    await r.bridge.invoke('call:openPaths', { paths: [moved] });
    unlinkSync(moved);
    await expect(r.bridge.invoke('recent:open', { key: moved })).rejects.toThrow(/^moved\.wav was not found/);
    expect(r.log).toEqual([]);

    r.dialog.open = new Error('dialog exploded\n    at somewhere (main.ts:1:1)');
    const error: unknown = await r.bridge.invoke('call:openDialog', null).catch((e: unknown) => e);
    expect((error as Error).message).toBe('dialog exploded at somewhere (main.ts:1:1)');
    expect(r.log).toHaveLength(1);
    expect(r.log[0]).toContain("'call:openDialog' failed");
  });

  it('saves an export where the user chose, suggesting a safe name next to the call', async () => {
    await r.bridge.invoke('call:openPaths', { paths: [stereo] });
    r.dialog.save = join(dir, 'out.json');
    const saved = await r.bridge.invoke('export:save', {
      suggestedName: '../../x/report',
      kind: 'json',
      content: '{"a":1}',
    });
    expect(saved).toEqual({ path: join(dir, 'out.json') });
    expect(r.written.get(join(dir, 'out.json'))).toBe('{"a":1}');
    expect(r.dialog.savedAt).toEqual([join(dir, 'report.json')]);

    r.dialog.save = null;
    expect(
      await r.bridge.invoke('export:save', { suggestedName: 'r.csv', kind: 'csv', content: 'a' }),
    ).toBeNull();
    await expect(
      r.bridge.invoke('export:save', { suggestedName: 'r', kind: 'exe' as 'csv', content: 'a' }),
    ).rejects.toThrow('unknown export kind');
  });

  it('reads a dropped file path through the preload, and an empty path when it cannot', () => {
    expect(r.bridge.pathForFile({ path: '/calls/a.wav' })).toBe('/calls/a.wav');
    const ipc = { invoke: async () => null, on: () => undefined, removeListener: () => undefined };
    const throwing = createBridge(ipc, () => {
      throw new Error('not a File');
    });
    expect(throwing.pathForFile('nope')).toBe('');
  });
});

describe('safeExportName', () => {
  it('keeps a plain name and adds the extension', () => {
    expect(safeExportName('call 7 report', 'html')).toBe('call 7 report.html');
    expect(safeExportName('events.CSV', 'csv')).toBe('events.CSV');
    expect(safeExportName('a\\b\\c:d?.json', 'json')).toBe('c_d_.json');
    expect(safeExportName('..', 'json')).toBe('softspoken-report.json');
    expect(safeExportName(undefined, 'csv')).toBe('softspoken-report.csv');
    expect(safeExportName('call 7.labels', 'labels')).toBe('call 7.labels.txt');
    expect(safeExportName('call 7.rttm', 'rttm')).toBe('call 7.rttm');
  });
});
