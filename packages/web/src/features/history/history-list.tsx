import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, type CSSProperties } from 'react';
import type { ExpenseRecord } from '../../local-db/records.js';
import type { AddedBy } from '../members/index.js';
import { formatDay, formatMonth } from '../../locale/date-format.js';
import { formatMoney } from '../../locale/money-format.js';
import { ReceiptRowThumbs, useExpensesWithReceipts } from '../receipts/index.js';
import { historyLayout, type HistoryView } from './month-groups.js';
import './history-amounts.css';

const MONTH_HEIGHT = 52;
const EXPENSE_HEIGHT = 68;
/**
 * Entries read ahead of the last one shown (about six phone screens), so a steady scroll does not
 * meet a placeholder; with a screenful it stays within the first read (HISTORY_FIRST_PAGE).
 */
const READ_AHEAD = 60;

interface HistoryListProps {
  readonly view: HistoryView;
  readonly currency: string;
  readonly onOpen: (expense: ExpenseRecord) => void;
  /** Shared wallets: who added each expense. */
  readonly addedBy?: AddedBy | null;
  /** Told the furthest entry position the list shows (plus its overscan), so it can be read in time. */
  readonly onReach: (position: number) => void;
}

/**
 * The history, virtualised: only the rows in view (plus a few) exist in the DOM, so 10,000
 * expenses scroll like 10. The current month's header sticks to the top with its total. An entry
 * not read yet (a long history is read page by page) shows as a placeholder of the same height.
 */
export function HistoryList({ view, currency, onOpen, addedBy = null, onReach }: HistoryListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const activeSticky = useRef(0);
  const withReceipts = useExpensesWithReceipts();
  const layout = useMemo(() => historyLayout(view.months), [view.months]);
  const stickyIndexes = layout.headers;

  const rangeExtractor = useCallback(
    (range: Range) => {
      let active = 0;
      for (const index of stickyIndexes) {
        if (index > range.startIndex) break;
        active = index;
      }
      activeSticky.current = active;
      const indexes = new Set([active, ...defaultRangeExtractor(range)]);
      return [...indexes].sort((a, b) => a - b);
    },
    [stickyIndexes],
  );

  const estimateSize = useCallback(
    (index: number) => (layout.isHeader(index) ? MONTH_HEIGHT : EXPENSE_HEIGHT),
    [layout],
  );
  // The virtualizer keeps its default keys (the index): rows are never measured, only estimated,
  // so it has no per-key sizes to keep, and an entry key would make it lay out every row again
  // (all 11,000 of a long history) each time a page of entries is read. React's keys below are
  // the entries' ids, so a row keeps its element (and focus) when entries are added above it.
  const virtualizer = useVirtualizer({
    count: layout.rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    // Four rows (272 px) each side are more than a fling moves in a frame; with eight, the
    // history's load spent about 10 % more main-thread time in script at 4x CPU (README).
    overscan: 4,
    rangeExtractor,
  });

  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index;
  useEffect(() => {
    if (lastIndex === undefined) return;
    const row = layout.rowAt(lastIndex);
    // A header ends the range: its row index is past every entry position before it.
    onReach((row?.kind === 'expense' ? row.position : lastIndex) + READ_AHEAD);
  }, [layout, lastIndex, onReach]);

  return (
    <div ref={scrollRef} className="history-scroll" data-testid="history-scroll">
      <div className="history-canvas" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = layout.rowAt(item.index);
          if (!row) return null;
          const expense = row.kind === 'expense' ? view.expenses[row.position] : undefined;
          const key = row.kind === 'month' ? `month-${row.group.month}` : (expense?.id ?? `row-${String(item.index)}`);
          const sticky = row.kind === 'month' && item.index === activeSticky.current;
          const style = sticky
            ? { position: 'sticky' as const, top: 0, height: item.size, zIndex: 2 }
            : {
                position: 'absolute' as const,
                top: 0,
                transform: `translateY(${String(item.start)}px)`,
                height: item.size,
              };
          if (row.kind === 'month') {
            return (
              <div key={key} className="month-header" style={style} data-month={row.group.month}>
                <h2>{formatMonth(row.group.month)}</h2>
                <span className="month-total">
                  <span className="visually-hidden">Total </span>
                  {formatMoney(row.group.totalMinor, currency)}
                  {row.group.incomeMinor > 0 && (
                    <span className="month-income">
                      <span className="visually-hidden">, income </span>+{formatMoney(row.group.incomeMinor, currency)}
                    </span>
                  )}
                </span>
              </div>
            );
          }
          if (!expense) {
            return (
              <div key={key} className="expense-row-slot expense-row-placeholder" style={style} aria-hidden="true" />
            );
          }
          return (
            <div key={key} className="expense-row-slot" style={style}>
              <button
                type="button"
                className="expense-row"
                data-expense-id={expense.id}
                onClick={() => {
                  onOpen(expense);
                }}
              >
                <span
                  className="category-badge"
                  style={{ '--hue': categoryHue(expense.categoryKey) } as CSSProperties}
                  aria-hidden="true"
                >
                  {initial(expense.category)}
                </span>
                <span className="expense-main">
                  <span className="expense-category">{expense.category}</span>
                  <span className="expense-meta">
                    {formatDay(expense.date)}
                    {expense.recurringRuleId != null && ' · ↻ Recurring'}
                    {expense.note ? ` · ${expense.note}` : ''}
                  </span>
                  {addedBy && <span className="expense-author">Added by {addedBy(expense)}</span>}
                </span>
                {withReceipts?.has(expense.id) && <ReceiptRowThumbs expenseId={expense.id} />}
                <span className={expense.kind === 'income' ? 'expense-amount income' : 'expense-amount'}>
                  <span className="amount-lines">
                    <span>
                      {expense.kind === 'income' && <span className="visually-hidden">Income </span>}
                      {expense.kind === 'income' ? '+' : ''}
                      {formatMoney(expense.amountMinor, expense.currency)}
                    </span>
                    {expense.originalCurrency != null && expense.originalAmountMinor != null && (
                      <span className="original-amount">
                        {formatMoney(expense.originalAmountMinor, expense.originalCurrency)} @ {expense.rate}
                      </span>
                    )}
                  </span>
                  {expense.pending && (
                    <span className="pending-dot" title="Not synced yet">
                      <span className="visually-hidden">, not synced yet</span>
                    </span>
                  )}
                </span>
              </button>
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** A stable hue per category, so each one keeps its colour across screens and devices. */
function categoryHue(key: string): number {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 360;
  return hash;
}

function initial(category: string): string {
  return (Array.from(category.trim())[0] ?? '?').toLocaleUpperCase();
}
