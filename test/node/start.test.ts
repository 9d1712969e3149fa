/**
 * `npm start`'s launcher: whether Electron can run here (the file system and environment injected), and web
 * mode for real: `node dist/src/node/start.js --web --port 0` prints its one line and serves the built UI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APP_CSP } from '../../electron/app-protocol.js';
import { chooseLaunch, type LaunchProbe } from '../../src/node/start.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const START = join(ROOT, 'dist/src/node/start.js');
const INDEX = join(ROOT, 'dist/app/index.html');

const BINARY = '/project/node_modules/electron/dist/electron';
const probe = (overrides: Partial<LaunchProbe> = {}): LaunchProbe => ({
  requireElectron: () => BINARY,
  exists: (path) => path === BINARY,
  platform: 'linux',
  env: { DISPLAY: ':0' },
  ...overrides,
});
const moduleNotFound = (): never => {
  throw Object.assign(new Error("Cannot find module 'electron'"), { code: 'MODULE_NOT_FOUND' });
};

describe('chooseLaunch', () => {
  it('runs Electron when its package and binary are here', () => {
    expect(chooseLaunch(false, probe())).toEqual({ mode: 'electron', binary: BINARY });
    expect(chooseLaunch(false, probe({ platform: 'darwin', env: {} }))).toEqual({
      mode: 'electron',
      binary: BINARY,
    });
    expect(chooseLaunch(false, probe({ env: { WAYLAND_DISPLAY: 'wayland-0' } })).mode).toBe('electron');
  });

  it('serves web mode when the package is not installed (its download failed)', () => {
    expect(chooseLaunch(false, probe({ requireElectron: moduleNotFound }))).toEqual({
      mode: 'web',
      reason: "Electron is not installed here ('npm install' with internet access fetches it)",
    });
  });

  it('serves web mode when the binary was skipped (the package throws) or is missing', () => {
    const skipped = probe({
      requireElectron: () => {
        throw new Error(
          'Electron failed to install correctly, please delete node_modules/electron and try installing again',
        );
      },
    });
    const web = { mode: 'web', reason: "Electron's binary was not downloaded here" };
    expect(chooseLaunch(false, skipped)).toEqual(web);
    expect(chooseLaunch(false, probe({ exists: () => false }))).toEqual(web);
    expect(chooseLaunch(false, probe({ requireElectron: () => ({}) }))).toEqual(web);
  });

  it('serves web mode when asked, or on Linux without a display', () => {
    expect(chooseLaunch(true, probe())).toEqual({ mode: 'web', reason: 'web mode was asked for' });
    expect(chooseLaunch(false, probe({ env: {} }))).toEqual({
      mode: 'web',
      reason: 'there is no display for Electron here',
    });
  });
});

describe('web mode', () => {
  beforeAll(() => {
    const stale =
      !existsSync(START) || statSync(join(ROOT, 'src/node/start.ts')).mtimeMs > statSync(START).mtimeMs;
    if (stale || !existsSync(INDEX)) {
      throw new Error(
        "the launcher runs from dist/ (start.js and app/index.html), which is missing or older: run 'npm run build' first",
      );
    }
  });

  let child: ChildProcess | null = null;
  let blocker: Server | null = null;
  afterEach(() => {
    child?.kill('SIGKILL');
    child = null;
    blocker?.close();
    blocker = null;
  });

  /** Starts the launcher and resolves with its first line of output. */
  const firstLine = (args: string[]): Promise<string> =>
    new Promise((resolve, reject) => {
      child = spawn(process.execPath, [START, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const end = out.indexOf('\n');
        if (end >= 0) resolve(out.slice(0, end));
      });
      child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.on('exit', (code) => reject(new Error(`the launcher exited (${code}) before its line: ${err}`)));
    });

  it('prints one line with the address, serves index.html with the CSP, and stops cleanly', async () => {
    const line = await firstLine(['--web', '--port', '0']);
    expect(line).toMatch(
      /^SoftSpoken is running in web mode at http:\/\/127\.0\.0\.1:\d+\/ \(web mode was asked for: open the address in a browser; Ctrl\+C stops it\)$/,
    );
    const url = /at (\S+) /.exec(line)?.[1] ?? '';
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(readFileSync(INDEX, 'utf8'));
    expect(response.headers.get('content-security-policy')).toBe(APP_CSP);

    const running = child as ChildProcess | null;
    const exit = new Promise<number | null>((resolve) => running?.on('exit', (code) => resolve(code)));
    running?.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('moves to a free port when the asked one is busy', async () => {
    const server = createServer();
    blocker = server;
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
    );
    const line = await firstLine(['--web', '--port', String(port)]);
    const url = new URL(/at (\S+) /.exec(line)?.[1] ?? '');
    expect(Number(url.port)).not.toBe(port);
    expect((await fetch(url)).status).toBe(200);
  });

  it('refuses a bad port with exit code 2', async () => {
    const code = await new Promise<number | null>((resolve) => {
      const run = spawn(process.execPath, [START, '--web', '--port', 'eighty'], {
        cwd: ROOT,
        stdio: 'ignore',
      });
      run.on('exit', (c) => resolve(c));
    });
    expect(code).toBe(2);
  });
});
