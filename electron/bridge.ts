/**
 * The bridge the preload exposes as `window.softspoken`: `invoke` for the contract's channels only (any other
 * name is refused before it reaches IPC), replies unwrapped from their envelopes, and `pathForFile`.
 * Pure: bundled into the sandboxed preload, so it imports neither Node nor Electron.
 */
import { IPC_CHANNELS, type IpcChannel, type SoftspokenBridge } from '../src/ipc/contract.js';
import { fromEnvelope } from './ipc-envelope.js';

/** The part of Electron's ipcRenderer used here. */
export interface IpcRendererLike {
  invoke(channel: string, request: unknown): Promise<unknown>;
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
  };
}
