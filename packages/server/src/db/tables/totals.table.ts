/**
 * Maintained aggregate: spending and income per wallet, month, category and author, updated in the same
 * transaction as every expense write. Summaries and budgets read these few rows instead of
 * scanning a wallet's whole history.
 */
export interface ExpenseTotalsTable {
  wallet_id: string;
  /** YYYY-MM */
  month: string;
  category_key: string;
  /** Author's user id, or '' once the author's account is deleted. */
  author_key: string;
  /** Spending (expenses only). */
  total_minor: number;
  count: number;
  /** Income entries, kept apart so budgets and spending never count them (0007). */
  income_minor: number;
  income_count: number;
}

export interface BudgetsTable {
  wallet_id: string;
  /** Category key, or '*' for the overall monthly limit. */
  category_key: string;
  monthly_limit_minor: number;
  created_at: string;
  updated_at: string;
}
