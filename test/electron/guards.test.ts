/**
 * What the window may do, with Electron mocked at the boundary: IPC only from the app window's main frame
 * on app://softspoken/, no permission, no request off the machine, no window, no navigation elsewhere.
 */
import { describe, expect, it } from 'vitest';
import {
  isAllowedRequestUrl,
  isAppPageUrl,
  isTrustedSender,
  lockDownContents,
  lockDownSession,
  type ContentsLike,
  type FrameLike,
  type SessionLike,
  type TrustedWindowLike,
} from '../../electron/guards.js';

const frame = (url: string, processId = 4, routingId = 1): FrameLike => ({ url, processId, routingId });
const mainFrame = frame('app://softspoken/');
const window: TrustedWindowLike = { contentsId: 7, mainFrame };

describe('isTrustedSender', () => {
  it("accepts the window's main frame on the app's origin", () => {
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: mainFrame }, window)).toBe(true);
    // another wrapper object for the same frame
    expect(
      isTrustedSender({ sender: { id: 7 }, senderFrame: frame('app://softspoken/index.html') }, window),
    ).toBe(true);
  });

  it('refuses other windows, sub-frames, other origins, gone frames and no window', () => {
    const refused = [
      { sender: { id: 8 }, senderFrame: mainFrame },
      { sender: { id: 7 }, senderFrame: frame('app://softspoken/', 4, 2) },
      { sender: { id: 7 }, senderFrame: frame('app://softspoken/', 5, 1) },
      { sender: { id: 7 }, senderFrame: frame('https://example.com/', 4, 1) },
      { sender: { id: 7 }, senderFrame: frame('app://elsewhere/', 4, 1) },
      { sender: { id: 7 }, senderFrame: frame('file:///tmp/x.html', 4, 1) },
      { sender: { id: 7 }, senderFrame: frame('not a url', 4, 1) },
      { sender: { id: 7 }, senderFrame: null },
    ];
    for (const event of refused) expect(isTrustedSender(event, window), JSON.stringify(event)).toBe(false);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: mainFrame }, null)).toBe(false);
  });
});

describe('requests and navigation', () => {
  it('lets only app://softspoken, blob: and data: requests through', () => {
    for (const url of [
      'app://softspoken/app.js',
      'app://softspoken/call/00',
      'blob:app://softspoken/1-2',
      'data:,x',
    ]) {
      expect(isAllowedRequestUrl(url), url).toBe(true);
    }
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:5178/',
      'ws://localhost/',
      'file:///etc/passwd',
      'ftp://x/',
      'app://elsewhere/x',
      'garbage',
    ]) {
      expect(isAllowedRequestUrl(url), url).toBe(false);
    }
  });

  it("lets the window navigate only to the app's page", () => {
    expect(isAppPageUrl('app://softspoken/')).toBe(true);
    expect(isAppPageUrl('app://softspoken/index.html?x#y')).toBe(true);
    expect(isAppPageUrl('app://softspoken/call/0123')).toBe(false);
    expect(isAppPageUrl('https://softspoken/')).toBe(false);
  });
});

describe('lockDownSession and lockDownContents', () => {
  it('denies every permission and cancels requests that would leave the machine', () => {
    let request: Parameters<SessionLike['setPermissionRequestHandler']>[0] | undefined;
    let check: Parameters<SessionLike['setPermissionCheckHandler']>[0] | undefined;
    let before: Parameters<SessionLike['webRequest']['onBeforeRequest']>[0] | undefined;
    const session: SessionLike = {
      setPermissionRequestHandler: (h) => (request = h),
      setPermissionCheckHandler: (h) => (check = h),
      webRequest: { onBeforeRequest: (l) => (before = l) },
    };
    const logged: string[] = [];
    lockDownSession(session, (m) => logged.push(m));

    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      let granted: boolean | undefined;
      request?.({}, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
      expect(check?.({}, permission)).toBe(false);
    }
    const verdict = (url: string): boolean | undefined => {
      let cancel: boolean | undefined;
      before?.({ url }, (response) => (cancel = response.cancel));
      return cancel;
    };
    expect(verdict('https://example.com/track.js')).toBe(true);
    expect(verdict('app://softspoken/app.js')).toBe(false);
    expect(logged.some((m) => m.includes('https://example.com/track.js'))).toBe(true);
  });

  it('denies new windows and webviews and keeps the window on the app', () => {
    let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
    const listeners = new Map<string, (event: { url: string; preventDefault(): void }) => void>();
    const contents: ContentsLike = {
      setWindowOpenHandler: (h) => (openHandler = h),
      on: (event: string, listener: (event: { url: string; preventDefault(): void }) => void) =>
        listeners.set(event, listener),
    };
    lockDownContents(contents, () => undefined);
    expect(openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });

    const prevented = (event: string, url: string): boolean => {
      let stopped = false;
      listeners.get(event)?.({ url, preventDefault: () => (stopped = true) });
      return stopped;
    };
    expect(prevented('will-navigate', 'https://example.com/')).toBe(true);
    expect(prevented('will-navigate', 'file:///home/user/call.wav')).toBe(true);
    expect(prevented('will-navigate', 'app://softspoken/call/0123')).toBe(true);
    expect(prevented('will-navigate', 'app://softspoken/')).toBe(false);
    expect(prevented('will-redirect', 'https://example.com/')).toBe(true);
    expect(prevented('will-attach-webview', 'app://softspoken/')).toBe(true);
  });
});
