/**
 * Main's side of the IPC contract: one handler per channel (`IpcHandlers`, so a missing channel does not
 * compile), written against injected dialogs, file system and stores. Requests come from the renderer and
 * are checked here as untrusted data, whatever their declared types say.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  EXPORT_EXTENSIONS,
  EXPORT_KINDS,
  type CallHandlers,
  type CallPart,
  type ExportKind,
  type OpenedCall,
} from '../src/ipc/contract.js';
import { callDisplayName } from '../src/ipc/file-pair.js';
import {
  callKey,
  checkCallPaths,
  nodeCallFs,
  orderCallFiles,
  queueCallFiles,
  type CallFile,
  type CallFs,
} from './call-files.js';
import type { CallRegistry } from './call-registry.js';
import { UserFacingError } from './ipc-envelope.js';
import type { RecentStore } from './recent-store.js';

/** The native dialogs main shows (Electron's `dialog`, parented to the window). */
export interface DialogPort {
  /** An open dialog for WAV files, several allowed; the chosen paths, or null when cancelled. */
  chooseWavFiles(defaultDir: string): Promise<string[] | null>;
  /** A folder dialog (the queue); the chosen folder, or null when cancelled. Optional: no queue without it. */
  chooseFolder?(defaultDir: string): Promise<string | null>;
  /** A save dialog for an export; the chosen path, or null when cancelled. */
  chooseSavePath(defaultPath: string, kind: ExportKind): Promise<string | null>;
}

export interface HandlerDeps {
  dialog: DialogPort;
  calls: Pick<CallRegistry, 'open'>;
  store: RecentStore;
  /** Where dialogs start before any call was opened (the user's Documents folder). */
  documentsDir: string;
  fs?: CallFs;
  writeText?: (path: string, text: string) => Promise<void>;
  /** The names of a folder's entries (the queue's folder). */
  listDir?: (dir: string) => Promise<string[]>;
  /** Where failures that do not reach the user are reported (a recent list that could not be saved). */
  warn?: (message: string) => void;
}

const MAX_KEY_CHARS = 10_000;

function field(request: unknown, name: string): unknown {
  return typeof request === 'object' && request !== null
    ? (request as Record<string, unknown>)[name]
    : undefined;
}

function keyOf(request: unknown): string {
  const key = field(request, 'key');
  if (typeof key !== 'string' || key === '' || key.length > MAX_KEY_CHARS) {
    throw new UserFacingError('Invalid request: a call key is missing.');
  }
  return key;
}

/** A file name to suggest in the save dialog: no folders, no characters some systems refuse, the kind's extension. */
export function safeExportName(suggested: unknown, kind: ExportKind): string {
  const raw = typeof suggested === 'string' ? suggested : '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  let name = basename(raw.replace(/\\/g, '/')).replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_');
  name = name.replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 180);
  if (name === '') name = 'softspoken-report';
  const extension = EXPORT_EXTENSIONS[kind];
  return name.toLowerCase().endsWith(`.${extension}`) ? name : `${name}.${extension}`;
}

