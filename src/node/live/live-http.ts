/**
 * Web mode's live routes (src/ipc/live.ts `LIVE_ROUTES`): the page's way to a LiveController, the same calls
 * Electron's main makes over IPC. The server (src/node/web-server.ts) has already checked the Host header
 * and the Origin rules (src/node/api-http.ts) when a request gets here; requests are validated again as
 * untrusted data (src/ipc/live-requests.ts). Updates reach pages as Server-Sent Events: one `data:` line of
 * JSON per LiveMessage, to every open stream (a page and its reload alike), with a comment line every 15 s
 * so nothing between closes an idle stream. A recording is served only for a session this server has
 * handed back (stop or recover), by its id: the page never names a path. Without a controller every route
 * is a 404 with a message, but `status`, which says so (`available: false`) without an error.
 */
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LiveController, LiveSessionResult } from '../../live/controller.js';
import { LIVE_ROUTES, type LiveMessage, type LiveOpened, type LiveStatus } from '../../ipc/live.js';
import {
  LiveRequestError,
  parseAction,
  parseSessionId,
  parseStartRequest,
  parseTestRequest,
} from '../../ipc/live-requests.js';
import { HttpError, readJsonBody, sendError, sendJson } from '../api-http.js';
import { WEB_SECURITY_HEADERS } from '../app-files.js';
import { sendFile } from '../send-file.js';

/** A comment line on every open event stream this often, ms. */
const HEARTBEAT_MS = 15_000;
/** How soon a page's EventSource reconnects after the stream drops, ms. */
const RETRY_MS = 2000;
const PREFIX = '/api/live/';
const POST_ROUTES = ['start', 'action', 'stop', 'test-device', 'recover'];

export interface LiveHttp {
  /** Answers one /api/ request (`url` is the request's path and query). */
  handle(request: IncomingMessage, response: ServerResponse, url: string): Promise<void>;
  /** Ends every event stream and stops listening to the controller (the server is closing). */
  close(): void;
}

const UNAVAILABLE =
  'Live calls are not available here: this web-mode server was started without live capture.';

export function createLiveHttp(live: LiveController | undefined): LiveHttp {
  const streams = new Set<ServerResponse>();
  /** Recordings of sessions handed back to a page: session id → file. */
  const recordings = new Map<string, string>();

  const broadcast = (message: LiveMessage): void => {
    const frame = `data: ${JSON.stringify(message)}\n\n`;
    for (const stream of streams) stream.write(frame);
  };
  const unsubscribe = live?.subscribe(broadcast) ?? (() => undefined);
  const heartbeat = setInterval(() => {
    for (const stream of streams) stream.write(': still here\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const opened = async (result: LiveSessionResult): Promise<LiveOpened> => {
    const path = result.recordingPath;
    const exists =
      path !== null &&
      (await stat(path).then(
        (s) => s.isFile(),
        () => false,
      ));
    if (exists) recordings.set(result.sessionId, path);
    return {
      sessionId: result.sessionId,
      report: result.report,
      recordingUrl: exists ? `${LIVE_ROUTES.recording}${encodeURIComponent(result.sessionId)}` : null,
    };
  };

  const openStream = (request: IncomingMessage, response: ServerResponse): void => {
    response.writeHead(200, {
      ...WEB_SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'X-Accel-Buffering': 'no',
    });
    response.write(`retry: ${RETRY_MS}\n\n`);
    streams.add(response);
    request.on('close', () => streams.delete(response));
  };

  const sendRecording = async (
    request: IncomingMessage,
    response: ServerResponse,
    id: string,
  ): Promise<void> => {
    const path = recordings.get(parseSessionId(id));
    const info = path === undefined ? null : await stat(path).catch(() => null);
    if (path === undefined || info === null || !info.isFile())
      throw new HttpError(404, 'No recording of that session is open here.');
    sendFile(request, response, path, info.size, { ...WEB_SECURITY_HEADERS, 'Content-Type': 'audio/wav' });
  };

  /** The answer to a POST route, from its JSON body. */
  const post = async (route: string, body: unknown, c: LiveController): Promise<unknown> => {
    switch (route) {
      case 'start':
        if (c.running) throw new HttpError(409, 'A live call is already running: end it first.');
        return c.start(parseStartRequest(body));
      case 'action':
        if (!c.running) throw new HttpError(409, 'No live call is running.');
        c.action(parseAction(body));
        return { ok: true };
      case 'stop':
        if (!c.running) throw new HttpError(409, 'No live call is running.');
        return opened(await c.stop());
      case 'test-device': {
        const { device, seconds } = parseTestRequest(body);
        return c.testDevice(device, seconds, (db) => broadcast({ type: 'meter', device, db }));
      }
      case 'recover':
        return opened(await c.recover(parseSessionId(body)));
      default:
        throw new HttpError(404, 'Not found.');
    }
  };

  const route = async (
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
    c: LiveController,
  ): Promise<void> => {
    const name = path.slice(PREFIX.length);
    const isGet = request.method === 'GET';
    if (isGet && name.startsWith('recording/')) return sendRecording(request, response, name.slice(10));
    const gets: Record<string, () => Promise<unknown>> = {
      status: async (): Promise<LiveStatus> => ({ available: true, running: c.running }),
      devices: () => c.devices(),
      recoverable: () => c.recoverable(),
    };
    if (isGet && name === 'events') return openStream(request, response);
    const get = gets[name];
    if (get !== undefined) {
      if (!isGet) throw new HttpError(405, 'Method not allowed: GET.');
      return sendJson(response, 200, await get());
    }
    if (isGet) {
      const postOnly = POST_ROUTES.includes(name);
      throw new HttpError(postOnly ? 405 : 404, postOnly ? 'Method not allowed: POST.' : 'Not found.');
    }
    const body = await readJsonBody(request);
    sendJson(response, 200, await post(name, body, c));
  };

  return {
    async handle(request, response, url) {
      try {
        const path = decodeURIComponent(new URL(url, 'http://localhost').pathname);
        if (!path.startsWith(PREFIX)) throw new HttpError(404, 'Not found.');
        if (live === undefined) {
          // the page asks `status` on every start screen: it gets its answer, not an error to log
          if (path === LIVE_ROUTES.status && request.method === 'GET')
            return sendJson(response, 200, { available: false, message: UNAVAILABLE } satisfies LiveStatus);
          throw new HttpError(404, UNAVAILABLE);
        }
        await route(request, response, path, live);
      } catch (error) {
        request.resume(); // a body refused unread is drained, so the client gets the answer, not a reset
        sendError(response, error instanceof LiveRequestError ? new HttpError(400, error.message) : error);
      }
    },
    close() {
      clearInterval(heartbeat);
      unsubscribe();
      for (const stream of streams) stream.end();
      streams.clear();
    },
  };
}
