import { categoryKey, searchFold } from '@ttm/contract';
import { Dexie } from 'dexie';
import type { LocalDb } from './local-db.js';
import { recountWalletTotals } from './month-totals.js';
import type { CategoryRecord, ExpenseRecord, MonthTotalRecord } from './records.js';

export interface HistoryFilters {
  /** Earliest date, inclusive (YYYY-MM-DD). */
  readonly from?: string;
  /** Latest date, inclusive (YYYY-MM-DD). */
  readonly to?: string;
  readonly category?: string;
  /** Case-insensitive text searched in the note and the category, like the server's `q`. */
  readonly q?: string;
}

/**
 * The rate of the latest change in the wallet that entered an amount in `currency` (what the
 * server falls back to as well), read from the local copy so it works offline; null if none.
 */
export async function queryLastRate(db: LocalDb, walletId: string, currency: string): Promise<string | null> {
  let latest: ExpenseRecord | null = null;
  await db.expenses
    .where('walletId')
    .equals(walletId)
    .each((row) => {
      if (row.originalCurrency === currency && row.rate && (!latest || row.updatedAt > latest.updatedAt)) latest = row;
    });
  return (latest as ExpenseRecord | null)?.rate ?? null;
}

/** Newest date first, then newest created, then id: the server's order. */
export function compareNewestFirst(a: ExpenseRecord, b: ExpenseRecord): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * Rows read per IndexedDB request. The browser turns a request's rows into objects in one task on
 * the main thread: one read of a 10,000-expense history took ~200 ms at a phone's speed (4x CPU
 * slowdown) and blocked input that long; pages of 200 keep every task short.
 */
export const HISTORY_PAGE_SIZE = 200;

/** A wallet's expenses matching the filters, newest first, read from the local store. */
export async function queryHistory(db: LocalDb, walletId: string, filters: HistoryFilters): Promise<ExpenseRecord[]> {
  if (filters.from && filters.to && filters.from > filters.to) return [];
  const upper = [walletId, filters.to ?? Dexie.maxKey];
  const wantedCategory = filters.category?.trim() ? categoryKey(filters.category) : null;
  const needle = filters.q?.trim() ? searchFold(filters.q.trim()) : null;
  const matches = (row: ExpenseRecord) =>
    (wantedCategory === null || row.categoryKey === wantedCategory) &&
    (needle === null ||
      searchFold(row.category).includes(needle) ||
      (row.note !== null && searchFold(row.note).includes(needle)));
  const rows = await db.transaction('r', db.expenses, async () => {
    const found: ExpenseRecord[] = [];
    // Pages run oldest first through the [walletId+date] index. The next page starts at the last
    // page's last date and skips the rows of that date already read: rows with equal index keys
    // come in primary-key order, so the same ones come first again.
    let fromDate: string | number = filters.from ?? Dexie.minKey;
    let alreadyRead = 0;
    for (;;) {
      const wanted = HISTORY_PAGE_SIZE + alreadyRead;
      const page = await db.expenses
        .where('[walletId+date]')
        .between([walletId, fromDate], upper, true, true)
        .limit(wanted)
        .toArray();
      for (const row of page.slice(alreadyRead)) if (matches(row)) found.push(row);
      const last = page.at(-1);
      if (page.length < wanted || !last) return found;
      alreadyRead =
        last.date === fromDate ? page.length : page.length - page.findIndex((row) => row.date === last.date);
      fromDate = last.date;
    }
  });
  return rows.sort(compareNewestFirst);
}

/**
 * Rows the history reads before its first paint: what a tall screen shows plus the list's read-ahead
 * (see HistoryList), so opening needs no second read.
 */
export const HISTORY_FIRST_PAGE = 100;

/**
 * What an unfiltered history opens with, in one read: the wallet's month totals, newest month
 * first, its newest `count` entries in the history's order, and how many entries it holds (a
 * count IndexedDB answers from the index, without reading rows), to check the totals against.
 * Opening reads this much whatever the history's length; the rest comes page by page
 * (queryHistoryPage).
 */
export async function queryHistoryStart(
  db: LocalDb,
  walletId: string,
  count: number,
): Promise<{ readonly months: MonthTotalRecord[]; readonly rows: ExpenseRecord[]; readonly stored: number }> {
  return db.transaction('r', [db.monthTotals, db.expenses], async () => {
    const [months, rows, stored] = await Promise.all([
      db.monthTotals
        .where('[walletId+month]')
        .between([walletId, Dexie.minKey], [walletId, Dexie.maxKey])
        .reverse()
        .toArray(),
      readNewest(db, walletId, count),
      db.expenses.where('walletId').equals(walletId).count(),
    ]);
    return { months, rows, stored };
  });
}

/** Builds the wallet's month totals again from its rows (see recountWalletTotals). */
export async function repairMonthTotals(db: LocalDb, walletId: string): Promise<void> {
  await db.transaction('rw', [db.expenses, db.monthTotals], () => recountWalletTotals(db, walletId));
}

/**
 * The newest `count` entries, in requests of at most a page: a re-read after an edit, of a history
 * scrolled far down, stays a series of short tasks instead of one the size of the list.
 */
async function readNewest(db: LocalDb, walletId: string, count: number): Promise<ExpenseRecord[]> {
  const rows: ExpenseRecord[] = [];
  while (rows.length < count) {
    const wanted = Math.min(HISTORY_PAGE_SIZE, count - rows.length);
    const page = await queryHistoryPage(db, walletId, rows, wanted);
    rows.push(...page);
    if (page.length < wanted) break;
  }
  return rows;
}

/**
 * Up to `limit` of the wallet's entries that come after those already `read` (the history so far)
 * in the history's order: newest date, then newest created, then id, as the server orders them. It
 * reads backwards through the [walletId+date+createdAt+id] index from just below the last row read,
 * so rows written or deleted meanwhile never shift a page.
 */
export async function queryHistoryPage(
  db: LocalDb,
  walletId: string,
  read: readonly ExpenseRecord[],
  limit: number,
): Promise<ExpenseRecord[]> {
  const last = read.at(-1);
  return db.expenses
    .where('[walletId+date+createdAt+id]')
    .between(
      // [walletId] sorts before and [walletId, maxKey] after every [walletId, date, createdAt, id].
      [walletId],
      last ? [walletId, last.date, last.createdAt, last.id] : [walletId, Dexie.maxKey],
      true,
      false,
    )
    .reverse()
    .limit(limit)
    .toArray();
}

/**
 * For a live query (Dexie's `liveQuery` or `useLiveQuery`): resolves to a new object after every
 * write to the local expenses, so a history is read again. Reading the history itself inside a
 * live query made Dexie remember the primary key of every row read, to tell which writes concern
 * it: for 10,000 expenses that bookkeeping cost ~240 ms of a phone's main thread on every read.
 * Counting the table observes its whole primary-key range instead, which every write touches
 * (an edit of a note touches only the primary key, so no narrower range would do). Writes to
 * another wallet wake it too; a pull's bulk writes woke the old query as well.
 */
export async function expensesRevision(db: LocalDb): Promise<{ readonly total: number }> {
  return { total: await db.expenses.count() };
}

/** The wallet's categories for the picker: most used first, then the suggested defaults. */
export async function queryCategories(db: LocalDb, walletId: string): Promise<CategoryRecord[]> {
  const rows = await db.categories.where('walletId').equals(walletId).toArray();
  return rows.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

export function categoryRecordKey(walletId: string, name: string): string {
  return `${walletId}|${categoryKey(name)}`;
}
