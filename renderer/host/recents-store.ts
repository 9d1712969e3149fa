/**
 * Web mode's recent calls, as the web host sees them: kept with the files' bytes (a page cannot reopen a
 * file by its path), at most 8 calls and 1 GiB of files (the oldest go first), plus the agent side
 * remembered per call; and the recent folders opened as a queue, kept the same way, at most 3 and 1 GiB
 * of their own. The rules and the in-memory store are here (no DOM); idb-recents.ts keeps them in
 * IndexedDB, and the memory store stands in where IndexedDB is missing or refuses (some private windows).
 */

export const MAX_WEB_RECENT_CALLS = 8;
export const MAX_WEB_RECENT_BYTES = 1024 ** 3;
export const MAX_WEB_RECENT_FOLDERS = 3;
/** The caps of the recent folders (each holds many calls). */
export const FOLDER_LIMITS: RecentLimits = {
  maxCalls: MAX_WEB_RECENT_FOLDERS,
  maxBytes: MAX_WEB_RECENT_BYTES,
};
/** Remembered agent sides kept (the oldest are dropped beyond this); they outlive the recent list. */
export const MAX_WEB_SIDES = 500;

export interface StoredFileInfo {
  name: string;
  /** A folder's file: its path inside the folder (what the queue shows). */
  path?: string;
  type: string;
  lastModified: number;
  sizeBytes: number;
}

/** A recent call without its bytes (what the list shows). */
export interface StoredCallInfo {
  key: string;
  name: string;
  /** ISO 8601. */
  openedAt: string;
  files: StoredFileInfo[];
}

/** A recent call with its files' bytes, in call order. */
export interface StoredCall extends StoredCallInfo {
  blobs: Blob[];
}

export interface RecentLimits {
  maxCalls: number;
  maxBytes: number;
}

/**
 * Which calls stay (newest first) and which go: the newest that fit under both caps stay; once one does not
 * fit, it and every older call go. A call bigger than the byte cap on its own is never kept.
 */
export function planRecents(
  calls: readonly StoredCallInfo[],
  limits: RecentLimits = { maxCalls: MAX_WEB_RECENT_CALLS, maxBytes: MAX_WEB_RECENT_BYTES },
): { keep: string[]; drop: string[] } {
  const keep: string[] = [];
  const drop: string[] = [];
  let bytes = 0;
  let full = false;
  for (const call of [...calls].sort(byNewest)) {
    const size = call.files.reduce((sum, f) => sum + f.sizeBytes, 0);
    if (size > limits.maxBytes) {
      drop.push(call.key);
      continue;
    }
    if (full || keep.length >= limits.maxCalls || bytes + size > limits.maxBytes) {
      full = true;
      drop.push(call.key);
      continue;
    }
    keep.push(call.key);
    bytes += size;
  }
  return { keep, drop };
}

/** What the web host needs of the store. */
export interface WebRecents {
  /** Newest first. */
  list(): Promise<StoredCallInfo[]>;
  get(key: string): Promise<StoredCall | null>;
  /** Adds (or replaces) a call, then drops the oldest beyond the caps; a call over the byte cap is not kept. */
  add(call: StoredCall): Promise<void>;
  /** Marks a call as opened now. */
  touch(key: string, openedAt: string): Promise<void>;
  remove(key: string): Promise<void>;
  side(key: string): Promise<0 | 1 | null>;
  setSide(key: string, side: 0 | 1, at: string): Promise<void>;
  /** Recent folders (a StoredCall each: one file per call), newest first. */
  folders(): Promise<StoredCallInfo[]>;
  folder(key: string): Promise<StoredCall | null>;
  /** Adds (or replaces) a folder, then drops the oldest beyond FOLDER_LIMITS; one over the byte cap is not kept. */
  addFolder(folder: StoredCall): Promise<void>;
  removeFolder(key: string): Promise<void>;
}

/** Sort order of recent calls: newest first. */
export const byNewest = (a: StoredCallInfo, b: StoredCallInfo): number =>
  b.openedAt.localeCompare(a.openedAt);

/** The remembered sides beyond the cap, oldest first: the ones to drop. */
export function oldestSides(sides: readonly { key: string; at: string }[]): string[] {
  const excess = sides.length - MAX_WEB_SIDES;
  return excess > 0
    ? [...sides]
        .sort((a, b) => a.at.localeCompare(b.at))
        .slice(0, excess)
        .map((s) => s.key)
    : [];
}

/** The in-memory store: this page only. */
export function memoryRecents(): WebRecents {
  const calls = new Map<string, StoredCall>();
  const folders = new Map<string, StoredCall>();
  const sides = new Map<string, { key: string; side: 0 | 1; at: string }>();
  return {
    folders: async () => [...folders.values()].map(({ blobs: _blobs, ...info }) => info).sort(byNewest),
    folder: async (key) => folders.get(key) ?? null,
    async addFolder(folder) {
      folders.set(folder.key, { ...folder });
      for (const key of planRecents([...folders.values()], FOLDER_LIMITS).drop) folders.delete(key);
    },
    removeFolder: async (key) => void folders.delete(key),
    list: async () => [...calls.values()].map(({ blobs: _blobs, ...info }) => info).sort(byNewest),
    get: async (key) => calls.get(key) ?? null,
    async add(call) {
      calls.set(call.key, { ...call });
      for (const key of planRecents([...calls.values()]).drop) calls.delete(key);
    },
    async touch(key, openedAt) {
      const call = calls.get(key);
      if (call) call.openedAt = openedAt;
    },
    remove: async (key) => {
      calls.delete(key);
      sides.delete(key);
    },
    side: async (key) => sides.get(key)?.side ?? null,
    async setSide(key, side, at) {
      sides.set(key, { key, side, at });
      for (const old of oldestSides([...sides.values()])) sides.delete(old);
    },
  };
}
