/**
 * The `app://softspoken/` protocol: the built UI (`dist/app/`) under its own origin, with the same
 * Content-Security-Policy as web mode, and the open call's files at `app://softspoken/call/<token>` (Range
 * requests answered, so audio can seek: Electron's own file:// loader ignores Range). Everything else is a 404. Written against Fetch `Request`/`Response` and a
 * small file interface, so it runs under `protocol.handle` in Electron and in plain Node tests.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';

export const APP_SCHEME = 'app';
export const APP_HOST = 'softspoken';
export const APP_ORIGIN_URL = `${APP_SCHEME}://${APP_HOST}/`;

/**
 * The same policy as web mode's (CONTENT_SECURITY_POLICY in src/node/web-server.ts; a test keeps the two
 * equal). Not imported from there: that module reads `import.meta`, which main's CommonJS bundle lacks.
 */
export const APP_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; " +
  "img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self'; style-src 'self'; object-src 'none'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wav': 'audio/wav',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

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

/**
 * The single byte range a `Range` header asks for (RFC 9110 §14.1.2: `bytes=a-b`, `bytes=a-`, `bytes=-n`),
 * clamped to the file, as [start, end] inclusive; 'unsatisfiable' when it starts past the end; null when
 * there is no header or one not served here (several ranges, other units, bad syntax): the whole file then.
 */
export function parseRange(header: string | null, size: number): [number, number] | 'unsatisfiable' | null {
  if (header === null) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  const [, first = '', last = ''] = match ?? [];
  if (!match || (first === '' && last === '')) return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return [start, last === '' ? size - 1 : Math.min(Number(last), size - 1)];
}

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
