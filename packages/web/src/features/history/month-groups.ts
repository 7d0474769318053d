import { monthOf } from '../../locale/local-date.js';
import type { ExpenseRecord } from '../../local-db/records.js';

export interface MonthGroup {
  /** YYYY-MM */
  readonly month: string;
  /** Sum of the month's amounts in integer minor units. */
  readonly totalMinor: number;
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
  const groups: { index: number; month: string; totalMinor: number; count: number }[] = [];
  for (const expense of expenses) {
    const month = monthOf(expense.date);
    let group = groups.at(-1);
    if (group?.month !== month) {
      group = { index: rows.length, month, totalMinor: 0, count: 0 };
      groups.push(group);
      rows.push({ kind: 'month', key: `month-${month}`, group: { month, totalMinor: 0, count: 0 } });
    }
    group.totalMinor += expense.amountMinor;
    group.count += 1;
    rows.push({ kind: 'expense', key: expense.id, expense, month });
  }
  for (const { index, month, totalMinor, count } of groups) {
    rows[index] = { kind: 'month', key: `month-${month}`, group: { month, totalMinor, count } };
  }
  return rows;
}

/** Sum of amounts in minor units; exact for any realistic history (below 2^53 minor units). */
export function totalMinor(expenses: readonly ExpenseRecord[]): number {
  let total = 0;
  for (const expense of expenses) total += expense.amountMinor;
  return total;
}
