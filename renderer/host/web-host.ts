/**
 * The Host in a browser tab (web mode): files come from a file input or a drop and are read as Blobs;
 * recent calls, recent folders (queues) and remembered agent sides stay in this browser (recents-store.ts,
 * idb-recents.ts), with the files' bytes so a recent call or folder reopens; exports are downloads; live calls go to the loopback server that served the page
 * (web-live.ts). Browser APIs only: nothing is sent anywhere else.
 */
import {
  EXPORT_EXTENSIONS,
  type ExportKind,
  type RecentCall,
  type RecentFolder,
} from '../../src/ipc/contract.js';
import { callDisplayName, orderAgentFirst } from '../../src/ipc/file-pair.js';
import { AUDIO_EXTENSIONS, isAudioFileName, READABLE } from '../../src/source/formats.js';
import type { CallInput, Host, LiveHost } from './host.js';
import { indexedDbRecents } from './idb-recents.js';
import { memoryRecents, type StoredCall, type StoredFileInfo, type WebRecents } from './recents-store.js';
import { createWebLive } from './web-live.js';

const ACCEPT = [...AUDIO_EXTENSIONS, 'audio/*'].join(',');
const EXPORT_TYPES: Record<ExportKind, string> = {
  json: 'application/json',
  csv: 'text/csv',
  html: 'text/html',
  labels: 'text/plain',
  rttm: 'text/plain',
  truth: 'application/json',
  summary: 'text/csv',
};
/** How long a download's object URL lives: long enough for any browser to start the download. */
const REVOKE_AFTER_MS = 60_000;

/** A file's identity in this browser: a page sees no paths, so name, size and modification time. */
function fileKey(file: { name: string; size: number; lastModified: number }): string {
  return `${file.name}|${file.size}|${file.lastModified}`;
}

/** The files of a call (one two-channel file, or two mono files agent first), or an error saying what is wrong. */
export function callFiles(files: readonly File[]): File[] {
  if (files.length === 0 || files.length > 2) {
    const given = files.length === 0 ? '' : ` (${files.length} files were given)`;
    throw new Error(`Open one two-channel recording, or two mono recordings of the same call${given}.`);
  }
  for (const file of files) {
    // the bytes decide the format (the worker); a name or type that is not audio at all is refused here
    if (!isAudioFileName(file.name) && !file.type.startsWith('audio/'))
      throw new Error(`${file.name} is not an audio file: SoftSpoken reads ${READABLE}.`);
  }
  const [first, second] = files;
  if (first === undefined || second === undefined) return [...files];
  if (fileKey(first) === fileKey(second)) throw new Error(`${first.name} was given twice.`);
  return orderAgentFirst(first, second, (f) => f.name).files;
}

