import { authEndpoints } from './endpoints/auth.js';
import { meEndpoints } from './endpoints/me.js';
import { walletEndpoints } from './endpoints/wallet.js';
import { syncEndpoints } from './endpoints/sync.js';
import { conflictEndpoints } from './endpoints/conflict.js';
import { memberEndpoints } from './endpoints/member.js';
import { inviteEndpoints } from './endpoints/invite.js';
import { expenseEndpoints } from './endpoints/expense.js';
import { summaryEndpoints } from './endpoints/summary.js';
import { budgetEndpoints } from './endpoints/budget.js';
import { csvEndpoints } from './endpoints/csv.js';
import { categoryEndpoints } from './endpoints/category.js';
import { receiptEndpoints } from './endpoints/receipt.js';
import { recurringEndpoints } from './endpoints/recurring.js';
import { healthEndpoints } from './endpoints/health.js';

// Each group is a module of its own, so a client that imports one group (the web client's
// network layer, say) does not build the schemas of the others.
export {
  authEndpoints,
  meEndpoints,
  walletEndpoints,
  syncEndpoints,
  conflictEndpoints,
  memberEndpoints,
  inviteEndpoints,
  expenseEndpoints,
  summaryEndpoints,
  budgetEndpoints,
  csvEndpoints,
  categoryEndpoints,
  receiptEndpoints,
  recurringEndpoints,
  healthEndpoints,
};

export const endpoints = {
  auth: authEndpoints,
  me: meEndpoints,
  wallets: walletEndpoints,
  sync: syncEndpoints,
  conflicts: conflictEndpoints,
  members: memberEndpoints,
  invites: inviteEndpoints,
  expenses: expenseEndpoints,
  categories: categoryEndpoints,
  summaries: summaryEndpoints,
  budgets: budgetEndpoints,
  csv: csvEndpoints,
  receipts: receiptEndpoints,
  recurring: recurringEndpoints,
  health: healthEndpoints,
} as const;
