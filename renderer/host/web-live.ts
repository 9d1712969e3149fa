/**
 * Live calls in web mode: the page's side of the loopback server's /api/live/ routes (src/ipc/live.ts
 * `LIVE_ROUTES`). Requests are same-origin `fetch` calls with JSON bodies (the browser adds the Origin the
 * server checks); updates arrive on one EventSource, opened while anything listens. A start or a device test
 * waits for that stream to be open first, so the call's first updates and the first meter levels are not
 * missed. Typed against the few members of fetch and EventSource it uses, so it tests without a browser.
 */
import { LIVE_ROUTES, type LiveMessage, type LiveStatus } from '../../src/ipc/live.js';
import type { LiveHost } from './host.js';

interface ResponseLike {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}
export type FetchLike = (
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string; cache: 'no-store' },
) => Promise<ResponseLike>;

export interface EventSourceLike {
  onopen: (() => void) | null;
  onmessage: ((event: { data: string }) => void) | null;
  onerror: (() => void) | null;
  close(): void;
}

export interface WebLiveOptions {
  fetch?: FetchLike;
  openStream?: (url: string) => EventSourceLike;
  /** How long a start waits for the event stream to open, ms, before going ahead anyway. */
  streamWaitMs?: number;
}

/** A stream that does not open in this long is not waited for (the start goes ahead), ms. */
const STREAM_WAIT_MS = 3000;

/** The message of an error answer ({ message }), or one naming the status. */
async function failure(response: ResponseLike): Promise<Error> {
  const body = (await response.json().catch(() => null)) as { message?: unknown } | null;
  const message = typeof body?.message === 'string' ? body.message : `The app answered ${response.status}.`;
  return Object.assign(new Error(message), { status: response.status });
}

export function createWebLive(options: WebLiveOptions = {}): LiveHost {
  const doFetch: FetchLike =
    options.fetch ?? ((url, init) => (globalThis as unknown as { fetch: FetchLike }).fetch(url, init));
  const openStream =
    options.openStream ??
    ((url: string) =>
      new (globalThis as unknown as { EventSource: new (url: string) => EventSourceLike }).EventSource(url));
  const listeners = new Set<(message: LiveMessage) => void>();
  let stream: EventSourceLike | null = null;
  let opened: Promise<void> = Promise.resolve();

  const request = async <T>(url: string, body?: unknown): Promise<T> => {
    const init =
      body === undefined
        ? { method: 'GET', cache: 'no-store' as const }
        : {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
            cache: 'no-store' as const,
          };
    let response: ResponseLike;
    try {
      response = await doFetch(url, init);
    } catch {
      throw new Error('The SoftSpoken server is not answering: is `npm start` still running?');
    }
    if (!response.ok) throw await failure(response);
    return (await response.json()) as T;
  };

  const connect = (): void => {
    if (stream !== null) return;
    const source = openStream(LIVE_ROUTES.events);
    stream = source;
    opened = new Promise((resolve) => {
      source.onopen = () => resolve();
      setTimeout(resolve, options.streamWaitMs ?? STREAM_WAIT_MS);
    });
    source.onmessage = (event) => {
      let message: LiveMessage;
      try {
        message = JSON.parse(event.data) as LiveMessage;
      } catch {
        return;
      }
      for (const listener of [...listeners]) listener(message);
    };
    // the browser reconnects by itself (the server asks for 2 s); nothing to do on an error
    source.onerror = () => undefined;
  };

  /** Waits for the event stream when something listens (so nothing said on start is missed). */
  const ready = (): Promise<void> => (listeners.size > 0 ? opened : Promise.resolve());

  return {
    async status(): Promise<LiveStatus> {
      try {
        return await request<LiveStatus>(LIVE_ROUTES.status);
      } catch (error) {
        return { available: false, message: error instanceof Error ? error.message : String(error) };
      }
    },
    devices: () => request(LIVE_ROUTES.devices),
    async testDevice(device, seconds) {
      await ready();
      return request(LIVE_ROUTES.testDevice, { device, seconds });
    },
    async start(startRequest) {
      await ready();
      return request(LIVE_ROUTES.start, startRequest);
    },
    async action(action) {
      await request(LIVE_ROUTES.action, action);
    },
    stop: () => request(LIVE_ROUTES.stop, {}),
    recoverable: () => request(LIVE_ROUTES.recoverable),
    recover: (sessionId) => request(LIVE_ROUTES.recover, { sessionId }),
    subscribe(listener) {
      listeners.add(listener);
      connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && stream !== null) {
          stream.close();
          stream = null;
        }
      };
    },
  };
}
