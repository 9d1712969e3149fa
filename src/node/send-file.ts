/**
 * Sends one file of web mode (an app file or a live call's recording): the whole file, or for audio the one
 * byte range asked for (RFC 9110 §14), so the player can seek; HEAD gets the headers only.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseRange } from './app-files.js';

/** `headers` are the answer's own (security headers, Content-Type, caching); Range and length are added here. */
export function sendFile(
  request: IncomingMessage,
  response: ServerResponse,
  file: string,
  size: number,
  headers: Record<string, string>,
): void {
  let start = 0;
  let end = size - 1;
  let status = 200;
  if (headers['Content-Type']?.startsWith('audio/') === true) {
    headers['Accept-Ranges'] = 'bytes';
    const range = parseRange(request.headers.range, size);
    if (range === 'unsatisfiable') {
      const text = 'range not satisfiable';
      response.writeHead(416, {
        ...headers,
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': String(Buffer.byteLength(text)),
        'Content-Range': `bytes */${size}`,
      });
      response.end(text);
      return;
    }
    if (range !== null) {
      [start, end] = range;
      status = 206;
      headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
    }
  }
  headers['Content-Length'] = String(Math.max(0, end - start + 1));
  response.writeHead(status, headers);
  if (request.method === 'HEAD' || end < start) {
    response.end();
    return;
  }
  const stream = createReadStream(file, { start, end });
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}
