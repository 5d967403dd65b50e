/**
 * Recently opened project folders (docs/architecture.md "recent projects") for the browser host. Folder
 * handles can only be kept in IndexedDB; reopening one asks the browser for permission
 * again. Every failure degrades to "no recent projects" rather than breaking Open.
 */
export interface RecentFolder {
  name: string;
  openedAt: number;
  handle: FileSystemDirectoryHandle;
}

const DB = 'egress-studio';
const STORE = 'recent-folders';
export const RECENT_LIMIT = 8;

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'name' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function run<T>(mode: IDBTransactionMode, f: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const request = f(tx.objectStore(STORE));
        tx.oncomplete = () => {
          db.close();
          resolve(request.result);
        };
        tx.onerror = () => {
          db.close();
          reject(tx.error);
        };
      }),
  );
}

/** Most recent first. */
export async function listRecentFolders(): Promise<RecentFolder[]> {
  try {
    const all = await run<RecentFolder[]>('readonly', (s) => s.getAll());
    return all.sort((a, b) => b.openedAt - a.openedAt).slice(0, RECENT_LIMIT);
  } catch {
    return [];
  }
}

export async function rememberFolder(handle: FileSystemDirectoryHandle): Promise<void> {
  try {
    await run('readwrite', (s) => s.put({ name: handle.name, openedAt: Date.now(), handle }));
    const all = await listRecentFolders();
    const keep = new Set(all.map((r) => r.name));
    const stored = await run<IDBValidKey[]>('readonly', (s) => s.getAllKeys());
    for (const key of stored)
      if (!keep.has(String(key))) await run('readwrite', (s) => s.delete(key));
  } catch {
    // Without IndexedDB the app still works; it just cannot list recent folders.
  }
}

export async function forgetFolder(name: string): Promise<void> {
  try {
    await run('readwrite', (s) => s.delete(name));
  } catch {
    // See rememberFolder.
  }
}
