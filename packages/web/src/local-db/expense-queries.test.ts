import { liveQuery } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import {
  HISTORY_PAGE_SIZE,
  compareNewestFirst,
  expensesRevision,
  queryCategories,
  queryHistory,
  queryHistoryPage,
  queryHistoryStart,
} from './expense-queries.js';
import { LocalDb } from './local-db.js';
import type { ExpenseRecord } from './records.js';

let db: LocalDb;

function row(
  id: string,
  date: string,
  category: string,
  note: string | null,
  walletId = 'w1',
  createdAt = `${date}T08:00:00.000Z`,
): ExpenseRecord {
  return {
    id,
    walletId,
    amountMinor: 100,
    currency: 'EUR',
    category,
    categoryKey: category.trim().toLowerCase(),
    date,
    note,
    createdBy: null,
    createdAt,
    updatedAt: createdAt,
    version: 1,
    pending: false,
    confirmedAt: 0,
  };
}

beforeEach(async () => {
  db = new LocalDb(`queries-${crypto.randomUUID()}`);
  await db.expenses.bulkPut([
    row('a', '2026-11-20', 'Groceries', 'Market'),
    row('b', '2026-11-20', 'Transport', null, 'w1', '2026-11-20T09:00:00.000Z'),
    row('c', '2026-10-31', 'groceries', 'Bakery'),
    row('d', '2026-09-01', 'Rent', 'September'),
    row('x', '2026-11-21', 'Groceries', 'Other wallet', 'w2'),
  ]);
  await db.categories.bulkPut([
    { walletKey: 'w1|rent', walletId: 'w1', name: 'Rent', count: 1 },
    { walletKey: 'w1|groceries', walletId: 'w1', name: 'Groceries', count: 2 },
    { walletKey: 'w1|health', walletId: 'w1', name: 'Health', count: 0 },
    { walletKey: 'w2|groceries', walletId: 'w2', name: 'Groceries', count: 9 },
  ]);
});

afterEach(async () => {
  db.close();
  await db.delete();
});

const ids = (rows: ExpenseRecord[]) => rows.map((item) => item.id);

describe('queryHistory', () => {
  it('returns one wallet’s expenses newest first, the later-created first within a day', async () => {
    expect(ids(await queryHistory(db, 'w1', {}))).toEqual(['b', 'a', 'c', 'd']);
  });

  it('filters by an inclusive date range', async () => {
    expect(ids(await queryHistory(db, 'w1', { from: '2026-10-31', to: '2026-11-20' }))).toEqual(['b', 'a', 'c']);
    expect(ids(await queryHistory(db, 'w1', { from: '2026-11-01' }))).toEqual(['b', 'a']);
    expect(ids(await queryHistory(db, 'w1', { to: '2026-09-30' }))).toEqual(['d']);
    expect(await queryHistory(db, 'w1', { from: '2026-12-01', to: '2026-11-01' })).toEqual([]);
  });

  it('filters by category whatever its case or spacing', async () => {
    expect(ids(await queryHistory(db, 'w1', { category: ' GROCERIES' }))).toEqual(['a', 'c']);
  });

  it('searches note and category case-insensitively, like the server’s q', async () => {
    expect(ids(await queryHistory(db, 'w1', { q: 'bak' }))).toEqual(['c']);
    expect(ids(await queryHistory(db, 'w1', { q: 'TRANS' }))).toEqual(['b']);
    expect(ids(await queryHistory(db, 'w1', { q: 'Other wallet' }))).toEqual([]);
  });

  it('reads a history longer than a page, with a day longer than a page, once and in order', async () => {
    // 2.5 pages on one busy day between quieter ones, so page boundaries fall inside that day.
    const busyDay = Array.from({ length: Math.floor(HISTORY_PAGE_SIZE * 2.5) }, (_, n) =>
      row(`busy-${String(n).padStart(4, '0')}`, '2026-08-15', n % 2 ? 'Coffee' : 'Lunch', `busy ${String(n)}`),
    );
    const quietDays = Array.from({ length: HISTORY_PAGE_SIZE + 7 }, (_, n) =>
      row(`quiet-${String(n).padStart(4, '0')}`, `2025-${String((n % 12) + 1).padStart(2, '0')}-10`, 'Rent', null),
    );
    await db.expenses.bulkPut([...busyDay, ...quietDays]);
    const all = await queryHistory(db, 'w1', {});
    expect(all).toHaveLength(4 + busyDay.length + quietDays.length);
    expect(new Set(ids(all)).size).toBe(all.length);
    expect(ids(all).slice(0, 4)).toEqual(['b', 'a', 'c', 'd']);
    expect(all.map((expense) => expense.date)).toEqual(
      all
        .map((expense) => expense.date)
        .sort()
        .reverse(),
    );
    // Opening as deep as a page and a half (a re-read after scrolling) reads the same rows in order.
    const deep = Math.floor(HISTORY_PAGE_SIZE * 1.5) + 3;
    expect(ids((await queryHistoryStart(db, 'w1', deep)).rows)).toEqual(ids(all).slice(0, deep));
    expect(await queryHistory(db, 'w1', { category: 'coffee' })).toHaveLength(busyDay.length / 2);
    expect(await queryHistory(db, 'w1', { from: '2026-08-15', to: '2026-08-15' })).toHaveLength(busyDay.length);
    expect(await queryHistory(db, 'w1', { to: '2025-12-31' })).toHaveLength(quietDays.length);
  });
});

