/**
 * Live mode in Electron without Electron: the preload's bridge → a fake ipcRenderer/ipcMain pair → the sender
 * check → main's live handlers over the scripted controller; main's pushes back through the bridge's
 * `onLive`; and the window turning compact and on top for the call, without focus, and back after it.
 */
import { describe, expect, it } from 'vitest';
import { createBridge, type IpcRendererLike } from '../../electron/bridge.js';
import type { FrameLike, SenderEventLike } from '../../electron/guards.js';
import { registerIpcHandlers, type IpcMainLike } from '../../electron/ipc-register.js';
import { createLiveHost, type LiveHandlerDeps } from '../../electron/live-handlers.js';
import { LiveWindowMode, type Bounds, type CompactableWindow } from '../../electron/live-window.js';
import type { CallHandlers, SoftspokenBridge } from '../../src/ipc/contract.js';
import { LIVE_PUSH_CHANNEL, type LiveMessage } from '../../src/ipc/live.js';
import type { LiveController } from '../../src/live/controller.js';
import { FakeLiveController } from '../helpers/fake-live-controller.js';
import { threePeakCall } from '../report/make-report.js';

const mainFrame: FrameLike = { url: 'app://softspoken/', processId: 3, routingId: 1 };
const TRUSTED: SenderEventLike = { sender: { id: 1 }, senderFrame: mainFrame };

/** A BrowserWindow as far as the live window needs one, recording what was done to it. */
class FakeWindow implements CompactableWindow {
  bounds: Bounds = { x: 100, y: 50, width: 1280, height: 860 };
  minimum = [880, 600];
  onTop = false;
  maximized = false;
  visible = true;
  readonly calls: string[] = [];
  getBounds = () => ({ ...this.bounds });
  setBounds = (b: Partial<Bounds>) => void (this.bounds = { ...this.bounds, ...b });
  getMinimumSize = () => [...this.minimum];
  setMinimumSize = (w: number, h: number) => void (this.minimum = [w, h]);
  isAlwaysOnTop = () => this.onTop;
  setAlwaysOnTop = (flag: boolean) => void (this.onTop = flag);
  isMaximized = () => this.maximized;
  unmaximize = () => void (this.maximized = false);
  maximize = () => void (this.maximized = true);
  isVisible = () => this.visible;
  isMinimized = () => false;
  showInactive = () => void this.calls.push('showInactive');
  /** Never called: the window must not take focus from the softphone. */
  focus = () => void this.calls.push('focus');
}

function rig(load: () => Promise<LiveController>, exists = true) {
  const listeners = new Map<string, (event: SenderEventLike, request: unknown) => Promise<unknown>>();
  const ipcMain: IpcMainLike = { handle: (channel, listener) => listeners.set(channel, listener) };
  const pushListeners = new Set<(event: unknown, message: unknown) => void>();
  const window = new FakeWindow();
  const mode = new LiveWindowMode(() => window);
  const deps: LiveHandlerDeps = {
    load,
    window: mode,
    recordingUrl: (path) => `app://softspoken/call/${path.length.toString(16).padStart(32, '0')}`,
    exists: async () => exists,
    // main sends to its window; the fake renderer hears it as ipcRenderer.on does (event first)
    push: (message) => pushListeners.forEach((l) => l({ sender: 'not for the page' }, message)),
  };
  const host = createLiveHost(deps);
  registerIpcHandlers(
    ipcMain,
    { ...({} as CallHandlers), ...host.handlers } as never,
    () => ({ contentsId: 1, mainFrame }),
    () => undefined,
  );
  const bridgeFrom = (event: SenderEventLike): SoftspokenBridge => {
    const ipc: IpcRendererLike = {
      invoke: async (channel, request) => {
        const listener = listeners.get(channel);
        if (!listener) throw new Error(`No handler registered for '${channel}'`);
        return listener(event, request);
      },
      on: (channel, listener) => channel === LIVE_PUSH_CHANNEL && pushListeners.add(listener),
      removeListener: (_channel, listener) => pushListeners.delete(listener),
    };
    return createBridge(ipc, () => '');
  };
  return { bridge: bridgeFrom(TRUSTED), bridgeFrom, window, mode, host, pushListeners };
}

