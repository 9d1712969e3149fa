/**
 * The app's own IndexedDB databases (web mode and Electron's renderer alike): a request as a promise, and a
 * database with one object store opened, made on first use. Callers fall back to memory when it throws.
 */

/** An IndexedDB request as a promise. */
export function idbRequest<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * Opens database `name` with its one object store `store` (created on first use, with `options`). Rejects
 * when IndexedDB cannot be opened here (private mode, blocked by another tab).
 */
export function openStoreDatabase(
  factory: IDBFactory,
  name: string,
  version: number,
  store: string,
  options?: IDBObjectStoreParameters,
): Promise<IDBDatabase> {
  return new Promise<IDBDatabase>((resolve, reject) => {
    const req = factory.open(name, version);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(store)) req.result.createObjectStore(store, options);
    };
    req.onsuccess = () => {
      req.result.onversionchange = () => req.result.close();
      resolve(req.result);
    };
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
    req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  });
}
