import type { LocalDb } from '../local-db/local-db.js';

const CLIENT_ID_KEY = 'syncClientId';

/**
 * This device's id for pushes, made once and kept with the data: the server applies each
 * (clientId, mutationId) once, and merges a device's own earlier writes without conflict.
 * Signing out clears it along with the outbox it belongs to.
 */
export async function readClientId(db: LocalDb): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const stored = await db.meta.get(CLIENT_ID_KEY);
    if (stored) return stored.value;
    const value = crypto.randomUUID();
    await db.meta.put({ key: CLIENT_ID_KEY, value });
    return value;
  });
}
