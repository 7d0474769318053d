import { useLiveQuery } from 'dexie-react-hooks';
import { lazy, Suspense, useMemo } from 'react';
import { useServices } from '../../app/services-context.js';
import { queryCategories, queryHistory } from '../../local-db/expense-queries.js';
import type { ExpenseRecord, WalletRecord } from '../../local-db/records.js';
import { formatMoney } from '../../locale/money-format.js';
import { useHistoryFilters } from './history-filter-store.js';
import { HistoryFiltersBar } from './history-filters.js';
import { useAddedBy } from '../members/use-added-by.js';
import { HistoryList } from './history-list.js';
import { groupByMonth, totalMinor } from './month-groups.js';

const BudgetBanner = lazy(() =>
  import('../budgets/budget-banner.js').then((module) => ({ default: module.BudgetBanner })),
);

interface HistoryScreenProps {
  readonly wallet: WalletRecord;
  readonly onOpen: (expense: ExpenseRecord) => void;
  /** Null when the user may not add to this wallet (viewer). */
  readonly onAdd: (() => void) | null;
}

export function HistoryScreen({ wallet, onOpen, onAdd }: HistoryScreenProps) {
  const { db } = useServices();
  const [filters, setFilters] = useHistoryFilters(wallet.id);
  const expenses = useLiveQuery(() => queryHistory(db, wallet.id, filters), [db, wallet.id, filters]);
  const categories = useLiveQuery(() => queryCategories(db, wallet.id), [db, wallet.id]) ?? [];
  const rows = useMemo(() => groupByMonth(expenses ?? []), [expenses]);
  const addedBy = useAddedBy(wallet);
  const filtered = Boolean(filters.from ?? filters.to ?? filters.category ?? filters.q);

  return (
    <section className="history" aria-labelledby="history-title">
      <div className="page-header">
        <h1 id="history-title">History</h1>
        {onAdd && (
          <button type="button" className="button primary desktop-only" onClick={onAdd}>
            Add expense
          </button>
        )}
      </div>
      <Suspense fallback={null}>
        <BudgetBanner wallet={wallet} />
      </Suspense>
      <HistoryFiltersBar filters={filters} onChange={setFilters} categories={categories} />
      {expenses && (expenses.length > 0 || filtered) && (
        <p className="history-summary" aria-live="polite">
          {expenses.length === 1 ? '1 expense' : `${expenses.length.toLocaleString()} expenses`}
          {expenses.length > 0 && <> · {formatMoney(totalMinor(expenses), wallet.currency)}</>}
        </p>
      )}
      {expenses && expenses.length === 0 ? (
        <div className="empty-state">
          {filtered ? (
            <p>No expenses match these filters.</p>
          ) : (
            <>
              <p>No expenses yet.</p>
              {onAdd && (
                <button type="button" className="button primary" onClick={onAdd}>
                  Add your first expense
                </button>
              )}
            </>
          )}
        </div>
      ) : (
        <HistoryList rows={rows} currency={wallet.currency} onOpen={onOpen} addedBy={addedBy} />
      )}
    </section>
  );
}
