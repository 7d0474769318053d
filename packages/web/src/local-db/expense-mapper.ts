import { categoryKey, decimalToMinor, type Expense } from '@ttm/contract';
import type { ExpenseRecord } from './records.js';

/** Server expense -> local row. The server always sends exactly the currency's digits. */
export function expenseToRecord(expense: Expense, confirmedAt: number, pending = false): ExpenseRecord {
  const parsed = decimalToMinor(expense.amount, expense.currency);
  if (!parsed.ok) throw new Error(`Server sent an amount that is not valid for ${expense.currency}: ${expense.amount}`);
  const original =
    expense.originalAmount !== null && expense.originalCurrency !== null
      ? decimalToMinor(expense.originalAmount, expense.originalCurrency)
      : null;
  return {
    id: expense.id,
    walletId: expense.walletId,
    amountMinor: parsed.minor,
    currency: expense.currency,
    category: expense.category,
    categoryKey: categoryKey(expense.category),
    date: expense.date,
    note: expense.note,
    createdBy: expense.createdBy,
    createdAt: expense.createdAt,
    updatedAt: expense.updatedAt,
    version: expense.version,
    kind: expense.kind,
    originalAmountMinor: original?.ok ? original.minor : null,
    originalCurrency: original?.ok ? expense.originalCurrency : null,
    rate: original?.ok ? expense.rate : null,
    recurringRuleId: expense.recurringRuleId,
    pending,
    confirmedAt,
  };
}