describe('queryHistoryStart and queryHistoryPage', () => {
  it('open with the month totals and the newest entries, and page on in the server’s order', async () => {
    const start = await queryHistoryStart(db, 'w1', 2);
    expect(start.months.map((month) => [month.month, month.spentCount, month.spentMinor])).toEqual([
      ['2026-11', 2, 200],
      ['2026-10', 1, 100],
      ['2026-09', 1, 100],
    ]);
    expect(ids(start.rows)).toEqual(['b', 'a']);
    expect(ids(await queryHistoryPage(db, 'w1', start.rows, 5))).toEqual(['c', 'd']);
    expect(ids(await queryHistoryPage(db, 'w2', [], 5))).toEqual(['x']);
  });

  it('starts a page below the last row read, even when that row was deleted meanwhile', async () => {
    const tied = ['a', 'b', 'c', 'd'].map((id) =>
      row(id, '2026-12-01', 'Food', null, 'w4', '2026-12-01T10:00:00.000Z'),
    );
    await db.expenses.bulkPut(tied);
    const first = await queryHistoryPage(db, 'w4', [], 2);
    expect(ids(first)).toEqual(['d', 'c']);
    await db.expenses.delete('d');
    expect(ids(await queryHistoryPage(db, 'w4', first, 5))).toEqual(['b', 'a']);
  });

  it('pages through any history once, in compareNewestFirst order, ties included (property)', async () => {
    const arbitraryRow = fc.record({
      id: fc.string({ minLength: 1, maxLength: 3 }),
      date: fc.constantFrom('2026-11-20', '2026-11-21', '2026-10-01'),
      createdAt: fc.constantFrom('2026-11-20T08:00:00.000Z', '2026-11-20T08:00:00.001Z'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(arbitraryRow, { selector: (item) => item.id, maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        async (items, pageSize) => {
          await db.expenses.clear();
          const rows = items.map((item) => row(item.id, item.date, 'Food', null, 'w3', item.createdAt));
          await db.expenses.bulkPut(rows);
          const read: ExpenseRecord[] = [];
          for (;;) {
            const page = await queryHistoryPage(db, 'w3', read, pageSize);
            read.push(...page);
            if (page.length < pageSize) break;
          }
          expect(ids(read)).toEqual(ids([...rows].sort(compareNewestFirst)));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('queryCategories', () => {
  it('lists the wallet’s categories, most used first', async () => {
    expect((await queryCategories(db, 'w1')).map((category) => category.name)).toEqual(['Groceries', 'Rent', 'Health']);
  });
});

describe('expensesRevision', () => {
  /** Subscribes as the history screen does; each write below must wake it once more. */
  async function watch() {
    const seen: { total: number }[] = [];
    const subscription = liveQuery(() => expensesRevision(db)).subscribe({
      next: (value) => seen.push(value),
    });
    await vi.waitFor(() => {
      expect(seen).toHaveLength(1);
    });
    return {
      seen,
      async after(write: () => Promise<unknown>) {
        const before = seen.length;
        await write();
        await vi.waitFor(() => {
          expect(seen.length).toBeGreaterThan(before);
        });
        return seen.at(-1)?.total;
      },
      stop: () => {
        subscription.unsubscribe();
      },
    };
  }

  it('wakes for an added, an edited (only its note), a replaced and a deleted expense', async () => {
    const watcher = await watch();
    expect(watcher.seen[0]).toEqual({ total: 5 });
    expect(await watcher.after(() => db.expenses.put(row('e', '2026-11-22', 'Books', 'Novel')))).toBe(6);
    expect(await watcher.after(() => db.expenses.update('a', { note: 'Farmers market' }))).toBe(6);
    expect(await watcher.after(() => db.expenses.put(row('c', '2026-10-31', 'groceries', 'Baker')))).toBe(6);
    expect(await watcher.after(() => db.expenses.delete('d'))).toBe(5);
    expect(await watcher.after(() => db.expenses.bulkDelete(['b', 'c']))).toBe(3);
    watcher.stop();
  });

  it('wakes for a pull’s bulk write, a bulk edit and clearing the store', async () => {
    const watcher = await watch();
    const pulled = Array.from({ length: 120 }, (_, n) => row(`p${String(n)}`, '2026-08-01', 'Pulled', null));
    expect(await watcher.after(() => db.expenses.bulkPut(pulled))).toBe(125);
    expect(await watcher.after(() => db.expenses.where('walletId').equals('w1').modify({ pending: true }))).toBe(125);
    expect(await watcher.after(() => db.expenses.where('walletId').equals('w1').delete())).toBe(1);
    expect(await watcher.after(() => db.expenses.clear())).toBe(0);
    watcher.stop();
  });
});
