import { useId, useState } from 'react';
import type { ConflictRecord } from '../../local-db/records.js';
import type { ConflictChoice } from '../../sync/conflicts.js';
import { conflictView } from './conflict-view.js';

interface ConflictCardProps {
  readonly conflict: ConflictRecord;
  readonly userId: string;
  readonly currency: string;
  /** Viewers see conflicts but cannot settle them. */
  readonly canResolve: boolean;
  readonly onResolve: (conflict: ConflictRecord, choice: ConflictChoice) => Promise<void>;
}

/** Both versions side by side, field by field, and one button to keep either. */
export function ConflictCard({ conflict, userId, currency, canResolve, onResolve }: ConflictCardProps) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const view = conflictView(conflict, userId, currency);
  const choose = (choice: ConflictChoice) => {
    setBusy(true);
    void onResolve(conflict, choice).finally(() => {
      setBusy(false);
    });
  };
  return (
    <article className="card conflict-card" aria-labelledby={`${id}-title`} data-testid="conflict">
      <h2 id={`${id}-title`}>{view.title}</h2>
      <p className="muted">{view.explanation}</p>
      <table className="conflict-table">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Field</span>
            </th>
            <th scope="col">{view.left.heading}</th>
            <th scope="col">{view.right.heading}</th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((row) => (
            <tr key={row.field} data-field={row.field}>
              <th scope="row">{row.label}</th>
              <td data-side="left">{row.left}</td>
              <td data-side="right">{row.right}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canResolve && (
        <div className="button-row conflict-actions">
          {[view.left, view.right].map((side) => (
            <button
              key={side.choice}
              type="button"
              className="button"
              disabled={busy}
              onClick={() => {
                choose(side.choice);
              }}
            >
              {side.button}
            </button>
          ))}
        </div>
      )}
    </article>
  );
}
