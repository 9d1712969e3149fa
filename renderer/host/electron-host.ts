/**
 * The Host inside the Electron app: everything goes through the preload's bridge (`window.softspoken`), and
 * a call's bytes are read from the `app://softspoken/call/<token>` URLs main serves for the open call.
 */
import type { OpenedCall, SoftspokenBridge } from '../../src/ipc/contract.js';
import type { CallInput, Host } from './host.js';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser. */
    softspoken?: SoftspokenBridge;
  }
}

function toCallInput(call: OpenedCall): CallInput {
  return {
    key: call.key,
    name: call.name,
    parts: call.parts.map((part) => ({ name: part.name, sizeBytes: part.sizeBytes, url: part.url })),
    rememberedAgentSide: call.rememberedAgentSide,
  };
}

export function createElectronHost(bridge: SoftspokenBridge): Host {
  return {
    mode: 'electron',

    async pickCall() {
      const call = await bridge.invoke('call:openDialog', null);
      return call === null ? null : toCallInput(call);
    },

    async openDropped(files) {
      if (files.length === 0)
        throw new Error('Nothing was dropped: drop one two-channel WAV, or two mono WAVs.');
      const paths = files.map((file) => bridge.pathForFile(file));
      if (paths.some((path) => path === '')) {
        throw new Error('The dropped item is not a file on this computer: use "Open a recording…" instead.');
      }
      return toCallInput(await bridge.invoke('call:openPaths', { paths }));
    },

    recent: () => bridge.invoke('recent:list', null),

    async openRecent(key) {
      return toCallInput(await bridge.invoke('recent:open', { key }));
    },

    async forgetRecent(key) {
      await bridge.invoke('recent:forget', { key });
    },

    async rememberAgentSide(key, agentSide) {
      await bridge.invoke('prefs:setAgentSide', { key, agentSide });
    },

    async save(suggestedName, kind, content) {
      const saved = await bridge.invoke('export:save', { suggestedName, kind, content });
      return saved === null ? null : saved.path;
    },
  };
}
