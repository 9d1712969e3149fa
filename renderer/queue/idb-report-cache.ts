/**
 * The report cache (report-cache.ts) in this origin's IndexedDB, database `softspoken-reports`: the app's own
 * data, in web mode and in Electron's renderer alike. Falls back to memory where IndexedDB cannot be opened.
 */
import { memoryReportCache, type CachedAnalysis, type ReportCache } from './report-cache.js';

const DB_NAME = 'softspoken-reports';
const DB_VERSION = 1;
const STORE = 'reports';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** The IndexedDB cache; memory when the database cannot be opened (the page still works, uncached). */
export async function indexedDbReportCache(factory: IDBFactory | undefined): Promise<ReportCache> {
  if (factory === undefined) return memoryReportCache();
  let db: IDBDatabase;
  try {
    db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = factory.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
      };
      req.onsuccess = () => {
        req.result.onversionchange = () => req.result.close();
        resolve(req.result);
      };
      req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
      req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    });
  } catch (error) {
    console.warn(`SoftSpoken: analysed calls are not cached (${String(error)})`);
    return memoryReportCache();
  }
  return {
    async get(key) {
      const value = (await request(db.transaction(STORE, 'readonly').objectStore(STORE).get(key))) as
        CachedAnalysis | undefined;
      return value ?? null;
    },
    async put(key, value) {
      await request(db.transaction(STORE, 'readwrite').objectStore(STORE).put(value, key));
    },
  };
}
