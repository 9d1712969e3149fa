/**
 * The app:// protocol in plain Node: the built UI under its origin with the CSP, the open call's files by
 * token only (Range answered), and 404 for everything else (unknown tokens, traversal, other hosts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '../../electron/app-protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../src/node/app-files.js';
import { CallRegistry } from '../../electron/call-registry.js';

const dir = mkdtempSync(join(tmpdir(), 'softspoken-protocol-'));
const appRoot = join(dir, 'app');
mkdirSync(join(appRoot, 'assets'), { recursive: true });
writeFileSync(join(appRoot, 'index.html'), '<!doctype html><title>t</title>');
writeFileSync(join(appRoot, 'assets', 'app.js'), 'console.log(1);');
writeFileSync(join(dir, 'secret.txt'), 'not for the page');
/** A "call" outside the UI folder: 1,000 bytes 0, 1, 2 … 231, 0, 1 … */
const callPath = join(dir, 'call.wav');
const callBytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 232);
writeFileSync(callPath, callBytes);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
const registry = new CallRegistry(() => (++counter).toString(16).padStart(32, '0'));
const handle = createAppProtocolHandler({ appRoot, calls: registry });
const get = (url: string, headers: Record<string, string> = {}): Promise<Response> =>
  handle(new Request(url, { headers }));

describe('app protocol', () => {
  it("serves the UI with web mode's CSP and a content type", async () => {
    const index = await get('app://softspoken/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    // one policy, in Electron and in web mode
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(await index.text()).toContain('<title>t</title>');
    const script = await get('app://softspoken/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1);');
  });

  it('answers 404 for missing files, folders, other hosts and traversal', async () => {
    for (const url of [
      'app://softspoken/missing.js',
      'app://softspoken/assets',
      'app://elsewhere/index.html',
      'app://softspoken/../secret.txt',
      'app://softspoken/%2e%2e/secret.txt',
      'app://softspoken/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://softspoken/assets/..%5c..%5csecret.txt',
      'app://softspoken/%00index.html',
      'app://softspoken/%E0%A4%A',
      `app://softspoken/${encodeURIComponent(callPath)}`,
    ]) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain('not for the page');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await handle(new Request('app://softspoken/', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it("serves an open call's file only under its token", async () => {
    const [url] = registry.open([callPath]);
    expect(url).toMatch(/^app:\/\/softspoken\/call\/[0-9a-f]{32}$/);
    const whole = await get(url ?? '');
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/wav');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-length')).toBe('1000');
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(callBytes);

    for (const unknown of [
      'app://softspoken/call/ffffffffffffffffffffffffffffffff',
      'app://softspoken/call/not-a-token',
      'app://softspoken/call/',
      `${url ?? ''}/extra`,
      `app://softspoken/call/..%2f..%2fsecret.txt`,
    ]) {
      expect((await get(unknown)).status, unknown).toBe(404);
    }
  });

  it('answers Range requests with 206 and the exact bytes', async () => {
    const [url = ''] = registry.open([callPath]);
    const part = await get(url, { Range: 'bytes=10-19' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 10-19/1000');
    expect(part.headers.get('content-length')).toBe('10');
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(callBytes.slice(10, 20));

    const tail = await get(url, { Range: 'bytes=-4' });
    expect(tail.headers.get('content-range')).toBe('bytes 996-999/1000');
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(callBytes.slice(996));

    const open = await get(url, { Range: 'bytes=990-' });
    expect(new Uint8Array(await open.arrayBuffer())).toEqual(callBytes.slice(990));

    const past = await get(url, { Range: 'bytes=1000-' });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */1000');

    const head = await handle(new Request(url, { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('1000');
  });

  it('revokes the previous call when another opens, and everything when cleared', async () => {
    const [first = ''] = registry.open([callPath]);
    const [second = ''] = registry.open([callPath]);
    expect(second).not.toBe(first);
    expect((await get(first)).status).toBe(404);
    expect((await get(second)).status).toBe(200);
    registry.clear();
    expect((await get(second)).status).toBe(404);
  });

  it('gives every file a distinct random token by default', () => {
    const urls = new CallRegistry().open(['/a.wav', '/b.wav']);
    expect(new Set(urls).size).toBe(2);
    for (const url of urls) expect(url).toMatch(/^app:\/\/softspoken\/call\/[0-9a-f]{32}$/);
  });
});
