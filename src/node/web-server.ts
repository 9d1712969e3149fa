/**
 * Web mode: serves the built review app (dist/app) to a browser on this machine. Static files only, from
 * one folder, on a loopback address only, with a strict Content-Security-Policy, so the page can load
 * nothing but its own files (the analysis runs in the page; calls never leave the browser).
 * Range requests are honoured for WAV files, so the player can seek.
 *
 * With a live controller it also carries live mode (src/node/live/live-http.ts) under `/api/live/`: JSON
 * requests, a Server-Sent Events stream of updates, a call's recording. Every `/api/` request passes the
 * Host check and then the Origin rules of src/node/api-http.ts; without a controller `/api/live/` is a 404.
 */
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LiveController } from '../live/controller.js';
import { apiRefusal, sendError } from './api-http.js';
import { contentTypeOf, WEB_SECURITY_HEADERS } from './app-files.js';
import { createLiveHttp, type LiveHttp } from './live/live-http.js';
import { sendFile } from './send-file.js';

export { CONTENT_SECURITY_POLICY, parseRange } from './app-files.js';

const SECURITY_HEADERS = WEB_SECURITY_HEADERS;

/**
 * Files under this folder of the root (onnxruntime's WebAssembly runtime) are sent `no-cache` with an ETag
 * instead of `no-store`: the browser revalidates them on every load, so they are never stale, and may keep
 * them, and with them V8's optimized code for the 14 MB runtime: the next analysis starts about 2 s sooner.
 */
const REVALIDATED_DIR = 'ort';

export interface WebServerOptions {
  /** The folder served (default: the built app, dist/app). */
  root?: string;
  /** TCP port; 0 picks a free one (default 0). */
  port?: number;
  /** A loopback address: 127.0.0.1 (default), another 127.x.y.z, ::1 or localhost. */
  host?: string;
  /** Live capture, offered to the page under /api/live/ (absent: live calls are not available). */
  live?: LiveController;
}

export interface WebServer {
  /** Where the app is, e.g. http://127.0.0.1:5178/ */
  url: string;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** dist/app, whether this runs compiled (dist/src/node) or from source (src/node, under tsx or vitest). */
function defaultRoot(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  return here.includes(`${sep}dist${sep}`) ? resolve(here, '../../app') : resolve(here, '../../dist/app');
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

export async function startWebServer(options: WebServerOptions = {}): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) {
    throw new Error(`web mode serves this computer only: host must be a loopback address, not '${host}'`);
  }
  const root = await realpath(resolve(options.root ?? defaultRoot()));
  const api = createLiveHttp(options.live);
  const server = createServer((request, response) => {
    serve(root, api, request, response, server.address() as AddressInfo).catch(() => {
      if (!response.headersSent) send(response, 500, 'internal error');
      else response.destroy();
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', fail);
      done();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        api.close();
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

function send(
  response: ServerResponse,
  status: number,
  text: string,
  extra: Record<string, string> = {},
): void {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...extra,
  });
  response.end(text);
}

/** The Host header must name this server by a loopback name (a page elsewhere cannot rebind a name to it). */
function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  if (hostHeader === undefined) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader);
  if (!match) return false;
  const name = (match[1] ?? '').replace(/^\[|\]$/g, '');
  return isLoopback(name) && (match[2] === undefined ? port === 80 : Number(match[2]) === port);
}

async function serve(
  root: string,
  api: LiveHttp,
  request: IncomingMessage,
  response: ServerResponse,
  address: AddressInfo,
): Promise<void> {
  const host = request.headers.host;
  if (host === undefined || !hostAllowed(host, address.port)) return send(response, 421, 'wrong host');
  const url = request.url ?? '/';
  if (url.startsWith('/api/')) {
    const refusal = apiRefusal(request, host);
    if (refusal !== null) return sendError(response, refusal);
    return api.handle(request, response, url);
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return send(response, 405, 'method not allowed', { Allow: 'GET, HEAD' });
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, 'http://localhost').pathname);
  } catch {
    return send(response, 400, 'bad request');
  }
  if (path.includes('\0')) return send(response, 400, 'bad request');
  if (path.endsWith('/')) path += 'index.html';
  const file = await inside(root, path);
  const info = file === null ? null : await stat(file).catch(() => null);
  if (file === null || info === null || !info.isFile()) return send(response, 404, 'not found');

  const type = contentTypeOf(file);
  const headers: Record<string, string> = { ...SECURITY_HEADERS, 'Content-Type': type };
  if (file.startsWith(join(root, REVALIDATED_DIR) + sep)) {
    // the WebAssembly runtime may be kept, if checked each time: Chrome then keeps V8's compiled code too
    const etag = `"${info.size.toString(36)}-${Math.round(info.mtimeMs).toString(36)}"`;
    headers['Cache-Control'] = 'no-cache';
    headers['ETag'] = etag;
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, headers);
      response.end();
      return;
    }
  }
  sendFile(request, response, file, info.size, headers);
}

/** The real path of `urlPath` under `root`, or null when it would leave `root` (by `..` or a symbolic link). */
async function inside(root: string, urlPath: string): Promise<string | null> {
  const candidate = resolve(root, `.${urlPath}`);
  const within = (p: string): boolean => p === root || p.startsWith(root + sep);
  if (!within(candidate)) return null;
  const real = await realpath(candidate).catch(() => null);
  return real !== null && within(real) ? real : null;
}
