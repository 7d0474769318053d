import { categoryKey, searchFold } from '@ttm/contract';
import { Dexie } from 'dexie';
import type { LocalDb } from './local-db.js';
import type { CategoryRecord, ExpenseRecord } from './records.js';

export interface HistoryFilters {
  /** Earliest date, inclusive (YYYY-MM-DD). */
  readonly from?: string;
  /** Latest date, inclusive (YYYY-MM-DD). */
  readonly to?: string;
  readonly category?: string;
  /** Case-insensitive text searched in the note and the category, like the server's `q`. */
  readonly q?: string;
}

/** Newest date first, then newest created, then id: the server's order. */
export function compareNewestFirst(a: ExpenseRecord, b: ExpenseRecord): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** A wallet's expenses matching the filters, newest first, read from the local store. */
export async function queryHistory(db: LocalDb, walletId: string, filters: HistoryFilters): Promise<ExpenseRecord[]> {
  if (filters.from && filters.to && filters.from > filters.to) return [];
  const lower = [walletId, filters.from ?? Dexie.minKey];
  const upper = [walletId, filters.to ?? Dexie.maxKey];
  let collection = db.expenses.where('[walletId+date]').between(lower, upper, true, true);
  const wantedCategory = filters.category?.trim() ? categoryKey(filters.category) : null;
  const needle = filters.q?.trim() ? searchFold(filters.q.trim()) : null;
  if (wantedCategory !== null || needle !== null) {
    collection = collection.filter(
      (row) =>
        (wantedCategory === null || row.categoryKey === wantedCategory) &&
        (needle === null ||
          searchFold(row.category).includes(needle) ||
          (row.note !== null && searchFold(row.note).includes(needle))),
    );
  }
  const rows = await collection.toArray();
  return rows.sort(compareNewestFirst);
}

/** The wallet's categories for the picker: most used first, then the suggested defaults. */
export async function queryCategories(db: LocalDb, walletId: string): Promise<CategoryRecord[]> {
  const rows = await db.categories.where('walletId').equals(walletId).toArray();
  return rows.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

export function categoryRecordKey(walletId: string, name: string): string {
  return `${walletId}|${categoryKey(name)}`;
}
