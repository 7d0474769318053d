import { useLiveQuery } from 'dexie-react-hooks';
import { Suspense, useDeferredValue, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useServices } from '../../session/services-context.js';
import { queryHistory, expensesRevision } from '../../local-db/expense-queries.js';
import type { ExpenseRecord, WalletRecord } from '../../local-db/records.js';
import { formatMoney } from '../../locale/money-format.js';
import { useHistoryFilters } from './history-filter-store.js';
import { HistoryFiltersBar } from './history-filters.js';
import { useAddedBy } from '../members/index.js';
import { HistoryList } from './history-list.js';
import { groupByMonth, incomeOf, totalMinor } from './month-groups.js';

interface HistoryScreenProps {
  readonly wallet: WalletRecord;
  readonly onOpen: (expense: ExpenseRecord) => void;
  /** Null when the user may not add to this wallet (viewer). */
  readonly onAdd: (() => void) | null;
  /** Shown above the filters (the budget warning); may suspend while its chunk loads. */
  readonly banner: ReactNode;
}

export function HistoryScreen({ wallet, onOpen, onAdd, banner }: HistoryScreenProps) {
  const { db } = useServices();
  const [filters, setFilters] = useHistoryFilters(wallet.id);
  // Read again after every write to the local expenses (see expensesRevision), outside the live
  // query, so Dexie does not track each row read. A new list (10,000 rows on a large
  // history) renders in a transition, in slices that never block input for long.
  const revision = useLiveQuery(() => expensesRevision(db), [db]);
  const [read, setRead] = useState<
    { readonly walletId: string; readonly rows: ExpenseRecord[] } | { readonly error: unknown }
  >();
  useEffect(() => {
    if (revision === undefined) return;
    let current = true;
    queryHistory(db, wallet.id, filters).then(
      (rows) => {
        if (current) setRead({ walletId: wallet.id, rows });
      },
      (error: unknown) => {
        if (current) setRead({ error });
      },
    );
    return () => {
      current = false;
    };
  }, [db, wallet.id, filters, revision]);
  if (read && 'error' in read) throw read.error;
  // Another wallet's rows are never shown under this one's name while its own are read.
  const expenses = useDeferredValue(read?.walletId === wallet.id ? read.rows : undefined);
  const rows = useMemo(() => groupByMonth(expenses ?? []), [expenses]);
  const addedBy = useAddedBy(wallet);
  const filtered = Boolean(filters.from ?? filters.to ?? filters.category ?? filters.q);
  const income = useMemo(() => incomeOf(expenses ?? []), [expenses]);
  const spentCount = (expenses?.length ?? 0) - income.count;

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
      <Suspense fallback={null}>{banner}</Suspense>
      <HistoryFiltersBar walletId={wallet.id} filters={filters} onChange={setFilters} />
      {expenses && (expenses.length > 0 || filtered) && (
        <p className="history-summary" aria-live="polite">
          {spentCount === 1 ? '1 expense' : `${spentCount.toLocaleString()} expenses`}
          {expenses.length > 0 && <> · {formatMoney(totalMinor(expenses), wallet.currency)}</>}
          {income.count > 0 && (
            <>
              {' '}
              · {income.count.toLocaleString()} income · +{formatMoney(income.totalMinor, wallet.currency)}
            </>
          )}
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
