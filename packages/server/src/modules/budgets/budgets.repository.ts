import type { Db } from '../../db/types.js';

export function listBudgets(db: Db, walletId: string) {
  return db.selectFrom('budgets').selectAll().where('wallet_id', '=', walletId).execute();
}

export async function upsertBudget(db: Db, walletId: string, categoryKey: string, limitMinor: number, nowIso: string) {
  await db
    .insertInto('budgets')
    .values({
      wallet_id: walletId,
      category_key: categoryKey,
      monthly_limit_minor: limitMinor,
      created_at: nowIso,
      updated_at: nowIso,
    })
    .onConflict((oc) =>
      oc.columns(['wallet_id', 'category_key']).doUpdateSet({ monthly_limit_minor: limitMinor, updated_at: nowIso }),
    )
    .execute();
}

export async function deleteBudget(db: Db, walletId: string, categoryKey: string): Promise<boolean> {
  const result = await db
    .deleteFrom('budgets')
    .where('wallet_id', '=', walletId)
    .where('category_key', '=', categoryKey)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
