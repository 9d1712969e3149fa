/**
 * The bridge the preload exposes as `window.softspoken`: `invoke` for the contract's channels only (any other
 * name is refused before it reaches IPC), replies unwrapped from their envelopes, `pathForFile`, and
 * `onLive`, which hands the page each live message main pushes, without Electron's event object (it would
 * give the page the `sender`, an IPC handle of its own).
 * Pure: bundled into the sandboxed preload, so it imports neither Node nor Electron.
 */
import { IPC_CHANNELS, type IpcChannel, type SoftspokenBridge } from '../src/ipc/contract.js';
import { LIVE_PUSH_CHANNEL, type LiveMessage } from '../src/ipc/live.js';
import { fromEnvelope } from './ipc-envelope.js';

type PushListener = (event: unknown, message: unknown) => void;

/** The part of Electron's ipcRenderer used here. */
export interface IpcRendererLike {
  invoke(channel: string, request: unknown): Promise<unknown>;
  on(channel: string, listener: PushListener): unknown;
  removeListener(channel: string, listener: PushListener): unknown;
}

export function createBridge(ipc: IpcRendererLike, pathForFile: (file: unknown) => string): SoftspokenBridge {
  const allowed = new Set<string>(IPC_CHANNELS);
  return {
    async invoke<C extends IpcChannel>(channel: C, request: unknown) {
      if (typeof channel !== 'string' || !allowed.has(channel)) {
        throw new Error(`Unknown request '${String(channel)}'.`);
      }
      return fromEnvelope(await ipc.invoke(channel, request)) as never;
    },
    pathForFile(file) {
      try {
        return pathForFile(file);
      } catch {
        return '';
      }
    },
    onLive(listener) {
      if (typeof listener !== 'function') throw new TypeError('onLive needs a function.');
      const forward: PushListener = (_event, message) => listener(message as LiveMessage);
      ipc.on(LIVE_PUSH_CHANNEL, forward);
      return () => void ipc.removeListener(LIVE_PUSH_CHANNEL, forward);
    },
  };
}
