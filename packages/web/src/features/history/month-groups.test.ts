import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExpenseRecord } from '../../local-db/records.js';
import { compareNewestFirst } from '../../local-db/expense-queries.js';
import { expenseRecord } from '../../test-support/expense-record.js';
import { historyLayout, monthGroupsFromTotals, monthGroupsOf, monthsFit, summaryOf } from './month-groups.js';

function expense(id: string, date: string, amountMinor: number): ExpenseRecord {
  return expenseRecord(id, date, { amountMinor });
}

/** The list's rows as text: `month:total/count` for a header, the entry's id otherwise. */
function describeRows(expenses: readonly ExpenseRecord[]): string[] {
  const months = monthGroupsOf(expenses);
  const layout = historyLayout(months);
  return Array.from({ length: layout.rowCount }, (_, index) => {
    const row = layout.rowAt(index);
    if (!row) return 'missing';
    if (row.kind === 'month') return `${row.group.month}:${String(row.group.totalMinor)}/${String(row.group.count)}`;
    return expenses[row.position]?.id ?? 'unread';
  });
}

describe('the history’s months and rows', () => {
  it('put a header with the month total before each month, newest month first', () => {
    expect(
      describeRows([
        expense('a', '2026-11-20', 1250),
        expense('b', '2026-11-02', 10),
        expense('c', '2026-10-31', 99_999),
        expense('d', '2025-11-30', 1),
      ]),
    ).toEqual(['2026-11:1260/2', 'a', 'b', '2026-10:99999/1', 'c', '2025-11:1/1', 'd']);
  });

  it('keep income out of the spending totals and sum it apart', () => {
    const months = monthGroupsOf([
      { ...expense('a', '2026-11-20', 250_000), kind: 'income' },
      expense('b', '2026-11-02', 1250),
      { ...expense('c', '2026-11-01', 300), kind: 'income' },
    ]);
    expect(months).toEqual([{ month: '2026-11', totalMinor: 1250, incomeMinor: 250_300, count: 3, incomeCount: 2 }]);
    expect(summaryOf(months)).toEqual({ spentCount: 1, spentMinor: 1250, incomeCount: 2, incomeMinor: 250_300 });
  });

  it('lay out every month’s entries before they are read, and only those rows', () => {
    const layout = historyLayout(
      monthGroupsFromTotals([
        { walletId: 'w', month: '2026-11', spentMinor: 5, spentCount: 2, incomeMinor: 0, incomeCount: 0 },
        { walletId: 'w', month: '2026-09', spentMinor: 1, spentCount: 0, incomeMinor: 7, incomeCount: 1 },
      ]),
    );
    expect(layout.rowCount).toBe(5);
    expect(layout.headers).toEqual([0, 3]);
    expect([-1, 0, 1, 2, 3, 4, 5].map((index) => layout.rowAt(index))).toEqual([
      undefined,
      { kind: 'month', group: { month: '2026-11', totalMinor: 5, incomeMinor: 0, count: 2, incomeCount: 0 } },
      { kind: 'expense', position: 0, month: '2026-11' },
      { kind: 'expense', position: 1, month: '2026-11' },
      { kind: 'month', group: { month: '2026-09', totalMinor: 1, incomeMinor: 7, count: 1, incomeCount: 1 } },
      { kind: 'expense', position: 2, month: '2026-09' },
      undefined,
    ]);
    expect([-1, 0, 1, 2, 3, 4, 5].map((index) => layout.isHeader(index))).toEqual([
      false,
      true,
      false,
      false,
      true,
      false,
      false,
    ]);
    expect(historyLayout([]).rowCount).toBe(0);
  });

  it('tell totals that fit the rows from totals out of step with them', () => {
    const rows = [expense('a', '2026-11-20', 1), expense('b', '2026-11-02', 1), expense('c', '2026-10-31', 1)];
    const months = monthGroupsOf(rows);
    for (let read = 0; read <= rows.length; read += 1) expect(monthsFit(months, rows.slice(0, read), 3)).toBe(true);
    // A row more or less than the totals count.
    expect(monthsFit(months, rows, 4)).toBe(false);
    // An entry moved to another month behind the totals' back: the first read entries show it.
    const moved = [rows[0], { ...expense('b', '2026-10-02', 1) }, rows[2]].filter((row) => row !== undefined);
    expect(monthsFit(months, moved, 3)).toBe(false);
    expect(monthsFit(months, moved.slice(0, 1), 3)).toBe(true);
  });

  it('month totals add up to the whole history, and every entry sits under its own month once (property)', () => {
    const arbitraryExpense = fc.record({
      date: fc
        .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      amountMinor: fc.integer({ min: 1, max: 99_999_999_999 }),
      income: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(arbitraryExpense, { maxLength: 300 }), (items) => {
        const sorted = items
          .map((item, index) => ({
            ...expense(String(index).padStart(4, '0'), item.date, item.amountMinor),
            ...(item.income ? { kind: 'income' as const } : {}),
          }))
          .sort(compareNewestFirst);
        const months = monthGroupsOf(sorted);
        const spent = sorted.filter((row) => row.kind !== 'income');
        expect(summaryOf(months)).toEqual({
          spentCount: spent.length,
          spentMinor: spent.reduce((sum, row) => sum + row.amountMinor, 0),
          incomeCount: sorted.length - spent.length,
          incomeMinor: sorted.reduce((sum, row) => sum + (row.kind === 'income' ? row.amountMinor : 0), 0),
        });
        expect(new Set(months.map((group) => group.month)).size).toBe(months.length);
        const layout = historyLayout(months);
        expect(layout.rowCount).toBe(sorted.length + months.length);
        const positions: number[] = [];
        for (let index = 0; index < layout.rowCount; index += 1) {
          const row = layout.rowAt(index);
          expect(layout.isHeader(index)).toBe(row?.kind === 'month');
          if (row?.kind !== 'expense') continue;
          positions.push(row.position);
          expect(sorted[row.position]?.date.startsWith(row.month)).toBe(true);
        }
        expect(positions).toEqual(sorted.map((_, position) => position));
      }),
      { numRuns: 200 },
    );
  });
});
