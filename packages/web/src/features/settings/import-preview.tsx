import type { ImportResult } from '@ttm/contract';

interface ImportPreviewProps {
  readonly name: string;
  readonly result: ImportResult;
  readonly busy: boolean;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

/** Errors listed before the user loses track; the rest are counted. */
const SHOWN_ERRORS = 100;

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

/** What a dry run found: counts, the columns it read, and every problem by line. */
export function ImportPreview({ name, result, busy, onConfirm, onCancel }: ImportPreviewProps) {
  const { errors, columns } = result;
  return (
    <section className="import-preview" aria-labelledby="import-preview-title" data-testid="import-preview">
      <h3 id="import-preview-title">Preview of {name}</h3>
      {errors.length > 0 ? (
        <>
          <p className="form-error" role="alert">
            {plural(errors.length, 'problem', 'problems')} found. Nothing was imported: fix the file (or the options
            above) and choose it again.
          </p>
          <table className="import-errors">
            <caption className="visually-hidden">Problems by line</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {errors.slice(0, SHOWN_ERRORS).map((error, index) => (
                <tr key={`${String(error.line)}-${String(index)}`}>
                  <td>{error.line}</td>
                  <td>{error.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {errors.length > SHOWN_ERRORS && (
            <p className="muted">…and {plural(errors.length - SHOWN_ERRORS, 'more problem', 'more problems')}.</p>
          )}
        </>
      ) : (
        <dl className="import-counts">
          <div>
            <dt>New expenses</dt>
            <dd data-testid="import-new">{result.imported.toLocaleString()}</dd>
          </div>
          <div>
            <dt>Already imported</dt>
            <dd data-testid="import-duplicates">{result.duplicates.toLocaleString()}</dd>
          </div>
          <div>
            <dt>Credits skipped</dt>
            <dd data-testid="import-credits">{result.skippedCredits.toLocaleString()}</dd>
          </div>
        </dl>
      )}
      {columns.date !== '' && (
        <div className="import-columns">
          <h4>Columns read</h4>
          <ul>
            <li>
              Date: <code>{columns.date}</code>
            </li>
            <li>
              Amount: <code>{columns.amount}</code>
            </li>
            <li>
              Category:{' '}
              {columns.category ? (
                <code>{columns.category}</code>
              ) : (
                <span className="muted">none, “Uncategorized” is used</span>
              )}
            </li>
            <li>Note: {columns.note ? <code>{columns.note}</code> : <span className="muted">none</span>}</li>
          </ul>
        </div>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        {errors.length === 0 && (
          <button type="button" className="button primary" onClick={onConfirm} disabled={busy || result.imported === 0}>
            {busy
              ? 'Importing…'
              : result.imported === 0
                ? 'Nothing new to import'
                : `Import ${plural(result.imported, 'expense', 'expenses')}`}
          </button>
        )}
      </div>
    </section>
  );
}
