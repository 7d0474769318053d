import type { ExpenseFormValues } from './expense-form-model.js';

const KEY = 'ttm.expense-draft';

export interface ExpenseDraft {
  readonly walletId: string;
  /** Set when editing an existing expense. */
  readonly expenseId: string | null;
  readonly values: ExpenseFormValues;
}

function isDraft(value: unknown): value is ExpenseDraft {
  if (typeof value !== 'object' || value === null) return false;
  const draft = value as Record<string, unknown>;
  const values = draft.values as Record<string, unknown> | null | undefined;
  return (
    typeof draft.walletId === 'string' &&
    (draft.expenseId === null || typeof draft.expenseId === 'string') &&
    typeof values === 'object' &&
    values !== null &&
    ['amount', 'category', 'date', 'note'].every((key) => typeof values[key] === 'string')
  );
}

/**
 * Unsaved form input, kept in sessionStorage on every keystroke so that a session that ends
 * mid-edit (sign-in again) or a reload does not lose it. Gone when the tab closes.
 */
export const expenseDraft = {
  read(): ExpenseDraft | null {
    const raw = window.sessionStorage.getItem(KEY);
    if (!raw) return null;
    try {
      const parsed: unknown = JSON.parse(raw);
      return isDraft(parsed) ? parsed : null;
    } catch {
      return null;
    }
  },
  write(walletId: string, expenseId: string | null, values: ExpenseFormValues): void {
    const draft: ExpenseDraft = { walletId, expenseId, values: { ...values } };
    window.sessionStorage.setItem(KEY, JSON.stringify(draft));
  },
  clear(): void {
    window.sessionStorage.removeItem(KEY);
  },
};
