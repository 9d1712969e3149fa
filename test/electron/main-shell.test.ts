/**
 * electron/main.ts as it runs, with Electron mocked at the boundary: bundled with esbuild like the build does
 * (CommonJS, `electron` external), run in Node against a fake `electron` module, then driven through the
 * window's IPC and the app:// protocol. Checks the wiring the unit tests cannot see: the scheme's
 * privileges, the window's web preferences, the lockdown, and a call opened by dialog and served by token.
 */
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'softspoken-main-'));
const dist = join(dir, 'dist');
mkdirSync(join(dist, 'electron'), { recursive: true });
mkdirSync(join(dist, 'app'), { recursive: true });
writeFileSync(join(dist, 'app', 'index.html'), '<!doctype html><title>SoftSpoken</title>');
const callPath = join(dir, 'call.wav');
writeFileSync(callPath, new Uint8Array(64).fill(7));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Listener = (...args: unknown[]) => unknown;
type IpcListener = (event: unknown, request: unknown) => Promise<unknown>;

/** What the fake Electron recorded. */
const seen = {
  schemes: [] as unknown[],
  protocols: new Map<string, (request: Request) => Promise<Response>>(),
  ipc: new Map<string, IpcListener>(),
  windows: [] as FakeWindow[],
  appEvents: new Map<string, Listener>(),
  userData: '',
  sandbox: false,
  permissionRequest: null as Listener | null,
  beforeRequest: null as Listener | null,
  openDialogResult: { canceled: false, filePaths: [callPath] },
};
let ready: () => void = () => undefined;
const whenReady = new Promise<void>((resolve) => (ready = resolve));

class FakeWindow {
  readonly options: Record<string, unknown>;
  readonly mainFrame = { url: '', processId: 11, routingId: 1 };
  readonly contentsEvents = new Map<string, Listener>();
  openHandler: Listener | null = null;
  readonly webContents = {
    id: 5,
    mainFrame: this.mainFrame,
    on: (event: string, listener: Listener) => this.contentsEvents.set(event, listener),
    setWindowOpenHandler: (handler: Listener) => (this.openHandler = handler),
  };
  constructor(options: Record<string, unknown>) {
    this.options = options;
    seen.windows.push(this);
  }
  once(): void {}
  on(): void {}
  isDestroyed(): boolean {
    return false;
  }
  async loadURL(url: string): Promise<void> {
    this.mainFrame.url = url;
  }
}

const fakeElectron = {
  app: {
    setName: () => undefined,
    setPath: (name: string, path: string) => {
      if (name === 'userData') seen.userData = path;
    },
    getPath: (name: string) => (name === 'userData' ? seen.userData : join(dir, name)),
    enableSandbox: () => (seen.sandbox = true),
    whenReady: () => whenReady,
    requestSingleInstanceLock: () => true,
    on: (event: string, listener: Listener) => seen.appEvents.set(event, listener),
    quit: () => undefined,
    exit: () => undefined,
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => seen.schemes.push(...schemes),
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
      seen.protocols.set(scheme, handler),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (handler: Listener) => (seen.permissionRequest = handler),
      setPermissionCheckHandler: () => undefined,
      webRequest: { onBeforeRequest: (listener: Listener) => (seen.beforeRequest = listener) },
    },
  },
  ipcMain: { handle: (channel: string, listener: IpcListener) => seen.ipc.set(channel, listener) },
  dialog: {
    showOpenDialog: async () => seen.openDialogResult,
    showSaveDialog: async () => ({ canceled: true, filePath: '' }),
    showErrorBox: () => undefined,
  },
  Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: () => undefined },
  BrowserWindow: FakeWindow,
};

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [join(ROOT, 'electron/main.ts')],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    external: ['electron'],
    write: false,
    logLevel: 'silent',
  });
  const code = bundle.outputFiles[0]?.text ?? '';
  const nodeRequire = createRequire(import.meta.url);
  const fakeRequire = (id: string): unknown => (id === 'electron' ? fakeElectron : nodeRequire(id));
  const module = { exports: {} };
  // the bundle as Node would load dist/electron/main.cjs: CommonJS, __dirname its folder
  new Function('require', 'module', 'exports', '__dirname', '__filename', code)(
    fakeRequire,
    module,
    module.exports,
    join(dist, 'electron'),
    join(dist, 'electron', 'main.cjs'),
  );
  ready();
  for (let i = 0; i < 20 && seen.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
});

