import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useMemo, useRef, type CSSProperties } from 'react';
import type { ExpenseRecord } from '../../local-db/records.js';
import type { AddedBy } from '../members/index.js';
import { formatDay, formatMonth } from '../../locale/date-format.js';
import { formatMoney } from '../../locale/money-format.js';
import { ReceiptRowThumbs, useExpensesWithReceipts } from '../receipts/index.js';
import type { HistoryRow } from './month-groups.js';
import './history-amounts.css';

const MONTH_HEIGHT = 52;
const EXPENSE_HEIGHT = 68;

interface HistoryListProps {
  readonly rows: readonly HistoryRow[];
  readonly currency: string;
  readonly onOpen: (expense: ExpenseRecord) => void;
  /** Shared wallets: who added each expense. */
  readonly addedBy?: AddedBy | null;
}

/**
 * The history, virtualised: only the rows in view (plus a few) exist in the DOM, so 10,000
 * expenses scroll like 10. The current month's header sticks to the top with its total.
 */
export function HistoryList({ rows, currency, onOpen, addedBy = null }: HistoryListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const activeSticky = useRef(0);
  const withReceipts = useExpensesWithReceipts();
  const stickyIndexes = useMemo(() => rows.flatMap((row, index) => (row.kind === 'month' ? [index] : [])), [rows]);

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

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (rows[index]?.kind === 'month' ? MONTH_HEIGHT : EXPENSE_HEIGHT),
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: 8,
    rangeExtractor,
  });

  return (
    <div ref={scrollRef} className="history-scroll" data-testid="history-scroll">
      <div className="history-canvas" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
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
              <div key={item.key} className="month-header" style={style} data-month={row.group.month}>
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
          const { expense } = row;
          return (
            <div key={item.key} className="expense-row-slot" style={style}>
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
