/**
 * Web mode's recent calls in this browser's IndexedDB (database `softspoken-recents`): call infos, the
 * files' bytes and the remembered agent sides in three object stores, under the caps of recents-store.ts.
 */
import {
  byNewest,
  FOLDER_LIMITS,
  oldestSides,
  planRecents,
  type RecentLimits,
  type StoredCall,
  type StoredCallInfo,
  type WebRecents,
} from './recents-store.js';

const DB_NAME = 'softspoken-recents';
const DB_VERSION = 2;
/** Stores: call infos (small, listed often), the files' bytes (read only to reopen a call), agent sides. */
const CALLS = 'calls';
const BLOBS = 'blobs';
const SIDES = 'sides';
/** Version 2: the recent folders (queues), their infos and their files' bytes. */
const FOLDERS = 'folders';
const FOLDER_BLOBS = 'folderBlobs';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function finished(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

function openDatabase(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      for (const name of [CALLS, BLOBS, SIDES, FOLDERS, FOLDER_BLOBS]) {
        if (!db.objectStoreNames.contains(name)) db.createObjectStore(name, { keyPath: 'key' });
      }
    };
    req.onsuccess = () => {
      const db = req.result;
      db.onversionchange = () => db.close();
      resolve(db);
    };
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
    req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  });
}

/** The IndexedDB store (throws when the database cannot be opened). */
export async function indexedDbRecents(factory: IDBFactory): Promise<WebRecents> {
  const db = await openDatabase(factory);

  /** A pair of stores, infos and bytes, under caps: the recent calls, or the recent folders. */
  const kept = (infos: string, bytes: string, limits?: RecentLimits) => {
    const list = async (): Promise<StoredCallInfo[]> => {
      const tx = db.transaction(infos, 'readonly');
      return ((await request(tx.objectStore(infos).getAll())) as StoredCallInfo[]).sort(byNewest);
    };
    const remove = async (keys: readonly string[]): Promise<void> => {
      if (keys.length === 0) return;
      const tx = db.transaction([infos, bytes], 'readwrite');
      for (const key of keys) {
        tx.objectStore(infos).delete(key);
        tx.objectStore(bytes).delete(key);
      }
      await finished(tx);
    };
    const put = async (call: StoredCall): Promise<void> => {
      const { blobs, ...info } = call;
      const tx = db.transaction([infos, bytes], 'readwrite');
      tx.objectStore(infos).put(info);
      tx.objectStore(bytes).put({ key: call.key, blobs });
      await finished(tx);
    };
    return {
      list,
      remove,
      async get(key: string): Promise<StoredCall | null> {
        const tx = db.transaction([infos, bytes], 'readonly');
        const info = (await request(tx.objectStore(infos).get(key))) as StoredCallInfo | undefined;
        const stored = (await request(tx.objectStore(bytes).get(key))) as { blobs: Blob[] } | undefined;
        if (info === undefined || stored === undefined || stored.blobs.length !== info.files.length)
          return null;
        return { ...info, blobs: stored.blobs };
      },
      async add(call: StoredCall): Promise<void> {
        const others = (await list()).filter((c) => c.key !== call.key);
        const { keep, drop } = planRecents([...others, call], limits);
        // make room before writing the bytes; a call over the cap on its own is not written at all
        await remove(drop.filter((k) => k !== call.key));
        if (!keep.includes(call.key)) return;
        let olderFirst = others
          .filter((c) => keep.includes(c.key))
          .sort(byNewest)
          .reverse();
        for (;;) {
          try {
            await put(call);
            return;
          } catch (error) {
            // out of quota: drop the oldest other and try again, until there is nothing left to drop
            const oldest = olderFirst[0];
            if (oldest === undefined) throw error;
            olderFirst = olderFirst.slice(1);
            await remove([oldest.key]);
          }
        }
      },
    };
  };
  const calls = kept(CALLS, BLOBS);
  const folders = kept(FOLDERS, FOLDER_BLOBS, FOLDER_LIMITS);
  const removeCalls = calls.remove;

  return {
    list: calls.list,
    get: calls.get,
    add: calls.add,
    folders: folders.list,
    folder: folders.get,
    addFolder: folders.add,
    removeFolder: (key) => folders.remove([key]),
    async touch(key, openedAt) {
      const tx = db.transaction(CALLS, 'readwrite');
      const calls = tx.objectStore(CALLS);
      const info = (await request(calls.get(key))) as StoredCallInfo | undefined;
      if (info !== undefined) calls.put({ ...info, openedAt });
      await finished(tx);
    },
    async remove(key) {
      await removeCalls([key]);
      const tx = db.transaction(SIDES, 'readwrite');
      tx.objectStore(SIDES).delete(key);
      await finished(tx);
    },
    async side(key) {
      const tx = db.transaction(SIDES, 'readonly');
      const entry = (await request(tx.objectStore(SIDES).get(key))) as { side?: unknown } | undefined;
      return entry?.side === 0 || entry?.side === 1 ? entry.side : null;
    },
    async setSide(key, side, at) {
      const tx = db.transaction(SIDES, 'readwrite');
      const store = tx.objectStore(SIDES);
      store.put({ key, side, at });
      const all = (await request(store.getAll())) as { key: string; at: string }[];
      for (const old of oldestSides(all)) store.delete(old);
      await finished(tx);
    },
  };
}
