import type { Page } from 'playwright-core';

/**
 * Every row of one store of the device's IndexedDB, however many the screen shows. Reading must
 * never get in the app's way: a database the app has not made yet is not created here (that
 * would leave the app an empty version 1 to upgrade), and the connection is always closed, since
 * one left open blocks the app's own version upgrade and with it the whole app.
 */
export async function localRows<T>(page: Page, store: 'expenses' | 'outbox'): Promise<T[]> {
  const rows = await page.evaluate(async (storeName) => {
    const db = await new Promise<IDBDatabase | null>((resolve, reject) => {
      const request = indexedDB.open('trackthatmoney');
      request.onupgradeneeded = () => {
        request.transaction?.abort();
      };
      request.onsuccess = () => {
        resolve(request.result);
      };
      request.onerror = (event) => {
        if (request.error?.name === 'AbortError') {
          event.preventDefault();
          resolve(null);
        } else reject(new Error('cannot open the local database'));
      };
    });
    if (db === null) return [];
    try {
      if (!db.objectStoreNames.contains(storeName)) return [];
      return await new Promise<unknown[]>((resolve, reject) => {
        const reading = db.transaction(storeName).objectStore(storeName).getAll();
        reading.onsuccess = () => {
          resolve(reading.result);
        };
        reading.onerror = () => {
          reject(new Error(`cannot read ${storeName}`));
        };
      });
    } finally {
      db.close();
    }
  }, store);
  return rows as T[];
}
