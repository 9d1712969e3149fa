/** Web mode's static server: what it serves, how, and what it refuses. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, startWebServer, type WebServer } from '../../src/node/web-server.js';

const dir = mkdtempSync(join(tmpdir(), 'softspoken-web-server-'));
const root = join(dir, 'app');
const wavBytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
let server: WebServer;

beforeAll(async () => {
  mkdirSync(join(root, 'ort'), { recursive: true });
  mkdirSync(join(root, 'fonts'));
  mkdirSync(join(root, 'demo'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(root, 'app.js'), 'export {};');
  writeFileSync(join(root, 'ort', 'loader.mjs'), 'export {};');
  writeFileSync(join(root, 'ort', 'runtime.wasm'), new Uint8Array([0, 97, 115, 109]));
  writeFileSync(join(root, 'fonts', 'inter.woff2'), 'wOF2');
  writeFileSync(join(root, 'styles.css'), 'body{}');
  writeFileSync(join(root, 'demo', 'call.wav'), wavBytes);
  writeFileSync(join(dir, 'secret.txt'), 'not for the browser');
  symlinkSync(join(dir, 'secret.txt'), join(root, 'link.txt'));
  server = await startWebServer({ root, port: 0 });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw request: the path goes out exactly as written (fetch would normalize `..` away). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  const url = new URL(server.url);
  return new Promise((done, fail) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path, method, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', fail);
    req.end();
  });
}

describe('startWebServer', () => {
  it('listens on 127.0.0.1 and serves index.html at /', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const reply = await get('/');
    expect(reply.status).toBe(200);
    expect(reply.body.toString()).toContain('<title>t</title>');
  });

  it('names each file type correctly', async () => {
    const types: Record<string, string> = {
      '/index.html': 'text/html; charset=utf-8',
      '/app.js': 'text/javascript; charset=utf-8',
      '/ort/loader.mjs': 'text/javascript; charset=utf-8',
      '/ort/runtime.wasm': 'application/wasm',
      '/fonts/inter.woff2': 'font/woff2',
      '/styles.css': 'text/css; charset=utf-8',
      '/demo/call.wav': 'audio/wav',
    };
    for (const [path, type] of Object.entries(types)) {
      const reply = await get(path);
      expect([path, reply.status, reply.headers['content-type']]).toEqual([path, 200, type]);
    }
  });

  it('sends the security headers with every response, errors included', async () => {
    for (const path of ['/', '/app.js', '/demo/call.wav', '/missing.js', '/ort/runtime.wasm']) {
      const { headers } = await get(path);
      expect(headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('no-referrer');
      expect(headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(headers['cache-control']).toBe(path.startsWith('/ort/') ? 'no-cache' : 'no-store');
    }
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; " +
        "img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self'; style-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('lets the browser keep the WebAssembly runtime (ort/) if it checks it each time, and nothing else', async () => {
    const first = await get('/ort/runtime.wasm');
    expect(first.headers['cache-control']).toBe('no-cache');
    const etag = String(first.headers['etag']);
    expect(etag).toMatch(/^"[0-9a-z]+-[0-9a-z]+"$/);
    const again = await get('/ort/runtime.wasm', { 'If-None-Match': etag });
    expect([again.status, again.body.length]).toEqual([304, 0]);
    expect(again.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    const changed = await get('/ort/runtime.wasm', { 'If-None-Match': '"other"' });
    expect([changed.status, changed.body.length]).toEqual([200, 4]);
    for (const path of ['/app.js', '/demo/call.wav', '/index.html']) {
      expect((await get(path)).headers['etag']).toBeUndefined();
    }
  });

  it('serves byte ranges of WAV files, so the player can seek', async () => {
    const whole = await get('/demo/call.wav');
    expect(whole.status).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.headers['content-length']).toBe('1000');
    expect(new Uint8Array(whole.body)).toEqual(wavBytes);

    const middle = await get('/demo/call.wav', { Range: 'bytes=100-199' });
    expect(middle.status).toBe(206);
    expect(middle.headers['content-range']).toBe('bytes 100-199/1000');
    expect(middle.headers['content-length']).toBe('100');
    expect(new Uint8Array(middle.body)).toEqual(wavBytes.subarray(100, 200));

    const tail = await get('/demo/call.wav', { Range: 'bytes=-10' });
    expect([tail.status, tail.headers['content-range']]).toEqual([206, 'bytes 990-999/1000']);
    expect(new Uint8Array(tail.body)).toEqual(wavBytes.subarray(990));

    const open = await get('/demo/call.wav', { Range: 'bytes=995-' });
    expect([open.status, open.body.length]).toEqual([206, 5]);

    const past = await get('/demo/call.wav', { Range: 'bytes=1000-' });
    expect([past.status, past.headers['content-range']]).toEqual([416, 'bytes */1000']);

    const head = await get('/demo/call.wav', { Range: 'bytes=0-9' }, 'HEAD');
    expect([head.status, head.headers['content-length'], head.body.length]).toEqual([206, '10', 0]);
  });

  it('serves nothing outside its folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/ort/..%2f..%2fsecret.txt',
      '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/link.txt', // a symbolic link out of the folder
      '/ort', // a folder
      '/nothing-here.js',
    ]) {
      const reply = await get(path);
      expect([path, reply.status]).toEqual([path, 404]);
      expect(reply.body.toString()).not.toContain('not for the browser');
    }
    expect((await get('/a%00b')).status).toBe(400);
    expect((await get('/%E0%A4%A')).status).toBe(400);
  });

  it('answers only GET and HEAD, and only to its own loopback name', async () => {
    const post = await get('/index.html', {}, 'POST');
    expect([post.status, post.headers['allow']]).toEqual([405, 'GET, HEAD']);
    const port = new URL(server.url).port;
    expect((await get('/', { Host: `evil.example:${port}` })).status).toBe(421);
    expect((await get('/', { Host: `localhost:${port}` })).status).toBe(200);
  });

  it('refuses to listen on anything but a loopback address', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'example.com']) {
      await expect(startWebServer({ root, port: 0, host })).rejects.toThrow(
        `web mode serves this computer only: host must be a loopback address, not '${host}'`,
      );
    }
  });
});
