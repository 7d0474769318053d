import { monthOf } from '../../locale/local-date.js';
import type { ExpenseRecord } from '../../local-db/records.js';

export interface MonthGroup {
  /** YYYY-MM */
  readonly month: string;
  /** Sum of the month's spending in integer minor units (income is not spending). */
  readonly totalMinor: number;
  /** Sum of the month's income entries. */
  readonly incomeMinor: number;
  readonly count: number;
}

export type HistoryRow =
  | { readonly kind: 'month'; readonly key: string; readonly group: MonthGroup }
  | { readonly kind: 'expense'; readonly key: string; readonly expense: ExpenseRecord; readonly month: string };

/**
 * Turns expenses sorted newest first into the rows of the history list: a header with the
 * month's total before each month's expenses. Totals are integer sums of minor units.
 */
export function groupByMonth(expenses: readonly ExpenseRecord[]): HistoryRow[] {
  const rows: HistoryRow[] = [];
  const groups: { index: number; month: string; totalMinor: number; incomeMinor: number; count: number }[] = [];
  for (const expense of expenses) {
    const month = monthOf(expense.date);
    let group = groups.at(-1);
    if (group?.month !== month) {
      group = { index: rows.length, month, totalMinor: 0, incomeMinor: 0, count: 0 };
      groups.push(group);
      rows.push({ kind: 'month', key: `month-${month}`, group: { month, totalMinor: 0, incomeMinor: 0, count: 0 } });
    }
    if (expense.kind === 'income') group.incomeMinor += expense.amountMinor;
    else group.totalMinor += expense.amountMinor;
    group.count += 1;
    rows.push({ kind: 'expense', key: expense.id, expense, month });
  }
  for (const { index, month, totalMinor, incomeMinor, count } of groups) {
    rows[index] = { kind: 'month', key: `month-${month}`, group: { month, totalMinor, incomeMinor, count } };
  }
  return rows;
}

/** How many entries are income, and their sum in minor units. */
export function incomeOf(expenses: readonly ExpenseRecord[]): { count: number; totalMinor: number } {
  let count = 0;
  let total = 0;
  for (const expense of expenses) {
    if (expense.kind !== 'income') continue;
    count += 1;
    total += expense.amountMinor;
  }
  return { count, totalMinor: total };
}

/** Sum of spending in minor units (income left out); exact for any realistic history (below 2^53 minor units). */
export function totalMinor(expenses: readonly ExpenseRecord[]): number {
  let total = 0;
  for (const expense of expenses) if (expense.kind !== 'income') total += expense.amountMinor;
  return total;
}
