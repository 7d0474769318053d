import { useMemo, type ReactNode } from 'react';
import { useServices } from '../../session/services-context.js';
import type { ExpenseRecord, WalletRecord } from '../../local-db/records.js';
import { formatMoney } from '../../locale/money-format.js';
import { useHistoryFilters } from './history-filter-store.js';
import { HistoryFiltersBar } from './history-filters.js';
import { useAddedBy } from '../members/index.js';
import { HistoryList } from './history-list.js';
import { summaryOf, type HistoryView } from './month-groups.js';
import { isFiltered, useHistoryView } from './use-history-view.js';

interface HistoryScreenProps {
  readonly wallet: WalletRecord;
  readonly onOpen: (expense: ExpenseRecord) => void;
  /** Null when the user may not add to this wallet (viewer). */
  readonly onAdd: (() => void) | null;
  /** Shown above the filters (the budget warning); may suspend while its chunk loads. */
  readonly banner: ReactNode;
}

/** Before the first read: an empty list, so the screen's layout does not move when rows arrive. */
const NOT_READ: HistoryView = { months: [], expenses: [] };

export function HistoryScreen({ wallet, onOpen, onAdd, banner }: HistoryScreenProps) {
  const { db } = useServices();
  const [filters, setFilters] = useHistoryFilters(wallet.id);
  const { view, readTo } = useHistoryView(db, wallet.id, filters);
  const summary = useMemo(() => (view ? summaryOf(view.months) : undefined), [view]);
  const addedBy = useAddedBy(wallet);
  const filtered = isFiltered(filters);
  const empty = summary !== undefined && summary.spentCount + summary.incomeCount === 0;

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
      {banner}
      <HistoryFiltersBar walletId={wallet.id} filters={filters} onChange={setFilters} />
      {/* The line's height is kept while the history is read, so the list below does not move when it appears. */}
      <div className="history-summary-slot" aria-live="polite">
        {summary && (!empty || filtered) && (
          <p className="history-summary">
            {summary.spentCount === 1 ? '1 expense' : `${summary.spentCount.toLocaleString()} expenses`}
            {!empty && <> · {formatMoney(summary.spentMinor, wallet.currency)}</>}
            {summary.incomeCount > 0 && (
              <>
                {' '}
                · {summary.incomeCount.toLocaleString()} income · +{formatMoney(summary.incomeMinor, wallet.currency)}
              </>
            )}
          </p>
        )}
      </div>
      {empty ? (
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
        <HistoryList
          view={view ?? NOT_READ}
          currency={wallet.currency}
          onOpen={onOpen}
          addedBy={addedBy}
          onReach={readTo}
        />
      )}
    </section>
  );
}
