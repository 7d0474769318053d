import { useEffect, useState } from 'react';
import { ModalDialog } from '../../shared/modal-dialog.js';
import type { ReceiptView } from '../../sync/receipt-store.js';
import { useObjectUrl } from './use-object-url.js';

interface ReceiptViewerProps {
  readonly receipt: ReceiptView;
  /** Reads the whole file (from the queue or the server). */
  readonly load: () => Promise<Blob>;
  readonly onClose: () => void;
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'application/pdf': 'pdf',
};

/**
 * The receipt at full size. Images show inline; PDFs (and images this browser cannot show) are
 * opened in a new tab or downloaded, never embedded in the app's page.
 */
export function ReceiptViewer({ receipt, load, onClose }: ReceiptViewerProps) {
  const [file, setFile] = useState<Blob | null>(null);
  const [failed, setFailed] = useState(false);
  const url = useObjectUrl(file);
  useEffect(() => {
    let live = true;
    load().then(
      (blob) => {
        if (live) setFile(blob);
      },
      () => {
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, [load]);
  const inline = receipt.contentType !== 'application/pdf' && receipt.contentType !== 'image/heic';
  const name = `receipt-${receipt.id}.${EXTENSIONS[receipt.contentType] ?? 'bin'}`;
  return (
    <ModalDialog title="Receipt" onClose={onClose} className="receipt-viewer">
      <div className="receipt-viewer-body">
        {failed && <p role="alert">The receipt could not be loaded. It needs a connection.</p>}
        {!failed && !url && <p aria-live="polite">Loading…</p>}
        {url && inline && <img src={url} alt="Receipt" className="receipt-full" />}
        {url && !inline && (
          <p>{receipt.contentType === 'application/pdf' ? 'A PDF receipt.' : 'This browser cannot show this photo.'}</p>
        )}
      </div>
      <div className="dialog-actions">
        {url && (
          <>
            <a className="button" href={url} target="_blank" rel="noreferrer">
              Open
            </a>
            <a className="button" href={url} download={name}>
              Download
            </a>
          </>
        )}
        <span className="spacer" />
        <button type="button" className="button" data-autofocus onClick={onClose}>
          Done
        </button>
      </div>
    </ModalDialog>
  );
}
