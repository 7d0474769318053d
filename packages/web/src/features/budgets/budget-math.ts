import { BUDGET_OVERALL, categoryKey, type Budget } from '@ttm/contract';
import { formatMoney } from '../../locale/money-format.js';
import { wireToMinor } from '../../locale/wire-amount.js';
import { formatShare } from '../../locale/share-format.js';

export type BudgetStatus = Budget['status'];

const SEVERITY: Readonly<Record<BudgetStatus, number>> = { ok: 0, warning: 1, over: 2 };

export function budgetName(category: string): string {
  return category === BUDGET_OVERALL ? 'Monthly budget' : category;
}

/** The overall limit first, then the categories closest to (or past) their limit. */
export function sortBudgets(budgets: readonly Budget[]): Budget[] {
  return [...budgets].sort((a, b) => {
    if (a.category === BUDGET_OVERALL) return -1;
    if (b.category === BUDGET_OVERALL) return 1;
    return b.ratio - a.ratio || a.category.localeCompare(b.category);
  });
}

/** The budget of a category (matched like the server matches categories), if it has one. */
export function budgetFor(budgets: readonly Budget[], category: string): Budget | undefined {
  const key = category === BUDGET_OVERALL ? BUDGET_OVERALL : categoryKey(category);
  return budgets.find(
    (budget) => (budget.category === BUDGET_OVERALL ? BUDGET_OVERALL : categoryKey(budget.category)) === key,
  );
}

/**
 * Budgets a write pushed into a worse state (ok -> warning at 80 %, anything -> over 100 %),
 * among the category written to and the overall limit. Worst first.
 */
export function budgetCrossings(before: readonly Budget[], after: readonly Budget[], category: string): Budget[] {
  const crossed: Budget[] = [];
  for (const name of [category, BUDGET_OVERALL]) {
    const now = budgetFor(after, name);
    if (!now || now.status === 'ok') continue;
    const was = budgetFor(before, name);
    if (SEVERITY[now.status] > SEVERITY[was?.status ?? 'ok']) crossed.push(now);
  }
  return crossed.sort((a, b) => SEVERITY[b.status] - SEVERITY[a.status]);
}

/** "€170.00 of €200.00", the figures every budget line shows. */
export function spentOfLimit(budget: Budget, currency: string): string {
  return `${formatMoney(wireToMinor(budget.spent, currency), currency)} of ${formatMoney(wireToMinor(budget.monthlyLimit, currency), currency)}`;
}

/** "€30.00 left", "€12.50 over": what remains, in words that do not rely on colour. */
export function remainingText(budget: Budget, currency: string): string {
  const remaining = wireToMinor(budget.remaining, currency);
  return remaining < 0 ? `${formatMoney(-remaining, currency)} over` : `${formatMoney(remaining, currency)} left`;
}

/** The notice after a write crossed a threshold. */
export function crossingMessage(budget: Budget, currency: string): string {
  const name = budget.category === BUDGET_OVERALL ? 'Your monthly budget' : `${budget.category} budget`;
  if (budget.status === 'over') return `${name} is over its limit: ${spentOfLimit(budget, currency)}.`;
  return `${name} is at ${formatShare(budget.ratio)}: ${spentOfLimit(budget, currency)}.`;
}

export function statusText(status: BudgetStatus): string {
  return status === 'over' ? 'Over the limit' : status === 'warning' ? 'Near the limit' : 'On track';
}
