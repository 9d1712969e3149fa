/**
 * What the app lets its window do: load only `app://softspoken/`, open no windows, navigate nowhere else,
 * get no permission, send no request off the machine, and talk IPC only from its own main frame. Written
 * against the few members of Electron's session, webContents and IPC event it uses, so it tests with fakes.
 */
import { APP_HOST, APP_SCHEME } from './app-protocol.js';

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Whether `url` is on the app's own origin, `app://softspoken/…`. */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}

/** Whether `url` is the app's page (the only thing the window may navigate to, e.g. on reload). */
export function isAppPageUrl(url: string): boolean {
  const parsed = parse(url);
  return isAppUrl(url) && parsed !== null && (parsed.pathname === '/' || parsed.pathname === '/index.html');
}

/** Schemes a request may use: the app's own, in-memory blobs and data URLs (and DevTools' own pages). */
const ALLOWED_REQUEST_SCHEMES = new Set([`${APP_SCHEME}:`, 'blob:', 'data:', 'devtools:']);

/** Whether a request may go ahead: nothing leaves the machine (no http, https, ws, file, ftp …). */
export function isAllowedRequestUrl(url: string): boolean {
  const parsed = parse(url);
  if (parsed === null) return false;
  if (parsed.protocol === `${APP_SCHEME}:`) return parsed.host === APP_HOST;
  return ALLOWED_REQUEST_SCHEMES.has(parsed.protocol);
}

/** The parts of Electron's WebFrameMain the sender check reads. */
export interface FrameLike {
  readonly url: string;
  readonly processId: number;
  readonly routingId: number;
}

/** The parts of Electron's IpcMainInvokeEvent the sender check reads. */
export interface SenderEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: FrameLike | null;
}

/** The app's window as the sender check sees it. */
export interface TrustedWindowLike {
  readonly contentsId: number;
  readonly mainFrame: FrameLike;
}

/**
 * Whether an IPC message comes from the app's window, from its main frame (not a sub-frame), while that
 * frame shows the app's own origin.
 */
export function isTrustedSender(event: SenderEventLike, window: TrustedWindowLike | null): boolean {
  const frame = event.senderFrame;
  if (window === null || frame === null) return false;
  if (event.sender.id !== window.contentsId) return false;
  const main = window.mainFrame;
  const isMainFrame =
    frame === main || (frame.processId === main.processId && frame.routingId === main.routingId);
  return isMainFrame && isAppUrl(frame.url);
}

/** The parts of Electron's Session locked down here. */
export interface SessionLike {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  readonly webRequest: {
    onBeforeRequest(
      listener: (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void,
    ): void;
  };
}

export type Log = (message: string) => void;

/** No permission is ever granted, and no request goes anywhere but the app's origin, blobs and data URLs. */
export function lockDownSession(session: SessionLike, log: Log): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`SoftSpoken: denied a permission request (${permission})`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequestUrl(details.url);
    if (!allowed) log(`SoftSpoken: blocked a request to ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
}

interface NavigationEventLike {
  readonly url: string;
  preventDefault(): void;
}

/** The parts of Electron's WebContents locked down here. */
export interface ContentsLike {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: NavigationEventLike) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
}

/** No new windows, no webviews, and no navigation away from the app's page. */
export function lockDownContents(contents: ContentsLike, log: Log): void {
  contents.setWindowOpenHandler((details) => {
    log(`SoftSpoken: refused to open a window for ${details.url.slice(0, 200)}`);
    return { action: 'deny' };
  });
  const stayOnApp = (event: NavigationEventLike): void => {
    if (isAppPageUrl(event.url)) return;
    event.preventDefault();
    log(`SoftSpoken: refused to navigate to ${event.url.slice(0, 200)}`);
  };
  contents.on('will-navigate', stayOnApp);
  contents.on('will-redirect', stayOnApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
