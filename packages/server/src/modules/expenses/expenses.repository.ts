import { sql } from 'kysely';
import type { Db } from '../../db/types.js';
import { escapeLike } from '../../db/dialect.js';
import type { ExpensesTable } from '../../db/tables/expenses.table.js';
import type { HistoryCursor } from './expense-cursor.js';

export type ExpenseRow = ExpensesTable;

export function insertExpense(db: Db, row: ExpenseRow) {
  return db.insertInto('expenses').values(row).execute();
}

/** Any expense with this id, deleted or not, whoever owns it (for idempotency checks). */
export function findExpenseAnywhere(db: Db, id: string) {
  return db.selectFrom('expenses').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A live expense in a wallet the user is a member of, with the wallet's currency and the role. */
export function findExpenseForMember(db: Db, id: string, userId: string) {
  return db
    .selectFrom('expenses')
    .innerJoin('wallet_members', (join) =>
      join.onRef('wallet_members.wallet_id', '=', 'expenses.wallet_id').on('wallet_members.user_id', '=', userId),
    )
    .innerJoin('wallets', 'wallets.id', 'expenses.wallet_id')
    .selectAll('expenses')
    .select(['wallets.currency', 'wallet_members.role'])
    .where('expenses.id', '=', id)
    .where('expenses.deleted_at', 'is', null)
    .executeTakeFirst();
}

export function updateExpense(db: Db, id: string, changes: Partial<ExpenseRow>) {
  return db.updateTable('expenses').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Rows stamped after `since` up to `upTo` (committed versions only), oldest change first. */
export function listChangedSince(db: Db, walletId: string, since: number, upTo: number, limit: number) {
  return db
    .selectFrom('expenses')
    .selectAll()
    .where('wallet_id', '=', walletId)
    .where('version', '>', since)
    .where('version', '<=', upTo)
    .orderBy('version')
    .limit(limit)
    .execute();
}

/** Case-insensitive substring search in category and note (`search` already folded with searchFold). */
export function matchesSearch(search: string) {
  return sql<boolean>`search_text like ${`%${escapeLike(search)}%`} escape '\\'`;
}

export interface HistoryFilter {
  readonly walletId: string;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly categoryKey?: string | undefined;
  readonly search?: string | undefined;
  readonly minMinor?: number | undefined;
  readonly maxMinor?: number | undefined;
  readonly after?: HistoryCursor | undefined;
  readonly limit: number;
}

/**
 * One page of history, newest date first, then newest createdAt, then id: a keyset walk over
 * expenses_history_idx, so a page costs the same on page 1 and page 1,000 and rows inserted
 * meanwhile are neither skipped nor repeated.
 */
export function listHistory(db: Db, filter: HistoryFilter) {
  let query = db
    .selectFrom('expenses')
    .selectAll()
    .where('wallet_id', '=', filter.walletId)
    .where('deleted_at', 'is', null);
  if (filter.from !== undefined) query = query.where('date', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('date', '<=', filter.to);
  if (filter.categoryKey !== undefined) query = query.where('category_key', '=', filter.categoryKey);
  if (filter.minMinor !== undefined) query = query.where('amount_minor', '>=', filter.minMinor);
  if (filter.maxMinor !== undefined) query = query.where('amount_minor', '<=', filter.maxMinor);
  if (filter.search !== undefined) query = query.where(matchesSearch(filter.search));
  const after = filter.after;
  if (after) {
    query = query.where((eb) =>
      eb(eb.refTuple('date', 'created_at', 'id'), '<', eb.tuple(after.date, after.createdAt, after.id)),
    );
  }
  return query
    .orderBy('date', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
}
