import { type Expense, minorToDecimal } from '@ttm/contract';
import type { EXPENSE_COLUMNS, ExpenseRow } from './expenses.repository.js';

export function toExpense(row: Pick<ExpenseRow, (typeof EXPENSE_COLUMNS)[number]>, currency: string): Expense {
  return {
    id: row.id,
    walletId: row.wallet_id,
    amount: minorToDecimal(row.amount_minor, currency),
    currency,
    category: row.category,
    date: row.date,
    note: row.note,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    kind: row.kind,
    originalAmount:
      row.original_amount_minor === null || row.original_currency === null
        ? null
        : minorToDecimal(row.original_amount_minor, row.original_currency),
    originalCurrency: row.original_currency,
    rate: row.rate,
    recurringRuleId: row.recurring_rule_id,
  };
}

export function etagOf(version: number): string {
  return `"${String(version)}"`;
}
