import { sql } from 'kysely';
import type { Db } from '../../db/types.js';

/** The spelling a wallet already uses for this category key, if any. */
export async function findCategoryName(db: Db, walletId: string, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('categories')
    .select('name')
    .where('wallet_id', '=', walletId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.name;
}

/** Adds `delta` to a category's usage, creating the category on first use. */
export async function adjustCategoryUsage(
  db: Db,
  walletId: string,
  key: string,
  name: string,
  delta: number,
): Promise<void> {
  await db
    .insertInto('categories')
    .values({ wallet_id: walletId, key, name, usage_count: Math.max(delta, 0) })
    .onConflict((oc) =>
      oc.columns(['wallet_id', 'key']).doUpdateSet({ usage_count: sql<number>`categories.usage_count + ${delta}` }),
    )
    .execute();
}

export function listUsedCategories(db: Db, walletId: string) {
  return db
    .selectFrom('categories')
    .select(['name', 'key', 'usage_count'])
    .where('wallet_id', '=', walletId)
    .where('usage_count', '>', 0)
    .orderBy('usage_count', 'desc')
    .orderBy('key', 'asc')
    .execute();
}