export function createIpcHandlers(deps: HandlerDeps): CallHandlers {
  const fs = deps.fs ?? nodeCallFs;
  const writeText = deps.writeText ?? ((path: string, text: string) => writeFile(path, text, 'utf8'));
  const warn = deps.warn ?? ((message: string) => console.warn(message));
  const listDir = deps.listDir ?? ((dir: string) => readdir(dir));
  /** The folder of the call opened last: where the next dialog starts. */
  let lastDir: string | null = null;

  /** Serves `files` (already in call order) as the open call and records it as the newest recent call. */
  const openCall = async (files: CallFile[]): Promise<OpenedCall> => {
    const key = callKey(files);
    const name = callDisplayName(files.map((f) => f.name));
    const rememberedAgentSide = await deps.store.agentSide(key);
    const urls = deps.calls.open(files.map((f) => f.path));
    const parts: CallPart[] = files.map((f, i) => ({
      name: f.name,
      path: f.path,
      sizeBytes: f.sizeBytes,
      url: urls[i] ?? '',
    }));
    if (files[0] !== undefined) lastDir = dirname(files[0].path);
    await deps.store.add({ key, name, paths: files.map((f) => f.path) }).catch((error: unknown) => {
      warn(
        `SoftSpoken: the recent list could not be saved: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    return { key, name, parts, rememberedAgentSide };
  };

  /**
   * Serves every file of a queue at once (each one call), not recorded as recent calls; the queue itself
   * (`dir`: a folder; else the files dropped together) is recorded as a recent folder.
   */
  const openQueue = async (files: CallFile[], dir: string | null): Promise<OpenedCall[]> => {
    const urls = deps.calls.open(files.map((f) => f.path));
    if (files[0] !== undefined) lastDir = dirname(files[0].path);
    const paths = files.map((f) => f.path);
    const folder = {
      key: dir ?? paths.join('\n'),
      name: dir === null ? `${files.length} files dropped together` : basename(dir),
      dir,
      paths: dir === null ? paths : [],
      calls: files.length,
    };
    await deps.store.addFolder(folder).catch((error: unknown) => {
      warn(
        `SoftSpoken: the recent folders could not be saved: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    return Promise.all(
      files.map(async (f, i) => ({
        key: callKey([f]),
        name: f.name,
        parts: [{ name: f.name, path: f.path, sizeBytes: f.sizeBytes, url: urls[i] ?? '' }],
        rememberedAgentSide: await deps.store.agentSide(callKey([f])),
      })),
    );
  };

  /** A folder's calls, read from it now. */
  const openDir = async (dir: string): Promise<OpenedCall[]> => {
    let names: string[];
    try {
      names = await listDir(dir);
    } catch {
      throw new UserFacingError(`The folder ${basename(dir)} cannot be read.`);
    }
    return openQueue(
      await queueCallFiles(
        names.map((n) => join(dir, n)),
        fs,
      ),
      dir,
    );
  };

  return {
    'call:openFolder': async () => {
      if (deps.dialog.chooseFolder === undefined)
        throw new UserFacingError('Opening a folder is not available here.');
      const dir = await deps.dialog.chooseFolder(lastDir ?? deps.documentsDir);
      if (dir === null || dir === '') return null;
      return openDir(dir);
    },

    'call:openMany': async (request) => openQueue(await queueCallFiles(field(request, 'paths'), fs), null),

    'recent:folders': async () => deps.store.folders(),

    'recent:openFolder': async (request) => {
      const folder = await deps.store.folder(keyOf(request));
      if (folder === null) throw new UserFacingError('That folder is no longer in the recent list.');
      return folder.dir !== null
        ? openDir(folder.dir)
        : openQueue(await queueCallFiles(folder.paths, fs), null);
    },

    'recent:forgetFolder': async (request) => {
      await deps.store.forgetFolder(keyOf(request));
      return null;
    },

    'call:openDialog': async () => {
      const paths = await deps.dialog.chooseWavFiles(lastDir ?? deps.documentsDir);
      if (paths === null || paths.length === 0) return null;
      return openCall(orderCallFiles(await checkCallPaths(paths, fs)));
    },

    'call:openPaths': async (request) => {
      return openCall(orderCallFiles(await checkCallPaths(field(request, 'paths'), fs)));
    },

    'recent:list': async () => deps.store.list(),

    'recent:open': async (request) => {
      const recent = await deps.store.get(keyOf(request));
      if (recent === null) throw new UserFacingError('That call is no longer in the recent list.');
      // the recent list holds the paths in call order already (and the user's side choice depends on it)
      return openCall(await checkCallPaths(recent.paths, fs));
    },

    'recent:forget': async (request) => {
      await deps.store.forget(keyOf(request));
      return null;
    },

    'prefs:setAgentSide': async (request) => {
      const side = field(request, 'agentSide');
      if (side !== 0 && side !== 1)
        throw new UserFacingError('Invalid request: the agent side must be 0 or 1.');
      await deps.store.setAgentSide(keyOf(request), side);
      return null;
    },

    'export:save': async (request) => {
      const kind = field(request, 'kind');
      const content = field(request, 'content');
      if (!EXPORT_KINDS.includes(kind as ExportKind))
        throw new UserFacingError('Invalid request: unknown export kind.');
      if (typeof content !== 'string') throw new UserFacingError('Invalid request: nothing to save.');
      const name = safeExportName(field(request, 'suggestedName'), kind as ExportKind);
      const path = await deps.dialog.chooseSavePath(
        join(lastDir ?? deps.documentsDir, name),
        kind as ExportKind,
      );
      if (path === null || path === '') return null;
      await writeText(path, content);
      return { path };
    },
  };
}
