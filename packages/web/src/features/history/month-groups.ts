import { monthOf } from '../../locale/local-date.js';
import type { ExpenseRecord, MonthTotalRecord } from '../../local-db/records.js';

export interface MonthGroup {
  /** YYYY-MM */
  readonly month: string;
  /** Sum of the month's spending in integer minor units (income is not spending). */
  readonly totalMinor: number;
  /** Sum of the month's income entries. */
  readonly incomeMinor: number;
  /** How many entries (spending and income) the month has. */
  readonly count: number;
  readonly incomeCount: number;
}

/**
 * A history as the list shows it: every month with its totals, newest first, and the entries
 * read so far, newest first: all of them, or (while a long history is still being read) the
 * first ones. The months say how many entries each holds, so the list has its full length (and
 * scrollbar) from the first paint and shows a placeholder where an entry is not read yet.
 */
export interface HistoryView {
  readonly months: readonly MonthGroup[];
  readonly expenses: readonly ExpenseRecord[];
}

/** The months of expenses sorted newest first, with their totals summed as integers. */
export function monthGroupsOf(expenses: readonly ExpenseRecord[]): MonthGroup[] {
  const groups: { month: string; totalMinor: number; incomeMinor: number; count: number; incomeCount: number }[] = [];
  for (const expense of expenses) {
    const month = monthOf(expense.date);
    let group = groups.at(-1);
    if (group?.month !== month) {
      group = { month, totalMinor: 0, incomeMinor: 0, count: 0, incomeCount: 0 };
      groups.push(group);
    }
    if (expense.kind === 'income') {
      group.incomeMinor += expense.amountMinor;
      group.incomeCount += 1;
    } else group.totalMinor += expense.amountMinor;
    group.count += 1;
  }
  return groups;
}

/** The months as the local store keeps their totals (see month-totals.ts), in the same order. */
export function monthGroupsFromTotals(totals: readonly MonthTotalRecord[]): MonthGroup[] {
  return totals.map((total) => ({
    month: total.month,
    totalMinor: total.spentMinor,
    incomeMinor: total.incomeMinor,
    count: total.spentCount + total.incomeCount,
    incomeCount: total.incomeCount,
  }));
}

/**
 * Whether the months' counts put each of the newest entries (`expenses`, a prefix of the history)
 * under its own month, and count as many entries as the wallet has: false when the totals are out
 * of step with the rows.
 */
export function monthsFit(months: readonly MonthGroup[], expenses: readonly ExpenseRecord[], stored: number): boolean {
  if (months.reduce((sum, month) => sum + month.count, 0) !== stored) return false;
  let position = 0;
  for (const month of months) {
    const end = position + month.count;
    for (; position < end && position < expenses.length; position += 1) {
      const expense = expenses[position];
      if (!expense || monthOf(expense.date) !== month.month) return false;
    }
    if (position >= expenses.length) return true;
  }
  return position >= expenses.length;
}

export interface HistorySummary {
  readonly spentCount: number;
  readonly spentMinor: number;
  readonly incomeCount: number;
  readonly incomeMinor: number;
}

/** The whole history's totals, exact integer sums of minor units (below 2^53 for any realistic history). */
export function summaryOf(months: readonly MonthGroup[]): HistorySummary {
  let spentCount = 0;
  let spentMinor = 0;
  let incomeCount = 0;
  let incomeMinor = 0;
  for (const month of months) {
    spentCount += month.count - month.incomeCount;
    spentMinor += month.totalMinor;
    incomeCount += month.incomeCount;
    incomeMinor += month.incomeMinor;
  }
  return { spentCount, spentMinor, incomeCount, incomeMinor };
}

export type HistoryRow =
  | { readonly kind: 'month'; readonly group: MonthGroup }
  /** `position`: the entry's place in the whole history, newest first (an index into `HistoryView.expenses`). */
  | { readonly kind: 'expense'; readonly position: number; readonly month: string };

/**
 * The list's rows without building one object per entry: a header before each month's entries.
 * `headers[i]` is the row index of month i's header; entry `position` of month i sits at row
 * `position + i + 1`.
 */
export interface HistoryLayout {
  readonly rowCount: number;
  readonly headers: readonly number[];
  rowAt(index: number): HistoryRow | undefined;
  /**
   * Whether row `index` is a month's header: what the list's row heights depend on. The
   * virtualizer asks it of every row (11,000 of them in a long history) when it lays the list
   * out, so it neither searches nor builds a row.
   */
  isHeader(index: number): boolean;
}

export function historyLayout(months: readonly MonthGroup[]): HistoryLayout {
  const headers: number[] = [];
  let rowCount = 0;
  for (const month of months) {
    headers.push(rowCount);
    rowCount += month.count + 1;
  }
  const headerRows = new Set(headers);
  return {
    rowCount,
    headers,
    isHeader: (index) => headerRows.has(index),
    rowAt(index) {
      if (index < 0 || index >= rowCount) return undefined;
      // The last month whose header is at or before the row.
      let low = 0;
      let high = headers.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if ((headers[middle] ?? 0) <= index) low = middle;
        else high = middle - 1;
      }
      const group = months[low];
      if (!group) return undefined;
      if (headers[low] === index) return { kind: 'month', group };
      return { kind: 'expense', position: index - low - 1, month: group.month };
    },
  };
}
