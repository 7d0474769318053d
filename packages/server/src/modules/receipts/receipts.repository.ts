import type { Db } from '../../db/types.js';
import type { ReceiptsTable } from '../../db/tables/receipts.table.js';

export type ReceiptRow = ReceiptsTable;

export async function insertReceipt(db: Db, row: ReceiptRow): Promise<void> {
  await db.insertInto('receipts').values(row).execute();
}

/** Any receipt with this id, whoever owns it (for idempotent uploads). */
export function findReceiptAnywhere(db: Db, id: string) {
  return db.selectFrom('receipts').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * A receipt of a live expense in a wallet the user is a member of, with the user's role; a
 * receipt being deleted, or whose expense is, is not found.
 */
export function findReceiptForMember(db: Db, id: string, userId: string) {
  return db
    .selectFrom('receipts')
    .innerJoin('expenses', 'expenses.id', 'receipts.expense_id')
    .innerJoin('wallet_members', (join) =>
      join.onRef('wallet_members.wallet_id', '=', 'receipts.wallet_id').on('wallet_members.user_id', '=', userId),
    )
    .selectAll('receipts')
    .select('wallet_members.role')
    .where('receipts.id', '=', id)
    .where('receipts.deleted_at', 'is', null)
    .where('expenses.deleted_at', 'is', null)
    .executeTakeFirst();
}

export function listReceiptsOfExpense(db: Db, expenseId: string) {
  return db
    .selectFrom('receipts')
    .selectAll()
    .where('expense_id', '=', expenseId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Receipts of the wallet's live expenses. */
export function listReceiptsOfWallet(db: Db, walletId: string) {
  return db
    .selectFrom('receipts')
    .innerJoin('expenses', 'expenses.id', 'receipts.expense_id')
    .selectAll('receipts')
    .where('receipts.wallet_id', '=', walletId)
    .where('receipts.deleted_at', 'is', null)
    .where('expenses.deleted_at', 'is', null)
    .orderBy('receipts.created_at')
    .orderBy('receipts.id')
    .execute();
}

/** Marks a deleted expense's receipts for removal, in the transaction that deletes the expense. */
export async function markReceiptsOfExpenseDeleted(db: Db, expenseId: string, now: string): Promise<void> {
  await db
    .updateTable('receipts')
    .set({ deleted_at: now })
    .where('expense_id', '=', expenseId)
    .where('deleted_at', 'is', null)
    .execute();
}

export async function markReceiptDeleted(db: Db, id: string, now: string): Promise<void> {
  await db.updateTable('receipts').set({ deleted_at: now }).where('id', '=', id).execute();
}

/** Receipts marked deleted, waiting for their file to be removed (through receipts_deleted_idx). */
export function listDeletedReceipts(db: Db, limit: number) {
  return db
    .selectFrom('receipts')
    .select(['id', 'wallet_id'])
    .where('deleted_at', 'is not', null)
    .limit(limit)
    .execute();
}

/**
 * Receipts of deleted expenses that were never marked: an upload that committed just after its
 * expense's deletion had marked the others. Unreachable through the API; found by the full sweep.
 */
export function listReceiptsOfDeletedExpenses(db: Db, limit: number) {
  return db
    .selectFrom('receipts')
    .innerJoin('expenses', 'expenses.id', 'receipts.expense_id')
    .select(['receipts.id', 'receipts.wallet_id'])
    .where('receipts.deleted_at', 'is', null)
    .where('expenses.deleted_at', 'is not', null)
    .limit(limit)
    .execute();
}

export async function deleteReceiptRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('receipts').where('id', '=', id).execute();
}

/** Which of these wallets still exist. */
export async function existingWallets(db: Db, walletIds: readonly string[]): Promise<Set<string>> {
  if (walletIds.length === 0) return new Set();
  const rows = await db.selectFrom('wallets').select('id').where('id', 'in', walletIds).execute();
  return new Set(rows.map((row) => row.id));
}

/** Which of these receipt ids have a row. */
export async function existingReceipts(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('receipts').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((row) => row.id));
}