describe('electron/main.ts against a fake Electron', () => {
  it('registers app:// as a privileged standard, secure, fetch, stream, CORS and code-cache scheme, before ready', () => {
    expect(seen.schemes).toEqual([
      {
        scheme: 'app',
        privileges: {
          standard: true,
          secure: true,
          supportFetchAPI: true,
          stream: true,
          corsEnabled: true,
          codeCache: true,
        },
      },
    ]);
    expect(seen.sandbox).toBe(true);
    expect(seen.userData).toBe(join(dir, 'appData', 'SoftSpoken'));
  });

  it('opens one locked-down window on app://softspoken/ with the preload', () => {
    expect(seen.windows).toHaveLength(1);
    const window = seen.windows[0];
    expect(window?.mainFrame.url).toBe('app://softspoken/');
    expect(window?.options).toMatchObject({
      minWidth: 880,
      minHeight: 600,
      backgroundColor: '#f4f6f8',
      show: false,
    });
    expect(window?.options['webPreferences']).toMatchObject({
      preload: join(dist, 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(window?.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect([...(window?.contentsEvents.keys() ?? [])]).toEqual(
      expect.arrayContaining(['will-navigate', 'will-redirect', 'will-attach-webview']),
    );
    let granted: unknown;
    seen.permissionRequest?.({}, 'media', (g: unknown) => (granted = g));
    expect(granted).toBe(false);
    let cancel: unknown;
    seen.beforeRequest?.({ url: 'https://example.com/' }, (r: { cancel: boolean }) => (cancel = r.cancel));
    expect(cancel).toBe(true);
  });

  it("opens a call through the window's IPC and serves it by token on app://", async () => {
    const window = seen.windows[0];
    const trusted = { sender: { id: 5 }, senderFrame: window?.mainFrame };
    const reply = (await seen.ipc.get('call:openDialog')?.(trusted, null)) as {
      ok: boolean;
      value: { parts: { url: string; path: string }[] };
    };
    expect(reply.ok).toBe(true);
    const part = reply.value.parts[0];
    expect(part?.path).toBe(callPath);
    const serve = seen.protocols.get('app');
    const audio = await serve?.(new Request(part?.url ?? '', { headers: { Range: 'bytes=0-3' } }));
    expect(audio?.status).toBe(206);
    expect([...new Uint8Array((await audio?.arrayBuffer()) ?? new ArrayBuffer(0))]).toEqual([7, 7, 7, 7]);
    const page = await serve?.(new Request('app://softspoken/'));
    expect(await page?.text()).toContain('<title>SoftSpoken</title>');

    const stranger = { sender: { id: 6 }, senderFrame: window?.mainFrame };
    await expect(seen.ipc.get('call:openDialog')?.(stranger, null)).rejects.toThrow(/Refused/);
  });

  it('registers the live channels, and says live calls are not available when dist has no capture code', async () => {
    const window = seen.windows[0];
    const trusted = { sender: { id: 5 }, senderFrame: window?.mainFrame };
    expect([...seen.ipc.keys()].filter((c) => c.startsWith('live:')).sort()).toEqual([
      'live:action',
      'live:devices',
      'live:recover',
      'live:recoverable',
      'live:start',
      'live:status',
      'live:stop',
      'live:testDevice',
    ]);
    const reply = (await seen.ipc.get('live:status')?.(trusted, null)) as {
      ok: boolean;
      value: { available: boolean; message: string };
    };
    expect(reply.ok).toBe(true);
    expect(reply.value.available).toBe(false);
    expect(reply.value.message).toMatch(/^Live calls are not available here: /);
  });
});
