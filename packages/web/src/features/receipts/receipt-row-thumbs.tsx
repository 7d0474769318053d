import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { receiptsOfExpense } from '../../sync/receipt-store.js';
import { ReceiptThumb } from './receipt-thumb.js';
import { useReceipts } from './receipt-services.js';
import './receipts.css';

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
