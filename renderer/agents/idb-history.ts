/**
 * The call history (call-history.ts) in this origin's IndexedDB, database `softspoken-agents`: the app's
 * own data, in web mode and in Electron's renderer alike. Falls back to memory where IndexedDB cannot be
 * opened (the page works; nothing is remembered after a reload).
 */
import { memoryHistory, type HistoryBackend, type HistoryCall } from './call-history.js';

const DB_NAME = 'softspoken-agents';
const DB_VERSION = 1;
const STORE = 'calls';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** The IndexedDB history; memory when the database cannot be opened. */
export async function indexedDbHistory(factory: IDBFactory | undefined): Promise<HistoryBackend> {
  if (factory === undefined) return memoryHistory();
  let db: IDBDatabase;
  try {
    db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = factory.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(STORE))
          req.result.createObjectStore(STORE, { keyPath: 'key' });
      };
      req.onsuccess = () => {
        req.result.onversionchange = () => req.result.close();
        resolve(req.result);
      };
      req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
      req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    });
  } catch (error) {
    console.warn(`SoftSpoken: the agents' calls are not remembered (${String(error)})`);
    return memoryHistory();
  }
  const store = (mode: IDBTransactionMode) => db.transaction(STORE, mode).objectStore(STORE);
  return {
    async get(key) {
      return ((await request(store('readonly').get(key))) as HistoryCall | undefined) ?? null;
    },
    async put(call) {
      await request(store('readwrite').put(call));
    },
    async all() {
      return (await request(store('readonly').getAll())) as HistoryCall[];
    },
  };
}
