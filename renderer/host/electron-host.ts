/**
 * The Host inside the Electron app: everything goes through the preload's bridge (`window.softspoken`), and
 * a call's bytes are read from the `app://softspoken/call/<token>` URLs main serves for the open call.
 */
import type { OpenedCall, SoftspokenBridge } from '../../src/ipc/contract.js';
import type { CallInput, Host, LiveHost } from './host.js';

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

/** Live calls through main (electron/live-handlers.ts): requests over IPC, updates from the preload's onLive. */
function electronLive(bridge: SoftspokenBridge): LiveHost {
  return {
    status: () => bridge.invoke('live:status', null),
    devices: () => bridge.invoke('live:devices', null),
    testDevice: (device, seconds) => bridge.invoke('live:testDevice', { device, seconds }),
    start: (request) => bridge.invoke('live:start', request),
    async action(action) {
      await bridge.invoke('live:action', action);
    },
    stop: () => bridge.invoke('live:stop', null),
    recoverable: () => bridge.invoke('live:recoverable', null),
    recover: (sessionId) => bridge.invoke('live:recover', { sessionId }),
    subscribe: (listener) => bridge.onLive(listener),
  };
}

export function createElectronHost(bridge: SoftspokenBridge): Host {
  return {
    mode: 'electron',
    live: electronLive(bridge),

    async pickCall() {
      const call = await bridge.invoke('call:openDialog', null);
      return call === null ? null : toCallInput(call);
    },

    async openDropped(files) {
      if (files.length === 0)
        throw new Error('Nothing was dropped: drop one two-channel recording, or two mono recordings.');
      const paths = files.map((file) => bridge.pathForFile(file));
      if (paths.some((path) => path === '')) {
        throw new Error('The dropped item is not a file on this computer: use "Open a recording…" instead.');
      }
      return toCallInput(await bridge.invoke('call:openPaths', { paths }));
    },

    async pickFolder() {
      const calls = await bridge.invoke('call:openFolder', null);
      return calls === null ? null : calls.map(toCallInput);
    },

    async openMany(files) {
      const paths = files.map((file) => bridge.pathForFile(file)).filter((path) => path !== '');
      if (paths.length === 0) throw new Error('The dropped items are not files on this computer.');
      return (await bridge.invoke('call:openMany', { paths })).map(toCallInput);
    },

    recent: () => bridge.invoke('recent:list', null),

    async openRecent(key) {
      return toCallInput(await bridge.invoke('recent:open', { key }));
    },

    async forgetRecent(key) {
      await bridge.invoke('recent:forget', { key });
    },

    recentFolders: () => bridge.invoke('recent:folders', null),

    async openRecentFolder(key) {
      return (await bridge.invoke('recent:openFolder', { key })).map(toCallInput);
    },

    async forgetRecentFolder(key) {
      await bridge.invoke('recent:forgetFolder', { key });
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
