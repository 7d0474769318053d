export { BudgetBar, BudgetLine } from './budget-bar.js';
export { budgetFor } from './budget-math.js';
export { fetchBudgets } from './budget-queries.js';
export { useBudgetWatch } from './budget-watch.js';
