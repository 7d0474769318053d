import { BUDGET_OVERALL } from '@ttm/contract';
import { useServices } from '../../session/services-context.js';
import { navigateTo } from '../../platform/use-route.js';
import type { WalletRecord } from '../../local-db/records.js';
import { monthOf, todayLocal } from '../../locale/local-date.js';
import { formatShare } from '../../locale/share-format.js';
import { useServerChangeKey, useServerData } from '../../session/use-server-data.js';
import { sortBudgets } from './budget-math.js';
import { fetchBudgets } from './budget-queries.js';
import './budgets.css';

interface BudgetBannerProps {
  readonly wallet: WalletRecord;
}

/** Above the history: the limits this month has reached 80 % or 100 % of, with a way to the budgets. */
export function BudgetBanner({ wallet }: BudgetBannerProps) {
  const { api } = useServices();
  const month = monthOf(todayLocal());
  const changed = useServerChangeKey();
  const budgets = useServerData(`${wallet.id}|${month}|${changed}`, (signal) =>
    fetchBudgets(api, wallet.id, month, signal),
  );
  const alerts = sortBudgets(budgets.data ?? []).filter((budget) => budget.status !== 'ok');
  if (alerts.length === 0) return null;
  const over = alerts.some((budget) => budget.status === 'over');
  return (
    <div className={`budget-banner ${over ? 'status-over' : 'status-warning'}`} role="status">
      <p>
        <strong>{over ? 'Over budget this month: ' : 'Close to budget this month: '}</strong>
        {alerts
          .map(
            (budget) =>
              `${budget.category === BUDGET_OVERALL ? 'overall' : budget.category} ${formatShare(budget.ratio)}`,
          )
          .join(', ')}
      </p>
      <button
        type="button"
        className="button small"
        onClick={() => {
          navigateTo('budgets');
        }}
      >
        See budgets
      </button>
    </div>
  );
}
