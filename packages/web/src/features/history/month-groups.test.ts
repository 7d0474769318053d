import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExpenseRecord } from '../../local-db/records.js';
import { compareNewestFirst } from '../../local-db/expense-queries.js';
import { groupByMonth, totalMinor } from './month-groups.js';

function expense(id: string, date: string, amountMinor: number): ExpenseRecord {
  return {
    id,
    walletId: 'w',
    amountMinor,
    currency: 'EUR',
    category: 'Food',
    categoryKey: 'food',
    date,
    note: null,
    createdBy: null,
    createdAt: `${date}T12:00:00.000Z`,
    updatedAt: `${date}T12:00:00.000Z`,
    version: 1,
    pending: false,
    confirmedAt: 0,
  };
}

describe('groupByMonth', () => {
  it('puts a header with the month total before each month, newest month first', () => {
    const rows = groupByMonth([
      expense('a', '2026-11-20', 1250),
      expense('b', '2026-11-02', 10),
      expense('c', '2026-10-31', 99_999),
      expense('d', '2025-11-30', 1),
    ]);
    expect(
      rows.map((row) =>
        row.kind === 'month'
          ? `${row.group.month}:${String(row.group.totalMinor)}/${String(row.group.count)}`
          : row.key,
      ),
    ).toEqual(['2026-11:1260/2', 'a', 'b', '2026-10:99999/1', 'c', '2025-11:1/1', 'd']);
  });

  it('keeps income out of the month spending total and sums it apart', () => {
    const rows = groupByMonth([
      { ...expense('a', '2026-11-20', 250_000), kind: 'income' },
      expense('b', '2026-11-02', 1250),
      { ...expense('c', '2026-11-01', 300), kind: 'income' },
    ]);
    expect(rows[0]).toMatchObject({ kind: 'month', group: { totalMinor: 1250, incomeMinor: 250_300, count: 3 } });
    expect(totalMinor(rows.flatMap((row) => (row.kind === 'expense' ? [row.expense] : [])))).toBe(1250);
  });

  it('returns no rows for no expenses', () => {
    expect(groupByMonth([])).toEqual([]);
  });

  it('month totals add up to the total of all expenses, exactly (property)', () => {
    const arbitraryExpense = fc.record({
      date: fc
        .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      amountMinor: fc.integer({ min: 1, max: 99_999_999_999 }),
    });
    fc.assert(
      fc.property(fc.array(arbitraryExpense, { maxLength: 300 }), (items) => {
        const sorted = items
          .map((item, index) => expense(String(index).padStart(4, '0'), item.date, item.amountMinor))
          .sort(compareNewestFirst);
        const rows = groupByMonth(sorted);
        const headers = rows.flatMap((row) => (row.kind === 'month' ? [row.group] : []));
        expect(headers.reduce((sum, group) => sum + group.totalMinor, 0)).toBe(totalMinor(sorted));
        expect(headers.reduce((sum, group) => sum + group.count, 0)).toBe(sorted.length);
        expect(new Set(headers.map((group) => group.month)).size).toBe(headers.length);
        for (const row of rows) if (row.kind === 'expense') expect(row.expense.date.startsWith(row.month)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
