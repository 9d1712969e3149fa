/**
 * The call history (call-history.ts) in this origin's IndexedDB, database `softspoken-agents`: the app's
 * own data, in web mode and in Electron's renderer alike. Falls back to memory where IndexedDB cannot be
 * opened (the page works; nothing is remembered after a reload).
 */
import { idbRequest, openStoreDatabase } from '../idb.js';
import { memoryHistory, type HistoryBackend, type HistoryCall } from './call-history.js';

const DB_NAME = 'softspoken-agents';
const DB_VERSION = 1;
const STORE = 'calls';

/** The IndexedDB history; memory when the database cannot be opened. */
export async function indexedDbHistory(factory: IDBFactory | undefined): Promise<HistoryBackend> {
  if (factory === undefined) return memoryHistory();
  let db: IDBDatabase;
  try {
    db = await openStoreDatabase(factory, DB_NAME, DB_VERSION, STORE, { keyPath: 'key' });
  } catch (error) {
    console.warn(`SoftSpoken: the agents' calls are not remembered (${String(error)})`);
    return memoryHistory();
  }
  const store = (mode: IDBTransactionMode) => db.transaction(STORE, mode).objectStore(STORE);
  return {
    async get(key) {
      return ((await idbRequest(store('readonly').get(key))) as HistoryCall | undefined) ?? null;
    },
    async put(call) {
      await idbRequest(store('readwrite').put(call));
    },
    async all() {
      return (await idbRequest(store('readonly').getAll())) as HistoryCall[];
    },
  };
}
