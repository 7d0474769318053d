import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { useServices } from '../../session/services-context.js';
import { receiptsOfExpense, type ReceiptView } from '../../sync/receipt-store.js';
import { ReceiptThumb } from './receipt-thumb.js';
import { ReceiptViewer } from './receipt-viewer.js';
import { useReceipts } from './receipt-services.js';
import { makeThumbnail } from './thumbnail.js';
import './receipts.css';

interface ReceiptAttachmentsProps {
  readonly expenseId: string;
  readonly walletId: string;
  /** The expense is being added: picked files wait here until it is saved (and are dropped if it is not). */
  readonly isNew: boolean;
  readonly readOnly: boolean;
}

interface Staged {
  readonly view: ReceiptView;
  readonly file: File;
}

const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf'];
const MAX_BYTES = 10 * 1024 * 1024;

function fileProblem(file: File): string | null {
  if (!ACCEPTED.includes(file.type))
    return `${file.name}: receipts can be photos (JPEG, PNG, WebP, HEIC) or PDF files.`;
  if (file.size > MAX_BYTES) return `${file.name} is larger than 10 MB.`;
  if (file.size === 0) return `${file.name} is empty.`;
  return null;
}

/** The expense dialog's receipts: previews, "Attach receipt" (the camera on a phone), a viewer. */
export function ReceiptAttachments({ expenseId, walletId, isNew, readOnly }: ReceiptAttachmentsProps) {
  const { db } = useServices();
  const { store, queue } = useReceipts();
  const id = useId();
  const saved = useLiveQuery(() => receiptsOfExpense(store, expenseId), [store, expenseId]) ?? [];
  const [staged, setStaged] = useState<readonly Staged[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<ReceiptView | null>(null);
  const stagedRef = useRef(staged);
  useEffect(() => {
    stagedRef.current = staged;
  }, [staged]);

  // A new expense's receipts are queued once the dialog closes with the expense saved.
  useEffect(() => {
    if (!isNew) return;
    return () => {
      const files = stagedRef.current;
      if (files.length === 0) return;
      void db.expenses.get(expenseId).then(async (expense) => {
        if (!expense) return;
        const receipts = await queue;
        for (const { file } of files) await receipts.add(expenseId, walletId, file);
      });
    };
  }, [db, queue, expenseId, walletId, isNew]);

  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.target;
    const files = [...(input.files ?? [])];
    input.value = '';
    setError(null);
    for (const file of files) {
      const problem = fileProblem(file);
      if (problem) {
        setError(problem);
        continue;
      }
      if (isNew) {
        const thumbnail = await makeThumbnail(file).catch(() => null);
        const view: ReceiptView = {
          id: crypto.randomUUID(),
          contentType: file.type,
          thumbnail,
          pending: true,
          record: null,
          upload: null,
        };
        setStaged((current) => [...current, { view, file }]);
      } else {
        try {
          await (await queue).add(expenseId, walletId, file);
        } catch (failure) {
          setError(failure instanceof Error ? failure.message : 'The receipt could not be kept.');
        }
      }
    }
  };

  const remove = async (receipt: ReceiptView) => {
    setError(null);
    if (staged.some((item) => item.view.id === receipt.id)) {
      setStaged((current) => current.filter((item) => item.view.id !== receipt.id));
      return;
    }
    try {
      await (await queue).remove(receipt.id);
    } catch {
      setError('The receipt could not be removed. Removing needs a connection.');
    }
  };

  const load = useCallback(async () => {
    if (!open) throw new Error('no receipt open');
    const stagedFile = stagedRef.current.find((item) => item.view.id === open.id)?.file;
    return stagedFile ?? (await queue).file(open.id);
  }, [open, queue]);

  const all = [...saved, ...staged.map((item) => item.view)];
  return (
    <section className="receipts-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="receipts-title">
        Receipts
      </h3>
      {all.length > 0 && (
        <ul className="receipt-list" data-testid="receipt-list">
          {all.map((receipt, index) => (
            <li key={receipt.id} className="receipt-item">
              <button
                type="button"
                className="receipt-open"
                aria-label={`Show receipt ${String(index + 1)}${receipt.pending ? ' (not uploaded yet)' : ''}`}
                onClick={() => {
                  setOpen(receipt);
                }}
              >
                <ReceiptThumb receipt={receipt} size="large" />
              </button>
              {!readOnly && (
                <button
                  type="button"
                  className="receipt-remove"
                  aria-label={`Remove receipt ${String(index + 1)}`}
                  onClick={() => void remove(receipt)}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!readOnly && (
        <label className="button receipt-attach" htmlFor={`${id}-file`}>
          Attach receipt
          <input
            id={`${id}-file`}
            className="visually-hidden"
            type="file"
            accept="image/*,application/pdf"
            capture="environment"
            multiple
            onChange={(event) => void pick(event)}
          />
        </label>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {open && (
        <ReceiptViewer
          receipt={open}
          load={load}
          onClose={() => {
            setOpen(null);
          }}
        />
      )}
    </section>
  );
}
