import type { ReceiptView } from '../../sync/receipt-store.js';
import { useObjectUrl } from './use-object-url.js';

/** One receipt as a small square: its preview, or an icon (PDF, or an image this browser cannot preview). */
export function ReceiptThumb({ receipt, size }: { readonly receipt: ReceiptView; readonly size: 'small' | 'large' }) {
  const url = useObjectUrl(receipt.thumbnail);
  const isPdf = receipt.contentType === 'application/pdf';
  return (
    <span className={`receipt-thumb receipt-thumb-${size}`} data-receipt-id={receipt.id} data-pending={receipt.pending}>
      {url ? (
        <img src={url} alt="" />
      ) : (
        <span className="receipt-icon" aria-hidden="true">
          {isPdf ? 'PDF' : 'IMG'}
        </span>
      )}
      {receipt.pending && <span className="receipt-pending" title="Not uploaded yet" />}
    </span>
  );
}
