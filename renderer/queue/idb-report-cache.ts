/**
 * The report cache (report-cache.ts) in this origin's IndexedDB, database `softspoken-reports`: the app's own
 * data, in web mode and in Electron's renderer alike. Falls back to memory where IndexedDB cannot be opened.
 */
import { idbRequest, openStoreDatabase } from '../idb.js';
import { memoryReportCache, type CachedAnalysis, type ReportCache } from './report-cache.js';

const DB_NAME = 'softspoken-reports';
const DB_VERSION = 1;
const STORE = 'reports';

/** The IndexedDB cache; memory when the database cannot be opened (the page still works, uncached). */
export async function indexedDbReportCache(factory: IDBFactory | undefined): Promise<ReportCache> {
  if (factory === undefined) return memoryReportCache();
  let db: IDBDatabase;
  try {
    db = await openStoreDatabase(factory, DB_NAME, DB_VERSION, STORE);
  } catch (error) {
    console.warn(`SoftSpoken: analysed calls are not cached (${String(error)})`);
    return memoryReportCache();
  }
  return {
    async get(key) {
      const value = (await idbRequest(db.transaction(STORE, 'readonly').objectStore(STORE).get(key))) as
        CachedAnalysis | undefined;
      return value ?? null;
    },
    async put(key, value) {
      await idbRequest(db.transaction(STORE, 'readwrite').objectStore(STORE).put(value, key));
    },
  };
}
