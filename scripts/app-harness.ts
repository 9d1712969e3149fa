/**
 * End-to-end harness: builds the app into a temp folder (scripts/build-app.mjs --out), serves it with the
 * web-mode server on a free loopback port, and drives Debian's Chromium through playwright-core (no
 * browser download) with a fresh profile. Every request the page and its workers make is recorded, so a
 * test can assert that nothing left the app's origin.
 *
 * Without /usr/bin/chromium the e2e suites are skipped with a loud warning, or fail when CI or
 * SOFTSPOKEN_E2E=require is set: `apt-get install chromium`.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startWebServer, type WebServer, type WebServerOptions } from '../src/node/web-server.js';

export const CHROMIUM = '/usr/bin/chromium';
const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Debian's Chromium, headless, with the flags this machine's closed network needs, on a fresh profile folder. */
export function launchChromium(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    serviceWorkers: 'block',
    acceptDownloads: true,
  });
}

/**
 * True when the e2e suites can run here. Without Chromium: throws under CI or SOFTSPOKEN_E2E=require,
 * else warns (once per suite file) and returns false, so the suite is skipped.
 */
export function e2eReady(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `${CHROMIUM} is missing: the app's end-to-end tests need Chromium (apt-get install chromium)`;
  if (process.env['CI'] || process.env['SOFTSPOKEN_E2E'] === 'require') throw new Error(message);
  console.warn(`\n${'!'.repeat(100)}\n!! SKIPPED: ${message}\n${'!'.repeat(100)}\n`);
  return false;
}

export interface AppSession {
  page: Page;
  context: BrowserContext;
  /** Where the app is served, e.g. http://127.0.0.1:40123 (no trailing slash). */
  origin: string;
  /** The folder served: the built app plus what `extraFiles` added. */
  root: string;
  /** Every URL requested so far, by the page and by its workers, in order. */
  requests: string[];
  /** Console errors and uncaught page errors, in order. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * Builds the app, serves it and opens a fresh Chromium profile on `path` (relative to the app).
 * `extraFiles` are copied into the served folder first: served path → file on disk. `server` adds options
 * of the web-mode server: `live`, the LiveController the page drives (a scripted one, or the real one over
 * PulseAudio).
 */
export async function openApp(
  path: string,
  extraFiles: Record<string, string> = {},
  serverOptions: Pick<WebServerOptions, 'live'> = {},
): Promise<AppSession> {
  const dir = mkdtempSync(join(tmpdir(), 'softspoken-e2e-'));
  let server: WebServer | null = null;
  let context: BrowserContext | null = null;
  try {
    execFileSync(process.execPath, [join(REPO, 'scripts', 'build-app.mjs'), '--out', join(dir, 'build')], {
      stdio: 'pipe',
    });
    const root = join(dir, 'build', 'app');
    for (const [served, file] of Object.entries(extraFiles)) {
      const target = join(root, served);
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(file, target);
    }
    // a page with no script of its own, for tests that drive the worker directly
    writeFileSync(join(root, 'e2e-blank.html'), '<!doctype html><meta charset="utf-8"><title>e2e</title>');
    server = await startWebServer({ ...serverOptions, root, port: 0 });
    const origin = server.url.replace(/\/$/, '');
    context = await launchChromium(join(dir, 'profile'));
    const requests: string[] = [];
    const errors: string[] = [];
    context.on('request', (request) => void requests.push(request.url()));
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => void errors.push(error.message));
    await page.goto(`${origin}/${path}`);
    const opened = { server, context };
    return {
      page,
      context,
      origin,
      root,
      requests,
      errors,
      async close() {
        await opened.context.close();
        await opened.server.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The requests that went anywhere but `origin` (data: and blob: URLs are the page's own). */
export function offOrigin(session: AppSession): string[] {
  return session.requests.filter(
    (url) => !url.startsWith(`${session.origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:'),
  );
}
