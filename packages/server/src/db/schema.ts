import type { InvitesTable } from './tables/invites.table.js';
import type { RecurringOccurrencesTable, RecurringRulesTable } from './tables/recurring.table.js';
import type { ReceiptsTable } from './tables/receipts.table.js';
import type { BudgetsTable, ExpenseTotalsTable } from './tables/totals.table.js';
import type { CategoriesTable, ExpensesTable } from './tables/expenses.table.js';
import type { RefreshTokensTable, SessionsTable } from './tables/sessions.table.js';
import type {
  ExpenseFieldVersionsTable,
  SyncConflictsTable,
  SyncHorizonsTable,
  SyncMutationsTable,
  SyncStateTable,
} from './tables/sync.table.js';
import type { UsersTable } from './tables/users.table.js';
import type { WalletMembersTable, WalletsTable } from './tables/wallets.table.js';

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  wallets: WalletsTable;
  wallet_members: WalletMembersTable;
  expenses: ExpensesTable;
  categories: CategoriesTable;
  invites: InvitesTable;
  expense_totals: ExpenseTotalsTable;
  budgets: BudgetsTable;
  expense_field_versions: ExpenseFieldVersionsTable;
  sync_mutations: SyncMutationsTable;
  sync_conflicts: SyncConflictsTable;
  sync_horizons: SyncHorizonsTable;
  sync_state: SyncStateTable;
  recurring_rules: RecurringRulesTable;
  recurring_occurrences: RecurringOccurrencesTable;
  receipts: ReceiptsTable;
}
