/**
 * Recent calls (newest first, at most 10), recent folders opened as a queue (at most 5: a folder's path, or
 * the paths of many files dropped together) and the agent side remembered per call, in one small JSON file
 * in the app's user-data folder. A missing or unreadable file starts empty; writes go to a temporary file
 * renamed over the old one, one at a time.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RecentCall, RecentFolder } from '../src/ipc/contract.js';

export const MAX_RECENT_CALLS = 10;
export const MAX_RECENT_FOLDERS = 5;
/** Remembered agent sides kept (the oldest are dropped beyond this); they outlive the recent list. */
export const MAX_REMEMBERED_SIDES = 500;

export interface StoreFs {
  /** The file's text, or null when it does not exist. */
  read(path: string): Promise<string | null>;
  /** Replaces the file's text (creating its folder). */
  write(path: string, text: string): Promise<void>;
}

export const nodeStoreFs: StoreFs = {
  async read(path) {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return null;
      throw error;
    }
  },
  async write(path, text) {
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, path);
  },
};

interface StoredRecent {
  key: string;
  name: string;
  paths: string[];
  openedAt: string;
}

/** A recent folder: read again when reopened (`dir`), or its files checked again (`paths`). */
export interface StoredFolder {
  key: string;
  name: string;
  dir: string | null;
  paths: string[];
  calls: number;
  openedAt: string;
}

interface StoredSide {
  side: 0 | 1;
  /** ISO 8601: when it was last set (the oldest are dropped first). */
  at: string;
}

interface StoreData {
  recent: StoredRecent[];
  folders: StoredFolder[];
  /** A Map, not an object: keys come from the renderer, and `__proto__` must stay an ordinary key. */
  sides: Map<string, StoredSide>;
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** The store's content from the file's text; anything malformed is left out rather than failing. */
function parseStore(text: string | null): StoreData {
  const out: StoreData = { recent: [], folders: [], sides: new Map() };
  if (text === null) return out;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return out;
  }
  if (typeof data !== 'object' || data === null) return out;
  const { recent, sides, folders } = data as { recent?: unknown; sides?: unknown; folders?: unknown };
  if (Array.isArray(folders)) {
    for (const f of folders as Partial<StoredFolder>[]) {
      if (
        isString(f.key) &&
        isString(f.name) &&
        isString(f.openedAt) &&
        (f.dir === null || isString(f.dir)) &&
        Array.isArray(f.paths) &&
        f.paths.every(isString) &&
        typeof f.calls === 'number' &&
        !out.folders.some((o) => o.key === f.key)
      ) {
        out.folders.push({
          key: f.key,
          name: f.name,
          dir: f.dir,
          paths: f.paths,
          calls: f.calls,
          openedAt: f.openedAt,
        });
      }
    }
    out.folders = out.folders.slice(0, MAX_RECENT_FOLDERS);
  }
  if (Array.isArray(recent)) {
    for (const r of recent as Partial<StoredRecent>[]) {
      if (
        isString(r.key) &&
        isString(r.name) &&
        isString(r.openedAt) &&
        Array.isArray(r.paths) &&
        r.paths.every(isString) &&
        !out.recent.some((o) => o.key === r.key)
      ) {
        out.recent.push({ key: r.key, name: r.name, paths: r.paths, openedAt: r.openedAt });
      }
    }
    out.recent = out.recent.slice(0, MAX_RECENT_CALLS);
  }
  if (typeof sides === 'object' && sides !== null) {
    for (const [key, value] of Object.entries(sides as Record<string, Partial<StoredSide>>)) {
      if (typeof value !== 'object' || value === null) continue;
      if ((value.side === 0 || value.side === 1) && isString(value.at)) {
        out.sides.set(key, { side: value.side, at: value.at });
      }
    }
  }
  return out;
}

function serializeStore(data: StoreData): string {
  const file = {
    version: 1,
    recent: data.recent,
    folders: data.folders,
    sides: Object.fromEntries(data.sides),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export class RecentStore {
  private data: Promise<StoreData> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly fs: StoreFs = nodeStoreFs,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private load(): Promise<StoreData> {
    this.data ??= this.fs.read(this.file).then(parseStore, () => parseStore(null));
    return this.data;
  }

  /** Changes the store and writes it (writes are queued, so the file always holds the latest state). */
  private async change(edit: (data: StoreData) => void): Promise<void> {
    const data = await this.load();
    edit(data);
    const text = serializeStore(data);
    this.writing = this.writing.catch(() => undefined).then(() => this.fs.write(this.file, text));
    await this.writing;
  }

  /** Recent calls, newest first, each with its remembered agent side. */
  async list(): Promise<RecentCall[]> {
    const data = await this.load();
    return data.recent.map((r) => ({
      ...r,
      paths: [...r.paths],
      agentSide: data.sides.get(r.key)?.side ?? null,
    }));
  }

  async get(key: string): Promise<RecentCall | null> {
    return (await this.list()).find((r) => r.key === key) ?? null;
  }

  /** Puts a call at the top of the list (moving it if it was there), keeping at most 10. */
  async add(call: { key: string; name: string; paths: readonly string[] }): Promise<void> {
    await this.change((data) => {
      const entry: StoredRecent = {
        key: call.key,
        name: call.name,
        paths: [...call.paths],
        openedAt: this.now().toISOString(),
      };
      data.recent = [entry, ...data.recent.filter((r) => r.key !== call.key)].slice(0, MAX_RECENT_CALLS);
    });
  }

  /** Takes a call off the list and forgets its agent side. */
  async forget(key: string): Promise<void> {
    await this.change((data) => {
      data.recent = data.recent.filter((r) => r.key !== key);
      data.sides.delete(key);
    });
  }

  /** Recent folders, newest first. */
  async folders(): Promise<RecentFolder[]> {
    return (await this.load()).folders.map((f) => ({
      key: f.key,
      name: f.name,
      path: f.dir ?? '',
      calls: f.calls,
      openedAt: f.openedAt,
    }));
  }

  async folder(key: string): Promise<StoredFolder | null> {
    const found = (await this.load()).folders.find((f) => f.key === key);
    return found ? { ...found, paths: [...found.paths] } : null;
  }

  /** Puts a folder (or a set of files) at the top of the recent folders, keeping at most 5. */
  async addFolder(folder: Omit<StoredFolder, 'openedAt'>): Promise<void> {
    await this.change((data) => {
      const entry: StoredFolder = { ...folder, paths: [...folder.paths], openedAt: this.now().toISOString() };
      data.folders = [entry, ...data.folders.filter((f) => f.key !== folder.key)].slice(
        0,
        MAX_RECENT_FOLDERS,
      );
    });
  }

  async forgetFolder(key: string): Promise<void> {
    await this.change((data) => {
      data.folders = data.folders.filter((f) => f.key !== key);
    });
  }

  async agentSide(key: string): Promise<0 | 1 | null> {
    return (await this.load()).sides.get(key)?.side ?? null;
  }

  async setAgentSide(key: string, side: 0 | 1): Promise<void> {
    await this.change((data) => {
      data.sides.delete(key);
      data.sides.set(key, { side, at: this.now().toISOString() });
      const excess = data.sides.size - MAX_REMEMBERED_SIDES;
      if (excess > 0) {
        const oldest = [...data.sides].sort(([, a], [, b]) => a.at.localeCompare(b.at)).slice(0, excess);
        for (const [k] of oldest) data.sides.delete(k);
      }
    });
  }
}
