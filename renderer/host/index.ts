/** The Host for wherever the UI runs: the Electron app when its preload set `window.softspoken`, else a browser. */
import { createElectronHost } from './electron-host.js';
import type { Host } from './host.js';
import { createWebHost } from './web-host.js';

export function createHost(): Host {
  const bridge = window.softspoken;
  return bridge === undefined ? createWebHost() : createElectronHost(bridge);
}
