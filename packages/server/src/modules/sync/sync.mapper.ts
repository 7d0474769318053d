import { type Conflict, type ConflictValues, minorToDecimal, type SyncField } from '@ttm/contract';
import type { ExpenseValues } from '../expenses/expense-writes.js';
import { toExpense } from '../expenses/expenses.mapper.js';
import type { ExpenseRow } from '../expenses/expenses.repository.js';
import type { ConflictRow } from './sync.repository.js';

/** Conflict sides are stored as JSON of ExpenseValues (amount in minor units); null means "deleted". */
export function serializeValues(values: Partial<ExpenseValues> | null): string | null {
  return values === null ? null : JSON.stringify(values);
}

export function parseValues(json: string | null): Partial<ExpenseValues> | null {
  return json === null ? null : (JSON.parse(json) as Partial<ExpenseValues>);
}

export function toConflictValues(values: Partial<ExpenseValues> | null, currency: string): ConflictValues | null {
  if (values === null) return null;
  return {
    ...(values.amountMinor !== undefined
      ? {
          amount: minorToDecimal(values.amountMinor, currency),
          kind: values.kind ?? 'expense',
          originalAmount:
            values.originalAmountMinor != null && values.originalCurrency != null
              ? minorToDecimal(values.originalAmountMinor, values.originalCurrency)
              : null,
          originalCurrency: values.originalCurrency ?? null,
          rate: values.rate ?? null,
        }
      : {}),
    ...(values.category !== undefined ? { category: values.category } : {}),
    ...(values.date !== undefined ? { date: values.date } : {}),
    ...(values.note !== undefined ? { note: values.note } : {}),
  };
}

export function toConflict(row: ConflictRow, expense: ExpenseRow | undefined, currency: string): Conflict {
  return {
    id: row.id,
    walletId: row.wallet_id,
    expenseId: row.expense_id,
    kind: row.kind,
    fields: JSON.parse(row.fields) as SyncField[],
    server: toConflictValues(parseValues(row.server_values), currency),
    client: toConflictValues(parseValues(row.client_values), currency),
    expense: expense && expense.deleted_at === null ? toExpense(expense, currency) : null,
    createdBy: row.created_by,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
    resolution: row.resolution,
  };
}
