export interface ExpensesTable {
  id: string;
  wallet_id: string;
  created_by: string | null;
  amount_minor: number;
  category: string;
  category_key: string;
  date: string;
  note: string | null;
  /** Lower-cased category + note, so search is case-insensitive the same way on every database. */
  search_text: string;
  created_at: string;
  updated_at: string;
  version: number;
  deleted_at: string | null;
  /** Set for rows that came from a CSV import (see the import module). */
  import_fingerprint: string | null;
  /** 'expense' or 'income' (0007); rows from before are expenses. */
  kind: 'expense' | 'income';
  /** The amount as entered when it was in another currency; amount_minor is then the converted one. */
  original_amount_minor: number | null;
  original_currency: string | null;
  /** Exact decimal string: wallet-currency units per one original_currency unit. */
  rate: string | null;
  /** The recurring rule that created this expense (0006); kept when the rule is deleted. */
  recurring_rule_id: string | null;
}

/** The canonical spelling of each category in a wallet and how many live expenses use it. */
export interface CategoriesTable {
  wallet_id: string;
  key: string;
  name: string;
  usage_count: number;
}
