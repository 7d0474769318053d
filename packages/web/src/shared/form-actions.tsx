import type { ReactNode } from 'react';

/**
 * The button row at the foot of a dialog's form: what `children` puts on the left (a delete
 * button), then Cancel and the submit button, which is disabled and relabelled while `busy`.
 */
export function FormActions({
  busy,
  onCancel,
  submitLabel = 'Save',
  busyLabel = 'Saving…',
  cancelLabel = 'Cancel',
  canSubmit = true,
  children,
}: {
  readonly busy: boolean;
  readonly onCancel: () => void;
  readonly submitLabel?: string;
  readonly busyLabel?: string;
  readonly cancelLabel?: string;
  /** False for a read-only view: no submit button. */
  readonly canSubmit?: boolean;
  readonly children?: ReactNode;
}) {
  return (
    <div className="dialog-actions">
      {children}
      <span className="spacer" />
      <button type="button" className="button" onClick={onCancel}>
        {cancelLabel}
      </button>
      {canSubmit && (
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
      )}
    </div>
  );
}
