/**
 * The web-mode Host in a real browser (Debian's Chromium through playwright-core): files picked through
 * the hidden file input (agent first by name), recent calls kept in IndexedDB with their bytes across a
 * reload, the remembered side, the caps, one-line refusals, and exports as downloads. The page is only
 * renderer/host/web-host.ts bundled on its own and served by the web-mode server.
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../renderer/host/host.js';
import { startWebServer, type WebServer } from '../../src/node/web-server.js';
import { e2eReady, launchChromium } from '../../scripts/app-harness.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const ready = e2eReady();

/** What the page sees of a CallInput (Blobs do not cross into Node). */
interface SeenCall {
  key: string;
  name: string;
  side: 0 | 1 | null;
  parts: { name: string; sizeBytes: number; bytes: number[] }[];
}

/** The page's globals (this suite is type-checked without the DOM library: the callbacks run in the page). */
interface W {
  host: Host;
  picked: Promise<unknown>;
  seen(call: unknown): Promise<SeenCall>;
  document: { querySelectorAll(selector: string): { length: number } };
}

const wav = (fill: number, length = 48): Buffer => Buffer.alloc(length, fill);

describe.skipIf(!ready)('the web host in Chromium', () => {
  let dir = '';
  let server: WebServer | null = null;
  let browser: BrowserContext | null = null;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'softspoken-web-host-'));
    await build({
      stdin: {
        contents: `
          import { createWebHost } from './renderer/host/web-host.ts';
          window.host = createWebHost();
          window.seen = async (call) => ({
            key: call.key,
            name: call.name,
            side: call.rememberedAgentSide,
            parts: await Promise.all(call.parts.map(async (p) => ({
              name: p.name,
              sizeBytes: p.sizeBytes,
              bytes: [...new Uint8Array(await p.blob.arrayBuffer())].slice(0, 4),
            }))),
          });`,
        resolveDir: REPO,
        sourcefile: 'web-host-page.ts',
        loader: 'ts',
      },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      outfile: join(dir, 'page.js'),
      logLevel: 'silent',
    });
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><title>web host</title><script type="module" src="page.js"></script>',
    );
    server = await startWebServer({ root: dir, port: 0 });
    browser = await launchChromium(join(dir, 'profile'));
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(server.url);
    await page.waitForFunction(() => (globalThis as unknown as W).host !== undefined);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens two picked files agent first, and keeps them as a recent call across a reload', async () => {
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.evaluate(() => {
        (globalThis as unknown as W).picked = (globalThis as unknown as W).host.pickCall();
      }),
    ]);
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles([
      { name: 'call7-customer.wav', mimeType: 'audio/wav', buffer: wav(2) },
      { name: 'call7-agent.wav', mimeType: 'audio/wav', buffer: wav(1, 40) },
    ]);
    const call = await page.evaluate(async () =>
      (globalThis as unknown as W).seen(await (globalThis as unknown as W).picked),
    );
    expect(call.name).toBe('call7-agent.wav + call7-customer.wav');
    expect(call.side).toBeNull();
    expect(call.parts).toEqual([
      { name: 'call7-agent.wav', sizeBytes: 40, bytes: [1, 1, 1, 1] },
      { name: 'call7-customer.wav', sizeBytes: 48, bytes: [2, 2, 2, 2] },
    ]);
    await page.evaluate((key) => (globalThis as unknown as W).host.rememberAgentSide(key, 1), call.key);
    expect(
      await page.evaluate(
        () => (globalThis as unknown as W).document.querySelectorAll('input[type=file]').length,
      ),
    ).toBe(0);

    await page.reload();
    await page.waitForFunction(() => (globalThis as unknown as W).host !== undefined);
    const recent = await page.evaluate(() => (globalThis as unknown as W).host.recent());
    expect(recent).toEqual([
      {
        key: call.key,
        name: call.name,
        paths: ['call7-agent.wav', 'call7-customer.wav'],
        openedAt: expect.any(String) as string,
        agentSide: 1,
      },
    ]);
    const reopened = await page.evaluate(
      async (key) =>
        (globalThis as unknown as W).seen(await (globalThis as unknown as W).host.openRecent(key)),
      call.key,
    );
    expect(reopened).toEqual({ ...call, side: 1 });
  });

  it('keeps the 8 newest calls, and forgets one on request', async () => {
    const keys = await page.evaluate(async () => {
      const opened: string[] = [];
      for (let i = 0; i < 9; i++) {
        const file = new File([new Uint8Array(16).fill(i)], `call-${i}.wav`, {
          type: 'audio/wav',
          lastModified: i,
        });
        opened.push((await (globalThis as unknown as W).host.openDropped([file])).key);
        await new Promise((r) => setTimeout(r, 5)); // distinct opening times
      }
      return opened;
    });
    const listed = (await page.evaluate(() => (globalThis as unknown as W).host.recent())).map((c) => c.key);
    expect(listed).toEqual(keys.slice(1).reverse());
    await page.evaluate((key) => (globalThis as unknown as W).host.forgetRecent(key), keys[8] ?? '');
    expect((await page.evaluate(() => (globalThis as unknown as W).host.recent())).map((c) => c.key)).toEqual(
      keys.slice(1, 8).reverse(),
    );
    await expect(
      page.evaluate((key) => (globalThis as unknown as W).host.openRecent(key), keys[0] ?? ''),
    ).rejects.toThrow(/no longer kept in this browser/);
  });

  it('refuses what is not a call in one line', async () => {
    const refusal = (names: string[]): Promise<string> =>
      page.evaluate(
        (list) =>
          (globalThis as unknown as W).host
            .openDropped(list.map((n) => new File([new Uint8Array(4)], n)))
            .then(
              () => 'opened',
              (e: unknown) => (e as Error).message,
            ),
        names,
      );
    expect(await refusal(['a.wav', 'b.wav', 'c.wav'])).toBe(
      'Open one two-channel recording, or two mono recordings of the same call (3 files were given).',
    );
    expect(await refusal(['notes.txt'])).toBe(
      'notes.txt is not an audio file: SoftSpoken reads WAV, MP3, FLAC, Ogg Opus, Ogg Vorbis, M4A/AAC, AMR or WebM.',
    );
  });

  it('saves an export as a download and returns its file name', async () => {
    const [download, name] = await Promise.all([
      page.waitForEvent('download'),
      page.evaluate(() => (globalThis as unknown as W).host.save('call 7/report', 'json', '{"ok":true}')),
    ]);
    expect(name).toBe('report.json');
    expect(download.suggestedFilename()).toBe('report.json');
    const path = await download.path();
    expect(path).not.toBeNull();
  });
});
