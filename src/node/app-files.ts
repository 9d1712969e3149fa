/**
 * What both ways of serving the built app share (web mode's loopback server, src/node/web-server.ts, and
 * Electron's app:// protocol): the Content-Security-Policy, the content types and the Range header rule.
 * No I/O and no `import.meta`, so Electron's CommonJS bundle can import it too.
 */
import { extname } from 'node:path';

/**
 * The page may load scripts, workers, styles, fonts and data only from its own origin; WebAssembly may be
 * compiled (onnxruntime-web); audio may play from blob: URLs (a call opened from disk), charts may draw
 * images from data:/blob:. The same policy is in renderer/index.html as a meta tag (without
 * frame-ancestors, which browsers ignore in a meta tag).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; " +
  "img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self'; style-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The headers of every web-mode answer (files and /api/ alike): the policy, no sniffing, no referrer, no cache. */
export const WEB_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
});

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.m4a': 'audio/mp4',
  '.mp4': 'audio/mp4',
  '.aac': 'audio/aac',
  '.webm': 'audio/webm',
  '.weba': 'audio/webm',
  '.amr': 'audio/amr',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** The Content-Type of a file of the app, by its extension. */
export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * One byte range of `bytes=first-last`, `bytes=first-` or `bytes=-suffix` (RFC 9110 §14.1.2), clamped to the
 * file; null to send the whole file (no header, or one not taken here, such as several ranges). The header
 * as Node's `IncomingMessage` gives it (undefined when absent) or as Fetch's `Headers.get` does (null).
 */
export function parseRange(
  header: string | null | undefined,
  size: number,
): [number, number] | 'unsatisfiable' | null {
  if (header === undefined || header === null) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const [first, last] = [match[1] as string, match[2] as string];
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null; // an invalid range is ignored
  return [start, end];
}
