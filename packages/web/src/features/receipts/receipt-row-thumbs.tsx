import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { expensesWithReceipts, receiptsOfExpense } from '../../sync/receipt-store.js';
import { ReceiptThumb } from './receipt-thumb.js';
import { useReceipts } from './receipt-services.js';
import './receipts.css';

/**
 * The ids of the expenses that have receipts, kept current: the history asks once and gives a row
 * its `ReceiptRowThumbs` only if its expense is in the set, so a row without receipts (most of
 * them) starts no query of its own. Undefined until first read.
 */
export function useExpensesWithReceipts(): ReadonlySet<string> | undefined {
  const { store } = useReceipts();
  return useLiveQuery(() => expensesWithReceipts(store), [store]);
}

/** The history row's mark: the first receipt's preview and how many there are. */
export function ReceiptRowThumbs({ expenseId }: { readonly expenseId: string }) {
  const { store, queue } = useReceipts();
  const receipts = useLiveQuery(() => receiptsOfExpense(store, expenseId), [store, expenseId]);
  const first = receipts?.[0];
  useEffect(() => {
    const record = first?.record;
    if (record && !record.thumbnailTried) {
      void queue.then((q) => {
        q.ensureThumbnail(record);
      });
    }
  }, [first, queue]);
  if (!receipts || !first) return null;
  const pending = receipts.filter((receipt) => receipt.pending).length;
  const label = `${String(receipts.length)} receipt${receipts.length === 1 ? '' : 's'}${
    pending > 0 ? `, ${String(pending)} not uploaded yet` : ''
  }`;
  return (
    <span className="receipt-row-thumbs" data-testid="receipt-row-thumbs" data-count={receipts.length}>
      <ReceiptThumb receipt={first} size="small" />
      {receipts.length > 1 && (
        <span className="receipt-count" aria-hidden="true">
          {receipts.length}
        </span>
      )}
      <span className="visually-hidden">, {label}</span>
    </span>
  );
}
