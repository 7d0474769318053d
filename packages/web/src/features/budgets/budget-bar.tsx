import type { Budget } from '@ttm/contract';
import type { CSSProperties, ReactNode } from 'react';
import { budgetName, remainingText, spentOfLimit, statusText, type BudgetStatus } from './budget-math.js';
import './budgets.css';

interface BudgetBarProps {
  readonly ratio: number;
  readonly status: BudgetStatus;
}

/** Green, amber or red fill; decorative, the figures beside it say the same in words. */
export function BudgetBar({ ratio, status }: BudgetBarProps) {
  return (
    <span className={`budget-bar status-${status}`} aria-hidden="true">
      <span className="budget-bar-fill" style={{ '--fill': String(Math.min(ratio, 1)) } as CSSProperties} />
    </span>
  );
}

interface BudgetLineProps {
  readonly budget: Budget;
  readonly currency: string;
  /** Shown instead of the category name (e.g. "Groceries · €120.00 this month"). */
  readonly title?: ReactNode;
  readonly action?: ReactNode;
}

/** One budget: name, "€170.00 of €200.00", the bar, and what is left or over. */
export function BudgetLine({ budget, currency, title, action }: BudgetLineProps) {
  return (
    <div className={`budget-line status-${budget.status}`} data-budget={budget.category}>
      <div className="budget-line-head">
        <span className="budget-line-name">{title ?? budgetName(budget.category)}</span>
        <span className="budget-line-figures">{spentOfLimit(budget, currency)}</span>
      </div>
      <BudgetBar ratio={budget.ratio} status={budget.status} />
      <div className="budget-line-foot">
        <span className="budget-status">{statusText(budget.status)}</span>
        <span className="budget-remaining">{remainingText(budget, currency)}</span>
        {action}
      </div>
    </div>
  );
}
