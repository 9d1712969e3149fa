/**
 * Web mode's rules for `/api/` requests (today the live routes, src/node/live/live-http.ts), on top of the
 * server's Host check: a page of another origin must not drive live capture, so
 * - a POST must carry `Origin` equal to the server's own origin (browsers send it on every POST) and
 *   `Content-Type: application/json` (which no HTML form can send without a CORS preflight, which fails here);
 * - a GET carrying an `Origin` or `Sec-Fetch-Site` that is not this origin (same-origin, or none: typed in
 *   the address bar) is refused: another site's page cannot read the event stream or a recording;
 * - bodies are small (64 KiB) and JSON; answers are JSON, errors `{ message }` with a 4xx/5xx status.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WEB_SECURITY_HEADERS } from './app-files.js';

/** The largest request body taken, bytes: every live request is a few hundred bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

/** An answer with a status and a one-line message for the page. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const header = (request: IncomingMessage, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Why an /api/ request is refused (an HttpError to send), or null when it may go on. `host` is the request's
 * Host header, already checked to name this server by a loopback name.
 */
export function apiRefusal(request: IncomingMessage, host: string): HttpError | null {
  const ownOrigin = `http://${host}`.toLowerCase();
  const origin = header(request, 'origin');
  const site = header(request, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    return new HttpError(403, `Refused: a request from another site (${site.slice(0, 40)}).`);
  if (request.method === 'POST') {
    if (origin === undefined) return new HttpError(403, 'Refused: a request without its origin.');
    if (origin.toLowerCase() !== ownOrigin)
      return new HttpError(403, 'Refused: a request from another origin.');
    const type = (header(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json')
      return new HttpError(415, 'Refused: the request body must be JSON (Content-Type: application/json).');
    return null;
  }
  if (request.method === 'GET') {
    if (origin !== undefined && origin.toLowerCase() !== ownOrigin)
      return new HttpError(403, 'Refused: a request from another origin.');
    return null;
  }
  return new HttpError(405, 'Method not allowed: GET or POST.');
}

/** The request's JSON body (at most MAX_BODY_BYTES; an empty body is null). */
export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const declared = Number(header(request, 'content-length') ?? NaN);
  if (declared > MAX_BODY_BYTES)
    throw new HttpError(413, `Refused: the body is over ${MAX_BODY_BYTES} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `Refused: the body is over ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'Invalid request: the body is not JSON.');
  }
}

/** A JSON answer. `close` asks the client to drop the connection (a body was refused unread). */
export function sendJson(response: ServerResponse, status: number, value: unknown, close = false): void {
  const text = JSON.stringify(value);
  response.writeHead(status, {
    ...WEB_SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...(close ? { Connection: 'close' } : {}),
  });
  response.end(text);
}

/** An error as `{ message }` with its status (500 and a one-line message for anything unexpected). */
export function sendError(response: ServerResponse, error: unknown): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const status = error instanceof HttpError ? error.status : 500;
  const raw = error instanceof Error ? error.message : String(error);
  const message = raw.replace(/\s+/g, ' ').trim().slice(0, 300) || 'Something went wrong.';
  sendJson(response, status, { message }, status === 413);
}
