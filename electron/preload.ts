/**
 * The preload: exposes `window.softspoken` (SoftspokenBridge) to the page. Runs sandboxed, so once bundled it
 * may require nothing but `electron`.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createBridge } from './bridge.js';

const bridge = createBridge(
  {
    invoke: (channel, request) => ipcRenderer.invoke(channel, request),
    on: (channel, listener) => ipcRenderer.on(channel, listener),
    removeListener: (channel, listener) => ipcRenderer.removeListener(channel, listener),
  },
  (file) => webUtils.getPathForFile(file as File),
);

contextBridge.exposeInMainWorld('softspoken', bridge);
