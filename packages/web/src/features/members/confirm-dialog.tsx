import { useState, type ReactNode } from 'react';
import { ModalDialog } from '../../shared/modal-dialog.js';

interface ConfirmDialogProps {
  readonly title: string;
  readonly children: ReactNode;
  readonly confirmLabel: string;
  readonly cancelLabel?: string;
  readonly danger?: boolean;
  /** Runs the action; a returned message is shown in the dialog and keeps it open. */
  readonly onConfirm: () => Promise<string | null>;
  readonly onClose: () => void;
}

/** Asks before something that cannot be taken back (removing, leaving, deleting). */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel = 'Cancel',
  danger = false,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <ModalDialog title={title} onClose={onClose} className="confirm-dialog">
      <div className="dialog-body">{children}</div>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <div className="dialog-actions">
        <span className="spacer" />
        <button type="button" className="button" onClick={onClose} data-autofocus>
          {cancelLabel}
        </button>
        <button
          type="button"
          className={`button ${danger ? 'danger' : 'primary'}`}
          disabled={busy}
          onClick={() => {
            setBusy(true);
            setProblem(null);
            void onConfirm().then((message) => {
              if (message === null) return;
              setProblem(message);
              setBusy(false);
            });
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}
