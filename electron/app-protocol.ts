/**
 * The `app://softspoken/` protocol: the built UI (`dist/app/`) under its own origin, with the same
 * Content-Security-Policy as web mode, and the open call's files at `app://softspoken/call/<token>` (Range
 * requests answered, so audio can seek: Electron's own file:// loader ignores Range). Everything else is a
 * 404. Written against Fetch `Request`/`Response` and a small file interface, so it runs under
 * `protocol.handle` in Electron and in plain Node tests. The policy, the content types and the Range rule
 * are web mode's own (src/node/app-files.ts).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { CONTENT_SECURITY_POLICY, contentTypeOf, parseRange } from '../src/node/app-files.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'softspoken';
export const APP_ORIGIN_URL = `${APP_SCHEME}://${APP_HOST}/`;

/** The Content-Security-Policy of every response: web mode's (src/node/app-files.ts), one policy for both. */
export const APP_CSP = CONTENT_SECURITY_POLICY;

/** What the protocol needs of the file system. */
export interface ServeFs {
  /** Size of a regular file; null when the path is missing or not a regular file. */
  fileSize(path: string): Promise<number | null>;
  /** Bytes `start` to `end` (inclusive) of a file. */
  read(path: string, start: number, end: number): ReadableStream<Uint8Array>;
}

export const nodeServeFs: ServeFs = {
  async fileSize(path) {
    try {
      const stats = await stat(path);
      return stats.isFile() ? stats.size : null;
    } catch {
      return null;
    }
  },
  read(path, start, end) {
    return Readable.toWeb(createReadStream(path, { start, end })) as ReadableStream<Uint8Array>;
  },
};

export interface AppProtocolOptions {
  /** Absolute path of the built UI (`dist/app`). */
  appRoot: string;
  /** The open call's files by token (see CallRegistry). */
  calls: { pathFor(token: string): string | null };
  fs?: ServeFs;
}

/** Decoded path segments of a URL path; null when one is empty-dot, dot-dot, or hides a separator or NUL. */
function safeSegments(pathname: string): string[] | null {
  const segments: string[] = [];
  for (const raw of pathname.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments;
}

function notFound(): Response {
  return new Response('Not found', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

/** The `protocol.handle` handler for `app:`. */
export function createAppProtocolHandler(
  options: AppProtocolOptions,
): (request: Request) => Promise<Response> {
  const fs = options.fs ?? nodeServeFs;
  const root = resolve(options.appRoot);

  /** A file inside the UI folder for a URL path, or null when the path would leave it. */
  const appFile = (segments: string[]): string | null => {
    const file = resolve(root, ...(segments.length === 0 ? ['index.html'] : segments));
    return file.startsWith(root + sep) ? file : null;
  };

  const serve = async (request: Request, file: string, cache: string): Promise<Response> => {
    const size = await fs.fileSize(file);
    if (size === null) return notFound();
    const headers = new Headers({
      'Content-Type': contentTypeOf(file),
      'Content-Security-Policy': APP_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': cache,
      'Accept-Ranges': 'bytes',
    });
    const range = parseRange(request.headers.get('Range'), size);
    if (range === 'unsatisfiable') {
      headers.set('Content-Range', `bytes */${size}`);
      return new Response(null, { status: 416, headers });
    }
    const [start, end] = range ?? [0, size - 1];
    const length = Math.max(0, end - start + 1);
    headers.set('Content-Length', String(length));
    if (range) headers.set('Content-Range', `bytes ${start}-${end}/${size}`);
    const body = request.method === 'HEAD' || length === 0 ? null : fs.read(file, start, end);
    return new Response(body, { status: range ? 206 : 200, headers });
  };

  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return notFound();
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound();
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { Allow: 'GET, HEAD' } });
    }
    const segments = safeSegments(url.pathname);
    if (segments === null) return notFound();
    if (segments[0] === 'call') {
      const path =
        segments.length === 2 && segments[1] !== undefined ? options.calls.pathFor(segments[1]) : null;
      return path === null ? notFound() : serve(request, path, 'no-store');
    }
    const file = appFile(segments);
    return file === null ? notFound() : serve(request, file, 'no-cache');
  };
}
