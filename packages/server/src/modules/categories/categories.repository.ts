import { type OnConflictBuilder, sql } from 'kysely';
import { preparedQuery } from '../../db/prepared.js';
import type { Database } from '../../db/schema.js';
import type { Db } from '../../db/types.js';

const categoryNameQuery = preparedQuery((db, p: { walletId: string; key: string }) =>
  db.selectFrom('categories').select('name').where('wallet_id', '=', p.walletId).where('key', '=', p.key),
);

/** The spelling a wallet already uses for this category key, if any. */
export async function findCategoryName(db: Db, walletId: string, key: string): Promise<string | undefined> {
  const [row] = await categoryNameQuery(db, { walletId, key });
  return row?.name;
}

const categoryUsageQuery = preparedQuery(
  (db, p: { walletId: string; key: string; name: string; initial: number; delta: number }) =>
    db
      .insertInto('categories')
      .values({ wallet_id: p.walletId, key: p.key, name: p.name, usage_count: p.initial })
      .onConflict((oc) =>
        oc.columns(['wallet_id', 'key']).doUpdateSet({ usage_count: sql<number>`categories.usage_count + ${p.delta}` }),
      ),
);

/** Adds `delta` to a category's usage, creating the category on first use. */
export async function adjustCategoryUsage(
  db: Db,
  walletId: string,
  key: string,
  name: string,
  delta: number,
): Promise<void> {
  await categoryUsageQuery(db, { walletId, key, name, initial: Math.max(delta, 0), delta });
}

const useCategoryQuery = preparedQuery((db, p: { walletId: string; key: string; name: string }) =>
  db
    .insertInto('categories')
    .values({ wallet_id: p.walletId, key: p.key, name: p.name, usage_count: 1 })
    .onConflict(addUsesToExisting)
    .returning('name'),
);

/**
 * One more live expense in a category, creating it on first use, in one statement: returns the
 * spelling the wallet keeps for it (the first one used), which the expense is then stored with.
 */
export async function useCategory(db: Db, walletId: string, key: string, name: string): Promise<string> {
  const [row] = await useCategoryQuery(db, { walletId, key, name });
  return row?.name ?? name;
}

/** A category some new expenses use: the spelling the first of them typed, and how many they are. */
export interface CategoryUse {
  readonly key: string;
  readonly name: string;
  readonly count: number;
}

/** The conflict clause of inserting category uses: a category the wallet has gets the new count added. */
export function addUsesToExisting(oc: OnConflictBuilder<Database, 'categories'>) {
  return oc.columns(['wallet_id', 'key']).doUpdateSet({
    usage_count: sql<number>`categories.usage_count + excluded.usage_count`,
  });
}

/**
 * `useCategory` for several categories in one statement (their keys distinct): returns each key's
 * spelling as the wallet keeps it.
 */
export async function useCategories(
  db: Db,
  walletId: string,
  uses: readonly CategoryUse[],
): Promise<Map<string, string>> {
  const [only] = uses;
  if (uses.length === 1 && only?.count === 1) {
    return new Map([[only.key, await useCategory(db, walletId, only.key, only.name)]]);
  }
  const rows = await db
    .insertInto('categories')
    .values(uses.map((use) => ({ wallet_id: walletId, key: use.key, name: use.name, usage_count: use.count })))
    .onConflict(addUsesToExisting)
    .returning(['key', 'name'])
    .execute();
  return new Map(rows.map((row) => [row.key, row.name]));
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