/** Each audio file of `files` (by its name or type) as one call, in name order; others are left out. */
export function queueFiles(files: readonly File[]): File[] {
  const seen = new Set<string>();
  return files
    .filter((f) => isAudioFileName(f.name) || f.type.startsWith('audio/'))
    .filter((f) => {
      const key = fileKey(f);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => pathOf(a).localeCompare(pathOf(b), undefined, { numeric: true }));
}

/** A file's path inside the folder picked, without the folder's own name (its name when not picked with a folder). */
const pathOf = (f: File): string => f.webkitRelativePath.split('/').slice(1).join('/') || f.name;

/** A download's file name: no folders, no characters some systems refuse, the kind's extension. */
function downloadName(suggested: string, kind: ExportKind): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  let name = (suggested.split(/[\\/]/).pop() ?? '').replace(/[<>:"|?*\u0000-\u001f]/g, '_').trim();
  if (name === '' || name.startsWith('.')) name = `softspoken-report${name}`;
  const extension = EXPORT_EXTENSIONS[kind];
  return name.toLowerCase().endsWith(`.${extension}`) ? name : `${name}.${extension}`;
}

export interface WebHostOptions {
  document?: Document;
  /** The store; by default IndexedDB, or memory where IndexedDB cannot be used. */
  recents?: Promise<WebRecents>;
  now?: () => Date;
  warn?: (message: string) => void;
  /** Live calls (default: the loopback server's /api/live/ routes). */
  live?: LiveHost;
}

/** IndexedDB when the browser offers it and lets the page use it, else memory. */
async function defaultRecents(warn: (message: string) => void): Promise<WebRecents> {
  try {
    if (typeof indexedDB === 'undefined') throw new Error('no IndexedDB');
    return await indexedDbRecents(indexedDB);
  } catch (error) {
    warn(
      `SoftSpoken: recent calls are kept for this page only (${error instanceof Error ? error.message : String(error)})`,
    );
    return memoryRecents();
  }
}

export function createWebHost(options: WebHostOptions = {}): Host {
  const doc = options.document ?? document;
  const now = options.now ?? (() => new Date());
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const recents = options.recents ?? defaultRecents(warn);
  /** The recent list being written (a big call takes a while): listing waits for it. */
  let saving: Promise<void> = Promise.resolve();
  /** Settles the file picker still open, if any (a browser without the input's `cancel` event). */
  let settlePending: ((files: File[]) => void) | null = null;

  const remember = (call: StoredCall): void => {
    saving = saving
      .then(async () => (await recents).add(call))
      .catch((error: unknown) => {
        warn(
          `SoftSpoken: this call could not be kept in the recent list (${error instanceof Error ? error.message : String(error)})`,
        );
      });
  };

  const open = async (given: readonly File[]): Promise<CallInput> => {
    const files = callFiles(given);
    const key = files.map(fileKey).join('\n');
    const name = callDisplayName(files.map((f) => f.name));
    const rememberedAgentSide = await (await recents).side(key).catch(() => null);
    remember({
      key,
      name,
      openedAt: now().toISOString(),
      files: files.map((f) => ({
        name: f.name,
        type: f.type,
        lastModified: f.lastModified,
        sizeBytes: f.size,
      })),
      blobs: files,
    });
    return {
      key,
      name,
      parts: files.map((f) => ({ name: f.name, sizeBytes: f.size, blob: f })),
      rememberedAgentSide,
    };
  };

  /** The queue's calls: one file each, keyed as the file (its remembered side, its coach's edits, its cache). */
  const queueOf = async (files: readonly { file: Blob; info: StoredFileInfo }[]): Promise<CallInput[]> => {
    const store = await recents;
    return Promise.all(
      files.map(async ({ file, info }) => {
        const key = fileKey({ name: info.name, size: info.sizeBytes, lastModified: info.lastModified });
        return {
          key,
          name: info.path ?? info.name,
          parts: [{ name: info.name, sizeBytes: info.sizeBytes, blob: file }],
          rememberedAgentSide: await store.side(key).catch(() => null),
        };
      }),
    );
  };

  /**
   * Each audio file of `given` as one call (the queue), with its remembered side; not kept in the recent
   * calls, but kept as a recent folder (the folder picked, or the files dropped together).
   */
  const openEach = async (given: readonly File[]): Promise<CallInput[]> => {
    const files = queueFiles(given);
    if (files.length === 0) throw new Error(`No audio files were found: SoftSpoken reads ${READABLE}.`);
    const infos = files.map((f): StoredFileInfo => ({
      name: f.name,
      path: pathOf(f),
      type: f.type,
      lastModified: f.lastModified,
      sizeBytes: f.size,
    }));
    const folder = files[0]?.webkitRelativePath.split('/')[0] || `${files.length} files dropped together`;
    saving = saving
      .then(async () =>
        (await recents).addFolder({
          key: `folder:${files.map(fileKey).join('\n')}`,
          name: folder,
          openedAt: now().toISOString(),
          files: infos,
          blobs: files,
        }),
      )
      .catch((error: unknown) => {
        warn(
          `SoftSpoken: this folder could not be kept in the recent folders (${error instanceof Error ? error.message : String(error)})`,
        );
      });
    return queueOf(files.map((file, i) => ({ file, info: infos[i] as StoredFileInfo })));
  };

  /** The files chosen in a file input; none when the picker is cancelled. Must start in a user gesture. */
  const chooseFiles = (folder = false): Promise<File[]> =>
    new Promise((resolve) => {
      settlePending?.([]);
      const input = doc.createElement('input');
      input.type = 'file';
      input.accept = ACCEPT;
      input.multiple = true;
      if (folder) input.webkitdirectory = true;
      input.hidden = true;
      const settle = (files: File[]): void => {
        if (settlePending === settle) settlePending = null;
        input.remove();
        resolve(files);
      };
      settlePending = settle;
      input.addEventListener('change', () => settle(Array.from(input.files ?? [])), { once: true });
      input.addEventListener('cancel', () => settle([]), { once: true });
      doc.body.append(input);
      input.click();
    });

  return {
    mode: 'web',
    live: options.live ?? createWebLive(),

    async pickCall() {
      const files = await chooseFiles();
      return files.length === 0 ? null : open(files);
    },

    openDropped: (files) => open(files),

    async pickFolder() {
      const files = await chooseFiles(true);
      return files.length === 0 ? null : openEach(files);
    },

    openMany: (files) => openEach(files),

    async recent(): Promise<RecentCall[]> {
      await saving;
      const store = await recents;
      const calls = await store.list();
      return Promise.all(
        calls.map(async (call) => ({
          key: call.key,
          name: call.name,
          paths: call.files.map((f) => f.name),
          openedAt: call.openedAt,
          agentSide: await store.side(call.key),
        })),
      );
    },

    async openRecent(key) {
      await saving;
      const store = await recents;
      const call = await store.get(key);
      if (call === null)
        throw new Error('That call is no longer kept in this browser: open its files again.');
      await store.touch(key, now().toISOString()).catch(() => undefined);
      return {
        key,
        name: call.name,
        parts: call.files.map((f, i) => ({
          name: f.name,
          sizeBytes: f.sizeBytes,
          blob: call.blobs[i] ?? new Blob(),
        })),
        rememberedAgentSide: await store.side(key),
      };
    },

    async forgetRecent(key) {
      await saving;
      await (await recents).remove(key);
    },

    async recentFolders(): Promise<RecentFolder[]> {
      await saving;
      return (await (await recents).folders()).map((f) => ({
        key: f.key,
        name: f.name,
        path: '',
        calls: f.files.length,
        openedAt: f.openedAt,
      }));
    },

    async openRecentFolder(key) {
      await saving;
      const folder = await (await recents).folder(key);
      if (folder === null) throw new Error('That folder is no longer kept in this browser: open it again.');
      return queueOf(folder.files.map((info, i) => ({ file: folder.blobs[i] ?? new Blob(), info })));
    },

    async forgetRecentFolder(key) {
      await saving;
      await (await recents).removeFolder(key);
    },

    async rememberAgentSide(key, side) {
      await (await recents).setSide(key, side, now().toISOString());
    },

    async save(suggestedName, kind, content) {
      const name = downloadName(suggestedName, kind);
      const url = URL.createObjectURL(new Blob([content], { type: `${EXPORT_TYPES[kind]};charset=utf-8` }));
      const link = doc.createElement('a');
      link.href = url;
      link.download = name;
      link.rel = 'noopener';
      link.hidden = true;
      doc.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
      return name;
    },
  };
}
