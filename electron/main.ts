/**
 * The review app's main process: one window showing `app://softspoken/` (the built UI in dist/app/), the
 * IPC handlers behind sender checks (live calls among them: live-handlers.ts, the window compact and on
 * top during a call), and nothing that reaches the network. A thin shell: the logic lives in
 * the modules it wires (protocol, guards, handlers, stores), which test without Electron.
 * Bundled by scripts/build-app.mjs into dist/electron/main.cjs (CommonJS: `__dirname` is that folder).
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session,
  type MenuItemConstructorOptions,
  type OpenDialogOptions,
  type SaveDialogOptions,
} from 'electron';
import { existsSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportKind } from '../src/ipc/contract.js';
import { AUDIO_EXTENSIONS } from '../src/source/formats.js';
import { LIVE_PUSH_CHANNEL } from '../src/ipc/live.js';
import { APP_ORIGIN_URL, APP_SCHEME, createAppProtocolHandler } from './app-protocol.js';
import { CallRegistry } from './call-registry.js';
import { lockDownContents, lockDownSession, type TrustedWindowLike } from './guards.js';
import { createIpcHandlers, type DialogPort } from './ipc-handlers.js';
import { registerIpcHandlers } from './ipc-register.js';
import { createLiveHost } from './live-handlers.js';
import { loadLiveController } from './live-loader.js';
import { LiveWindowMode } from './live-window.js';
import { RecentStore } from './recent-store.js';

const APP_ROOT = join(__dirname, '..', 'app');
const PRELOAD = join(__dirname, 'preload.cjs');
/** The UI's page background (renderer/styles.css `--bg`; the UI is light only), so the window never flashes. */
const BACKGROUND = '#f4f6f8';

const EXPORT_FILTERS: Record<ExportKind, { name: string; extensions: string[] }> = {
  json: { name: 'JSON report', extensions: ['json'] },
  csv: { name: 'CSV table', extensions: ['csv'] },
  html: { name: 'HTML report', extensions: ['html', 'htm'] },
  labels: { name: 'Audacity label track', extensions: ['txt'] },
  rttm: { name: 'RTTM speech turns', extensions: ['rttm'] },
  truth: { name: 'Labelled truth (JSON)', extensions: ['json'] },
  summary: { name: 'Summary of the calls (CSV)', extensions: ['csv'] },
};

const log = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

// before `ready`: the scheme's privileges, the app's name and data folder (also when started as
// `electron dist/electron/main.cjs`, which would otherwise use Electron's own), sandboxed renderers
// corsEnabled: module scripts and module workers are fetched in CORS mode, which a custom scheme must allow
// (nothing else can reach app:// — every other request is blocked); codeCache keeps the compiled wasm runtime
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
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
app.setName('SoftSpoken');
app.setPath('userData', join(app.getPath('appData'), 'SoftSpoken'));
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;
/** Set once the protocol and IPC are in place: only then may a window be made. */
let started = false;
const calls = new CallRegistry();
const store = new RecentStore(join(app.getPath('userData'), 'recent-calls.json'));

const openWindow = (): BrowserWindow | null =>
  mainWindow === null || mainWindow.isDestroyed() ? null : mainWindow;
const liveWindow = new LiveWindowMode(openWindow);
/** Live calls: one controller, loaded on the first live request; its updates go to our window only. */
const live = createLiveHost({
  load: () => loadLiveController(join(__dirname, '..')),
  window: liveWindow,
  recordingUrl: (path) => calls.open([path])[0] ?? '',
  exists: (path) =>
    access(path).then(
      () => true,
      () => false,
    ),
  push: (message) => openWindow()?.webContents.send(LIVE_PUSH_CHANNEL, message),
});

function trustedWindow(): TrustedWindowLike | null {
  if (mainWindow === null || mainWindow.isDestroyed()) return null;
  return { contentsId: mainWindow.webContents.id, mainFrame: mainWindow.webContents.mainFrame };
}

const dialogs: DialogPort = {
  async chooseWavFiles(defaultDir) {
    const options: OpenDialogOptions = {
      title: 'Open a call recording',
      message: 'One two-channel WAV file, or two mono WAV files of the same call',
      defaultPath: defaultDir,
      buttonLabel: 'Open',
      properties: ['openFile', 'multiSelections'],
      filters: [{ name: 'Call recordings', extensions: AUDIO_EXTENSIONS.map((e) => e.slice(1)) }],
    };
    const result = mainWindow
      ? await dialog.showOpenDialog(mainWindow, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? null : result.filePaths;
  },
  async chooseFolder(defaultDir) {
    const options: OpenDialogOptions = {
      title: 'Open a folder of calls',
      message: 'Every audio file in the folder is one two-channel call',
      defaultPath: defaultDir,
      buttonLabel: 'Open folder',
      properties: ['openDirectory'],
    };
    const result = mainWindow
      ? await dialog.showOpenDialog(mainWindow, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
  async chooseSavePath(defaultPath, kind) {
    const options: SaveDialogOptions = {
      title: 'Save the export',
      defaultPath,
      filters: [EXPORT_FILTERS[kind]],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const result = mainWindow
      ? await dialog.showSaveDialog(mainWindow, options)
      : await dialog.showSaveDialog(options);
    return result.canceled || result.filePath === '' ? null : result.filePath;
  },
};

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 880,
    minHeight: 600,
    title: 'SoftSpoken Review',
    backgroundColor: BACKGROUND,
    show: false,
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  lockDownContents(window.webContents, log);
  window.once('ready-to-show', () => window.show());
  window.webContents.on('render-process-gone', (_event, details) =>
    log(`SoftSpoken: the window's page stopped (${details.reason})`),
  );
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
    calls.clear();
    void live.close(); // a call in progress ends with its window (its journal keeps what was taken in)
  });
  void window.loadURL(APP_ORIGIN_URL);
  return window;
}

function menuTemplate(): MenuItemConstructorOptions[] {
  const menus: MenuItemConstructorOptions[] = [
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  return process.platform === 'darwin' ? [{ role: 'appMenu' }, ...menus] : menus;
}

async function start(): Promise<void> {
  await app.whenReady();
  if (!existsSync(join(APP_ROOT, 'index.html'))) {
    dialog.showErrorBox(
      'SoftSpoken',
      `The app is not built (${APP_ROOT} has no index.html): run 'npm run build'.`,
    );
    app.quit();
    return;
  }
  lockDownSession(session.defaultSession, log);
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ appRoot: APP_ROOT, calls }));
  const handlers = createIpcHandlers({
    dialog: dialogs,
    calls,
    store,
    documentsDir: app.getPath('documents'),
    warn: log,
  });
  registerIpcHandlers(ipcMain, { ...handlers, ...live.handlers }, trustedWindow, log);
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate()));
  started = true;
  mainWindow = createWindow();
}

// every other web contents (DevTools) gets no windows and no webviews either
app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('activate', () => {
    if (mainWindow === null && started) mainWindow = createWindow();
  });
  start().catch((error: unknown) => {
    log(
      `SoftSpoken: could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    app.exit(1);
  });
}
