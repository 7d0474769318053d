import type { ExpenseRecord } from '../local-db/records.js';

/** A stored expense for tests: a synced 1.00 EUR "Food" entry on `date`, with the given changes. */
export function expenseRecord(
  id: string,
  date: string,
  changes: Partial<Omit<ExpenseRecord, 'id' | 'date'>> = {},
): ExpenseRecord {
  return {
    id,
    walletId: 'w',
    amountMinor: 100,
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
    ...changes,
  };
}
