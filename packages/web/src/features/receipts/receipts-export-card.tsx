import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useReceipts } from './receipt-services.js';

interface ReceiptsExportCardProps {
  readonly walletId: string;
  readonly walletName: string;
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

/**
 * The receipts part of the account's export: how many there are, and their list (id, expense,
 * type, size, SHA-256, who attached it, when) as a JSON file. The CSV keeps one row per expense.
 */
export function ReceiptsExportCard({ walletId, walletName }: ReceiptsExportCardProps) {
  const { store, queue } = useReceipts();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const summary = useLiveQuery(async () => {
    const receipts = await store.receipts.where('walletId').equals(walletId).toArray();
    return { count: receipts.length, bytes: receipts.reduce((sum, receipt) => sum + receipt.byteSize, 0) };
  }, [store, walletId]);

  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const list = await (await queue).list(walletId);
      const blob = new Blob([JSON.stringify(list, null, 2)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `trackthatmoney-receipts-${walletId}.json`;
      link.click();
      URL.revokeObjectURL(url);
    } catch {
      setError('The list of receipts could not be downloaded. It needs a connection.');
    } finally {
      setBusy(false);
    }
  };

  const count = summary?.count ?? 0;
  return (
    <div className="card data-card" aria-labelledby="receipts-export-title">
      <h2 id="receipts-export-title">Receipts</h2>
      <p data-testid="receipts-export-count">
        <strong>{walletName}</strong> has {count} receipt{count === 1 ? '' : 's'}
        {count > 0 ? ` (${megabytes(summary?.bytes ?? 0)} MB)` : ''}. The CSV lists expenses; the receipts’ list (type,
        size, checksum, who attached each and when) downloads separately.
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="button" disabled={busy} onClick={() => void download()}>
        {busy ? 'Preparing…' : 'Download receipts list'}
      </button>
    </div>
  );
}
