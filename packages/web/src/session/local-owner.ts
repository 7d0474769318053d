import type { LocalDb } from '../local-db/local-db.js';

const OWNER_KEY = 'ownerUserId';

/**
 * The local store belongs to one user. When someone else signs in on this browser, the
 * previous user's data (and any writes they left unsent) is wiped before anything shows.
 */
export async function claimLocalStore(db: LocalDb, userId: string): Promise<void> {
  const owner = await db.meta.get(OWNER_KEY);
  if (owner && owner.value === userId) return;
  await db.clearAll();
  await db.meta.put({ key: OWNER_KEY, value: userId });
}
