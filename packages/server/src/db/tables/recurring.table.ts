import type { RecurringFrequency } from '@ttm/contract';

/** A recurring expense rule of a wallet (see modules/recurring). */
export interface RecurringRulesTable {
  id: string;
  wallet_id: string;
  /** Who made the rule; its occurrences are written in their name. null once the account is deleted. */
  created_by: string | null;
  amount_minor: number;
  category: string;
  note: string | null;
  start_date: string;
  frequency: RecurringFrequency;
  repeat_interval: number;
  /** Monthly rules: 1..31, or -1 for the last day of the month; null = the start date's day. */
  day_of_month: number | null;
  end_date: string | null;
  end_count: number | null;
  paused_at: string | null;
  /** The next occurrence not yet created; null once the rule has ended. */
  next_date: string | null;
  created_at: string;
  updated_at: string;
}

/** One created occurrence: the (rule_id, occurrence_date) key makes creating it happen once. */
export interface RecurringOccurrencesTable {
  rule_id: string;
  occurrence_date: string;
  expense_id: string;
  created_at: string;
}