describe('live mode over IPC', () => {
  it('starts a call: the window turns compact and on top without taking focus; updates reach onLive', async () => {
    const fake = new FakeLiveController({ report: threePeakCall, recordingPath: '/sessions/s.wav' });
    const r = rig(async () => fake);
    const heard: LiveMessage[] = [];
    const unsubscribe = r.bridge.onLive((m) => heard.push(m));
    expect(await r.bridge.invoke('live:status', null)).toEqual({ available: true, running: false });
    expect((await r.bridge.invoke('live:devices', null)).map((d) => d.guess)).toEqual([
      'agent',
      'call',
      null,
    ]);

    const started = await r.bridge.invoke('live:start', {
      agentDevice: 'alsa_input.usb-Headset.mono',
      callDevice: 'alsa_output.pci-Speakers.monitor',
      record: true,
    });
    expect(started).toEqual({ sessionId: 'fake-1' });
    expect(r.window.bounds).toEqual({ x: 100 + 1280 - 420, y: 50, width: 420, height: 560 });
    expect(r.window.onTop).toBe(true);
    expect(r.window.calls).not.toContain('focus');
    expect(heard[0]).toMatchObject({ type: 'started', sessionId: 'fake-1', recording: true });

    await r.bridge.invoke('live:action', { type: 'snooze' });
    expect(fake.actions).toEqual([{ type: 'snooze' }]);
    expect(heard.at(-1)).toMatchObject({ type: 'controls' });
    await expect(
      r.bridge.invoke('live:action', { type: 'mute', kind: 'shouting' as 'talkingOver' }),
    ).rejects.toThrow('unknown cue kind');

    const opened = await r.bridge.invoke('live:stop', null);
    expect(opened.recordingUrl).toMatch(/^app:\/\/softspoken\/call\/[0-9a-f]{32}$/);
    expect(opened.report.live?.sessionId).toBe('fake-1');
    expect(r.window.bounds).toEqual({ x: 100, y: 50, width: 1280, height: 860 });
    expect([r.window.minimum, r.window.onTop]).toEqual([[880, 600], false]);
    unsubscribe();
    expect(r.pushListeners.size).toBe(0);
  });

  it("hands the page the message only, never Electron's event", async () => {
    const fake = new FakeLiveController({ report: threePeakCall });
    const r = rig(async () => fake);
    const args: unknown[][] = [];
    r.bridge.onLive((...a: unknown[]) => void args.push(a));
    await r.bridge.invoke('live:status', null); // loads the controller and subscribes
    fake.emit({ type: 'error', message: 'x' });
    expect(args).toEqual([[{ type: 'error', message: 'x' }]]);
  });

  it('pushes device meters during a test and answers with the peak', async () => {
    const fake = new FakeLiveController({ report: threePeakCall, meter: () => [-50, -12] });
    const r = rig(async () => fake);
    const heard: LiveMessage[] = [];
    r.bridge.onLive((m) => heard.push(m));
    expect(await r.bridge.invoke('live:testDevice', { device: 'mic', seconds: 3 })).toEqual({ peakDb: -12 });
    expect(heard).toEqual([
      { type: 'meter', device: 'mic', db: -50 },
      { type: 'meter', device: 'mic', db: -12 },
    ]);
    await expect(r.bridge.invoke('live:testDevice', { device: 'mic', seconds: 600 })).rejects.toThrow(
      /at most 10 s/,
    );
  });

  it('recovers a session without its recording when the file is gone', async () => {
    const fake = new FakeLiveController({
      report: threePeakCall,
      recoverable: [{ sessionId: 's-1', startedAt: '2025-01-01T09:00:00Z', agent: 'Sam', seconds: 300 }],
    });
    const r = rig(async () => fake, false);
    expect(await r.bridge.invoke('live:recoverable', null)).toHaveLength(1);
    const opened = await r.bridge.invoke('live:recover', { sessionId: 's-1' });
    expect([opened.sessionId, opened.recordingUrl, opened.report.live?.recovered]).toEqual([
      's-1',
      null,
      true,
    ]);
    await expect(r.bridge.invoke('live:recover', { sessionId: 'a/../b' })).rejects.toThrow(
      /not a live session id/,
    );
  });

  it('says why when live capture cannot load, on every channel', async () => {
    const r = rig(async () => {
      throw new Error('sox is not installed');
    });
    expect(await r.bridge.invoke('live:status', null)).toEqual({
      available: false,
      message: 'Live calls are not available here: sox is not installed',
    });
    await expect(r.bridge.invoke('live:devices', null)).rejects.toThrow('sox is not installed');
  });

  it('refuses live requests from anything but the app window', async () => {
    const fake = new FakeLiveController({ report: threePeakCall });
    const r = rig(async () => fake);
    const frame = { ...mainFrame, url: 'https://evil.example/' };
    await expect(
      r.bridgeFrom({ sender: { id: 1 }, senderFrame: frame }).invoke('live:start', {
        agentDevice: 'a',
        callDevice: 'b',
        record: false,
      }),
    ).rejects.toThrow(/Refused/);
    expect(fake.starts).toEqual([]);
  });

  it('keeps a maximized window maximized after the call, and enters once', () => {
    const window = new FakeWindow();
    window.maximized = true;
    const mode = new LiveWindowMode(() => window);
    mode.enter();
    mode.enter();
    expect([window.maximized, window.bounds.width]).toEqual([false, 420]);
    mode.leave();
    expect([window.maximized, window.bounds.width, window.onTop]).toEqual([true, 1280, false]);
  });
});
